import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { Ack, CommandInput, CommandResults } from '$lib/protocol';
import { newClientId, type Connection } from '$lib/realtime/connection.svelte';

/** The writes an attendee can make offline. Each is applied once by the hub thanks to its client id. */
export type OutboxCommand = 'question:ask' | 'question:vote' | 'poll:vote';

export interface OutboxItem<C extends OutboxCommand = OutboxCommand> {
	/** The write's client id (also its key on the device). */
	id: string;
	command: C;
	payload: CommandInput<C>;
	/** Writes with the same key replace each other while waiting (e.g. toggling one upvote twice). */
	key: string;
	createdAt: number;
}

type Result<C extends OutboxCommand> = Ack<CommandResults[C]>;

/**
 * The least time between two writes the outbox sends: the hub takes 30 frames a second per connection and cuts a
 * connection that keeps going past that, so a phone replaying an hour offline goes at 20 a second.
 */
const SEND_SPACING_MS = 50;
type Listener<C extends OutboxCommand> = (item: OutboxItem<C>, res: Result<C>) => void;

/**
 * Questions, upvotes and ballots wait here, on the device (IndexedDB), until the hub has acknowledged them. They
 * survive a reload and a dropped connection, and go out in order when the connection is back. Only an answer from
 * the hub (ok, or a definite refusal) removes an item; a timeout leaves it for the next try with the same id.
 */
export class Outbox {
	items = $state<OutboxItem[]>([]);
	#store: UseStore | null = null;
	#flushing = false;
	#lastSent = 0;
	// Callbacks, not state: nothing renders from these.
	#listeners: { [C in OutboxCommand]: Set<Listener<C>> } = {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		'question:ask': new Set(),
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		'question:vote': new Set(),
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		'poll:vote': new Set()
	};
	readonly #ready: Promise<void>;
	/** Writes to IndexedDB still on their way, so a reload can wait for them (see `settled`). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #saving = new Set<Promise<unknown>>();

	constructor(
		private readonly connection: Connection,
		eventId: string,
		private readonly canSend: () => boolean,
		/** Called when the hub wants a device id this browser does not have: the item waits until it has one. */
		private readonly onDeviceRequired: () => void = () => {}
	) {
		this.#ready = this.#load(eventId);
	}

	async #load(eventId: string) {
		if (typeof indexedDB === 'undefined') return;
		try {
			this.#store = createStore(`dais-outbox-${eventId}`, 'writes');
			const stored = (await entries<string, OutboxItem>(this.#store)).map(([, v]) => v);
			const known = this.items.map((i) => i.id);
			this.items = [...stored.filter((i) => !known.includes(i.id)), ...this.items].sort(
				(a, b) => a.createdAt - b.createdAt
			);
		} catch {
			// Private browsing may refuse IndexedDB: the outbox then lives as long as the page.
			this.#store = null;
		}
	}

	/** Called with the hub's answer to each `command` item that leaves the outbox (and to no other command's). */
	onSettled<C extends OutboxCommand>(command: C, fn: Listener<C>) {
		const set = this.#listeners[command] as Set<Listener<C>>;
		set.add(fn);
		return () => void set.delete(fn);
	}

	waiting(command: OutboxCommand, key?: string) {
		return this.items.filter((i) => i.command === command && (key === undefined || i.key === key));
	}

	/** Keeps the write on the device, then tries to deliver it (now, or when the connection is back). */
	async submit<C extends OutboxCommand>(
		command: C,
		key: string,
		payload: Omit<CommandInput<C>, 'clientId'>
	): Promise<Result<C> | null> {
		// Tracked from the call on, so `settled` waits for a write asked for a moment ago.
		const item = await this.#track(this.#keep(command, key, payload));
		return (await this.#deliver(item)) as Result<C> | null;
	}

	async #keep<C extends OutboxCommand>(command: C, key: string, payload: Omit<CommandInput<C>, 'clientId'>) {
		await this.#ready;
		const id = newClientId();
		const item = {
			id,
			command,
			key,
			createdAt: Date.now(),
			payload: { ...payload, clientId: id }
		} as OutboxItem<C>;
		// A newer write with the same key supersedes one still waiting (it was never applied).
		for (const old of this.items.filter((i) => i.key === key && i.command === command))
			await this.#remove(old.id);
		this.items = [...this.items, item];
		if (this.#store) await set(id, $state.snapshot(item), this.#store);
		return item;
	}

	/** Sends everything waiting, oldest first; stops at the first item the hub does not answer. */
	async flush() {
		await this.#ready;
		if (this.#flushing) return;
		this.#flushing = true;
		try {
			for (const item of [...this.items]) {
				if (!this.items.some((i) => i.id === item.id)) continue;
				if ((await this.#deliver(item)) === null) break;
			}
		} finally {
			this.#flushing = false;
		}
	}

	async #deliver(item: OutboxItem): Promise<Result<OutboxCommand> | null> {
		const wait = this.#lastSent + SEND_SPACING_MS - Date.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		if (!this.canSend()) return null;
		this.#lastSent = Date.now();
		const res = (await this.connection.call(item.command, item.payload as never)) as
			Result<OutboxCommand> | { ok: false; error: 'timeout' };
		if (!res.ok && res.error === 'timeout') return null;
		// Not a refusal of the write: once the browser has a device id and has reconnected, it goes again as it is.
		if (!res.ok && res.error === 'device-required') {
			this.onDeviceRequired();
			return null;
		}
		await this.#remove(item.id);
		const listeners = this.#listeners[item.command] as Set<Listener<OutboxCommand>>;
		for (const fn of listeners) fn(item, res as Result<OutboxCommand>);
		return res as Result<OutboxCommand>;
	}

	async #remove(id: string) {
		this.items = this.items.filter((i) => i.id !== id);
		if (this.#store) await this.#track(del(id, this.#store));
	}

	#track<T>(write: Promise<T>): Promise<T> {
		this.#saving.add(write);
		void write.finally(() => this.#saving.delete(write)).catch(() => {});
		return write;
	}

	/** Resolves once everything waiting is on the device (IndexedDB): from then on a reload loses nothing. */
	async settled() {
		await this.#ready;
		await Promise.allSettled([...this.#saving]);
	}
}
