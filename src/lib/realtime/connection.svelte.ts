import { io, type Socket } from 'socket.io-client';
import {
	DEVICE_ENDPOINT,
	type Ack,
	type ClientToServer,
	type CommandInput,
	type CommandName,
	type CommandResults,
	type DeviceResponse,
	type ServerToClient,
	RESUME_FROM_JOIN
} from '$lib/protocol';
import { hubClock, type HubClock } from '$lib/agenda/hub-clock';
import { PAGE_TRANSPORTS } from './early-socket';
import { RECONNECT } from './reconnect';

/** `ended`: the hub said this page's staff sign-in is over (its link revoked, ended or expired); it stays off. */
/**
 * `ended`: the hub let a staff page go for good (its sign-in is over); `gone`: the host deleted the event. Neither
 * comes back by itself.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'gone';

/** Whether the hub let this page go for good: nothing reconnects it, and nothing more is sent. */
export const isOver = (status: ConnectionStatus) => status === 'ended' || status === 'gone';

/** How long a command waits for its ack before it counts as unanswered, unless its sender says otherwise. */
export const CALL_TIMEOUT_MS = 8000;

/** What a write waiting for `Connection.ready` came to: it may go, the sign-in is over, or no join came in time. */
export type Readiness = 'ready' | 'over' | 'timeout';

/** What asking the hub for a device id came to: its answer, or no answer at all. */
export type DeviceRenewal = DeviceResponse | { ok: false; error: 'offline' };

/** The page's own way to a device id: a same-origin POST that sets the httpOnly cookie. */
async function requestDevice(): Promise<DeviceResponse> {
	const res = await fetch(DEVICE_ENDPOINT, { method: 'POST', credentials: 'same-origin' });
	return (await res.json()) as DeviceResponse;
}

/** What `call` resolves with: the hub's ack, or a failure when none came back in time. */
export type CallResult<C extends CommandName> =
	Ack<CommandResults[C]> | { ok: false; error: 'timeout'; message?: string };

/** A client id for one write: a retry of the same write reuses it, so the hub applies it once. */
export function newClientId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(12));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The page's one socket to the hub, with its state for the connection badge. `call` sends a command and resolves
 * with the ack; a command whose ack does not come back in time resolves with a `timeout` failure.
 */
export class Connection {
	status = $state<ConnectionStatus>('connecting');
	readonly socket: Socket<ServerToClient, ClientToServer>;
	/**
	 * Writes that never went out because this page's sign-in ended while they waited for the connection (pressed
	 * offline, say): the page's banner says they were not sent, so nothing a person did is dropped without a word.
	 */
	unsent = $state(0);
	readonly #requestDevice: () => Promise<DeviceResponse>;
	/** Whether writes wait, after each (re)connection, for the page to `admit` them (see `holdWrites`). */
	#hold = false;
	#admitted = false;
	// Callbacks, not state: nothing renders them.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #waiting = new Set<() => void>();
	#renewing: Promise<DeviceRenewal> | null = null;

	/** The hub's time, learnt from each join ack (a fresh reading on every reconnect). */
	readonly clock: HubClock;

	/** By default the page's own origin; a test hands in a socket to its own hub (not yet connected). */
	constructor(
		socket?: Socket<ServerToClient, ClientToServer>,
		opts: { requestDevice?: () => Promise<DeviceResponse>; clock?: HubClock } = {}
	) {
		this.socket = socket ?? io({ transports: PAGE_TRANSPORTS, autoConnect: false, ...RECONNECT });
		this.#requestDevice = opts.requestDevice ?? requestDevice;
		this.clock = opts.clock ?? hubClock;
		// Whether this connection has heard a broadcast (its last argument a recovery offset, as socket.io-client reads
		// it) since it began. One that has not asks, when it comes back, to resume from where it joined: socket.io-client
		// would send no offset, or one kept from an earlier connection. Set from the second connection on: the first
		// sends the bare CONNECT the early socket may have sent for it already.
		let heard = false;
		this.socket.onAny((...eventAndArgs: unknown[]) => {
			if (typeof eventAndArgs.at(-1) === 'string') heard = true;
		});
		this.socket.on('connect', () => {
			if (!this.socket.recovered) heard = false;
			this.socket.auth = (send) => send(heard ? {} : { offset: RESUME_FROM_JOIN });
			this.status = 'live';
			this.clock.reconnected();
		});
		// The hub tells a page whose staff sign-in is over, then lets its socket go: the badge says so, not
		// "Reconnecting…", and the page's commands are refused at once, not after the wait for an answer.
		this.socket.on('credential:revoked', ({ reason }) => {
			this.#over(reason === 'event-deleted' ? 'gone' : 'ended');
		});
		this.socket.on('event:removed', () => this.#over('gone'));
		this.socket.on('disconnect', () => {
			this.#admitted = false;
			if (!isOver(this.status)) this.status = 'reconnecting';
		});
		this.socket.io.on('reconnect_attempt', () => {
			if (!isOver(this.status)) this.status = 'reconnecting';
		});
		// The browser knows before the socket does that the network is gone: stop sending into the void (writes wait
		// in the outbox) and come back as soon as it returns.
		if (typeof window !== 'undefined') {
			window.addEventListener('offline', () => {
				if (isOver(this.status)) return;
				this.status = 'reconnecting';
				this.socket.disconnect();
			});
			window.addEventListener('online', () => {
				if (!this.socket.connected && !isOver(this.status)) this.socket.connect();
			});
		}
	}

	connect() {
		this.socket.connect();
	}

	/** This page's staff sign-in is over (or the event is gone), found out here rather than told: it stays off. */
	end(status: 'ended' | 'gone') {
		this.#over(status);
		this.socket.disconnect();
	}

	#over(status: 'ended' | 'gone') {
		this.status = status;
		this.#wake();
	}

	/**
	 * From now on writes wait, after every (re)connection, until the page `admit`s them: a staff page whose sign-in
	 * ended while it was offline hears so only once it is back, and what was pressed meanwhile must not go out first
	 * (Socket.IO would send its buffer the moment the socket connects).
	 */
	holdWrites() {
		this.#hold = true;
	}

	/** The page's join found its sign-in standing: writes waiting for the connection may go. */
	admit() {
		this.#admitted = true;
		this.#wake();
	}

	#wake() {
		for (const check of [...this.#waiting]) check();
	}

	/** Waits, at most `timeoutMs`, until a write may go on this connection, or its sign-in is found to be over. */
	ready(timeoutMs = CALL_TIMEOUT_MS): Promise<Readiness> {
		const now = (): Readiness | null =>
			isOver(this.status)
				? 'over'
				: !this.#hold || (this.#admitted && this.socket.connected)
					? 'ready'
					: null;
		const at = now();
		if (at) return Promise.resolve(at);
		return new Promise((resolve) => {
			const settle = (r: Readiness) => {
				clearTimeout(timer);
				this.#waiting.delete(check);
				resolve(r);
			};
			const check = () => {
				const r = now();
				if (r) settle(r);
			};
			const timer = setTimeout(() => settle('timeout'), timeoutMs);
			this.#waiting.add(check);
		});
	}

	close() {
		this.socket.close();
	}

	/**
	 * Gets this browser a device id from the hub (its cookie was cleared, or never set) and reconnects, since the
	 * hub reads the id once per connection. Calls made meanwhile share the one request.
	 */
	renewDevice(): Promise<DeviceRenewal> {
		this.#renewing ??= (async (): Promise<DeviceRenewal> => {
			try {
				const res = await this.#requestDevice();
				if (res.ok) {
					this.socket.disconnect();
					this.socket.connect();
				}
				return res;
			} catch {
				return { ok: false, error: 'offline' };
			} finally {
				this.#renewing = null;
			}
		})();
		return this.#renewing;
	}

	async call<C extends CommandName>(
		name: C,
		payload: CommandInput<C>,
		timeoutMs = CALL_TIMEOUT_MS
	): Promise<CallResult<C>> {
		if (this.status === 'ended')
			return { ok: false, error: 'unauthenticated', reason: 'signin-ended' } as CallResult<C>;
		if (this.status === 'gone')
			return { ok: false, error: 'not-found', reason: 'event-not-found' } as CallResult<C>;
		try {
			// socket.io's typed emitWithAck cannot see through the mapped command type; `C` types both ends here.
			const timed = this.socket.timeout(timeoutMs) as unknown as {
				emitWithAck(ev: C, p: CommandInput<C>): Promise<Ack<CommandResults[C]>>;
			};
			const sentAt = Date.now();
			const res = await timed.emitWithAck(name, payload);
			if (name === 'event:join' && res.ok) {
				this.clock.sample(sentAt, (res.data as CommandResults['event:join']).now, Date.now());
			}
			return res;
		} catch {
			return { ok: false, error: 'timeout' };
		}
	}
}
