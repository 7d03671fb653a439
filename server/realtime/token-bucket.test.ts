import { describe, expect, it } from 'vitest';
import { createKeyedBuckets, TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
	it('gives a burst at once, then one token per refill interval', () => {
		const b = new TokenBucket({ burst: 3, perSecond: 2 }, 0);
		expect([b.take(0), b.take(0), b.take(0)]).toEqual([0, 0, 0]);
		expect(b.take(0)).toBe(500);
		expect(b.take(499)).toBeGreaterThan(0);
		expect(b.take(500)).toBe(0);
	});

	it('never holds more than its burst, however long it waits', () => {
		const b = new TokenBucket({ burst: 2, perSecond: 1 }, 0);
		const t = 3_600_000;
		expect([b.take(t), b.take(t), b.take(t)]).toEqual([0, 0, 1000]);
	});

	it('says "never" when it does not refill', () => {
		const b = new TokenBucket({ burst: 1, perSecond: 0 }, 0);
		expect(b.take(0)).toBe(0);
		expect(b.take(10_000_000)).toBe(Infinity);
	});
});

describe('createKeyedBuckets', () => {
	it('keeps one bucket per key', () => {
		let t = 0;
		const buckets = createKeyedBuckets({ burst: 1, perSecond: 1 }, () => t);
		expect(buckets.take('a')).toBe(0);
		expect(buckets.take('b')).toBe(0);
		expect(buckets.take('a')).toBe(1000);
		t = 1000;
		expect(buckets.take('a')).toBe(0);
	});

	it('forgets refilled keys when it reaches its size, and never grows past it', () => {
		let t = 0;
		const buckets = createKeyedBuckets({ burst: 1, perSecond: 1 }, () => t, 100);
		for (let i = 0; i < 100; i++) buckets.take(`k${i}`);
		t = 5000;
		buckets.take('late');
		expect(buckets.size).toBe(1);
		for (let i = 0; i < 500; i++) buckets.take(`n${i}`);
		expect(buckets.size).toBeLessThanOrEqual(100);
	});
});
