import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { Ack, CommandInput, CommandResults, ReasonParams } from '$lib/protocol';
import { newClientId, type Connection } from '$lib/realtime/connection.svelte';
import type { Tabs } from '$lib/realtime/tabs.svelte';

/** The writes an attendee can make offline. Each is applied once by the hub thanks to its client id. */
export type OutboxCommand = 'question:ask' | 'question:vote' | 'question:withdraw' | 'poll:vote' | 'star:set';

/** The hub's definite "no" to a write, kept with the write so the person can see why. */
export interface Refusal {
	error: string;
	/** The hub's English words (for logs); the page shows `failureText` of the refusal. */
	message?: string;
	reason?: string;
	params?: ReasonParams;
}

export interface OutboxItem<C extends OutboxCommand = OutboxCommand> {
	/** The write's client id (also its key on the device). */
	id: string;
	command: C;
	payload: CommandInput<C>;
	/** Writes with the same key replace each other while waiting (e.g. toggling one upvote twice). */
	key: string;
	createdAt: number;
	/** The hub refused it: it stays here, not sent again, until the person edits, retries or discards it. */
	refused?: Refusal;
	/** The hub asked it to wait (rate-limited): sent again by itself at this time (ms since the epoch). */
	retryAt?: number;
}

type Result<C extends OutboxCommand> = Ack<CommandResults[C]>;

/**
 * The least time between two writes the outbox sends: the hub takes 30 frames a second per connection and cuts a
 * connection that keeps going past that, so a phone replaying an hour offline goes at 20 a second.
 */
const SEND_SPACING_MS = 50;
type Listener<C extends OutboxCommand> = (item: OutboxItem<C>, res: Result<C>) => void;

/** What a person typed stays after a refusal; a refused upvote is only a tap and is dropped (its panel says why). */
const KEEP_REFUSED: Record<OutboxCommand, boolean> = {
	'question:ask': true,
	'poll:vote': true,
	'question:vote': false,
	// the question stays on the hub, and its panel says why
	'question:withdraw': false,
	// a star is a tap too, and the device keeps its own list
	'star:set': false
};
/** When a rate-limited answer says nothing about the wait. */
const DEFAULT_WAIT_MS = 10_000;
/** Sent a little after the hub's window ends, so the resend is not refused again by a rounding of clocks. */
const WAIT_MARGIN_MS = 300;

/**
 * Questions, upvotes and ballots wait here, on the device (IndexedDB), until the hub has acknowledged them. They
 * survive a reload and a dropped connection, and go out in order when the connection is back. A timeout leaves an
 * item for the next try with the same id; "wait" (rate-limited) schedules that try by itself; a refusal keeps a
 * question or ballot, marked with the reason, until the person acts. Only an acceptance, or the person, removes one.
 */
export class Outbox {
	items = $state<OutboxItem[]>([]);
	/** The clock countdowns read; it ticks each second while an item waits for its retry time. */
	now = $state(Date.now());
	#store: UseStore | null = null;
	#flushing = false;
	#lastSent = 0;
	#again = false;
	/** Bumped by every change to `items`, so a reload from IndexedDB never applies a list older than a change. */
	#version = 0;
	#reloads = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#ticker: ReturnType<typeof setInterval> | null = null;
	// Callbacks, not state: nothing renders from these.
	#listeners: { [C in OutboxCommand]: Set<Listener<C>> } = {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		'question:ask': new Set(),
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		'question:vote': new Set(),
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		'question:withdraw': new Set(),
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		'poll:vote': new Set(),
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		'star:set': new Set()
	};
	readonly #ready: Promise<void>;
	readonly #lockName: string;
	readonly #offTabs: () => void;
	/** Writes to IndexedDB still on their way, so a reload can wait for them (see `settled`). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #saving = new Set<Promise<unknown>>();

	constructor(
		private readonly connection: Connection,
		eventId: string,
		private readonly canSend: () => boolean,
		/** Called when the hub wants a device id this browser does not have: the item waits until it has one. */
		private readonly onDeviceRequired: () => void = () => {},
		private readonly tabs: Tabs | null = null
	) {
		this.#ready = this.#open(eventId);
		this.#lockName = `dais-outbox-${eventId}`;
		// Another tab of this browser changed the device's outbox: read it again so both show the same.
		this.#offTabs = tabs?.on('outbox', () => void this.#reload()) ?? (() => {});
	}

	async #open(eventId: string) {
		if (typeof indexedDB === 'undefined') return;
		try {
			this.#store = createStore(`dais-outbox-${eventId}`, 'writes');
			const stored = (await entries<string, OutboxItem>(this.#store)).map(([, v]) => v);
			const known = this.items.map((i) => i.id);
			this.items = [...stored.filter((i) => !known.includes(i.id)), ...this.items].sort(byAge);
		} catch {
			// Private browsing may refuse IndexedDB: the outbox then lives as long as the page.
			this.#store = null;
		}
		this.#schedule();
	}

	async #reload() {
		await this.#ready;
		if (!this.#store) return;
		// A read that a newer change overtook (here or in another tab's later message) would bring back a stale
		// list: read again until no change happened meanwhile.
		const seq = ++this.#reloads;
		for (;;) {
			const version = this.#version;
			const stored = (await entries<string, OutboxItem>(this.#store)).map(([, v]) => v);
			// A later reload started meanwhile: it reads a newer list and applies that one.
			if (seq !== this.#reloads) return;
			if (version !== this.#version) continue;
			this.items = stored.sort(byAge);
			this.#schedule();
			return;
		}
	}

	/** Called with the hub's answer to each `command` item it accepts or refuses (and to no other command's). */
	onSettled<C extends OutboxCommand>(command: C, fn: Listener<C>) {
		const set = this.#listeners[command] as Set<Listener<C>>;
		set.add(fn);
		return () => void set.delete(fn);
	}

	/** The items of `command` (and `key`) still on the device: waiting, scheduled or refused. */
	waiting(command: OutboxCommand, key?: string) {
		return this.items.filter((i) => i.command === command && (key === undefined || i.key === key));
	}

	/** Whole seconds until a rate-limited item is sent again by itself (null when it is not scheduled). */
	secondsLeft(item: OutboxItem): number | null {
		return item.retryAt === undefined ? null : Math.max(0, Math.ceil((item.retryAt - this.now) / 1000));
	}

	/** Keeps the write on the device, then tries to deliver it (now, or when the connection is back). */
	async submit<C extends OutboxCommand>(
		command: C,
		key: string,
		payload: Omit<CommandInput<C>, 'clientId'>
	): Promise<Result<C> | null> {
		// Tracked from the call on, so `settled` waits for a write asked for a moment ago.
		const item = await this.#track(this.#keep(command, key, payload));
		return (await this.#exclusive(() => this.#deliver(item))) as Result<C> | null;
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
		this.#version++;
		await this.#save(item);
		return item;
	}

	/** Sends a refused or scheduled item again now, as the same write (same client id). */
	async retry(id: string) {
		await this.#ready;
		const item = this.items.find((i) => i.id === id);
		if (!item) return null;
		const again = { ...item, refused: undefined, retryAt: undefined };
		this.#replace(again);
		await this.#save(again);
		return this.#exclusive(() => this.#deliver(again));
	}

	/** Replaces a refused item with an edited write (a new client id: it is a different write). */
	async edit<C extends OutboxCommand>(id: string, changes: Partial<Omit<CommandInput<C>, 'clientId'>>) {
		await this.#ready;
		const item = this.items.find((i) => i.id === id) as OutboxItem<C> | undefined;
		if (!item) return null;
		const { clientId: _old, ...payload } = { ...item.payload, ...changes };
		return this.submit(item.command, item.key, payload as Omit<CommandInput<C>, 'clientId'>);
	}

	/**
	 * The hub says it has applied the write with this client id (its news to this device, which may come before the
	 * answer, or instead of an answer lost with a connection): the item leaves the device, as if answered here.
	 */
	async applied(id: string) {
		await this.#ready;
		if (this.items.some((i) => i.id === id)) await this.#remove(id);
	}

	/** The person gives up on an item: it leaves the device unsent. */
	async discard(id: string) {
		await this.#ready;
		await this.#remove(id);
	}

	/** Sends everything due, oldest first; skips refused and scheduled items; stops at the first unanswered one. */
	async flush() {
		await this.#ready;
		if (this.#flushing) {
			// Asked while a flush runs (a retry came due): run once more after it rather than miss it.
			this.#again = true;
			return;
		}
		this.#flushing = true;
		this.#again = false;
		try {
			await this.#exclusive(() => this.#flushNow());
		} finally {
			this.#flushing = false;
			this.#schedule();
		}
		if (this.#again) await this.flush();
	}

	/**
	 * One tab of the browser sends at a time (Web Locks), and reads the device's outbox first: another tab may have
	 * just delivered an item, and two tabs sending it at once would each have to reconcile the other's answer.
	 */
	async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
		if (typeof navigator === 'undefined' || !navigator.locks) return fn();
		return navigator.locks.request(this.#lockName, async () => {
			await this.#reload();
			return fn();
		});
	}

	async #flushNow() {
		for (const item of [...this.items]) {
			const current = this.items.find((i) => i.id === item.id);
			if (!current || current.refused || (current.retryAt ?? 0) > Date.now()) continue;
			if ((await this.#deliver(current)) === null) break;
		}
	}

	/** Stops the timers (a page that goes away); what is stored stays for the next visit. */
	close() {
		if (this.#timer) clearTimeout(this.#timer);
		if (this.#ticker) clearInterval(this.#ticker);
		this.#timer = this.#ticker = null;
		this.#offTabs();
	}

	async #deliver(item: OutboxItem): Promise<Result<OutboxCommand> | null> {
		const wait = this.#lastSent + SEND_SPACING_MS - Date.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		if (!this.canSend()) return null;
		this.#lastSent = Date.now();
		const res = (await this.connection.call(item.command, item.payload as never)) as
			Result<OutboxCommand> | { ok: false; error: 'timeout'; retryAfterMs?: undefined; message?: string };
		if (!res.ok && res.error === 'timeout') return null;
		// Not a refusal of the write: once the browser has a device id and has reconnected, it goes again as it is.
		if (!res.ok && res.error === 'device-required') {
			this.onDeviceRequired();
			return null;
		}
		const listeners = this.#listeners[item.command] as Set<Listener<OutboxCommand>>;
		// Answered meanwhile in another tab, known applied from the hub's news, or discarded by the person: nothing
		// left to mark, but an acceptance is still told (the page's copy of what the hub has is kept from it).
		if (!this.items.some((i) => i.id === item.id)) {
			if (res.ok) for (const fn of listeners) fn(item, res as Result<OutboxCommand>);
			return res as Result<OutboxCommand>;
		}
		if (res.ok) await this.#remove(item.id);
		else if (res.error === 'rate-limited') {
			const retryAt = Date.now() + (res.retryAfterMs ?? DEFAULT_WAIT_MS) + WAIT_MARGIN_MS;
			await this.#update({ ...item, retryAt, refused: undefined });
		} else if (KEEP_REFUSED[item.command]) {
			const refused: Refusal = {
				error: res.error,
				...(res.message ? { message: res.message } : {}),
				...('reason' in res && res.reason ? { reason: res.reason } : {}),
				...('params' in res && res.params ? { params: res.params } : {})
			};
			await this.#update({ ...item, refused, retryAt: undefined });
		} else await this.#remove(item.id);
		for (const fn of listeners) fn(item, res as Result<OutboxCommand>);
		return res as Result<OutboxCommand>;
	}

	async #update(item: OutboxItem) {
		this.#replace(item);
		await this.#save(item);
		this.#schedule();
	}

	#replace(item: OutboxItem) {
		this.items = this.items.map((i) => (i.id === item.id ? item : i));
		this.#version++;
	}

	async #save(item: OutboxItem) {
		if (this.#store) await this.#track(set(item.id, $state.snapshot(item), this.#store));
		this.tabs?.post({ type: 'outbox' });
	}

	async #remove(id: string) {
		this.items = this.items.filter((i) => i.id !== id);
		this.#version++;
		if (this.#store) await this.#track(del(id, this.#store));
		this.tabs?.post({ type: 'outbox' });
		this.#schedule();
	}

	/** One timer for the earliest scheduled retry, and a one-second tick for the countdowns while any is pending. */
	#schedule() {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		// An item already due waits for the next flush (the next join, if it could not be sent just now).
		const now = Date.now();
		const due = this.items
			.filter((i) => !i.refused && i.retryAt !== undefined && i.retryAt > now)
			.map((i) => i.retryAt!);
		if (due.length === 0) {
			if (this.#ticker) clearInterval(this.#ticker);
			this.#ticker = null;
			return;
		}
		this.now = now;
		this.#ticker ??= setInterval(() => (this.now = Date.now()), 1000);
		const next = Math.min(...due);
		this.#timer = setTimeout(() => void this.#due(next), next - now);
	}

	/** The wait is over for the items scheduled up to `until`: they are due now, whatever the device's clock says. */
	async #due(until: number) {
		for (const item of this.items.filter((i) => !i.refused && i.retryAt !== undefined && i.retryAt <= until))
			await this.#update({ ...item, retryAt: undefined });
		await this.flush();
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

const byAge = (a: OutboxItem, b: OutboxItem) => a.createdAt - b.createdAt;
