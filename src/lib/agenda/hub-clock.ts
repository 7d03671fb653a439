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
	readonly #steady: () => number;
	// The device's clock and its steady clock at the last check (see `watch`).
	#lastLocal = NaN;
	#lastSteady = NaN;
	// Callbacks, not state: the ticking `now` re-reads the clock when the offset moves.
	readonly #listeners = new Set<() => void>();
	readonly #jumpListeners = new Set<() => void>();

	/**
	 * `local` is the device's clock, `steady` a clock nobody sets (`performance.now()`); both injected so tests can
	 * move them.
	 */
	constructor(local: () => number = () => Date.now(), steady: () => number = () => performance.now()) {
		this.#local = local;
		this.#steady = steady;
	}

	/**
	 * Looks for the device's clock being set while the page is open (the network's time correcting a phone that was
	 * hours off, a person changing it): the offset learnt from the hub was against the old setting, and Now/Next
	 * would move by the jump. The device's clock and the steady one should advance alike between two checks; when
	 * they part by more than two seconds, the hub's time goes on by the steady clock (the offset takes the jump back)
	 * and `onJump` listeners ask the hub again, whose next reading replaces this one whatever its round trip. (A phone
	 * that slept can look the same, its steady clock having stood still: that reading puts it right.) Returns whether
	 * the clock jumped.
	 */
	watch(): boolean {
		const local = this.#local();
		const steady = this.#steady();
		const jump = local - this.#lastLocal - (steady - this.#lastSteady);
		this.#lastLocal = local;
		this.#lastSteady = steady;
		if (!(Math.abs(jump) > JUMP_MS)) return false;
		this.#offset -= Math.round(jump);
		this.#bestRoundTrip = Infinity;
		for (const listener of this.#listeners) listener();
		for (const listener of this.#jumpListeners) listener();
		return true;
	}

	/** Runs `fn` when the device's clock was set while the page was open (see `watch`); returns the unsubscribe. */
	onJump(fn: () => void): () => void {
		this.#jumpListeners.add(fn);
		return () => this.#jumpListeners.delete(fn);
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

	/**
	 * A first estimate before the hub has answered a request of this page's: from the hub's time stamped in the page
	 * it served (`hubNow`, read when the page arrived at `receivedAt`, device time), or else the offset this device
	 * last heard (kept for a page opened without a network). A reading from the connection replaces it.
	 */
	estimate(offset: number) {
		if (this.#known || !Number.isFinite(offset)) return;
		this.#offset = Math.round(offset);
		for (const listener of this.#listeners) listener();
	}

	/** Runs `fn` whenever the offset changes; returns the unsubscribe function. */
	onChange(fn: () => void): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}
}

/** How far the device's clock may drift from the steady one between two checks before it counts as set. */
const JUMP_MS = 2000;

/** Where a device keeps the last offset it heard, for the next page it opens without a network. */
const SAVED = 'dais:hub-offset';

/**
 * The offset a page can tell before its connection answers: the hub stamps the time on every page it renders
 * (`data-hub-now` on <html>, read against when the page's first byte arrived); a page from a cache (the service
 * worker's shell, which carries no stamp, or the browser's cache) falls back on the offset the device last heard.
 * A phone whose clock is hours off showed "nothing is running" from its first paint until the join was answered,
 * seconds later on venue Wi-Fi, and for good when opened without a network.
 */
export function pageOffset(
	stamp: string | undefined,
	arrived: { sinceFirstByte: number; deviceNow: number } | null,
	saved: string | null
): number | null {
	const hubNow = Number(stamp);
	if (stamp && Number.isFinite(hubNow) && arrived) {
		// When the first byte came, by the device's clock (the moment the page was read, if that cannot be told).
		const since = arrived.sinceFirstByte;
		return hubNow - (arrived.deviceNow - (since >= 0 && since < 60_000 ? since : 0));
	}
	const kept = Number(saved);
	return saved !== null && Number.isFinite(kept) ? kept : null;
}

/** The page's one hub clock, fed by the connection's join acks. */
export const hubClock = new HubClock();

if (typeof document !== 'undefined') {
	try {
		const navigation = performance.getEntriesByType('navigation')[0] as
			PerformanceNavigationTiming | undefined;
		// A page from a cache transferred nothing: its stamp is as old as the copy. (Where the timing is not to be
		// had, the stamp is taken as of the moment the page was read.)
		const fresh = navigation === undefined || navigation.transferSize > 0;
		const sinceFirstByte = navigation ? performance.now() - navigation.responseStart : -1;
		const offset = pageOffset(
			document.documentElement.dataset.hubNow,
			fresh ? { sinceFirstByte, deviceNow: Date.now() } : null,
			localStorage.getItem(SAVED)
		);
		if (offset !== null) hubClock.estimate(offset);
		hubClock.onChange(() => {
			if (hubClock.known) localStorage.setItem(SAVED, String(hubClock.offset));
		});
	} catch {
		// No storage (a private window that refuses it): the page waits for the hub, as before.
	}
	// Once a second, and as a page comes back into view: a clock set while the page is open is caught at once.
	hubClock.watch();
	setInterval(() => hubClock.watch(), 1000);
	document.addEventListener('visibilitychange', () => hubClock.watch());
}
