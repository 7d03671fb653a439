import type { Sql } from '../db/sql';

/** SQL for issued device ids: a keyed hash of each and when the hub issued it, nothing else. */
export function createDevicesStore(sql: Sql) {
	const q = {
		insert: 'INSERT INTO devices (hash, first_seen) VALUES (?, ?) ON CONFLICT DO NOTHING',
		firstSeen: 'SELECT first_seen FROM devices WHERE hash = ?'
	};
	return {
		/** Records when a device id was first issued; issuing the same one again keeps the first time. */
		seen: async (hash: string, now: string) => void (await sql.run(q.insert, [hash, now])),
		firstSeen: async (hash: string): Promise<string | null> =>
			(await sql.get<{ first_seen: string }>(q.firstSeen, [hash]))?.first_seen ?? null
	};
}
export type DevicesStore = ReturnType<typeof createDevicesStore>;
