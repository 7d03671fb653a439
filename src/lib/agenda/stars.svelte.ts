import { getContext, setContext } from 'svelte';
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { newClientId } from '$lib/realtime/connection.svelte';
import type { LiveEvent } from './live-event.svelte';

/**
 * The sessions this device starred: kept on the device (IndexedDB) so "My agenda" opens offline, and under the
 * device id on the hub, where the private calendar feed reads them. Each star goes through the outbox, so one made
 * in a lift goes out once when the phone is back. The hub's list wins on every join, except for stars still waiting.
 */
export class Stars {
	ids = $state<string[]>([]);
	/** Path of this device's private calendar feed (`/e/CODE/my/TOKEN.ics`) once the hub has given one. */
	feedPath = $state<string | null>(null);
	/**
	 * When the hub says this device already has a live feed this page does not hold (the browser's site data was
	 * cleared, the cookie kept): since when. A calendar may still follow that address, so the page mints a new one
	 * only when asked (`renewFeed`), never by itself.
	 */
	feedElsewhere = $state<string | null>(null);
	#store: UseStore | null = null;
	// Each feed:link gives a new address and retires the last: one request at a time.
	#feeding: Promise<void> | null = null;
	readonly #ready: Promise<void>;

	constructor(private readonly live: LiveEvent) {
		this.#ready = this.#load();
	}

	async #load() {
		if (typeof indexedDB === 'undefined') return;
		try {
			this.#store = createStore(`dais-personal-${this.live.eventId}`, 'kv');
			const [ids, feed] = await Promise.all([
				get<string[]>('stars', this.#store),
				get<string>('feed', this.#store)
			]);
			// Stars toggled before the store answered are newer than what it held.
			if (ids && this.ids.length === 0) this.ids = ids;
			if (feed && !this.feedPath) this.feedPath = feed;
		} catch {
			// Private browsing may refuse IndexedDB: stars then live as long as the page (and on the hub).
			this.#store = null;
		}
	}

	/**
	 * Starts following the hub: its list as every join answers it (no request of its own), and each acknowledged
	 * star's answer.
	 */
	start() {
		const offJoin = this.live.onJoin(() => void this.#fromJoin());
		const offSettled = this.live.outbox.onSettled('star:set', (_item, res) => {
			if (res.ok) void this.#adopt(res.data.stars);
		});
		// A star toggled in another tab of this browser (which saved it on the device too).
		const offTabs = this.live.tabs.on('stars', (m) => (this.ids = m.ids));
		return () => {
			offJoin();
			offSettled();
			offTabs();
		};
	}

	has(sessionId: string) {
		return this.ids.includes(sessionId);
	}

	/** A star whose change has not reached the hub yet. */
	waiting(sessionId: string) {
		return this.live.outbox.waiting('star:set', `star:${sessionId}`).length > 0;
	}

	async toggle(sessionId: string) {
		const starred = !this.has(sessionId);
		this.ids = starred ? [...this.ids, sessionId] : this.ids.filter((id) => id !== sessionId);
		this.live.tabs.post({ type: 'stars', ids: this.ids });
		await this.#save();
		await this.live.outbox.submit('star:set', `star:${sessionId}`, {
			eventId: this.live.eventId,
			sessionId,
			starred
		});
		if (starred) void this.ensureFeed();
	}

	/**
	 * Asks the hub once for this device's private feed address (it is shown only once, so it is kept here). Only
	 * when the device has no live one: minting retires the last, which a calendar may still follow.
	 */
	ensureFeed(): Promise<void> {
		this.#feeding ??= this.#linkFeed(false).finally(() => (this.#feeding = null));
		return this.#feeding;
	}

	/** A new address on purpose, retiring the device's earlier one (the one this page cannot show). */
	async renewFeed(): Promise<void> {
		if (this.#feeding) await this.#feeding;
		this.#feeding = this.#linkFeed(true).finally(() => (this.#feeding = null));
		return this.#feeding;
	}

	async #linkFeed(renew: boolean) {
		await this.#ready;
		if (this.feedPath || !this.live.joined) return;
		if (!renew) {
			const status = await this.live.connection.call('feed:status', { eventId: this.live.eventId });
			// Unknown: mint nothing now; the next join or star asks again.
			if (!status.ok) return;
			if (status.data.active) {
				// Another tab of this browser may have just made and kept it.
				const kept = this.#store ? await get<string>('feed', this.#store).catch(() => undefined) : undefined;
				if (kept) this.feedPath = kept;
				else this.feedElsewhere = status.data.createdAt;
				return;
			}
			this.feedElsewhere = null;
		}
		const res = await this.live.connection.call('feed:link', {
			clientId: newClientId(),
			eventId: this.live.eventId
		});
		if (res.ok && res.data.path) {
			this.feedPath = res.data.path;
			this.feedElsewhere = null;
			if (this.#store) await set('feed', res.data.path, this.#store);
		}
	}

	async #fromJoin() {
		await this.#adopt(this.live.joinedStars);
		if (this.ids.length) void this.ensureFeed();
	}

	/** The hub's list, with the stars still waiting in the outbox laid over it. */
	async #adopt(hub: string[]) {
		await this.#ready;
		// A scratch set, turned into the state array below.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const next = new Set(hub);
		for (const item of this.live.outbox.waiting('star:set')) {
			const p = item.payload as { sessionId: string; starred: boolean };
			if (p.starred) next.add(p.sessionId);
			else next.delete(p.sessionId);
		}
		this.ids = [...next];
		await this.#save();
	}

	async #save() {
		if (this.#store) await set('stars', $state.snapshot(this.ids), this.#store);
	}
}

const KEY = Symbol('stars');
export const setStars = (stars: Stars) => setContext(KEY, stars);
/** The attendee's stars, or undefined on pages that have none (staff consoles). */
export const getStars = () => getContext<Stars | undefined>(KEY);
