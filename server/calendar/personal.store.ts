import type { Db } from '../db/connection';

/** SQL for a device's starred sessions and its private feed token (hash only). */
export function createPersonalStore(db: Db) {
	const q = {
		stars: db.prepare<[string, string], { session_id: string }>(
			`SELECT st.session_id FROM stars st JOIN sessions s ON s.event_id = st.event_id AND s.id = st.session_id
			 WHERE st.event_id = ? AND st.device_hash = ? ORDER BY s.starts_at, s.room_id, s.id`
		),
		star: db.prepare<[string, string, string, string]>(
			'INSERT INTO stars (event_id, device_hash, session_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'
		),
		unstar: db.prepare<[string, string, string]>(
			'DELETE FROM stars WHERE event_id = ? AND device_hash = ? AND session_id = ?'
		),
		feed: db.prepare<[string, string], { created_at: string }>(
			'SELECT created_at FROM feed_tokens WHERE event_id = ? AND device_hash = ?'
		),
		byToken: db.prepare<[string], { event_id: string; device_hash: string }>(
			'SELECT event_id, device_hash FROM feed_tokens WHERE token_hash = ?'
		),
		setFeed: db.prepare<[string, string, string, string]>(
			`INSERT INTO feed_tokens (event_id, device_hash, token_hash, created_at) VALUES (?, ?, ?, ?)
			 ON CONFLICT(event_id, device_hash) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`
		),
		dropFeed: db.prepare<[string, string]>('DELETE FROM feed_tokens WHERE event_id = ? AND device_hash = ?')
	};
	return {
		stars: (eventId: string, deviceHash: string) => q.stars.all(eventId, deviceHash).map((r) => r.session_id),
		setStar(eventId: string, deviceHash: string, sessionId: string, starred: boolean, now: string) {
			if (starred) q.star.run(eventId, deviceHash, sessionId, now);
			else q.unstar.run(eventId, deviceHash, sessionId);
		},
		feedCreatedAt: (eventId: string, deviceHash: string) =>
			q.feed.get(eventId, deviceHash)?.created_at ?? null,
		/** The device a feed token hash belongs to, if it is live. */
		feedOwner: (tokenHash: string) => {
			const r = q.byToken.get(tokenHash);
			return r && { eventId: r.event_id, deviceHash: r.device_hash };
		},
		setFeed: (eventId: string, deviceHash: string, tokenHash: string, now: string) =>
			q.setFeed.run(eventId, deviceHash, tokenHash, now),
		dropFeed: (eventId: string, deviceHash: string) => q.dropFeed.run(eventId, deviceHash).changes > 0
	};
}
export type PersonalStore = ReturnType<typeof createPersonalStore>;
