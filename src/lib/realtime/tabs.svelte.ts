import type { BallotAnswer, MyQuestion } from '$lib/protocol';

/**
 * What one tab tells the others of the same browser: each is a fact the hub has acknowledged to this device (the
 * hub answers only the socket that asked), or a change to the device's outbox in IndexedDB.
 */
export type TabMessage =
	| { type: 'outbox' }
	| { type: 'ballot'; pollId: string; answer: BallotAnswer }
	| { type: 'upvote'; questionId: string; votes: number; voted: boolean }
	| { type: 'asked'; question: MyQuestion }
	| { type: 'stars'; ids: string[] }
	| { type: 'verified' };

type Listener<T extends TabMessage['type']> = (message: Extract<TabMessage, { type: T }>) => void;

/**
 * The tabs of one browser open on one event, kept in step over a `BroadcastChannel`. A message reaches every other
 * tab, never the sender; where the browser has no BroadcastChannel a tab simply hears nothing.
 */
export class Tabs {
	#channel: BroadcastChannel | null;
	// Callbacks, not state: nothing renders from this set.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #listeners = new Set<(m: TabMessage) => void>();

	constructor(eventId: string) {
		this.#channel =
			typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`dais-tabs-${eventId}`);
		this.#channel?.addEventListener('message', (e: MessageEvent<TabMessage>) => {
			if (!e.data || typeof e.data !== 'object' || typeof e.data.type !== 'string') return;
			for (const fn of this.#listeners) fn(e.data);
		});
	}

	/** Tells the other tabs (state proxies are unwrapped: a channel can only carry plain data). */
	post(message: TabMessage) {
		this.#channel?.postMessage($state.snapshot(message));
	}

	/** Calls `fn` with every `type` message from another tab; returns the unsubscribe. */
	on<T extends TabMessage['type']>(type: T, fn: Listener<T>): () => void {
		const listener = (m: TabMessage) => {
			if (m.type === type) fn(m as Extract<TabMessage, { type: T }>);
		};
		this.#listeners.add(listener);
		return () => void this.#listeners.delete(listener);
	}

	/** Stops hearing and telling: a message posted after (a late answer to a closed page) goes nowhere. */
	close() {
		this.#channel?.close();
		this.#channel = null;
		this.#listeners.clear();
	}
}
