import { connect, type Socket } from 'node:net';

/**
 * The smallest WebSocket client the load generator needs (RFC 6455 over a plain TCP socket): text frames in and out,
 * pings answered, no extensions. Ten thousand phones returning within three seconds saturated the generator's core
 * with `ws`'s client (an `http.request` per handshake, a random key and a SHA-1 check, a stream per receiver), so
 * the hub's reconnect herd could not be judged. This one writes a fixed handshake, trusts the hub's 101 (the bench
 * knows whom it talks to) and masks its frames with a zero key, which leaves the payload as it is: the RFC asks a
 * browser for a random key to protect proxies, and a server must accept any.
 *
 * Bench-only: the product's own clients are socket.io-client in the browser and socket.io-client in the probes.
 */

export const OPEN = 1;
const CONNECTING = 0;
const CLOSED = 3;

const CRLF2 = Buffer.from('\r\n\r\n');
// A fixed, valid Sec-WebSocket-Key (16 bytes, base64): the bench does not check the accept hash it produces.
const KEY = 'ZGFpcy1iZW5jaC1rZXkhIQ==';

export interface RawWebSocketOptions {
	headers?: Record<string, string>;
	localAddress?: string;
}

type Listener<A extends unknown[]> = (...args: A) => void;

export class RawWebSocket {
	readyState = CONNECTING;
	private readonly socket: Socket;
	private buf: Buffer | null = null;
	private upgraded = false;
	private fragments: Buffer[] = [];
	private onMessage: Listener<[string]> = () => {};
	private onError: Listener<[Error]> = () => {};
	private onClose: Listener<[]> = () => {};
	private onOpen: Listener<[]> = () => {};
	private closeEmitted = false;
	private errored = false;

	constructor(url: string, opts: RawWebSocketOptions = {}) {
		const u = new URL(url);
		if (u.protocol !== 'ws:') throw new Error(`raw-ws speaks ws:// only, not ${u.protocol}`);
		const port = Number(u.port || 80);
		let head =
			`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
			`Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n`;
		for (const [k, v] of Object.entries(opts.headers ?? {})) head += `${k}: ${v}\r\n`;
		head += '\r\n';
		this.socket = connect({ host: u.hostname, port, localAddress: opts.localAddress, noDelay: true });
		this.socket.on('connect', () => this.socket.write(head));
		this.socket.on('data', (chunk: Buffer) => this.data(chunk));
		this.socket.on('error', (e) => this.error(e));
		this.socket.on('close', () => {
			// As `ws` does: a connection that ends before its upgrade is an error ("socket hang up").
			if (!this.upgraded) this.error(new Error('socket hang up'));
			this.emitClose();
		});
	}

	on(event: 'open', fn: Listener<[]>): this;
	on(event: 'message', fn: Listener<[string]>): this;
	on(event: 'error', fn: Listener<[Error]>): this;
	on(event: 'close', fn: Listener<[]>): this;
	on(event: string, fn: Listener<never[]>): this {
		if (event === 'open') this.onOpen = fn as Listener<[]>;
		else if (event === 'message') this.onMessage = fn as Listener<[string]>;
		else if (event === 'error') this.onError = fn as Listener<[Error]>;
		else if (event === 'close') this.onClose = fn as Listener<[]>;
		return this;
	}

	/** Sends one text frame. */
	send(text: string) {
		if (this.readyState !== OPEN) return;
		const payload = Buffer.from(text);
		this.socket.write(Buffer.concat([frameHead(0x81, payload.length), payload]));
	}

	/** A close frame, then the TCP close. */
	close() {
		if (this.readyState === OPEN) this.socket.end(frameHead(0x88, 0));
		else this.socket.destroy();
		this.readyState = CLOSED;
	}

	/** Drops the TCP connection with no close frame, as a phone losing signal does. */
	terminate() {
		this.readyState = CLOSED;
		this.socket.destroy();
	}

	/** The first error only, as the connection has one fate. */
	private error(e: Error) {
		if (this.errored) return;
		this.errored = true;
		this.onError(e);
	}

	/** 'close' once, whichever way the connection ended (terminate included, as with `ws`). */
	private emitClose() {
		this.readyState = CLOSED;
		if (this.closeEmitted) return;
		this.closeEmitted = true;
		this.onClose();
	}

	private data(chunk: Buffer) {
		let b = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
		this.buf = null;
		if (!this.upgraded) {
			const end = b.indexOf(CRLF2);
			if (end < 0) {
				this.buf = b;
				return;
			}
			const status = b.toString('latin1', 0, Math.min(end, 64));
			if (!status.startsWith('HTTP/1.1 101')) {
				this.error(new Error(`unexpected server response: ${status.split('\r\n')[0]}`));
				this.terminate();
				return;
			}
			this.upgraded = true;
			this.readyState = OPEN;
			this.onOpen();
			b = b.subarray(end + 4);
		}
		let at = 0;
		while (this.readyState === OPEN && b.length - at >= 2) {
			const first = b[at];
			const second = b[at + 1];
			let len = second & 0x7f;
			let off = at + 2;
			if (len === 126) {
				if (b.length - off < 2) break;
				len = b.readUInt16BE(off);
				off += 2;
			} else if (len === 127) {
				if (b.length - off < 8) break;
				len = Number(b.readBigUInt64BE(off));
				off += 8;
			}
			// A server's frames are never masked; skip a key if one came anyway.
			let mask: Buffer | null = null;
			if (second & 0x80) {
				if (b.length - off < 4) break;
				mask = b.subarray(off, off + 4);
				off += 4;
			}
			if (b.length - off < len) break;
			let payload = b.subarray(off, off + len);
			if (mask) payload = Buffer.from(payload.map((x, i) => x ^ mask[i & 3]));
			at = off + len;
			this.frame(first, payload);
		}
		if (at < b.length && this.readyState === OPEN) this.buf = Buffer.from(b.subarray(at));
	}

	private frame(first: number, payload: Buffer) {
		const fin = (first & 0x80) !== 0;
		const opcode = first & 0x0f;
		switch (opcode) {
			case 0x0: // continuation
			case 0x1: // text
			case 0x2: // binary
				if (!fin) {
					this.fragments.push(Buffer.from(payload));
					return;
				}
				if (this.fragments.length > 0) {
					this.fragments.push(payload);
					const whole = Buffer.concat(this.fragments);
					this.fragments = [];
					this.onMessage(whole.toString());
				} else this.onMessage(payload.toString());
				return;
			case 0x8: // close: answer it and hang up
				if (this.readyState === OPEN) this.socket.end(frameHead(0x88, 0));
				this.emitClose();
				return;
			case 0x9: // ping
				this.socket.write(Buffer.concat([frameHead(0x8a, payload.length), payload]));
				return;
			default: // pong and anything else
				return;
		}
	}
}

/** A client frame's header with the mask bit set and a zero masking key (so the payload goes as it is). */
export function frameHead(firstByte: number, len: number): Buffer {
	if (len < 126) return Buffer.from([firstByte, 0x80 | len, 0, 0, 0, 0]);
	if (len < 65536) {
		const h = Buffer.alloc(8);
		h[0] = firstByte;
		h[1] = 0x80 | 126;
		h.writeUInt16BE(len, 2);
		return h;
	}
	const h = Buffer.alloc(14);
	h[0] = firstByte;
	h[1] = 0x80 | 127;
	h.writeBigUInt64BE(BigInt(len), 2);
	return h;
}
