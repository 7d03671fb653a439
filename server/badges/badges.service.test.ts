import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { BADGE_ALPHABET, BadgeCode, formatBadgeCode } from '../../src/lib/protocol';
import { memoryServices } from '../../tests/fixtures/services';

const EVENT = 'isb26';
const whole = { eventId: EVENT, roomId: null };

async function refusal(fn: () => unknown): Promise<string | null> {
	try {
		await fn();
		return null;
	} catch (e) {
		if (e instanceof DomainError) return e.code;
		throw e;
	}
}

describe('generating badges', () => {
	it('makes numbered codes over the badge alphabet, each different', async () => {
		const s = await memoryServices();
		const { data } = await s.badges.generate(whole, 50);
		expect(data.badges.map((b) => b.serial)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
		expect(new Set(data.badges.map((b) => b.code)).size).toBe(50);
		for (const { code } of data.badges) expect(code).toMatch(new RegExp(`^[${BADGE_ALPHABET}]{10}$`));
		const next = (await s.badges.generate(whole, 2)).data;
		expect([next.first, next.last]).toEqual([51, 52]);
	});

	it('stores no code in clear, and keeps no code for a retry to send again', async () => {
		const s = await memoryServices();
		const generated = await s.badges.generate(whole, 3);
		const everything = JSON.stringify(await s.sql.all('SELECT * FROM badges'));
		for (const { code } of generated.data.badges) expect(everything).not.toContain(code);
		expect(generated.ledger).toEqual({ badges: [], first: 1, last: 3 });
	});

	it('is refused to a link that covers one hall', async () => {
		const s = await memoryServices();
		expect(await refusal(() => s.badges.generate({ eventId: EVENT, roomId: 'hall-a' }, 1))).toBe('forbidden');
		expect(await refusal(() => s.badges.summary({ eventId: EVENT, roomId: 'hall-a' }))).toBe('forbidden');
	});
});

describe('redeeming a badge', () => {
	it('puts the badge on the phone once; the same phone may ask again', async () => {
		const s = await memoryServices();
		const [badge] = (await s.badges.generate(whole, 1)).data.badges;
		expect(await s.badges.isVerified(EVENT, 'phone-1')).toBe(false);
		expect(await s.badges.redeem(EVENT, 'phone-1', badge.code)).toEqual({ verified: true });
		expect(await s.badges.redeem(EVENT, 'phone-1', badge.code)).toEqual({ verified: true });
		expect(await s.badges.isVerified(EVENT, 'phone-1')).toBe(true);
		expect(await s.badges.summary(whole)).toEqual({ total: 1, redeemed: 1 });
	});

	it('refuses an unknown code, a code of another event, and a code another phone holds', async () => {
		const s = await memoryServices();
		const [badge] = (await s.badges.generate(whole, 1)).data.badges;
		expect(await refusal(() => s.badges.redeem(EVENT, 'phone-1', 'ABCDE12345'))).toBe('not-found');
		expect(await refusal(() => s.badges.redeem('lhr27', 'phone-1', badge.code))).toBe('not-found');
		await s.badges.redeem(EVENT, 'phone-1', badge.code);
		expect(await refusal(() => s.badges.redeem(EVENT, 'phone-2', badge.code))).toBe('conflict');
		expect(await s.badges.isVerified(EVENT, 'phone-2')).toBe(false);
	});

	it('gives a phone one badge: a second code on the same phone is refused', async () => {
		const s = await memoryServices();
		const [a, b] = (await s.badges.generate(whole, 2)).data.badges;
		await s.badges.redeem(EVENT, 'phone-1', a.code);
		expect(await refusal(() => s.badges.redeem(EVENT, 'phone-1', b.code))).toBe('conflict');
		expect((await s.badges.summary(whole)).redeemed).toBe(1);
	});

	it('accepts a code as people type it: lower case, with spaces or a dash, O for 0 and I or L for 1', async () => {
		const s = await memoryServices();
		const [badge] = (await s.badges.generate(whole, 1)).data.badges;
		const typed = ` ${formatBadgeCode(badge.code).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l')} `;
		expect(await s.badges.redeem(EVENT, 'phone-1', BadgeCode.parse(typed))).toEqual({ verified: true });
	});
});

describe('moving a badge to another phone', () => {
	it('is released by an organiser, by code or by serial, and can then be redeemed elsewhere', async () => {
		const s = await memoryServices();
		const [a, b] = (await s.badges.generate(whole, 2)).data.badges;
		await s.badges.redeem(EVENT, 'phone-1', a.code);
		await s.badges.redeem(EVENT, 'phone-3', b.code);
		expect(await s.badges.release(whole, { code: a.code })).toEqual({ serial: 1, released: true });
		expect(await s.badges.release(whole, { serial: 2 })).toEqual({ serial: 2, released: true });
		expect(await s.badges.release(whole, { serial: 2 })).toEqual({ serial: 2, released: false });
		expect(await s.badges.isVerified(EVENT, 'phone-1')).toBe(false);
		expect(await s.badges.redeem(EVENT, 'phone-2', a.code)).toEqual({ verified: true });
		expect(await refusal(() => s.badges.release(whole, { serial: 99 }))).toBe('not-found');
	});

	it('keeps the badge its voter key wherever it goes, so its ballot stays one', async () => {
		const s = await memoryServices();
		const [badge] = (await s.badges.generate(whole, 1)).data.badges;
		await s.badges.redeem(EVENT, 'phone-1', badge.code);
		const voter = await s.badges.voterFor(EVENT, 'phone-1');
		await s.badges.release(whole, { code: badge.code });
		await s.badges.redeem(EVENT, 'phone-2', badge.code);
		expect(voter).toMatch(/^badge:/);
		expect(await s.badges.voterFor(EVENT, 'phone-2')).toBe(voter);
		expect(await s.badges.voterFor(EVENT, 'phone-1')).toBeNull();
	});
});
