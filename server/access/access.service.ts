import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { WithEffects } from '../effects';
import type { StaffCredential, StaffRole } from '../../src/lib/protocol';
import type { AccessStore, StoredCredential } from './access.store';
import { inScope, type RequireAccess, type Scope } from './scope';

export const STAFF_COOKIE = 'dais_staff';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

/** What staff see of a link: never which event's database row it is, nor its token. */
const forStaff = ({ eventId: _e, ...c }: StoredCredential): StaffCredential => c;

/** Staff credentials and their signed cookies. */
export function createAccessService(deps: {
	store: AccessStore;
	secret: string;
	clock: Clock;
	requireAccess: RequireAccess;
}) {
	const { store, secret, clock, requireAccess } = deps;
	const mac = (purpose: string, value: string) =>
		createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url');

	/** Creates a credential and returns its one-time sign-in path; only the token's hash is kept. */
	function mint(input: { eventId: string; role: StaffRole; roomId: string | null; label: string }) {
		const token = randomToken();
		const credential = store.insert({
			id: `c-${randomToken(9)
				.toLowerCase()
				.replace(/[^a-z0-9]/g, '')}`.slice(0, 16),
			...input,
			tokenHash: sha256(token),
			now: clock.now().toISOString()
		});
		return { credential, token, signInPath: `/signin?token=${token}` };
	}

	function revoke(eventId: string, credentialId: string) {
		if (!store.revoke(eventId, credentialId, clock.now().toISOString())) {
			const c = store.byId(credentialId);
			if (!c || c.eventId !== eventId) throw new DomainError('not-found', 'no such staff link');
		}
		return forStaff(store.byId(credentialId)!);
	}

	return {
		mint,
		revoke,

		/** The live credential a sign-in token belongs to, if it is not revoked. */
		verifyToken(token: string): StoredCredential | undefined {
			if (token.length < 16 || token.length > 128) return undefined;
			const c = store.byTokenHash(sha256(token));
			return c && !c.revokedAt ? c : undefined;
		},

		cookieFor: (credentialId: string) => `${credentialId}.${mac('staff', credentialId)}`,

		/** The live credential behind a signed staff cookie; a forged, stale or revoked cookie yields nothing. */
		fromCookie(value: string | undefined): StoredCredential | undefined {
			if (!value) return undefined;
			const dot = value.lastIndexOf('.');
			if (dot <= 0) return undefined;
			const id = value.slice(0, dot);
			const expected = Buffer.from(mac('staff', id));
			const given = Buffer.from(value.slice(dot + 1));
			if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
			const c = store.byId(id);
			return c && !c.revokedAt ? c : undefined;
		},

		/** Whether a credential still stands: a link revoked from another process must stop working at once. */
		isLive(credentialId: string) {
			const c = store.byId(credentialId);
			return Boolean(c && !c.revokedAt);
		},

		list: (eventId: string) => store.list(eventId),

		/** The links a staff member may see: the event's, or those of their hall. */
		listIn: (scope: Scope) =>
			store
				.list(scope.eventId)
				.filter((c) => inScope(scope, c.roomId))
				.map(forStaff),

		/** A staff member mints a link for what their own link covers, never beyond it. */
		mintIn(scope: Scope, input: { role: StaffRole; roomId: string | null; label: string }) {
			requireAccess.room(scope, input.roomId);
			const { credential, signInPath } = mint({ eventId: scope.eventId, ...input });
			return { credential: forStaff(credential), signInPath };
		},

		/** A staff member revokes a link their own covers; never their own, which would lock them out mid-action. */
		revokeIn(
			scope: Scope,
			credentialId: string,
			own: string | null
		): WithEffects<{ credential: StaffCredential }> {
			if (own === credentialId) throw new DomainError('conflict', 'you cannot revoke your own link');
			requireAccess.credential(scope, credentialId);
			return {
				data: { credential: revoke(scope.eventId, credentialId) },
				effects: [{ type: 'credential-revoked', credentialId }]
			};
		}
	};
}
export type AccessService = ReturnType<typeof createAccessService>;
