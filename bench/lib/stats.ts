/** Milliseconds since the Unix epoch with sub-millisecond resolution, comparable across processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Summary {
	n: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
	mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

export function summarize(values: ArrayLike<number>): Summary {
	const sorted = Float64Array.from(values).sort();
	let sum = 0;
	for (let i = 0; i < sorted.length; i++) sum += sorted[i];
	return {
		n: sorted.length,
		p50: percentile(sorted, 50),
		p90: percentile(sorted, 90),
		p99: percentile(sorted, 99),
		max: sorted.length ? sorted[sorted.length - 1] : NaN,
		mean: sorted.length ? sum / sorted.length : NaN
	};
}

/** Rounds for printing: a few significant digits, no exponent. */
export function fmt(n: number | null | undefined, digits = 1): string {
	if (n === null || n === undefined || Number.isNaN(n)) return '-';
	if (!Number.isFinite(n)) return String(n);
	return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : digits });
}

export const ms = (n: number | null | undefined) =>
	n === null || n === undefined || Number.isNaN(n) ? '-' : `${fmt(n)} ms`;
export const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
export const kb = (bytes: number) => `${fmt(bytes / 1024, 2)} KB`;

/** The median of a few figures (one per round) and their range; NaN rounds (a phase that did not run) are left out. */
export interface Spread {
	median: number;
	min: number;
	max: number;
	n: number;
}

export function spread(values: readonly number[]): Spread {
	const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
	if (!v.length) return { median: NaN, min: NaN, max: NaN, n: 0 };
	const mid = v.length >> 1;
	return {
		median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2,
		min: v[0],
		max: v[v.length - 1],
		n: v.length
	};
}
