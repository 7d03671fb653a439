import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { Sql } from '../db/sql';
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
	sql: Sql;
	store: AccessStore;
	/** Revoking a link ends its sign-ins. */
	signIns: SignInStore;
	clock: Clock;
	requireAccess: RequireAccess;
}) {
	const { sql, store, signIns, clock, requireAccess } = deps;

	/** Creates a credential and returns its one-time sign-in path; only the token's hash is kept. */
	async function mint(input: { eventId: string; role: StaffRole; roomId: string | null; label: string }) {
		const token = randomToken();
		const credential = await store.insert({
			id: `c-${randomToken(9)
				.toLowerCase()
				.replace(/[^a-z0-9]/g, '')}`.slice(0, 16),
			...input,
			tokenHash: sha256(token),
			now: clock.now().toISOString()
		});
		return { credential, token, signInPath: `/signin?token=${token}` };
	}

	/** A host's link: it covers every event of this installation, through the host commands only. */
	async function mintHost(label: string) {
		const token = randomToken();
		const credential = await store.insertHost({
			id: `c-${randomToken(9)
				.toLowerCase()
				.replace(/[^a-z0-9]/g, '')}`.slice(0, 16),
			label,
			tokenHash: sha256(token),
			now: clock.now().toISOString()
		});
		return { credential, token, signInPath: `/signin?token=${token}` };
	}

	/** Revokes a host's link and ends its sign-ins (hosts are revoked from the command line). */
	async function revokeHost(credentialId: string) {
		const c = await store.anyById(credentialId);
		if (!c || c.role !== 'host') throw new DomainError('not-found', 'no such host link');
		const now = clock.now().toISOString();
		await sql.tx(async () => {
			await store.revokeHost(credentialId, now);
			await signIns.endForCredential(credentialId, now);
		});
		return (await store.anyById(credentialId))!;
	}

	/** Revokes a link and ends its sign-ins, in one transaction; a hub disconnects their sockets within seconds. */
	async function revoke(eventId: string, credentialId: string) {
		const c = await store.byId(credentialId);
		if (!c || c.eventId !== eventId) throw new DomainError('not-found', 'no such staff link');
		const now = clock.now().toISOString();
		await sql.tx(async () => {
			await store.revoke(eventId, credentialId, now);
			await signIns.endForCredential(credentialId, now);
		});
		return forStaff((await store.byId(credentialId))!);
	}

	return {
		mint,
		revoke,
		mintHost,
		revokeHost,
		listHosts: () => store.hosts(),

		list: (eventId: string) => store.list(eventId),

		/** The links a staff member may see: the event's, or those of their hall. */
		listIn: async (scope: Scope) =>
			(await store.list(scope.eventId)).filter((c) => inScope(scope, c.roomId)).map(forStaff),

		/** A staff member mints a link for what their own link covers, never beyond it. */
		async mintIn(scope: Scope, input: { role: StaffRole; roomId: string | null; label: string }) {
			await requireAccess.room(scope, input.roomId);
			const { credential, signInPath } = await mint({ eventId: scope.eventId, ...input });
			return { credential: forStaff(credential), signInPath };
		},

		/** A staff member revokes a link their own covers; never their own, which would lock them out mid-action. */
		async revokeIn(
			scope: Scope,
			credentialId: string,
			own: string | null
		): Promise<WithEffects<{ credential: StaffCredential }>> {
			if (own === credentialId)
				throw DomainError.because('conflict', 'own-link', 'you cannot revoke your own link');
			await requireAccess.credential(scope, credentialId);
			return {
				data: { credential: await revoke(scope.eventId, credentialId) },
				effects: [{ type: 'credential-revoked', credentialId }]
			};
		}
	};
}
export type AccessService = ReturnType<typeof createAccessService>;
