import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { MyQuestion } from '$lib/protocol';

/**
 * A copy, on this phone only, of the questions it asked in an event (text, session, last state it heard), so that
 * "Your questions" still holds them after the browser's cookies are cleared: the hub knows a phone only by its device
 * cookie, and a new cookie is a new, unrelated device to it. Nothing of this goes to the hub, which never learns that
 * two device ids were one phone, and it grants nothing: the questions stay the old device's on the hub (no edit, no
 * claim). A phone whose site data is cleared too loses this copy with everything else it kept.
 */
export class KeptQuestions {
	list = $state<MyQuestion[]>([]);
	#store: UseStore | null = null;
	#loaded: Promise<void> | null = null;

	constructor(private readonly eventId: string) {}

	#open() {
		if (this.#store || typeof indexedDB === 'undefined') return this.#store;
		try {
			this.#store = createStore(`dais-asked-${this.eventId}`, 'questions');
		} catch {
			// Private browsing may refuse IndexedDB: the page then shows what the hub knows, as before.
			this.#store = null;
		}
		return this.#store;
	}

	/** Reads the phone's copy once; later calls wait for the same read. */
	load() {
		this.#loaded ??= (async () => {
			const store = this.#open();
			if (!store) return;
			try {
				const stored = (await entries<string, MyQuestion>(store)).map(([, q]) => q);
				const known = this.list.map((q) => q.id);
				this.list = [...this.list, ...stored.filter((q) => !known.includes(q.id))];
			} catch {
				// An unreadable store: the page shows what the hub knows.
			}
		})();
		return this.#loaded;
	}

	/** Keeps (or updates) a question this phone asked, as the hub last described it. */
	remember(q: MyQuestion) {
		const kept: MyQuestion = {
			id: q.id,
			sessionId: q.sessionId,
			text: q.text,
			state: q.state,
			createdAt: q.createdAt
		};
		const i = this.list.findIndex((x) => x.id === q.id);
		if (i >= 0) {
			const old = this.list[i];
			if (old.state === kept.state && old.text === kept.text) return;
			this.list[i] = kept;
		} else this.list.push(kept);
		const store = this.#open();
		if (store) void set(kept.id, kept, store).catch(() => {});
	}

	/** Takes a question off this phone (the hub keeps it, as it keeps every question). */
	forget(id: string) {
		this.list = this.list.filter((q) => q.id !== id);
		const store = this.#open();
		if (store) void del(id, store).catch(() => {});
	}
}
