/** When a key's updates go, beyond once per interval at most (see `createCoalescer`). */
export interface CoalescerTiming<K, V> {
	/**
	 * How long a key's updates may gather while they keep coming (never less than the interval): for a room's
	 * tally, longer the more phones it goes to. By default the interval.
	 */
	gatherMs?: (key: K, values: Map<string, V>) => number;
	/**
	 * A key whose updates stop goes without waiting out its gathering time (still never sooner than an interval after
	 * its last send): the last tally of a vote storm leaves when the votes stop. Stopped means no update for this
	 * long, and for twice the average gap between its pending updates (a steady trickle, one vote every 100 ms, has
	 * not stopped between two votes).
	 */
	quietMs?: number;
}

/**
 * How soon after a send that its gathering time made a key may go again when its updates then stop: a fraction of
 * the interval, so that the last tally of a storm whose previous one left just before the last votes is not held a
 * whole interval. A send made on a stop holds the next one back a whole interval, so the pace stays bounded.
 */
const TRAILING_SHARE = 0.25;

/**
 * Collects high-rate updates per key and sends the latest value of each field at most once per interval, so a room
 * gets a few frames a second however many votes arrive. Fan-out, not the vote, is the cost that grows.
 *
 * A key's updates go `gatherMs` after its first pending one (the interval by default), or when they stop if that
 * is sooner (`quietMs`), and never sooner than an interval after the key last went; except that the updates that
 * stop right after a send made on gathering time go a quarter of an interval after it (the end of a storm).
 *
 * `ready(key)`: whether the key's last update has left. A key that is due but not ready keeps collecting, and goes as
 * soon as it is (checked every fifth of an interval). When the fan-out falls behind (ten halls voting and upvoting at
 * once), each key then has at most one update queued, and the values a later one would have sent are merged here
 * instead of queueing behind it.
 */
export function createCoalescer<K, V>(
	flush: (key: K, values: Map<string, V>) => void,
	intervalMs: number,
	ready: (key: K) => boolean = () => true,
	timing: CoalescerTiming<K, V> = {}
) {
	interface Pending {
		values: Map<string, V>;
		/** When its first and its latest pending update came (performance.now()), and how many came. */
		first: number;
		last: number;
		count: number;
	}
	const pending = new Map<K, Pending>();
	/** When each key last went, and whether on its updates stopping, while that still holds back its next update. */
	const sentAt = new Map<K, { at: number; onStop: boolean; gap: number }>();
	/** Keys that are due, waiting for `ready`. */
	const due = new Set<K>();
	let timer: NodeJS.Timeout | null = null;
	let timerAt = Infinity;
	let retry: NodeJS.Timeout | null = null;

	const gathered = (key: K, p: Pending) =>
		p.first + Math.max(intervalMs, timing.gatherMs?.(key, p.values) ?? intervalMs);

	/** The average gap between a key's pending updates (0 for one alone). */
	const gapOf = (p: Pending) => (p.count > 1 ? (p.last - p.first) / (p.count - 1) : 0);

	function dueAt(key: K, p: Pending) {
		const gather = gathered(key, p);
		const last = sentAt.get(key);
		// The first update after a send has no spacing of its own yet: the spacing before the send stands for it.
		const gap = p.count > 1 ? gapOf(p) : (last?.gap ?? 0);
		const quiet = timing.quietMs === undefined ? Infinity : p.last + Math.max(timing.quietMs, 2 * gap);
		if (last && quiet < gather && !last.onStop) return Math.max(last.at + intervalMs * TRAILING_SHARE, quiet);
		return Math.max((last?.at ?? -Infinity) + intervalMs, Math.min(quiet, gather));
	}

	function schedule(at: number) {
		if (timer && timerAt <= at) return;
		if (timer) clearTimeout(timer);
		timerAt = at;
		timer = setTimeout(run, Math.max(0, at - performance.now()));
	}

	function run(force = false) {
		timer = null;
		timerAt = Infinity;
		const now = performance.now();
		for (const [key, { at }] of sentAt) if (at + intervalMs <= now) sentAt.delete(key);
		let next = Infinity;
		for (const [key, p] of pending) {
			if (due.has(key)) continue;
			const at = dueAt(key, p);
			// A timer may fire a little early; a millisecond either way is the same turn.
			if (force || at <= now + 1) due.add(key);
			else next = Math.min(next, at);
		}
		send(force);
		if (next !== Infinity) schedule(next);
	}

	function go(key: K, p: Pending) {
		const now = performance.now();
		due.delete(key);
		pending.delete(key);
		// Sent before its gathering time was up: its updates had stopped (or it was flushed).
		sentAt.set(key, { at: now, onStop: now + 1 < gathered(key, p), gap: gapOf(p) });
		flush(key, p.values);
	}

	function send(force = false) {
		retry = null;
		for (const key of due) {
			const p = pending.get(key);
			if (!p) due.delete(key);
			else if (force || ready(key)) go(key, p);
		}
		if (due.size) retry ??= setTimeout(send, Math.max(10, intervalMs / 5));
	}

	return {
		set(key: K, field: string, value: V) {
			const now = performance.now();
			let p = pending.get(key);
			if (!p) pending.set(key, (p = { values: new Map(), first: now, last: now, count: 0 }));
			p.values.set(field, value);
			p.last = now;
			p.count++;
			// A key already due goes with the next retry; a later update only ever moves its own time on.
			if (!due.has(key)) schedule(dueAt(key, p));
		},
		/** Sends what is pending for one key now, e.g. a poll's moving results before its final ones. */
		flushKey(key: K) {
			const p = pending.get(key);
			if (p) go(key, p);
		},
		/**
		 * Forgets one field of what is pending for a key: a newer value of it went out another way (a session's counts in
		 * the fact of an approval), and the one waiting here would arrive after it and undo it.
		 */
		unset(key: K, field: string) {
			const p = pending.get(key);
			if (!p) return;
			p.values.delete(field);
			if (!p.values.size) {
				due.delete(key);
				pending.delete(key);
			}
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
