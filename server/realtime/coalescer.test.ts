import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCoalescer } from './coalescer';

describe('the coalescer', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	const collect = (ready?: (key: string) => boolean) => {
		const sent: [string, Record<string, number>][] = [];
		const c = createCoalescer<string, number>(
			(key, values) => sent.push([key, Object.fromEntries(values)]),
			250,
			ready
		);
		return { c, sent };
	};

	it('sends the latest value of each field once per interval', () => {
		const { c, sent } = collect();
		c.set('s1', 'q1', 1);
		c.set('s1', 'q1', 2);
		c.set('s1', 'q2', 5);
		c.set('s2', 'q9', 1);
		vi.advanceTimersByTime(249);
		expect(sent).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(sent).toEqual([
			['s1', { q1: 2, q2: 5 }],
			['s2', { q9: 1 }]
		]);
	});

	it('holds a key whose last update has not left, merges what comes meanwhile, and sends it as soon as it has', () => {
		let s1Ready = false;
		const { c, sent } = collect((key) => key !== 's1' || s1Ready);
		c.set('s1', 'q1', 1);
		c.set('s2', 'q9', 1);
		vi.advanceTimersByTime(250);
		expect(sent).toEqual([['s2', { q9: 1 }]]);
		// Still held a whole interval later: one update for it, whatever arrives.
		c.set('s1', 'q1', 2);
		c.set('s1', 'q3', 7);
		vi.advanceTimersByTime(250);
		expect(sent).toHaveLength(1);
		// Its queued update left: it goes at the next check (a fifth of an interval), not a whole interval later.
		s1Ready = true;
		vi.advanceTimersByTime(50);
		expect(sent).toEqual([
			['s2', { q9: 1 }],
			['s1', { q1: 2, q3: 7 }]
		]);
		vi.advanceTimersByTime(1000);
		expect(sent).toHaveLength(2);
	});

	it('sends a held key on flush (shutdown) and forgets a dropped one', () => {
		const { c, sent } = collect(() => false);
		c.set('s1', 'q1', 1);
		c.set('s2', 'q1', 1);
		vi.advanceTimersByTime(500);
		expect(c.drop('s2')).toBe(true);
		expect(sent).toEqual([]);
		c.flush();
		expect(sent).toEqual([['s1', { q1: 1 }]]);
	});

	it('lets a big room gather longer while votes keep coming, and sends its last update when they stop', () => {
		const sent: [string, Record<string, number>, number][] = [];
		const start = performance.now();
		const gather = new Map([
			['hall', 500],
			['small', 0]
		]);
		const c = createCoalescer<string, number>(
			(key, values) => sent.push([key, Object.fromEntries(values), performance.now() - start]),
			250,
			undefined,
			{ gatherMs: (key) => gather.get(key) ?? 0, quietMs: 60 }
		);
		// A vote every 10 ms for 1.2 s in each room.
		for (let t = 0; t < 1200; t += 10) {
			c.set('hall', 'count', t);
			c.set('small', 'count', t);
			vi.advanceTimersByTime(10);
		}
		vi.advanceTimersByTime(1000);
		const at = (key: string) => sent.filter(([k]) => k === key).map(([, , ms]) => ms);
		// The small room at the interval, the hall every 500 ms; both once more 60 ms (the quiet time) after the last vote.
		expect(at('small')).toEqual([250, 500, 750, 1000, 1250]);
		expect(at('hall')).toEqual([500, 1000, 1250]);
		expect(sent.filter(([k]) => k === 'hall').at(-1)?.[1]).toEqual({ count: 1190 });
		expect(sent.filter(([k]) => k === 'small').at(-1)?.[1]).toEqual({ count: 1190 });
	});

	/** A coalescer (250 ms interval, 60 ms quiet) whose keys gather `gatherMs`, and when each send left (ms from now). */
	const timed = (gatherMs: number) => {
		const sent: number[] = [];
		const start = performance.now();
		const c = createCoalescer<string, number>(() => sent.push(performance.now() - start), 250, undefined, {
			gatherMs: () => gatherMs,
			quietMs: 60
		});
		return { c, sent };
	};

	it('sends a lone update once its room has been quiet, and never twice within an interval', () => {
		const { c, sent } = timed(2000);
		c.set('hall', 'count', 1);
		vi.advanceTimersByTime(100);
		expect(sent).toEqual([60]);
		// The next one, 40 ms after the first left, waits for the interval since then (60 + 250).
		c.set('hall', 'count', 2);
		vi.advanceTimersByTime(1000);
		expect(sent).toEqual([60, 310]);
	});

	it('sends the end of a storm soon after a send made on gathering time, and holds the next a whole interval', () => {
		const { c, sent } = timed(500);
		// A vote every 10 ms until 510 ms: the hall's gathering time is up at 500, and the votes stop just after.
		for (let t = 0; t <= 510; t += 10) {
			c.set('hall', 'count', t);
			vi.advanceTimersByTime(10);
		}
		vi.advanceTimersByTime(70);
		// Their last update leaves 60 ms after the last vote, not an interval after the send at 500 (750).
		expect(sent).toEqual([500, 570]);
		// One more vote at 600: a send made on a stop holds the next one back a whole interval (570 + 250).
		vi.advanceTimersByTime(10);
		c.set('hall', 'count', 600);
		vi.advanceTimersByTime(1000);
		expect(sent).toEqual([500, 570, 820]);
	});

	it('does not take a steady trickle for a stop: one vote every 100 ms gathers for the whole time', () => {
		const { c, sent } = timed(500);
		for (let t = 0; t < 1000; t += 100) {
			c.set('hall', 'count', t);
			vi.advanceTimersByTime(100);
		}
		vi.advanceTimersByTime(1000);
		// The first vote, alone, is taken for a stop (60 ms); after it the trickle gathers 500 ms at a time, and its
		// end (900 ms) is seen once twice its spacing has passed.
		expect(sent).toEqual([60, 600, 1100]);
	});
});
