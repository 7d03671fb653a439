import type { Db } from '../db/connection';
import type { StaffCredential, StaffRole } from '../../src/lib/protocol';

interface CredentialRow {
	id: string;
	event_id: string;
	role: StaffRole;
	room_id: string | null;
	label: string;
	created_at: string;
	used_at: string | null;
	revoked_at: string | null;
}

export interface StoredCredential extends StaffCredential {
	eventId: string;
}

const toCredential = (r: CredentialRow): StoredCredential => ({
	id: r.id,
	eventId: r.event_id,
	role: r.role,
	roomId: r.room_id,
	label: r.label,
	createdAt: r.created_at,
	usedAt: r.used_at,
	revokedAt: r.revoked_at
});

/** SQL for staff credentials. Only the hash of a sign-in token is ever stored. */
export function createAccessStore(db: Db) {
	const q = {
		insert: db.prepare(
			'INSERT INTO staff_credentials (id, event_id, role, room_id, label, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
		),
		byHash: db.prepare<[string], CredentialRow>('SELECT * FROM staff_credentials WHERE token_hash = ?'),
		byId: db.prepare<[string], CredentialRow>('SELECT * FROM staff_credentials WHERE id = ?'),
		list: db.prepare<[string], CredentialRow>(
			'SELECT * FROM staff_credentials WHERE event_id = ? ORDER BY created_at, id'
		),
		revoke: db.prepare<[string, string, string]>(
			'UPDATE staff_credentials SET revoked_at = ? WHERE id = ? AND event_id = ? AND revoked_at IS NULL'
		),
		markUsed: db.prepare<[string, string]>(
			'UPDATE staff_credentials SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL'
		)
	};
	return {
		insert(c: {
			id: string;
			eventId: string;
			role: StaffRole;
			roomId: string | null;
			label: string;
			tokenHash: string;
			now: string;
		}) {
			q.insert.run(c.id, c.eventId, c.role, c.roomId, c.label, c.tokenHash, c.now);
			return toCredential(q.byId.get(c.id)!);
		},
		byTokenHash: (hash: string) => {
			const r = q.byHash.get(hash);
			return r && toCredential(r);
		},
		byId: (id: string) => {
			const r = q.byId.get(id);
			return r && toCredential(r);
		},
		list: (eventId: string) => q.list.all(eventId).map(toCredential),
		revoke: (eventId: string, id: string, now: string) => q.revoke.run(now, id, eventId).changes === 1,
		/** Marks a link's one sign-in as done; false if it was already used (or revoked) meanwhile. */
		markUsed: (id: string, now: string) => q.markUsed.run(now, id).changes === 1
	};
}
export type AccessStore = ReturnType<typeof createAccessStore>;
