import { now } from './stats';

/**
 * When each action is due. Latency is measured from these moments, not from when the generator got round to sending,
 * so a slow hub cannot hide its delay by slowing the generator down (no coordinated omission).
 */

/** Arrivals at a fixed rate: client `index` (0-based, across all generators) is due at start + index / rate. */
export function fixedRate(start: number, perSecond: number, index: number): number {
	return start + (index * 1000) / perSecond;
}

/** A moment drawn uniformly from [start, start + spreadMs). */
export function uniform(start: number, spreadMs: number, random = Math.random): number {
	return start + random() * spreadMs;
}

/** A Poisson process: the moments of events at `perMinute` over [start, start + durationMs). */
export function poisson(
	perMinute: number,
	start: number,
	durationMs: number,
	random = Math.random
): number[] {
	const out: number[] = [];
	if (perMinute <= 0) return out;
	const meanGap = 60_000 / perMinute;
	let t = start - Math.log(1 - random()) * meanGap;
	while (t < start + durationMs) {
		out.push(t);
		t -= Math.log(1 - random()) * meanGap;
	}
	return out;
}

/**
 * Runs each action at its moment, in order of moments, with one timer at a time however many are queued. An action
 * whose moment has passed runs at once; `late` reports how far behind the generator was (its own saturation).
 */
export function schedule(items: { at: number; run: () => void }[], clock: () => number = now) {
	items.sort((a, b) => a.at - b.at);
	let next = 0;
	let timer: NodeJS.Timeout | null = null;
	let worstLateMs = 0;
	const tick = () => {
		const t = clock();
		while (next < items.length && items[next].at <= t) {
			worstLateMs = Math.max(worstLateMs, t - items[next].at);
			items[next++].run();
		}
		timer = next < items.length ? setTimeout(tick, Math.max(0, items[next].at - clock())) : null;
	};
	tick();
	return {
		/** Actions not yet started. */
		left: () => items.length - next,
		/** The most an action started after its moment. */
		worstLateMs: () => worstLateMs,
		cancel() {
			if (timer) clearTimeout(timer);
			next = items.length;
		}
	};
}

/**
 * socket.io-client's reconnection delay for attempt `n` (1-based): reconnectionDelay × 2^(n−1), ± randomizationFactor,
 * capped at reconnectionDelayMax (its defaults: 1,000 ms, 0.5, 5,000 ms), as its Backoff computes it.
 */
export function backoffMs(
	attempt: number,
	o: { delayMs?: number; maxMs?: number; jitter?: number } = {},
	random = Math.random
): number {
	const base = (o.delayMs ?? 1000) * 2 ** Math.max(0, attempt - 1);
	const jitter = o.jitter ?? 0.5;
	let ms = base;
	if (jitter) {
		const r = random();
		const deviation = Math.floor(r * jitter * base);
		ms = (Math.floor(r * 10) & 1) === 0 ? base - deviation : base + deviation;
	}
	return Math.min(ms, o.maxMs ?? 5000);
}
