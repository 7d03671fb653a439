import type { Db } from '../db/connection';

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
export function createBadgesStore(db: Db) {
	const q = {
		nextSerial: db.prepare<[string], { n: number }>(
			'SELECT coalesce(max(serial), 0) + 1 AS n FROM badges WHERE event_id = ?'
		),
		insert: db.prepare(
			'INSERT INTO badges (id, event_id, serial, code_hash, created_at) VALUES (@id, @eventId, @serial, @codeHash, @now)'
		),
		byCodeHash: db.prepare<[string], BadgeRow>(`SELECT ${COLUMNS} FROM badges WHERE code_hash = ?`),
		bySerial: db.prepare<[string, number], BadgeRow>(
			`SELECT ${COLUMNS} FROM badges WHERE event_id = ? AND serial = ?`
		),
		byDevice: db.prepare<[string, string], BadgeRow>(
			`SELECT ${COLUMNS} FROM badges WHERE event_id = ? AND device_hash = ?`
		),
		bind: db.prepare<[string, string, string]>(
			'UPDATE badges SET device_hash = ?, redeemed_at = ? WHERE id = ? AND device_hash IS NULL'
		),
		release: db.prepare<[string]>(
			'UPDATE badges SET device_hash = NULL WHERE id = ? AND device_hash IS NOT NULL'
		),
		summary: db.prepare<[string], { total: number; redeemed: number }>(
			'SELECT count(*) AS total, count(device_hash) AS redeemed FROM badges WHERE event_id = ?'
		)
	};
	const one = (r: BadgeRow | undefined) => r && toBadge(r);
	return {
		nextSerial: (eventId: string) => q.nextSerial.get(eventId)!.n,
		insert: (b: { id: string; eventId: string; serial: number; codeHash: string; now: string }) =>
			void q.insert.run(b),
		byCodeHash: (hash: string) => one(q.byCodeHash.get(hash)),
		bySerial: (eventId: string, serial: number) => one(q.bySerial.get(eventId, serial)),
		byDevice: (eventId: string, deviceHash: string) => one(q.byDevice.get(eventId, deviceHash)),
		/** Puts a free badge on a phone; false if another phone holds it. */
		bind: (id: string, deviceHash: string, now: string) => q.bind.run(deviceHash, now, id).changes === 1,
		/** Frees a badge for another phone; false if no phone held it. */
		release: (id: string) => q.release.run(id).changes === 1,
		summary: (eventId: string) => q.summary.get(eventId)!
	};
}
export type BadgesStore = ReturnType<typeof createBadgesStore>;
