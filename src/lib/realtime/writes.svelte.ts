import type { AckIssue, CommandInput, CommandName, CommandResults, ReasonParams } from '$lib/protocol';
import { failureText } from '$lib/i18n/failure-text';
import { CALL_TIMEOUT_MS, isOver, newClientId, type CallResult, type Connection } from './connection.svelte';

/** Commands that carry a client id: writes, which the hub applies once per id. */
export type WriteCommand = {
	[C in CommandName]: CommandInput<C> extends { clientId: string } ? C : never;
}[CommandName];
/** Commands without a client id: reads and subscriptions, safe to send again as they are. */
export type ReadCommand = Exclude<CommandName, WriteCommand>;

/** Every read command, spelled out so that tsc fails when the protocol adds or changes one this list does not know. */
const READS: Record<ReadCommand, true> = {
	'event:join': true,
	'presence:set': true,
	'staff:list': true,
	'audit:list': true,
	'qa:open': true,
	'qa:moderate': true,
	'qa:waiting': true,
	'poll:list': true,
	'poll:manage': true,
	'badge:summary': true,
	'star:list': true,
	'feed:status': true,
	'event:list': true,
	'event:delete': true
};
const isRead = (name: CommandName) => name in READS;

/** What a console passes: a write's input without its client id, which `Writes` adds and keeps. */
export type SendInput<C extends CommandName> = C extends WriteCommand
	? Omit<CommandInput<C>, 'clientId'>
	: CommandInput<C>;

/** Why a command did not go through: the hub's refusal, no answer in time, or a check made on the page. */
export interface WriteFailure {
	error: string;
	/** The hub's English words, for logs: pages show `failureText` of the failure instead. */
	message?: string;
	reason?: string;
	params?: ReasonParams;
	issues?: AckIssue[];
}

/** A command's result: the ack's data, or the failure with the text to show for it. */
export type Outcome<T> =
	{ ok: true; data: T } | { ok: false; error: string; message: string; issues?: AckIssue[] };

/** Where a command shows that it is on its way and why it failed; both default to the command's key. */
export interface Slots {
	busy?: string;
	error?: string;
}

interface Sent {
	name: CommandName;
	input: unknown;
	slots: Slots;
	fingerprint: string;
	clientId: string | null;
	/** True until the hub answers: a retry of an unanswered write reuses its client id. */
	unanswered: boolean;
}

/**
 * The one path a console's commands take to the hub, with their state for the controls that sent them.
 *
 * Each command has a key (`questionId:approve`, `poll:open`, `announcement:post`): pressing the control again while
 * it is on its way does nothing, and a write whose ack never came keeps its client id under its key, so pressing the
 * same control again with the same input is the same write and the hub applies it once. Nothing is optimistic: the
 * caller moves state from the ack's data, and only a refusal or a timeout is kept here, beside the control.
 */
export class Writes {
	/** Busy slot -> the key of the command on its way there. */
	busy = $state<Record<string, string>>({});
	/** Error slot -> the failure of the last command shown there; cleared when one is sent there again. */
	failures = $state<Record<string, WriteFailure>>({});
	/** The last failure anywhere, cleared whenever a command starts: for a panel with one error line. */
	latest = $state<WriteFailure | null>(null);

	// Not reactive: nothing renders the inputs kept for a retry.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #sent = new Map<string, Sent>();
	#generation = 0;

	readonly #timeoutMessage: () => string;
	/** How long a command waits for its ack before it counts as unanswered (the connection's default if unset). */
	timeoutMs: number | undefined;

	constructor(
		private readonly connection: Connection,
		opts: {
			/** The console's words for "no answer in time"; other failures show the hub's message. */
			timeoutMessage?: () => string;
			/** How long to wait for an ack (the connection's default unless given). */
			timeoutMs?: number;
		} = {}
	) {
		this.#timeoutMessage = opts.timeoutMessage ?? (() => 'timeout');
		this.timeoutMs = opts.timeoutMs;
	}

	isBusy = (slot: string) => slot in this.busy;
	/**
	 * The failure shown beside a control. None once the page's sign-in is over (or its event gone): the page's banner
	 * says why, and a press made offline before the hub could tell would read "no answer from the hub" beside it.
	 */
	failure = (slot: string): WriteFailure | null =>
		isOver(this.connection.status) ? null : (this.failures[slot] ?? null);
	/** The text to show for a failure (a timeout in the console's own words). */
	describe = (f: WriteFailure) => (f.error === 'timeout' ? this.#timeoutMessage() : failureText(f));
	message = (slot: string): string | null => {
		const f = this.failure(slot);
		return f && this.describe(f);
	};
	get latestMessage(): string | null {
		return this.latest && !isOver(this.connection.status) ? this.describe(this.latest) : null;
	}
	/** A write lost to a slow link can be sent again as it was, client id included. */
	canRetry = (key: string) => this.#sent.get(key)?.unanswered === true;

	/** Sends `name` under `key`; a write gets a client id, the same one again while its last try is unanswered. */
	async send<C extends CommandName>(
		key: string,
		name: C,
		input: SendInput<C>,
		slots: Slots = {}
	): Promise<Outcome<CommandResults[C]>> {
		const busyAt = slots.busy ?? key;
		const errorAt = slots.error ?? key;
		if (this.busy[busyAt] !== undefined) return { ok: false, error: 'busy', message: '' };
		const generation = this.#generation;
		this.busy[busyAt] = key;
		delete this.failures[errorAt];
		this.latest = null;

		const fingerprint = JSON.stringify([name, input]);
		const prior = this.#sent.get(key);
		const clientId = isRead(name)
			? null
			: prior?.unanswered && prior.fingerprint === fingerprint && prior.clientId
				? prior.clientId
				: newClientId();
		const sent: Sent = { name, input, slots, fingerprint, clientId, unanswered: true };
		this.#sent.set(key, sent);
		const payload = (clientId ? { ...input, clientId } : input) as CommandInput<C>;
		const res = await this.#call(name, payload, clientId !== null);
		sent.unanswered = !res.ok && res.error === 'timeout';

		const failure: WriteFailure | null = res.ok
			? null
			: {
					error: res.error,
					message: res.message,
					reason: 'reason' in res ? res.reason : undefined,
					params: 'params' in res ? res.params : undefined,
					issues: 'issues' in res ? res.issues : undefined
				};
		// A reset (a session switch) since this was sent: its answer no longer belongs on screen.
		if (generation === this.#generation) {
			if (this.busy[busyAt] === key) delete this.busy[busyAt];
			if (failure) {
				this.failures[errorAt] = failure;
				this.latest = failure;
			}
		}
		if (res.ok) return { ok: true, data: res.data };
		return { ok: false, error: res.error, message: this.describe(res), issues: failure?.issues };
	}

	/**
	 * Sends a command; a write first waits for the connection to take it (a staff page's sign-in confirmed after a
	 * reconnection), within the same time as its ack. One whose sign-in ended meanwhile is not sent, and counted.
	 */
	async #call<C extends CommandName>(
		name: C,
		payload: CommandInput<C>,
		write: boolean
	): Promise<CallResult<C>> {
		const timeout = this.timeoutMs ?? CALL_TIMEOUT_MS;
		const started = Date.now();
		const readiness = write ? await this.connection.ready(timeout) : 'ready';
		if (readiness === 'timeout') return { ok: false, error: 'timeout' };
		if (readiness === 'over') this.connection.unsent++;
		return this.connection.call(name, payload, Math.max(1, timeout - (Date.now() - started)));
	}

	/** Sends the last input under `key` again (after a timeout, as the same write). */
	retry(key: string) {
		const sent = this.#sent.get(key);
		if (!sent) return Promise.resolve(null);
		return this.send(key, sent.name, sent.input as SendInput<CommandName>, sent.slots);
	}

	/** Shows a failure found on the page (e.g. an invalid number) where the hub's would show. */
	fail(slot: string, failure: WriteFailure) {
		this.failures[slot] = failure;
		this.latest = failure;
	}

	clear(slot: string) {
		delete this.failures[slot];
	}

	/** Forgets every busy control and failure, e.g. on a session switch; answers still on their way are dropped. */
	reset() {
		this.#generation++;
		this.busy = {};
		this.failures = {};
		this.latest = null;
	}

	/** One control's command, for a component that sends one kind of command from one place. */
	command<C extends CommandName>(name: C, key: string = name): Command<C> {
		return new Command(this, name, key);
	}
}

/** A control bound to one command and key: busy, its failure, and a retry, all kept by its `Writes`. */
export class Command<C extends CommandName> {
	constructor(
		private readonly writes: Writes,
		readonly name: C,
		readonly key: string
	) {}

	get busy() {
		return this.writes.isBusy(this.key);
	}
	get failure() {
		return this.writes.failure(this.key);
	}
	get canRetry() {
		return this.failure?.error === 'timeout' && this.writes.canRetry(this.key);
	}

	/** Resolves with the ack's data, or null (the failure is then in `failure`). */
	async send(input: SendInput<C>): Promise<CommandResults[C] | null> {
		const res = await this.writes.send(this.key, this.name, input);
		return res.ok ? res.data : null;
	}

	async retry(): Promise<CommandResults[C] | null> {
		const res = await this.writes.retry(this.key);
		return res?.ok ? (res.data as CommandResults[C]) : null;
	}

	fail(failure: WriteFailure) {
		this.writes.fail(this.key, failure);
	}

	clear() {
		this.writes.clear(this.key);
	}
}
