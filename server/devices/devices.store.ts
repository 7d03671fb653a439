import type { Db } from '../db/connection';

/** SQL for issued device ids: a keyed hash of each and when the hub issued it, nothing else. */
export function createDevicesStore(db: Db) {
	const q = {
		insert: db.prepare<[string, string]>('INSERT OR IGNORE INTO devices (hash, first_seen) VALUES (?, ?)'),
		firstSeen: db.prepare<[string], { first_seen: string }>('SELECT first_seen FROM devices WHERE hash = ?')
	};
	return {
		/** Records when a device id was first issued; issuing the same one again keeps the first time. */
		seen: (hash: string, now: string) => void q.insert.run(hash, now),
		firstSeen: (hash: string): string | null => q.firstSeen.get(hash)?.first_seen ?? null
	};
}
export type DevicesStore = ReturnType<typeof createDevicesStore>;
