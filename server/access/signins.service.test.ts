import { describe, expect, it } from 'vitest';
import { value } from '../db/sql';
import { fixedClock, memoryServices } from '../../tests/fixtures/services';
import { DomainError } from '../errors';
import type { StaffRole } from '../../src/lib/protocol';

const EVENT = 'isb26';
const HOUR = 3_600_000;

async function setup(opts: { clock?: ReturnType<typeof fixedClock> } = {}) {
	const clock = opts.clock ?? fixedClock('2026-12-08T06:00:00Z');
	const s = await memoryServices({ clock });
	const mint = (role: StaffRole = 'moderator', roomId: string | null = null) =>
		s.access.mint({ eventId: EVENT, role, roomId, label: `${role} ${roomId ?? 'all'}` });
	/** Mints a link and signs in with it. */
	const signIn = async (role: StaffRole = 'moderator', roomId: string | null = null) => {
		const minted = await mint(role, roomId);
		const r = await s.signIns.exchange(minted.token);
		if (r.status !== 'ok') throw new Error(`sign-in failed: ${r.status}`);
		return { ...r, credentialId: minted.credential.id };
	};
	const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());
	return { s, clock, mint, signIn, later };
}

const code = async (run: () => unknown) => {
	try {
		await run();
	} catch (e) {
		if (e instanceof DomainError) return e.code;
		throw e;
	}
	return 'ok';
};

describe('exchanging a sign-in link', () => {
	it('signs in once: a second use of the same link is refused as used, and signs nobody in', async () => {
		const { s, mint } = await setup();
		const { token, credential } = await mint();
		expect(await s.signIns.preview(token)).toMatchObject({ status: 'ok', credential: { id: credential.id } });

		const first = await s.signIns.exchange(token);
		const second = await s.signIns.exchange(token);

		expect(first).toMatchObject({ status: 'ok', credential: { id: credential.id } });
		expect(second).toEqual({ status: 'used' });
		expect(await s.signIns.preview(token)).toEqual({ status: 'used' });
		expect((await s.access.list(EVENT)).find((c) => c.id === credential.id)?.usedAt).toBe(
			'2026-12-08T06:00:00.000Z'
		);
		expect(await value(s.sql, 'SELECT count(*) FROM staff_signins')).toBe(1);
	});

	it('refuses an unknown, malformed or revoked link as invalid', async () => {
		const { s, mint } = await setup();
		const { token, credential } = await mint();
		const other = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
		expect(await s.signIns.exchange(other)).toEqual({ status: 'invalid' });
		expect(await s.signIns.exchange('short')).toEqual({ status: 'invalid' });
		expect(await s.signIns.exchange('x'.repeat(200))).toEqual({ status: 'invalid' });
		await s.access.revoke(EVENT, credential.id);
		expect(await s.signIns.preview(token)).toEqual({ status: 'invalid' });
		expect(await s.signIns.exchange(token)).toEqual({ status: 'invalid' });
	});

	it('gives every sign-in a distinct random secret, never derived from the link', async () => {
		const { s, signIn } = await setup();
		const secrets: string[] = [];
		for (let i = 0; i < 20; i++) secrets.push((await signIn()).secret);
		expect(new Set(secrets).size).toBe(20);
		for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect((await s.signIns.fromCookie(secrets[3]))?.signIn.id).toMatch(/^si-[a-z0-9]{4,16}$/);
	});
});

describe('a sign-in’s cookie', () => {
	it('reads back to its link while the sign-in stands; a tampered, missing or foreign value yields nothing', async () => {
		const { s, signIn } = await setup();
		const { secret, credential, signIn: made } = await signIn('organiser');
		expect(await s.signIns.fromCookie(secret)).toMatchObject({
			credential: { id: credential.id },
			signIn: { id: made.id }
		});
		const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
		expect(await s.signIns.fromCookie(flipped)).toBeUndefined();
		expect(await s.signIns.fromCookie('')).toBeUndefined();
		expect(await s.signIns.fromCookie(undefined)).toBeUndefined();
		// The old signed-cookie form (credential id and a signature) means nothing now.
		expect(await s.signIns.fromCookie(`${credential.id}.${'A'.repeat(43)}`)).toBeUndefined();
	});

	it('stops working once signed out, and its link stays used', async () => {
		const { s, signIn } = await setup();
		const { secret, signIn: made, credentialId } = await signIn();
		expect(await s.signIns.signOut(made.id)).toBe(true);
		expect(await s.signIns.fromCookie(secret)).toBeUndefined();
		expect(await s.signIns.isLive(made.id)).toBe(false);
		expect(await s.signIns.endedAmong([made.id])).toEqual([{ id: made.id, reason: 'signed-out' }]);
		expect((await s.access.list(EVENT)).find((c) => c.id === credentialId)?.usedAt).not.toBeNull();
	});

	it('ends after the idle time without use, and use keeps it going', async () => {
		const { s, signIn, later } = await setup();
		const idle = s.signIns.settings.idleMs;
		const kept = await signIn();
		const dropped = await signIn();
		for (let n = 0; n < 3; n++) {
			later(idle - HOUR);
			const found = await s.signIns.fromCookie(kept.secret);
			expect(found).toBeDefined();
			await s.signIns.refresh(found!, false);
		}
		expect(await s.signIns.fromCookie(dropped.secret)).toBeUndefined();
		expect(await s.signIns.isLive(dropped.signIn.id)).toBe(false);
		expect(await s.signIns.fromCookie(kept.secret)).toBeDefined();
	});

	it('ends at its absolute expiry however much it is used', async () => {
		const { s, signIn, later } = await setup();
		const { secret } = await signIn();
		const { maxMs } = s.signIns.settings;
		for (let t = 0; t + HOUR < maxMs; t += 12 * HOUR) {
			const found = await s.signIns.fromCookie(secret);
			expect(found, `at ${t / HOUR} h`).toBeDefined();
			await s.signIns.refresh(found!, false);
			later(12 * HOUR);
		}
		later(HOUR);
		expect(await s.signIns.fromCookie(secret)).toBeUndefined();
	});

	it('keeps a hall screen signed in through the whole event, idle or not', async () => {
		// Signed in eight days before the sample's first day: longer ago than the absolute maximum.
		const { s, signIn, later } = await setup({ clock: fixedClock('2026-11-30T06:00:00Z') });
		const screen = await signIn('screen', 'hall-a');
		const moderator = await signIn('moderator');
		later(10 * 24 * HOUR); // 10 December, 06:00 UTC: the morning after the last day (9 December)
		expect(await s.signIns.fromCookie(screen.secret)).toBeDefined();
		expect(await s.signIns.fromCookie(moderator.secret)).toBeUndefined();
		later(2 * 24 * HOUR);
		expect(await s.signIns.fromCookie(screen.secret)).toBeUndefined();
	});
});

describe('rotation', () => {
	it('renews the secret over HTTP once it is old enough; the old one works only for a short grace', async () => {
		const { s, signIn, later } = await setup();
		const { rotateMs, graceMs } = s.signIns.settings;
		const { secret: first, signIn: made } = await signIn();

		later(rotateMs - 1000);
		expect(await s.signIns.refresh((await s.signIns.fromCookie(first))!, true)).toBeNull();
		later(1000);
		const renewed = await s.signIns.refresh((await s.signIns.fromCookie(first))!, true);
		expect(renewed?.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(renewed!.secret).not.toBe(first);
		expect(renewed!.maxAgeSeconds).toBeGreaterThan(0);

		// A request already under way with the old secret still gets through, and does not rotate again.
		expect((await s.signIns.fromCookie(first))?.signIn.id).toBe(made.id);
		expect(await s.signIns.refresh((await s.signIns.fromCookie(first))!, true)).toBeNull();
		later(graceMs);
		expect(await s.signIns.fromCookie(first)).toBeUndefined();
		expect((await s.signIns.fromCookie(renewed!.secret))?.signIn.id).toBe(made.id);
	});

	it('never renews over a socket, which cannot set a cookie', async () => {
		const { s, signIn, later } = await setup();
		const { secret } = await signIn();
		later(s.signIns.settings.rotateMs * 3);
		expect(await s.signIns.refresh((await s.signIns.fromCookie(secret))!, false)).toBeNull();
		expect(await s.signIns.fromCookie(secret)).toBeDefined();
	});
});

describe('organisers and sign-ins', () => {
	it('lists the open sign-ins of the links a scope reaches: created, last seen, expiry, and whose is one’s own', async () => {
		const { s, signIn } = await setup();
		const own = await signIn('organiser');
		const hallA = await signIn('moderator', 'hall-a');
		const hallB = await signIn('chair', 'hall-b');
		const ended = await signIn('chair', 'hall-a');
		await s.signIns.signOut(ended.signIn.id);

		const all = await s.signIns.listIn({ eventId: EVENT, roomId: null }, own.signIn.id);
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
		const inHallA = await s.signIns.listIn({ eventId: EVENT, roomId: 'hall-a' }, null);
		expect(inHallA.map((x) => x.id)).toEqual([hallA.signIn.id]);
	});

	it('lets an organiser end a sign-in in reach: not their own, not another hall’s, not an unknown one', async () => {
		const { s, signIn } = await setup();
		const own = await signIn('organiser', 'hall-a');
		const inHall = await signIn('moderator', 'hall-a');
		const elsewhere = await signIn('moderator', 'hall-b');
		const scope = { eventId: EVENT, roomId: 'hall-a' };

		expect(await code(() => s.signIns.endIn(scope, own.signIn.id, own.signIn.id))).toBe('conflict');
		expect(await code(() => s.signIns.endIn(scope, elsewhere.signIn.id, own.signIn.id))).toBe('forbidden');
		expect(await code(() => s.signIns.endIn(scope, 'si-nobody', own.signIn.id))).toBe('not-found');
		expect(
			await code(() => s.signIns.endIn({ eventId: 'lhr27', roomId: null }, inHall.signIn.id, null))
		).toBe('not-found');
		expect(await s.signIns.isLive(elsewhere.signIn.id)).toBe(true);

		const ended = await s.signIns.endIn(scope, inHall.signIn.id, own.signIn.id);
		expect(ended.effects).toEqual([{ type: 'signin-ended', signInId: inHall.signIn.id, reason: 'ended' }]);
		expect(await s.signIns.fromCookie(inHall.secret)).toBeUndefined();
		expect(await s.signIns.endedAmong([inHall.signIn.id, own.signIn.id])).toEqual([
			{ id: inHall.signIn.id, reason: 'ended' }
		]);
	});
});
