import type { Sql } from '../db/sql';

interface BadgeRow {
	id: string;
	event_id: string;
	serial: number;
	device_hash: string | null;
	redeemed_at: string | null;
}

export interface StoredBadge {
	id: string;
	eventId: string;
	serial: number;
	/** The phone holding it now, if any. */
	deviceHash: string | null;
	redeemedAt: string | null;
}

const toBadge = (r: BadgeRow): StoredBadge => ({
	id: r.id,
	eventId: r.event_id,
	serial: r.serial,
	deviceHash: r.device_hash,
	redeemedAt: r.redeemed_at
});

const COLUMNS = 'id, event_id, serial, device_hash, redeemed_at';

/** SQL for badges. A code is only ever stored as its keyed hash. */
export function createBadgesStore(sql: Sql) {
	const q = {
		nextSerial: 'SELECT coalesce(max(serial), 0) + 1 AS n FROM badges WHERE event_id = ?',
		insert:
			'INSERT INTO badges (id, event_id, serial, code_hash, created_at) VALUES (@id, @eventId, @serial, @codeHash, @now)',
		byCodeHash: `SELECT ${COLUMNS} FROM badges WHERE code_hash = ?`,
		bySerial: `SELECT ${COLUMNS} FROM badges WHERE event_id = ? AND serial = ?`,
		byDevice: `SELECT ${COLUMNS} FROM badges WHERE event_id = ? AND device_hash = ?`,
		bind: 'UPDATE badges SET device_hash = ?, redeemed_at = ? WHERE id = ? AND device_hash IS NULL',
		release: 'UPDATE badges SET device_hash = NULL WHERE id = ? AND device_hash IS NOT NULL',
		summary: 'SELECT count(*) AS total, count(device_hash) AS redeemed FROM badges WHERE event_id = ?'
	};
	const one = async (text: string, params: unknown[]) => {
		const r = await sql.get<BadgeRow>(text, params);
		return r && toBadge(r);
	};
	return {
		nextSerial: async (eventId: string) => (await sql.get<{ n: number }>(q.nextSerial, [eventId]))!.n,
		insert: async (b: { id: string; eventId: string; serial: number; codeHash: string; now: string }) =>
			void (await sql.run(q.insert, b)),
		byCodeHash: (hash: string) => one(q.byCodeHash, [hash]),
		bySerial: (eventId: string, serial: number) => one(q.bySerial, [eventId, serial]),
		byDevice: (eventId: string, deviceHash: string) => one(q.byDevice, [eventId, deviceHash]),
		/** Puts a free badge on a phone; false if another phone holds it. */
		bind: async (id: string, deviceHash: string, now: string) =>
			(await sql.run(q.bind, [deviceHash, now, id])).changes === 1,
		/** Frees a badge for another phone; false if no phone held it. */
		release: async (id: string) => (await sql.run(q.release, [id])).changes === 1,
		summary: async (eventId: string) =>
			(await sql.get<{ total: number; redeemed: number }>(q.summary, [eventId]))!
	};
}
export type BadgesStore = ReturnType<typeof createBadgesStore>;
