import { hubClock } from './hub-clock';

/** The hub's time now (the device's clock corrected by the offset learnt from the hub). */
export const hubNow = () => hubClock.now();

/** A shared "now" that ticks, so Now/Next and session states move on without a reload. It runs on the hub's time. */
class Now {
	value = $state(hubNow());
	#timer: ReturnType<typeof setInterval> | null = null;
	#off: (() => void) | null = null;
	#users = 0;

	/** Starts ticking while at least one component uses it; returns the stop function for $effect. */
	use(intervalMs = 15_000) {
		this.value = hubNow();
		if (this.#users++ === 0) {
			this.#timer = setInterval(() => (this.value = hubNow()), intervalMs);
			// A new offset from the hub shows at once, not at the next tick.
			this.#off = hubClock.onChange(() => (this.value = hubNow()));
		}
		return () => {
			if (--this.#users === 0) {
				if (this.#timer) clearInterval(this.#timer);
				this.#off?.();
			}
		};
	}
}
export const now = new Now();
