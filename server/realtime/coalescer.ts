/**
 * Collects high-rate updates per key and flushes the latest value of each at most once per interval, so a room
 * gets a few frames a second however many votes arrive. Fan-out, not the vote, is the cost that grows.
 *
 * `ready(key)`: whether the key's last update has left. A key whose interval has passed but is not ready keeps
 * collecting, and goes as soon as it is (checked every fifth of an interval). When the fan-out falls behind (ten halls
 * voting and upvoting at once), each key then has at most one update queued, and the values a later one would have
 * sent are merged here instead of queueing behind it.
 */
export function createCoalescer<K, V>(
	flush: (key: K, values: Map<string, V>) => void,
	intervalMs: number,
	ready: (key: K) => boolean = () => true
) {
	const pending = new Map<K, Map<string, V>>();
	/** Keys whose interval has passed, waiting for `ready`. */
	const due = new Set<K>();
	let timer: NodeJS.Timeout | null = null;
	let retry: NodeJS.Timeout | null = null;

	function run(force = false) {
		timer = null;
		for (const key of pending.keys()) due.add(key);
		send(force);
	}

	function send(force = false) {
		retry = null;
		for (const key of due) {
			const values = pending.get(key);
			if (!values) due.delete(key);
			else if (force || ready(key)) {
				due.delete(key);
				pending.delete(key);
				flush(key, values);
			}
		}
		if (due.size) retry ??= setTimeout(send, Math.max(10, intervalMs / 5));
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
			due.delete(key);
			flush(key, values);
		},
		/** Forgets what is pending for one key; whether there was anything (its sender sends the latest state itself). */
		drop(key: K): boolean {
			due.delete(key);
			return pending.delete(key);
		},
		/** Sends what is pending now, ready or not (used on shutdown). */
		flush() {
			if (timer) clearTimeout(timer);
			if (retry) clearTimeout(retry);
			run(true);
		}
	};
}
