import { io, type Socket } from 'socket.io-client';
import { now } from './stats';
import type { AckResult, EventListener, WireClientOptions } from './wire';

/** A full socket.io-client attendee with the same surface as WireClient, to check figures with the real library. */
export class ProbeClient {
	readonly socket: Socket;
	connected = false;
	recovered = false;
	frames = 0;
	onEvent: EventListener = () => {};
	onDisconnect: (reason: string) => void = () => {};

	constructor(opts: WireClientOptions) {
		this.socket = io(opts.url, {
			transports: ['websocket'],
			reconnection: false,
			autoConnect: false,
			forceNew: true,
			extraHeaders: { cookie: opts.cookie },
			localAddress: opts.localAddress
		} as Parameters<typeof io>[1]);
		this.socket.onAny((name: string, ...args: unknown[]) => {
			this.frames++;
			this.onEvent(name, () => args[0], now());
		});
		this.socket.on('disconnect', (reason) => {
			this.connected = false;
			this.onDisconnect(reason);
		});
	}

	connect(timeoutMs = 30_000): Promise<void> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				cleanup();
				reject(new Error('connect timeout'));
			}, timeoutMs);
			const ok = () => {
				cleanup();
				this.connected = true;
				this.recovered = this.socket.recovered;
				resolve();
			};
			const refused = (e: Error) => {
				cleanup();
				reject(e);
			};
			const cleanup = () => {
				clearTimeout(timer);
				this.socket.off('connect', ok);
				this.socket.off('connect_error', refused);
			};
			this.socket.once('connect', ok);
			this.socket.once('connect_error', refused);
			this.socket.connect();
		});
	}

	async emit(
		name: string,
		payload: unknown,
		opts: { timeoutMs?: number; parse?: boolean } = {}
	): Promise<AckResult> {
		if (!this.connected) return { ok: false, error: 'disconnected', t: now() };
		try {
			const res = (await this.socket.timeout(opts.timeoutMs ?? 30_000).emitWithAck(name, payload)) as {
				ok: boolean;
				error?: string;
				data?: unknown;
			};
			return { ok: res.ok, error: res.error, data: opts.parse ? res.data : undefined, t: now() };
		} catch {
			return { ok: false, error: this.connected ? 'timeout' : 'disconnected', t: now() };
		}
	}

	/** Drops the transport without a namespace goodbye, so the hub keeps the session for recovery. */
	terminate() {
		this.connected = false;
		this.socket.io.engine?.close();
	}

	close() {
		this.connected = false;
		this.socket.disconnect();
	}
}
