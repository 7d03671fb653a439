import { chunks, placeholders, type Sql } from '../db/sql';
import type { SignInEnd } from '../../src/lib/protocol';

interface SignInRow {
	id: string;
	credential_id: string;
	created_at: string;
	rotated_at: string;
	last_seen_at: string;
	expires_at: string;
	ended_at: string | null;
	ended_reason: 'signed-out' | 'ended' | 'revoked' | null;
}

export interface StoredSignIn {
	id: string;
	credentialId: string;
	createdAt: string;
	rotatedAt: string;
	lastSeenAt: string;
	/** The absolute expiry; the idle one follows `lastSeenAt`. */
	expiresAt: string;
	endedAt: string | null;
	endedReason: 'signed-out' | 'ended' | 'revoked' | null;
}

const toSignIn = (r: SignInRow): StoredSignIn => ({
	id: r.id,
	credentialId: r.credential_id,
	createdAt: r.created_at,
	rotatedAt: r.rotated_at,
	lastSeenAt: r.last_seen_at,
	expiresAt: r.expires_at,
	endedAt: r.ended_at,
	endedReason: r.ended_reason
});

const COLUMNS = 'id, credential_id, created_at, rotated_at, last_seen_at, expires_at, ended_at, ended_reason';

/** SQL for staff sign-ins. Only hashes of their cookie secrets are stored. */
export function createSignInStore(sql: Sql) {
	const q = {
		insert: `INSERT INTO staff_signins (id, credential_id, secret_hash, created_at, rotated_at, last_seen_at, expires_at)
			 VALUES (@id, @credentialId, @secretHash, @now, @now, @now, @expiresAt)`,
		byId: `SELECT ${COLUMNS} FROM staff_signins WHERE id = ?`,
		bySecret: `SELECT ${COLUMNS} FROM staff_signins WHERE secret_hash = ?`,
		byPrevious: `SELECT ${COLUMNS} FROM staff_signins WHERE previous_hash = ? AND previous_until > ?`,
		rotate: `UPDATE staff_signins SET previous_hash = secret_hash, previous_until = @graceUntil, secret_hash = @secretHash,
			   rotated_at = @now, last_seen_at = @now
			 WHERE id = @id AND rotated_at = @rotatedAt AND ended_at IS NULL`,
		touch: 'UPDATE staff_signins SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL',
		touchMany: (n: number) =>
			`UPDATE staff_signins SET last_seen_at = ? WHERE id IN (${placeholders(n)}) AND ended_at IS NULL`,
		end: 'UPDATE staff_signins SET ended_at = ?, ended_reason = ? WHERE id = ? AND ended_at IS NULL',
		endForCredential:
			'UPDATE staff_signins SET ended_at = ?, ended_reason = ? WHERE credential_id = ? AND ended_at IS NULL',
		openForEvent: `SELECT ${COLUMNS} FROM staff_signins
			 WHERE credential_id IN (SELECT id FROM staff_credentials WHERE event_id = ? AND revoked_at IS NULL)
			   AND ended_at IS NULL AND expires_at > ?
			 ORDER BY created_at, id`,
		// Of the given sign-ins (those with a socket on this hub), the ones that no longer stand, and why. One query
		// by primary key, cheap enough to run every second or two, and right whichever process ended them.
		/** Each of these sign-ins that is still stored, with why it is over (null while it stands). */
		endedAmong: (n: number) =>
			`SELECT s.id, CASE WHEN c.revoked_at IS NOT NULL THEN 'revoked'
			                   WHEN s.ended_at IS NOT NULL THEN s.ended_reason
			                   WHEN s.expires_at <= ? THEN 'expired' END AS reason
			 FROM staff_signins s JOIN staff_credentials c ON c.id = s.credential_id
			 WHERE s.id IN (${placeholders(n)})`
	};
	const one = async (text: string, params: unknown[]) => {
		const r = await sql.get<SignInRow>(text, params);
		return r && toSignIn(r);
	};

	return {
		async insert(s: {
			id: string;
			credentialId: string;
			secretHash: string;
			expiresAt: string;
			now: string;
		}) {
			await sql.run(q.insert, s);
			return (await one(q.byId, [s.id]))!;
		},
		byId: (id: string) => one(q.byId, [id]),
		bySecretHash: (hash: string) => one(q.bySecret, [hash]),
		/** A sign-in by the secret its last rotation replaced, while that secret's grace lasts. */
		byPreviousHash: (hash: string, now: string) => one(q.byPrevious, [hash, now]),
		/** Swaps in a new secret; false when another request rotated it first (that one's secret stands). */
		rotate: async (s: {
			id: string;
			rotatedAt: string;
			secretHash: string;
			graceUntil: string;
			now: string;
		}) => (await sql.run(q.rotate, s)).changes === 1,
		touch: (id: string, now: string) => sql.run(q.touch, [now, id]),
		async touchMany(ids: readonly string[], now: string) {
			for (const chunk of chunks(ids)) await sql.run(q.touchMany(chunk.length), [now, ...chunk]);
		},
		end: async (id: string, reason: 'signed-out' | 'ended', now: string) =>
			(await sql.run(q.end, [now, reason, id])).changes === 1,
		endForCredential: async (credentialId: string, now: string) =>
			(await sql.run(q.endForCredential, [now, 'revoked', credentialId])).changes,
		/** Sign-ins of the event's live links that have not ended nor passed their absolute expiry. */
		openForEvent: async (eventId: string, now: string) =>
			(await sql.all<SignInRow>(q.openForEvent, [eventId, now])).map(toSignIn),
		/**
		 * Which of these sign-ins are over, and why. One that is gone altogether went with its event (a sign-in row is
		 * deleted only with its link, and a link only with its event).
		 */
		async endedAmong(ids: readonly string[], now: string) {
			const ended: { id: string; reason: SignInEnd }[] = [];
			for (const chunk of chunks(ids)) {
				const stored = await sql.all<{ id: string; reason: SignInEnd | null }>(q.endedAmong(chunk.length), [
					now,
					...chunk
				]);
				for (const { id, reason } of stored) if (reason) ended.push({ id, reason });
				const there = new Set(stored.map((r) => r.id));
				for (const id of chunk) if (!there.has(id)) ended.push({ id, reason: 'event-deleted' });
			}
			return ended;
		}
	};
}
export type SignInStore = ReturnType<typeof createSignInStore>;
