import { describe, expect, it } from 'vitest';
import { percentile, spread, summarize } from './stats';

describe('bench stats', () => {
	it('takes nearest-rank percentiles, so p99 of 100 values is the 99th', () => {
		const values = Array.from({ length: 100 }, (_, i) => 100 - i);
		const s = summarize(values);
		expect(s.p50).toBe(50);
		expect(s.p99).toBe(99);
		expect(s.max).toBe(100);
		expect(s.mean).toBe(50.5);
		expect(percentile(Float64Array.from([1, 2, 3]), 99)).toBe(3);
		expect(summarize([]).p99).toBeNaN();
	});

	it('gives the median and range of rounds, leaving out rounds that did not measure', () => {
		expect(spread([300, 100, 200])).toEqual({ median: 200, min: 100, max: 300, n: 3 });
		expect(spread([4, 1, 3, 2]).median).toBe(2.5);
		expect(spread([5, NaN, 1])).toEqual({ median: 3, min: 1, max: 5, n: 2 });
		expect(spread([]).median).toBeNaN();
	});
});
