import { OPEN, RawWebSocket } from './raw-ws';
import { now } from './stats';
import { RESUME_FROM_JOIN } from '../../src/lib/protocol/recovery';

/**
 * A lightweight Socket.IO client: the Engine.IO v4 / Socket.IO v5 wire protocol spoken directly over a bare WebSocket
 * (`raw-ws.ts`), so one process can hold thousands of attendees. It answers pings, acks, and connection state recovery (pid + offset).
 */

export interface AckResult {
	ok: boolean;
	/** The error code of a failed ack, or 'timeout' / 'disconnected' when none came. */
	error?: string;
	/** Parsed only when asked for (join acks carry the whole event snapshot). */
	data?: unknown;
	/** When the ack arrived. */
	t: number;
	/** The ack frame's length (the reply's JSON), when the client can tell. */
	bytes?: number;
}

/** The payload of an event frame, parsed on demand (and once per process for a broadcast every client gets). */
export type Lazy = () => unknown;
export type EventListener = (name: string, payload: Lazy, t: number) => void;

const cache = new Map<string, unknown[]>();
/** Every client in a room receives the same frame text, so parse it once per process. */
function parseFrame(json: string): unknown[] {
	let v = cache.get(json);
	if (!v) {
		if (cache.size > 512) cache.clear();
		v = JSON.parse(json) as unknown[];
		cache.set(json, v);
	}
	return v;
}

export interface WireClientOptions {
	url: string;
	cookie: string;
	localAddress?: string;
}

export class WireClient {
	ws: RawWebSocket | null = null;
	connected = false;
	/** The last connect was a recovery: the hub kept this session and replays what it missed. */
	recovered = false;
	/** Socket.IO event frames received (broadcasts and direct emits). */
	frames = 0;
	pid: string | null = null;
	offset: string | null = null;
	onEvent: EventListener = () => {};
	onDisconnect: (reason: string) => void = () => {};
	private nextAck = 0;
	private pending = new Map<
		number,
		{ resolve: (r: AckResult) => void; parse: boolean; timer: NodeJS.Timeout }
	>();
	private connecting: { resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null =
		null;

	constructor(private readonly opts: WireClientOptions) {}

	/** Opens the websocket and connects to the main namespace; with a pid and offset kept, asks for recovery. */
	connect(timeoutMs = 30_000): Promise<void> {
		if (this.ws) this.terminate();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.connecting = null;
				this.terminate();
				reject(new Error('connect timeout'));
			}, timeoutMs);
			this.connecting = { resolve, reject, timer };
			const url = `${this.opts.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
			const ws = new RawWebSocket(url, {
				headers: { cookie: this.opts.cookie },
				localAddress: this.opts.localAddress
			});
			this.ws = ws;
			ws.on('message', (text) => this.frame(text));
			ws.on('error', (e) => this.fail(e));
			ws.on('close', () => {
				if (this.ws !== ws) return;
				this.lost('transport close');
			});
		});
	}

	private fail(e: Error) {
		const c = this.connecting;
		if (c) {
			this.connecting = null;
			clearTimeout(c.timer);
			c.reject(e);
		}
	}

	private lost(reason: string) {
		const wasConnected = this.connected;
		this.connected = false;
		this.ws = null;
		this.fail(new Error(reason));
		for (const [id, p] of this.pending) {
			clearTimeout(p.timer);
			p.resolve({ ok: false, error: 'disconnected', t: now() });
			this.pending.delete(id);
		}
		if (wasConnected) this.onDisconnect(reason);
	}

	private frame(s: string) {
		const t = now();
		switch (s.charCodeAt(0)) {
			case 48: {
				// "0": Engine.IO open; now connect to the main namespace, asking to recover if we were connected before: as
				// the page does, from the last offset heard, or from where the connection joined if it heard none.
				const auth = this.pid
					? JSON.stringify({ pid: this.pid, offset: this.offset ?? RESUME_FROM_JOIN })
					: '';
				this.ws?.send(`40${auth}`);
				return;
			}
			case 50: // "2": ping
				this.ws?.send('3');
				return;
			case 49: // "1": close
				this.ws?.terminate();
				return;
			case 52: // "4": a Socket.IO packet
				return this.packet(s, t);
		}
	}

	private packet(s: string, t: number) {
		switch (s.charCodeAt(1)) {
			case 50: {
				// "2": an event, `42["name",payload,...,"offset"]` (the hub appends the offset when it can replay).
				this.frames++;
				const end = s.indexOf('"', 4);
				const name = s.slice(4, end);
				if (s.charCodeAt(s.length - 2) === 34) {
					const q = s.lastIndexOf('"', s.length - 3);
					if (q > end) this.offset = s.slice(q + 1, s.length - 2);
				}
				this.onEvent(name, () => parseFrame(s.slice(2))[1], t);
				return;
			}
			case 51: {
				// "3": an ack, `43<id>[response]`.
				const open = s.indexOf('[');
				const id = Number(s.slice(2, open));
				const p = this.pending.get(id);
				if (!p) return;
				this.pending.delete(id);
				clearTimeout(p.timer);
				if (s.startsWith('{"ok":true', open + 1)) {
					p.resolve({
						ok: true,
						t,
						bytes: s.length - open,
						data: p.parse ? (JSON.parse(s.slice(open)) as { data: unknown }[])[0].data : undefined
					});
				} else {
					const res = (JSON.parse(s.slice(open)) as { error?: string }[])[0];
					p.resolve({ ok: false, error: res?.error ?? 'malformed-ack', t });
				}
				return;
			}
			case 48: {
				// "0": connected, `40{"sid":..,"pid":..}`; the same pid back means the session was recovered.
				const { pid } = JSON.parse(s.slice(2) || '{}') as { sid: string; pid?: string };
				this.recovered = Boolean(pid && pid === this.pid);
				if (!this.recovered) this.offset = null;
				this.pid = pid ?? null;
				this.connected = true;
				const c = this.connecting;
				this.connecting = null;
				if (c) {
					clearTimeout(c.timer);
					c.resolve();
				}
				return;
			}
			case 52: // "4": connect error (a middleware refused)
				this.fail(new Error(`connect_error ${s.slice(2)}`));
				this.terminate();
				return;
			case 49: // "1": the hub disconnected this socket
				this.ws?.terminate();
				return;
		}
	}

	/** Sends a command with an ack. Never rejects: a missing ack comes back as { ok: false, error: 'timeout' }. */
	emit(
		name: string,
		payload: unknown,
		opts: { timeoutMs?: number; parse?: boolean } = {}
	): Promise<AckResult> {
		return new Promise((resolve) => {
			if (!this.ws || !this.connected) return resolve({ ok: false, error: 'disconnected', t: now() });
			const id = this.nextAck++;
			const timer = setTimeout(() => {
				this.pending.delete(id);
				resolve({ ok: false, error: 'timeout', t: now() });
			}, opts.timeoutMs ?? 30_000);
			this.pending.set(id, { resolve, parse: opts.parse ?? false, timer });
			this.ws.send(`42${id}${JSON.stringify([name, payload])}`);
		});
	}

	/** Drops the connection abruptly, as a phone losing signal does: the hub keeps the session for recovery. */
	terminate() {
		const ws = this.ws;
		if (!ws) return;
		this.lost('terminated');
		ws.terminate();
	}

	/** A clean goodbye: the namespace disconnect, then the websocket close. */
	close() {
		const ws = this.ws;
		if (!ws) return;
		if (ws.readyState === OPEN) ws.send('41');
		this.lost('closed');
		ws.close();
	}
}
