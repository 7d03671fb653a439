import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { DomainError } from '../errors';
import type { WithEffects } from '../effects';
import type { StaffCredential, StaffRole } from '../../src/lib/protocol';
import type { AccessStore, StoredCredential } from './access.store';
import type { SignInStore } from './signins.store';
import { inScope, type RequireAccess, type Scope } from './scope';

export const STAFF_COOKIE = 'dais_staff';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

/** What staff see of a link: never which event's database row it is, nor its token. */
const forStaff = ({ eventId: _e, ...c }: StoredCredential): StaffCredential => c;

/** Staff credentials (sign-in links). */
export function createAccessService(deps: {
	db: Db;
	store: AccessStore;
	/** Revoking a link ends its sign-ins. */
	signIns: SignInStore;
	clock: Clock;
	requireAccess: RequireAccess;
}) {
	const { db, store, signIns, clock, requireAccess } = deps;

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

	/** Revokes a link and ends its sign-ins, in one transaction; a hub disconnects their sockets within seconds. */
	function revoke(eventId: string, credentialId: string) {
		const c = store.byId(credentialId);
		if (!c || c.eventId !== eventId) throw new DomainError('not-found', 'no such staff link');
		const now = clock.now().toISOString();
		db.transaction(() => {
			store.revoke(eventId, credentialId, now);
			signIns.endForCredential(credentialId, now);
		})();
		return forStaff(store.byId(credentialId)!);
	}

	return {
		mint,
		revoke,

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
