import { describe, expect, it } from 'vitest';
import { backoffMs, fixedRate, poisson, schedule, uniform } from './schedule';

describe('bench scheduling', () => {
	it('spaces fixed-rate arrivals by 1/rate whichever generator holds the client', () => {
		expect(fixedRate(1000, 500, 0)).toBe(1000);
		expect(fixedRate(1000, 500, 1)).toBe(1002);
		expect(fixedRate(1000, 500, 9999)).toBe(1000 + 19_998);
	});

	it('draws uniform moments inside the window', () => {
		expect(uniform(10, 3000, () => 0)).toBe(10);
		expect(uniform(10, 3000, () => 0.5)).toBe(1510);
		expect(uniform(10, 3000, () => 0.9999)).toBeLessThan(3010);
	});

	it('keeps Poisson moments inside the window at about the asked rate', () => {
		let seed = 1;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const moments = poisson(600, 0, 60_000, random);
		expect(moments.every((t) => t >= 0 && t < 60_000)).toBe(true);
		expect(moments.length).toBeGreaterThan(500);
		expect(moments.length).toBeLessThan(700);
	});

	it('runs overdue actions at once, in order, and says how late the generator was', () => {
		let t = 100;
		const ran: number[] = [];
		const plan = schedule(
			[30, 10, 20, 500].map((at) => ({ at, run: () => ran.push(at) })),
			() => t
		);
		expect(ran).toEqual([10, 20, 30]);
		expect(plan.worstLateMs()).toBe(90);
		expect(plan.left()).toBe(1);
		plan.cancel();
		expect(plan.left()).toBe(0);
		t = 600;
	});

	it('backs off as socket.io-client does: doubling from 1 s, ±50 %, capped at 5 s', () => {
		expect(backoffMs(1, {}, () => 0)).toBe(1000);
		// r = 0.25: floor(2.5) is even, so the deviation is taken off
		expect(backoffMs(1, {}, () => 0.25)).toBe(875);
		// r = 0.15: floor(1.5) is odd, so it is added
		expect(backoffMs(2, {}, () => 0.15)).toBe(2150);
		expect(backoffMs(6, {}, () => 0)).toBe(5000);
		expect(backoffMs(1, { delayMs: 200, jitter: 0 })).toBe(200);
	});
});
