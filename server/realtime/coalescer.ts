/**
 * Collects high-rate updates per key and flushes the latest value of each at most once per interval, so a room
 * gets a few frames a second however many votes arrive. Fan-out, not the vote, is the cost that grows.
 */
export function createCoalescer<K, V>(flush: (key: K, values: Map<string, V>) => void, intervalMs: number) {
	const pending = new Map<K, Map<string, V>>();
	let timer: NodeJS.Timeout | null = null;

	function run() {
		timer = null;
		const batch = [...pending];
		pending.clear();
		for (const [key, values] of batch) flush(key, values);
	}

	return {
		set(key: K, field: string, value: V) {
			let m = pending.get(key);
			if (!m) pending.set(key, (m = new Map()));
			m.set(field, value);
			timer ??= setTimeout(run, intervalMs);
		},
		/** Sends what is pending for one key now, e.g. a poll's moving results before its final ones. */
		flushKey(key: K) {
			const values = pending.get(key);
			if (!values) return;
			pending.delete(key);
			flush(key, values);
		},
		/** Forgets what is pending for one key; whether there was anything (its sender sends the latest state itself). */
		drop(key: K): boolean {
			return pending.delete(key);
		},
		/** Sends what is pending now (used on shutdown). */
		flush() {
			if (timer) clearTimeout(timer);
			run();
		}
	};
}
