import { excerpt as cut } from './excerpt';
/** What the live region says at once: one or more messages, each its own paragraph (a pause between them). */
export interface Announcement {
	/** A new id makes a screen reader read even the same words again. */
	id: number;
	items: string[];
}

export interface AnnouncerOptions {
	/** How long the first message of a burst waits for others to join it. */
	gatherMs?: number;
	/** The least time between two announcements: a burst after one waits, and is merged, until then. */
	minGapMs?: number;
	/** Messages read out in full in one announcement; the rest are counted ("and 3 more updates"). */
	maxItems?: number;
	/** The line that counts the messages left out. */
	more?: (count: number) => string;
	now?: () => number;
}

/**
 * What the page's polite live region says. Parts of the page hand it short sentences as facts arrive (a question
 * published, a poll opened, a session delayed); it merges a burst into one announcement and says at most one every
 * `minGapMs`, so a busy session never floods a screen reader. Vote counts are never handed to it.
 */
export class Announcer {
	current = $state<Announcement | null>(null);
	#pending: string[] = [];
	#timer: ReturnType<typeof setTimeout> | null = null;
	#last = -Infinity;
	#count = 0;
	readonly #gatherMs: number;
	readonly #minGapMs: number;
	readonly #maxItems: number;
	readonly #more: (count: number) => string;
	readonly #now: () => number;

	constructor(o: AnnouncerOptions = {}) {
		this.#gatherMs = o.gatherMs ?? 1000;
		this.#minGapMs = o.minGapMs ?? 4000;
		this.#maxItems = o.maxItems ?? 3;
		this.#more = o.more ?? ((n) => `+${n}`);
		this.#now = o.now ?? Date.now;
	}

	/** How many announcements have been made (the live region's changes), for tests and the region's markup. */
	get count() {
		return this.#count;
	}

	announce(text: string) {
		const t = text.trim();
		if (!t || this.#pending.includes(t)) return;
		this.#pending.push(t);
		if (this.#timer) return;
		const wait = Math.max(this.#gatherMs, this.#last + this.#minGapMs - this.#now());
		this.#timer = setTimeout(() => this.#flush(), wait);
	}

	/**
	 * Takes back a message that no longer holds (a poll announced as open has closed): it is not said if it still
	 * waits, and leaves the live region if it is there, so a screen reader that reads the region later does not find
	 * it. The rest of the announcement stays, and nothing is read out again (a removal is not news to a live region).
	 */
	retract(text: string) {
		const t = text.trim();
		this.#pending = this.#pending.filter((x) => x !== t);
		if (!this.#pending.length && this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = null;
		}
		const c = this.current;
		if (!c?.items.includes(t)) return;
		// The same id: the region's count of announcements stays, and what is left is not read again.
		this.current = { id: c.id, items: c.items.filter((x) => x !== t) };
	}

	#flush() {
		this.#timer = null;
		const items = this.#pending.splice(0);
		if (!items.length) return;
		const shown = items.length > this.#maxItems ? items.slice(0, this.#maxItems - 1) : items;
		const rest = items.length - shown.length;
		this.#last = this.#now();
		this.current = { id: ++this.#count, items: rest ? [...shown, this.#more(rest)] : shown };
	}

	/** Says nothing more of what was said or waits to be (it no longer holds, e.g. the page's sign-in is over). */
	clear() {
		this.destroy();
		this.current = null;
	}

	/** Drops what is waiting (the page is going away). */
	destroy() {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#pending = [];
	}
}

/** A long text cut to what is worth hearing in an announcement (a question can run to 300 characters). */
export const excerpt = (text: string, max = 120) => cut(text, max);
