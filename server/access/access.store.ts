import type { Sql } from '../db/sql';
import type { StaffCredential, StaffRole } from '../../src/lib/protocol';

interface CredentialRow {
	id: string;
	event_id: string | null;
	role: StaffRole | 'host';
	room_id: string | null;
	label: string;
	created_at: string;
	used_at: string | null;
	revoked_at: string | null;
}

/** A staff link of one event (organiser, moderator, chair, screen). */
export interface StoredCredential extends StaffCredential {
	eventId: string;
}

/** A host's link: it belongs to no event, and reaches events only through the host commands. */
export interface HostCredential extends Omit<StaffCredential, 'role'> {
	role: 'host';
	eventId: null;
	roomId: null;
}

/** Any staff link as the database holds it. */
export type AnyCredential = StoredCredential | HostCredential;

const toAny = (r: CredentialRow): AnyCredential => {
	const common = {
		id: r.id,
		label: r.label,
		createdAt: r.created_at,
		usedAt: r.used_at,
		revokedAt: r.revoked_at
	};
	// The schema ties them together: a host's link has no event, every other link has one.
	if (r.role === 'host' || r.event_id === null)
		return { ...common, role: 'host', eventId: null, roomId: null };
	return { ...common, role: r.role, eventId: r.event_id, roomId: r.room_id };
};

/** An event's link; a host's link (which no event lists) is never one. */
const toCredential = (r: CredentialRow): StoredCredential => {
	const c = toAny(r);
	if (c.role === 'host') throw new Error(`credential ${r.id} is a host's, not an event's`);
	return c;
};

/** SQL for staff credentials. Only the hash of a sign-in token is ever stored. */
export function createAccessStore(sql: Sql) {
	const q = {
		insert:
			'INSERT INTO staff_credentials (id, event_id, role, room_id, label, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
		byHash: 'SELECT * FROM staff_credentials WHERE token_hash = ?',
		byId: 'SELECT * FROM staff_credentials WHERE id = ?',
		hosts: "SELECT * FROM staff_credentials WHERE role = 'host' ORDER BY created_at, id",
		list: 'SELECT * FROM staff_credentials WHERE event_id = ? ORDER BY created_at, id',
		revoke:
			'UPDATE staff_credentials SET revoked_at = ? WHERE id = ? AND event_id = ? AND revoked_at IS NULL',
		revokeHost:
			"UPDATE staff_credentials SET revoked_at = ? WHERE id = ? AND role = 'host' AND revoked_at IS NULL",
		markUsed:
			'UPDATE staff_credentials SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL'
	};
	const row = (text: string, param: string) => sql.get<CredentialRow>(text, [param]);
	const changed = async (text: string, params: unknown[]) => (await sql.run(text, params)).changes === 1;
	return {
		/** A host's link: no event, no room. */
		async insertHost(c: { id: string; label: string; tokenHash: string; now: string }) {
			await sql.run(q.insert, [c.id, null, 'host', null, c.label, c.tokenHash, c.now]);
			return toAny((await row(q.byId, c.id))!);
		},
		async insert(c: {
			id: string;
			eventId: string;
			role: StaffRole;
			roomId: string | null;
			label: string;
			tokenHash: string;
			now: string;
		}) {
			await sql.run(q.insert, [c.id, c.eventId, c.role, c.roomId, c.label, c.tokenHash, c.now]);
			return toCredential((await row(q.byId, c.id))!);
		},
		byTokenHash: async (hash: string) => {
			const r = await row(q.byHash, hash);
			return r && toAny(r);
		},
		/** Any link by id, a host's included. */
		anyById: async (id: string) => {
			const r = await row(q.byId, id);
			return r && toAny(r);
		},
		/** An event's link by id; a host's link is as good as missing here. */
		byId: async (id: string) => {
			const r = await row(q.byId, id);
			return r && r.event_id !== null ? toCredential(r) : undefined;
		},
		/** Every host link (the CLI lists them). */
		hosts: async () => (await sql.all<CredentialRow>(q.hosts)).map(toAny),
		list: async (eventId: string) => (await sql.all<CredentialRow>(q.list, [eventId])).map(toCredential),
		revokeHost: (id: string, now: string) => changed(q.revokeHost, [now, id]),
		revoke: (eventId: string, id: string, now: string) => changed(q.revoke, [now, id, eventId]),
		/** Marks a link's one sign-in as done; false if it was already used (or revoked) meanwhile. */
		markUsed: (id: string, now: string) => changed(q.markUsed, [now, id])
	};
}
export type AccessStore = ReturnType<typeof createAccessStore>;
