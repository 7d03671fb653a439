/**
 * Missed and duplicated facts in the reconnect storm. A fact is a poll-results frame, known by its ballot count
 * (it only rises). The never-dropped reference clients define which facts went out and when each was first seen;
 * every dropped client must end with each of them exactly once, live or replayed by connection state recovery,
 * unless a snapshot it re-joined with already covered it.
 */

/** What one client received: the first arrival of each fact and how many times it came. */
export class FactLedger {
	readonly firstAt = new Map<number, number>();
	readonly times = new Map<number, number>();
	/** A re-join's snapshot holds every fact up to this ballot count (as of `coveredAt`). */
	coveredUpTo = -Infinity;
	coveredAt = NaN;

	note(key: number, t: number) {
		if (!this.firstAt.has(key)) this.firstAt.set(key, t);
		this.times.set(key, (this.times.get(key) ?? 0) + 1);
	}

	cover(upTo: number, t: number) {
		if (upTo > this.coveredUpTo) {
			this.coveredUpTo = upTo;
			this.coveredAt = t;
		}
	}
}

/** The reference: each fact's first arrival at any never-dropped client. */
export function referenceOf(ledgers: Iterable<FactLedger>): Map<number, number> {
	const ref = new Map<number, number>();
	for (const l of ledgers)
		for (const [k, t] of l.firstAt) if (!(t >= (ref.get(k) ?? Infinity))) ref.set(k, t);
	return ref;
}

export interface FactAccount {
	missed: number;
	duplicated: number;
	/**
	 * When the client held every fact that had gone out by the time it was back (`backAt`): NaN if it never did.
	 * A client is in sync from then on, as long as the later facts reach it live (counted as missed otherwise).
	 */
	syncedAt: number;
}

export function account(reference: Map<number, number>, client: FactLedger, backAt: number): FactAccount {
	let missed = 0;
	let duplicated = 0;
	let syncedAt = backAt;
	for (const [key, emittedAt] of reference) {
		const got = client.firstAt.get(key);
		const covered = key <= client.coveredUpTo;
		if (got === undefined && !covered) {
			missed++;
			if (emittedAt <= backAt) syncedAt = NaN;
			continue;
		}
		const heldAt = covered ? Math.min(got ?? Infinity, client.coveredAt) : got!;
		if (emittedAt <= backAt) syncedAt = Math.max(syncedAt, heldAt);
	}
	for (const n of client.times.values()) if (n > 1) duplicated += n - 1;
	return { missed, duplicated, syncedAt };
}
