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
});
