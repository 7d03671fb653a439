import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { StaffRole } from '../../src/lib/protocol';
import type { AccessStore, StoredCredential } from './access.store';

export const STAFF_COOKIE = 'dais_staff';
export const DEVICE_COOKIE = 'dais_device';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

/** Staff credentials, signed cookies and device-id hashing. */
export function createAccessService(deps: { store: AccessStore; secret: string; clock: Clock }) {
	const { store, secret, clock } = deps;
	const mac = (purpose: string, value: string) =>
		createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url');

	return {
		/** Creates a credential and returns its one-time sign-in path; only the token's hash is kept. */
		mint(input: { eventId: string; role: StaffRole; roomId: string | null; label: string }) {
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
		},

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

		/** A salted hash of the device cookie: lets features count "one per device" without keeping the id. */
		deviceHash: (deviceId: string) => mac('device', deviceId).slice(0, 32),

		/** Whether a credential still stands: a link revoked from another process must stop working at once. */
		isLive(credentialId: string) {
			const c = store.byId(credentialId);
			return Boolean(c && !c.revokedAt);
		},

		list: (eventId: string) => store.list(eventId),

		revoke(eventId: string, credentialId: string) {
			if (!store.revoke(eventId, credentialId, clock.now().toISOString())) {
				const c = store.byId(credentialId);
				if (!c || c.eventId !== eventId) throw new DomainError('not-found', 'no such staff link');
			}
			const { eventId: _e, ...credential } = store.byId(credentialId)!;
			return credential;
		}
	};
}
export type AccessService = ReturnType<typeof createAccessService>;
