import { describe, expect, it } from 'vitest';
import { fixedClock, memoryServices } from '../../tests/fixtures/services';
import { DomainError } from '../errors';
import type { StaffRole } from '../../src/lib/protocol';

const EVENT = 'isb26';
const HOUR = 3_600_000;

function setup(opts: { clock?: ReturnType<typeof fixedClock> } = {}) {
	const clock = opts.clock ?? fixedClock('2026-12-08T06:00:00Z');
	const s = memoryServices({ clock });
	const mint = (role: StaffRole = 'moderator', roomId: string | null = null) =>
		s.access.mint({ eventId: EVENT, role, roomId, label: `${role} ${roomId ?? 'all'}` });
	/** Mints a link and signs in with it. */
	const signIn = (role: StaffRole = 'moderator', roomId: string | null = null) => {
		const minted = mint(role, roomId);
		const r = s.signIns.exchange(minted.token);
		if (r.status !== 'ok') throw new Error(`sign-in failed: ${r.status}`);
		return { ...r, credentialId: minted.credential.id };
	};
	const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());
	return { s, clock, mint, signIn, later };
}

const code = (run: () => unknown) => {
	try {
		run();
	} catch (e) {
		if (e instanceof DomainError) return e.code;
		throw e;
	}
	return 'ok';
};

describe('exchanging a sign-in link', () => {
	it('signs in once: a second use of the same link is refused as used, and signs nobody in', () => {
		const { s, mint } = setup();
		const { token, credential } = mint();
		expect(s.signIns.preview(token)).toMatchObject({ status: 'ok', credential: { id: credential.id } });

		const first = s.signIns.exchange(token);
		const second = s.signIns.exchange(token);

		expect(first).toMatchObject({ status: 'ok', credential: { id: credential.id } });
		expect(second).toEqual({ status: 'used' });
		expect(s.signIns.preview(token)).toEqual({ status: 'used' });
		expect(s.access.list(EVENT).find((c) => c.id === credential.id)?.usedAt).toBe('2026-12-08T06:00:00.000Z');
		expect(s.db.prepare('SELECT count(*) FROM staff_signins').pluck().get()).toBe(1);
	});

	it('refuses an unknown, malformed or revoked link as invalid', () => {
		const { s, mint } = setup();
		const { token, credential } = mint();
		const other = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
		expect(s.signIns.exchange(other)).toEqual({ status: 'invalid' });
		expect(s.signIns.exchange('short')).toEqual({ status: 'invalid' });
		expect(s.signIns.exchange('x'.repeat(200))).toEqual({ status: 'invalid' });
		s.access.revoke(EVENT, credential.id);
		expect(s.signIns.preview(token)).toEqual({ status: 'invalid' });
		expect(s.signIns.exchange(token)).toEqual({ status: 'invalid' });
	});

	it('gives every sign-in a distinct random secret, never derived from the link', () => {
		const { s, signIn } = setup();
		const secrets = Array.from({ length: 20 }, () => signIn().secret);
		expect(new Set(secrets).size).toBe(20);
		for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(s.signIns.fromCookie(secrets[3])?.signIn.id).toMatch(/^si-[a-z0-9]{4,16}$/);
	});
});

describe('a sign-in’s cookie', () => {
	it('reads back to its link while the sign-in stands; a tampered, missing or foreign value yields nothing', () => {
		const { s, signIn } = setup();
		const { secret, credential, signIn: made } = signIn('organiser');
		expect(s.signIns.fromCookie(secret)).toMatchObject({
			credential: { id: credential.id },
			signIn: { id: made.id }
		});
		const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
		expect(s.signIns.fromCookie(flipped)).toBeUndefined();
		expect(s.signIns.fromCookie('')).toBeUndefined();
		expect(s.signIns.fromCookie(undefined)).toBeUndefined();
		// The old signed-cookie form (credential id and a signature) means nothing now.
		expect(s.signIns.fromCookie(`${credential.id}.${'A'.repeat(43)}`)).toBeUndefined();
	});

	it('stops working once signed out, and its link stays used', () => {
		const { s, signIn } = setup();
		const { secret, signIn: made, credentialId } = signIn();
		expect(s.signIns.signOut(made.id)).toBe(true);
		expect(s.signIns.fromCookie(secret)).toBeUndefined();
		expect(s.signIns.isLive(made.id)).toBe(false);
		expect(s.signIns.endedAmong([made.id])).toEqual([{ id: made.id, reason: 'signed-out' }]);
		expect(s.access.list(EVENT).find((c) => c.id === credentialId)?.usedAt).not.toBeNull();
	});

	it('ends after the idle time without use, and use keeps it going', () => {
		const { s, signIn, later } = setup();
		const idle = s.signIns.settings.idleMs;
		const kept = signIn();
		const dropped = signIn();
		for (let n = 0; n < 3; n++) {
			later(idle - HOUR);
			const found = s.signIns.fromCookie(kept.secret);
			expect(found).toBeDefined();
			s.signIns.refresh(found!, false);
		}
		expect(s.signIns.fromCookie(dropped.secret)).toBeUndefined();
		expect(s.signIns.isLive(dropped.signIn.id)).toBe(false);
		expect(s.signIns.fromCookie(kept.secret)).toBeDefined();
	});

	it('ends at its absolute expiry however much it is used', () => {
		const { s, signIn, later } = setup();
		const { secret } = signIn();
		const { maxMs } = s.signIns.settings;
		for (let t = 0; t + HOUR < maxMs; t += 12 * HOUR) {
			const found = s.signIns.fromCookie(secret);
			expect(found, `at ${t / HOUR} h`).toBeDefined();
			s.signIns.refresh(found!, false);
			later(12 * HOUR);
		}
		later(HOUR);
		expect(s.signIns.fromCookie(secret)).toBeUndefined();
	});

	it('keeps a hall screen signed in through the whole event, idle or not', () => {
		// Signed in eight days before the sample's first day: longer ago than the absolute maximum.
		const { s, signIn, later } = setup({ clock: fixedClock('2026-11-30T06:00:00Z') });
		const screen = signIn('screen', 'hall-a');
		const moderator = signIn('moderator');
		later(10 * 24 * HOUR); // 10 December, 06:00 UTC: the morning after the last day (9 December)
		expect(s.signIns.fromCookie(screen.secret)).toBeDefined();
		expect(s.signIns.fromCookie(moderator.secret)).toBeUndefined();
		later(2 * 24 * HOUR);
		expect(s.signIns.fromCookie(screen.secret)).toBeUndefined();
	});
});

describe('rotation', () => {
	it('renews the secret over HTTP once it is old enough; the old one works only for a short grace', () => {
		const { s, signIn, later } = setup();
		const { rotateMs, graceMs } = s.signIns.settings;
		const { secret: first, signIn: made } = signIn();

		later(rotateMs - 1000);
		expect(s.signIns.refresh(s.signIns.fromCookie(first)!, true)).toBeNull();
		later(1000);
		const renewed = s.signIns.refresh(s.signIns.fromCookie(first)!, true);
		expect(renewed?.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(renewed!.secret).not.toBe(first);
		expect(renewed!.maxAgeSeconds).toBeGreaterThan(0);

		// A request already under way with the old secret still gets through, and does not rotate again.
		expect(s.signIns.fromCookie(first)?.signIn.id).toBe(made.id);
		expect(s.signIns.refresh(s.signIns.fromCookie(first)!, true)).toBeNull();
		later(graceMs);
		expect(s.signIns.fromCookie(first)).toBeUndefined();
		expect(s.signIns.fromCookie(renewed!.secret)?.signIn.id).toBe(made.id);
	});

	it('never renews over a socket, which cannot set a cookie', () => {
		const { s, signIn, later } = setup();
		const { secret } = signIn();
		later(s.signIns.settings.rotateMs * 3);
		expect(s.signIns.refresh(s.signIns.fromCookie(secret)!, false)).toBeNull();
		expect(s.signIns.fromCookie(secret)).toBeDefined();
	});
});

describe('organisers and sign-ins', () => {
	it('lists the open sign-ins of the links a scope reaches: created, last seen, expiry, and whose is one’s own', () => {
		const { s, signIn } = setup();
		const own = signIn('organiser');
		const hallA = signIn('moderator', 'hall-a');
		const hallB = signIn('chair', 'hall-b');
		const ended = signIn('chair', 'hall-a');
		s.signIns.signOut(ended.signIn.id);

		const all = s.signIns.listIn({ eventId: EVENT, roomId: null }, own.signIn.id);
		expect(all.map((x) => x.id).sort()).toEqual([own, hallA, hallB].map((x) => x.signIn.id).sort());
		expect(all.find((x) => x.id === hallA.signIn.id)).toEqual({
			id: hallA.signIn.id,
			credentialId: hallA.credentialId,
			createdAt: '2026-12-08T06:00:00.000Z',
			lastSeenAt: '2026-12-08T06:00:00.000Z',
			expiresAt: '2026-12-09T06:00:00.000Z',
			current: false
		});
		expect(all.find((x) => x.id === own.signIn.id)?.current).toBe(true);
		const inHallA = s.signIns.listIn({ eventId: EVENT, roomId: 'hall-a' }, null);
		expect(inHallA.map((x) => x.id)).toEqual([hallA.signIn.id]);
	});

	it('lets an organiser end a sign-in in reach: not their own, not another hall’s, not an unknown one', () => {
		const { s, signIn } = setup();
		const own = signIn('organiser', 'hall-a');
		const inHall = signIn('moderator', 'hall-a');
		const elsewhere = signIn('moderator', 'hall-b');
		const scope = { eventId: EVENT, roomId: 'hall-a' };

		expect(code(() => s.signIns.endIn(scope, own.signIn.id, own.signIn.id))).toBe('conflict');
		expect(code(() => s.signIns.endIn(scope, elsewhere.signIn.id, own.signIn.id))).toBe('forbidden');
		expect(code(() => s.signIns.endIn(scope, 'si-nobody', own.signIn.id))).toBe('not-found');
		expect(code(() => s.signIns.endIn({ eventId: 'lhr27', roomId: null }, inHall.signIn.id, null))).toBe(
			'not-found'
		);
		expect(s.signIns.isLive(elsewhere.signIn.id)).toBe(true);

		const ended = s.signIns.endIn(scope, inHall.signIn.id, own.signIn.id);
		expect(ended.effects).toEqual([{ type: 'signin-ended', signInId: inHall.signIn.id, reason: 'ended' }]);
		expect(s.signIns.fromCookie(inHall.secret)).toBeUndefined();
		expect(s.signIns.endedAmong([inHall.signIn.id, own.signIn.id])).toEqual([
			{ id: inHall.signIn.id, reason: 'ended' }
		]);
	});
});
