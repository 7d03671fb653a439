import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { Sql } from '../db/sql';
import { DomainError } from '../errors';
import type { WithEffects } from '../effects';
import type { SignInEnd, StaffSignIn } from '../../src/lib/protocol';
import type { AccessStore, AnyCredential } from './access.store';
import type { SignInStore, StoredSignIn } from './signins.store';
import { inScope, type RequireAccess, type Scope } from './scope';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const HOUR = 3_600_000;

/** How long a staff sign-in lasts and how often its cookie is renewed (README, Configuration). */
export interface SignInSettings {
	/** A sign-in unused for this long ends (hall screens excepted: nobody touches them). */
	idleMs: number;
	/** A sign-in ends this long after it began, however much it is used (a hall screen's lasts the whole event). */
	maxMs: number;
	/** A sign-in used over HTTP gets a new cookie secret once its current one is this old. */
	rotateMs: number;
	/** How long the secret a rotation replaced still works, for requests the browser had already sent with it. */
	graceMs: number;
}

export const DEFAULT_SIGNIN_SETTINGS: SignInSettings = {
	idleMs: 24 * HOUR,
	maxMs: 7 * 24 * HOUR,
	rotateMs: HOUR,
	graceMs: 2 * 60_000
};

/** A hall screen signed in before or during the event stays signed in until the day after its last day. */
const SCREEN_AFTER_EVENT_MS = 36 * HOUR;
/** Staff activity is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** A cookie's sign-in, the link it was made from, and when it will end if nothing else ends it first. */
export interface ResolvedSignIn {
	signIn: StoredSignIn;
	credential: AnyCredential;
	/** The sooner of the absolute and (except for screens) the idle expiry. */
	expiresAt: string;
}

export type Exchange =
	| {
			status: 'ok';
			credential: AnyCredential;
			secret: string;
			signIn: StoredSignIn;
			maxAgeSeconds: number;
	  }
	| { status: 'used' | 'invalid' };

/**
 * Staff sign-ins: a sign-in link is exchanged once for a random, server-side sign-in whose secret lives only in the
 * browser's cookie (the database keeps its hash), renewed as it is used, and ended by signing out, by an organiser,
 * by revoking its link, or by its idle or absolute expiry.
 */
export function createSignIns(deps: {
	sql: Sql;
	store: SignInStore;
	credentials: AccessStore;
	/** The last day of an event, so a hall screen's sign-in can last the whole event. */
	eventEndsOn: (eventId: string) => Promise<string | undefined>;
	clock: Clock;
	requireAccess: RequireAccess;
	settings?: Partial<SignInSettings>;
}) {
	const { sql, store, credentials, clock, requireAccess } = deps;
	const settings = { ...DEFAULT_SIGNIN_SETTINGS, ...deps.settings };
	const iso = (ms: number) => new Date(ms).toISOString();
	const newSecret = () => randomBytes(32).toString('base64url');

	function expiryOf(signIn: StoredSignIn, credential: AnyCredential): string {
		if (credential.role === 'screen') return signIn.expiresAt;
		const idle = iso(Date.parse(signIn.lastSeenAt) + settings.idleMs);
		return idle < signIn.expiresAt ? idle : signIn.expiresAt;
	}

	/** The sign-in and its link, if both still stand at `now`. */
	async function standing(
		signIn: StoredSignIn | undefined,
		now: string
	): Promise<ResolvedSignIn | undefined> {
		if (!signIn || signIn.endedAt) return undefined;
		const credential = await credentials.anyById(signIn.credentialId);
		if (!credential || credential.revokedAt) return undefined;
		const expiresAt = expiryOf(signIn, credential);
		return expiresAt > now ? { signIn, credential, expiresAt } : undefined;
	}

	/** A link's token, if it names a live link: `used` once it has been exchanged. */
	async function credentialFor(
		token: string
	): Promise<{ status: 'ok'; credential: AnyCredential } | { status: 'used' | 'invalid' }> {
		if (token.length < 16 || token.length > 128) return { status: 'invalid' };
		const c = await credentials.byTokenHash(sha256(token));
		if (!c || c.revokedAt) return { status: 'invalid' };
		if (c.usedAt) return { status: 'used' };
		return { status: 'ok', credential: c };
	}

	const maxAge = (expiresAt: string) =>
		Math.max(0, Math.floor((Date.parse(expiresAt) - clock.now().getTime()) / 1000));

	return {
		settings,

		/** What a sign-in link would sign in as, without using it (the confirmation page). */
		preview: credentialFor,

		/** Uses a sign-in link, once: the first exchange gets a sign-in, any later one `used`. */
		exchange(token: string): Promise<Exchange> {
			return sql.tx(async (): Promise<Exchange> => {
				const found = await credentialFor(token);
				if (found.status !== 'ok') return found;
				const nowMs = clock.now().getTime();
				const now = iso(nowMs);
				if (!(await credentials.markUsed(found.credential.id, now))) return { status: 'used' };
				let until = nowMs + settings.maxMs;
				const endsOn =
					found.credential.role === 'screen' ? await deps.eventEndsOn(found.credential.eventId) : undefined;
				if (endsOn) until = Math.max(until, Date.parse(`${endsOn}T23:59:59.999Z`) + SCREEN_AFTER_EVENT_MS);
				const secret = newSecret();
				const signIn = await store.insert({
					id: `si-${randomBytes(9)
						.toString('base64url')
						.toLowerCase()
						.replace(/[^a-z0-9]/g, '')}`.slice(0, 16),
					credentialId: found.credential.id,
					secretHash: sha256(secret),
					expiresAt: iso(until),
					now
				});
				const credential = (await credentials.anyById(found.credential.id))!;
				return {
					status: 'ok',
					credential,
					secret,
					signIn,
					// The browser keeps it until the absolute expiry; the idle one moves on with use and is the hub's to check.
					maxAgeSeconds: maxAge(signIn.expiresAt)
				};
			});
		},

		/** The standing sign-in behind a cookie's secret (or, during its grace, the secret a rotation replaced). */
		async fromCookie(secret: string | undefined): Promise<ResolvedSignIn | undefined> {
			if (!secret || secret.length > 128) return undefined;
			const now = clock.now().toISOString();
			const hash = sha256(secret);
			return standing((await store.bySecretHash(hash)) ?? (await store.byPreviousHash(hash, now)), now);
		},

		/**
		 * How the sign-in behind a cookie ended, and how long ago: a staff page whose connection was down when its link
		 * was revoked comes back with the cookie alone, and is told why rather than left as an attendee. Undefined for
		 * a cookie of no sign-in the hub still keeps (never one, or long gone).
		 */
		async endedFromCookie(
			secret: string | undefined
		): Promise<{ reason: SignInEnd; agoMs: number } | undefined> {
			if (!secret || secret.length > 128) return undefined;
			const signIn = await store.bySecretHash(sha256(secret));
			if (!signIn) return undefined;
			const nowMs = clock.now().getTime();
			const [ended] = await store.endedAmong([signIn.id], iso(nowMs));
			if (!ended) return undefined;
			const credential = await credentials.anyById(signIn.credentialId);
			const at =
				signIn.endedAt ?? credential?.revokedAt ?? (credential ? expiryOf(signIn, credential) : null);
			return { reason: ended.reason, agoMs: at ? Math.max(0, nowMs - Date.parse(at)) : Infinity };
		},

		/**
		 * Notes that a sign-in is in use and, over HTTP (which can set a cookie), renews its secret once it is older
		 * than the rotation interval. Returns the new secret to set, if it was renewed here.
		 */
		async refresh(
			resolved: ResolvedSignIn,
			canRotate: boolean
		): Promise<{ secret: string; maxAgeSeconds: number } | null> {
			const { signIn } = resolved;
			const nowMs = clock.now().getTime();
			const now = iso(nowMs);
			if (canRotate && nowMs - Date.parse(signIn.rotatedAt) >= settings.rotateMs) {
				const secret = newSecret();
				const rotated = await store.rotate({
					id: signIn.id,
					rotatedAt: signIn.rotatedAt,
					secretHash: sha256(secret),
					graceUntil: iso(nowMs + settings.graceMs),
					now
				});
				if (rotated) return { secret, maxAgeSeconds: maxAge(signIn.expiresAt) };
			}
			if (nowMs - Date.parse(signIn.lastSeenAt) >= TOUCH_EVERY_MS) await store.touch(signIn.id, now);
			return null;
		},

		/** Whether a sign-in still stands: checked before every staff command, whichever process ended it. */
		isLive: async (signInId: string | null) =>
			signInId !== null &&
			(await standing(await store.byId(signInId), clock.now().toISOString())) !== undefined,

		/** Signing out: the sign-in ends, its link stays used. */
		signOut: (signInId: string) => store.end(signInId, 'signed-out', clock.now().toISOString()),

		/** Of these sign-ins, those that no longer stand and why (the hub checks its connected ones every second or so). */
		endedAmong: (ids: readonly string[]) => store.endedAmong(ids, clock.now().toISOString()),

		/** Keeps sign-ins with an open page from reaching their idle expiry. */
		touchMany: async (ids: readonly string[]) => {
			if (ids.length) await store.touchMany(ids, clock.now().toISOString());
		},

		/** The open sign-ins of the links a scope reaches, for the organiser console (no address, no browser). */
		async listIn(scope: Scope, ownSignInId: string | null): Promise<StaffSignIn[]> {
			const now = clock.now().toISOString();
			const links = new Map(
				(await credentials.list(scope.eventId))
					.filter((c) => !c.revokedAt && inScope(scope, c.roomId))
					.map((c) => [c.id, c])
			);
			return (await store.openForEvent(scope.eventId, now)).flatMap((s) => {
				const credential = links.get(s.credentialId);
				if (!credential) return [];
				const expiresAt = expiryOf(s, credential);
				if (expiresAt <= now) return [];
				return [
					{
						id: s.id,
						credentialId: s.credentialId,
						createdAt: s.createdAt,
						lastSeenAt: s.lastSeenAt,
						expiresAt,
						current: s.id === ownSignInId
					}
				];
			});
		},

		/** An organiser ends a sign-in of a link their own covers; never their own (that is signing out). */
		async endIn(
			scope: Scope,
			signInId: string,
			own: string | null
		): Promise<WithEffects<{ signInId: string }>> {
			if (signInId === own)
				throw DomainError.because('conflict', 'own-signin', 'sign out instead of ending your own sign-in');
			const signIn = await store.byId(signInId);
			if (!signIn) throw new DomainError('not-found', 'no such sign-in');
			await requireAccess.credential(scope, signIn.credentialId);
			await store.end(signInId, 'ended', clock.now().toISOString());
			return { data: { signInId }, effects: [{ type: 'signin-ended', signInId, reason: 'ended' }] };
		}
	};
}
export type SignIns = ReturnType<typeof createSignIns>;
