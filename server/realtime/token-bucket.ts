/**
 * Token buckets: up to `burst` at once, refilled at `perSecond`. Synchronous and driven by the caller's clock:
 * the per-frame check runs on every frame a socket sends (no promise per frame), and device issuance runs on the
 * hub's injectable clock so a test (or a rehearsal) can replay half an hour of arrivals in a moment.
 */
export interface BucketRate {
	burst: number;
	perSecond: number;
}

export class TokenBucket {
	#tokens: number;
	#at: number;

	constructor(
		private readonly rate: BucketRate,
		now: number
	) {
		this.#tokens = rate.burst;
		this.#at = now;
	}

	#refill(now: number) {
		if (now > this.#at) {
			this.#tokens = Math.min(
				this.rate.burst,
				this.#tokens + ((now - this.#at) / 1000) * this.rate.perSecond
			);
			this.#at = now;
		}
	}

	/**
	 * Takes `n` tokens: 0 when they were there, else the milliseconds until they will be (Infinity if never). A
	 * refused take takes nothing.
	 */
	take(now: number, n = 1): number {
		this.#refill(now);
		if (this.#tokens >= n) {
			this.#tokens -= n;
			return 0;
		}
		if (this.rate.perSecond <= 0 || n > this.rate.burst) return Infinity;
		return Math.ceil(((n - this.#tokens) / this.rate.perSecond) * 1000);
	}

	/** Whether the bucket is back to full, i.e. forgetting it would change nothing. */
	full(now: number): boolean {
		this.#refill(now);
		return this.#tokens >= this.rate.burst;
	}
}

/** One bucket per key (e.g. per source address), in memory only; idle keys are forgotten once they are full again. */
export function createKeyedBuckets(rate: BucketRate, now: () => number, maxKeys = 100_000) {
	const buckets = new Map<string, TokenBucket>();

	function prune(t: number) {
		for (const [key, b] of buckets) if (b.full(t)) buckets.delete(key);
		// Still too many (a flood of distinct keys): the oldest go, which only ever makes a limit more lenient.
		for (const key of buckets.keys()) {
			if (buckets.size < maxKeys) break;
			buckets.delete(key);
		}
	}

	return {
		/** 0 if `key` may go ahead now, else the milliseconds to wait. */
		take(key: string): number {
			const t = now();
			let b = buckets.get(key);
			if (!b) {
				if (buckets.size >= maxKeys) prune(t);
				b = new TokenBucket(rate, t);
				buckets.set(key, b);
			}
			return b.take(t);
		},
		get size() {
			return buckets.size;
		}
	};
}
export type KeyedBuckets = ReturnType<typeof createKeyedBuckets>;
