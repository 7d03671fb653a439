import { describe, expect, it } from 'vitest';
import { account, FactLedger, referenceOf } from './facts';

const ledger = (facts: [number, number][]) => {
	const l = new FactLedger();
	for (const [k, t] of facts) l.note(k, t);
	return l;
};

describe('reconnect storm fact accounting', () => {
	// The reference saw ballots 10, 20, 30, 40 at t = 100, 200, 300, 400 (the earliest of the reference clients).
	const reference = referenceOf([
		ledger([
			[10, 100],
			[20, 205],
			[30, 300],
			[40, 400]
		]),
		ledger([
			[10, 101],
			[20, 200],
			[30, 301],
			[40, 402]
		])
	]);

	it('takes each fact at its first arrival at any reference client', () => {
		expect([...reference]).toEqual([
			[10, 100],
			[20, 200],
			[30, 300],
			[40, 400]
		]);
	});

	it('counts a recovered client that got every fact once as in sync when the replay arrived', () => {
		// Dropped after 10, back at 350: 20 and 30 replayed at 360, 40 live.
		const c = ledger([
			[10, 100],
			[20, 360],
			[30, 360],
			[40, 401]
		]);
		expect(account(reference, c, 350)).toEqual({ missed: 0, duplicated: 0, syncedAt: 360 });
	});

	it('counts facts never received as missed, and the client as never in sync', () => {
		const c = ledger([
			[10, 100],
			[40, 401]
		]);
		const a = account(reference, c, 350);
		expect(a.missed).toBe(2);
		expect(a.syncedAt).toBeNaN();
	});

	it('counts a fact missed after the client was back without unsettling its sync moment', () => {
		const c = ledger([
			[10, 100],
			[20, 200],
			[30, 360]
		]);
		expect(account(reference, c, 350)).toEqual({ missed: 1, duplicated: 0, syncedAt: 360 });
	});

	it('counts every extra arrival of a fact as a duplicate', () => {
		const c = ledger([
			[10, 100],
			[20, 200],
			[20, 360],
			[30, 360],
			[30, 361],
			[30, 362],
			[40, 401]
		]);
		expect(account(reference, c, 350).duplicated).toBe(3);
	});

	it('lets a re-join snapshot cover the facts up to its ballot count', () => {
		const c = ledger([
			[10, 100],
			[40, 401]
		]);
		c.cover(30, 380);
		expect(account(reference, c, 370)).toEqual({ missed: 0, duplicated: 0, syncedAt: 380 });
	});
});
