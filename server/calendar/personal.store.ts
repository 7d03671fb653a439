import type { Sql } from '../db/sql';

/** SQL for a device's starred sessions and its private feed token (hash only). */
export function createPersonalStore(sql: Sql) {
	const q = {
		stars: `SELECT st.session_id FROM stars st JOIN sessions s ON s.event_id = st.event_id AND s.id = st.session_id
			 WHERE st.event_id = ? AND st.device_hash = ? ORDER BY s.starts_at, s.room_id, s.id`,
		star: 'INSERT INTO stars (event_id, device_hash, session_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
		unstar: 'DELETE FROM stars WHERE event_id = ? AND device_hash = ? AND session_id = ?',
		feed: 'SELECT created_at FROM feed_tokens WHERE event_id = ? AND device_hash = ?',
		byToken: 'SELECT event_id, device_hash FROM feed_tokens WHERE token_hash = ?',
		setFeed: `INSERT INTO feed_tokens (event_id, device_hash, token_hash, created_at) VALUES (?, ?, ?, ?)
			 ON CONFLICT(event_id, device_hash) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
		dropFeed: 'DELETE FROM feed_tokens WHERE event_id = ? AND device_hash = ?'
	};
	return {
		stars: async (eventId: string, deviceHash: string) =>
			(await sql.all<{ session_id: string }>(q.stars, [eventId, deviceHash])).map((r) => r.session_id),
		async setStar(eventId: string, deviceHash: string, sessionId: string, starred: boolean, now: string) {
			if (starred) await sql.run(q.star, [eventId, deviceHash, sessionId, now]);
			else await sql.run(q.unstar, [eventId, deviceHash, sessionId]);
		},
		feedCreatedAt: async (eventId: string, deviceHash: string) =>
			(await sql.get<{ created_at: string }>(q.feed, [eventId, deviceHash]))?.created_at ?? null,
		/** The device a feed token hash belongs to, if it is live. */
		feedOwner: async (tokenHash: string) => {
			const r = await sql.get<{ event_id: string; device_hash: string }>(q.byToken, [tokenHash]);
			return r && { eventId: r.event_id, deviceHash: r.device_hash };
		},
		setFeed: (eventId: string, deviceHash: string, tokenHash: string, now: string) =>
			sql.run(q.setFeed, [eventId, deviceHash, tokenHash, now]),
		dropFeed: async (eventId: string, deviceHash: string) =>
			(await sql.run(q.dropFeed, [eventId, deviceHash])).changes > 0
	};
}
export type PersonalStore = ReturnType<typeof createPersonalStore>;
