/**
 * Facts that arrive while a page's state is being fetched. The hub joins the socket to the room before it reads the
 * state, so a change committed meanwhile is either in the answer or reaches the page as a fact, possibly before the
 * answer. Each such fact is applied at once (to what the page shows now) and again on top of the answer, so none is
 * lost when the answer replaces the state. Facts carry whole values, so applying one twice changes nothing.
 */
export class CatchUp {
	/** The fetches in flight, each with the facts that came during it. */
	readonly #fetches = new Set<(() => void)[]>();
	/** True while facts held during a fetch are applied again: what they say was news when they first came. */
	replaying = false;

	/** Wraps a fact listener so that a fact arriving during a fetch is applied again after its answer. */
	listener<A extends unknown[]>(apply: (...args: A) => void): (...args: A) => void {
		return (...args: A) => {
			for (const held of this.#fetches) held.push(() => apply(...args));
			apply(...args);
		};
	}

	/**
	 * Runs `fetch`; when `take` accepts its answer (and has put it in place), applies again each fact that came
	 * meanwhile, in the order it came.
	 */
	async fetch<R>(fetch: () => Promise<R>, take: (answer: R) => boolean): Promise<R> {
		const held: (() => void)[] = [];
		this.#fetches.add(held);
		let answer: R;
		try {
			answer = await fetch();
		} finally {
			this.#fetches.delete(held);
		}
		if (take(answer)) {
			this.replaying = true;
			try {
				for (const apply of held) apply();
			} finally {
				this.replaying = false;
			}
		}
		return answer;
	}
}
