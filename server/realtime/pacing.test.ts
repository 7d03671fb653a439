import { describe, expect, it } from 'vitest';
import { createBusyGauge, gatherMs } from './pacing';

describe('pacing of coalesced counts', () => {
	it('gathers in step with the phones and what a frame costs, twice as long when the hub is nearly always busy', () => {
		// A hall of 1,000 at 10 µs a frame: well under the coalescer's 250 ms interval, which then decides.
		expect(gatherMs(1_000, 0.3, 0.01)).toBeCloseTo(50);
		expect(gatherMs(10_000, 0.5, 0.01)).toBeCloseTo(500);
		expect(gatherMs(10_000, 0.89, 0.01)).toBeCloseTo(500);
		expect(gatherMs(10_000, 0.9, 0.01)).toBeCloseTo(1_000);
		// Frames that cost more (a slower machine, a busier network stack) gather longer, up to 2 s.
		expect(gatherMs(5_000, 0.95, 0.03)).toBeCloseTo(1_500);
		expect(gatherMs(10_000, 0.95, 0.03)).toBe(2_000);
		expect(gatherMs(20_000, 1, 0.01)).toBe(2_000);
	});

	it('reads how busy the event loop was over its last window', async () => {
		const gauge = createBusyGauge(20);
		try {
			const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
			await sleep(100);
			expect(gauge.busy()).toBeLessThan(0.5);
			// A loop blocked for longer than the window: the next reading says nearly always busy.
			const end = performance.now() + 400;
			while (performance.now() < end);
			await sleep(5);
			expect(gauge.busy()).toBeGreaterThanOrEqual(0.9);
			await sleep(100);
			expect(gauge.busy()).toBeLessThan(0.5);
		} finally {
			gauge.stop();
		}
	});
});
