/** A shared "now" that ticks, so Now/Next and session states move on without a reload. */
class Now {
	value = $state(Date.now());
	#timer: ReturnType<typeof setInterval> | null = null;
	#users = 0;

	/** Starts ticking while at least one component uses it; returns the stop function for $effect. */
	use(intervalMs = 15_000) {
		this.value = Date.now();
		if (this.#users++ === 0) this.#timer = setInterval(() => (this.value = Date.now()), intervalMs);
		return () => {
			if (--this.#users === 0 && this.#timer) clearInterval(this.#timer);
		};
	}
}
export const now = new Now();
