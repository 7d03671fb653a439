/**
 * The hub's time as this device can best tell it. Every page takes the hub's `now` from its join ack and keeps the
 * offset to its own clock, corrected for half the round trip, so now/next, countdowns and a rehearsal clock agree
 * on every device whatever the device's own clock says.
 */
export class HubClock {
	#offset = 0;
	#bestRoundTrip = Infinity;
	#known = false;
	readonly #local: () => number;
	// Callbacks, not state: the ticking `now` re-reads the clock when the offset moves.
	readonly #listeners = new Set<() => void>();

	/** `local` is the device's clock (injected so tests can move it). */
	constructor(local: () => number = () => Date.now()) {
		this.#local = local;
	}

	/** Hub time minus device time, in ms (0 until the hub has answered once). */
	get offset() {
		return this.#offset;
	}

	/** Whether the hub's time has been heard at all. */
	get known() {
		return this.#known;
	}

	now(): number {
		return this.#local() + this.#offset;
	}

	/**
	 * A new connection: its samples replace the last connection's (the hub may have restarted with another clock),
	 * and the first of them is taken whatever its round trip.
	 */
	reconnected() {
		this.#bestRoundTrip = Infinity;
	}

	/**
	 * One reading: a request sent at `sentAt` (device time), answered with the hub's `hubNow`, received at
	 * `receivedAt`. The hub read its clock about half way through the round trip; within one connection the reading
	 * with the shortest round trip wins, since its midpoint is the least uncertain.
	 */
	sample(sentAt: number, hubNow: number, receivedAt: number): boolean {
		const roundTrip = receivedAt - sentAt;
		if (!Number.isFinite(hubNow) || !(roundTrip >= 0) || roundTrip > this.#bestRoundTrip) return false;
		this.#bestRoundTrip = roundTrip;
		this.#offset = Math.round(hubNow + roundTrip / 2 - receivedAt);
		this.#known = true;
		for (const listener of this.#listeners) listener();
		return true;
	}

	/** Runs `fn` whenever the offset changes; returns the unsubscribe function. */
	onChange(fn: () => void): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}
}

/** The page's one hub clock, fed by the connection's join acks. */
export const hubClock = new HubClock();
