import { WebSocket as WebSocketTransport, XHR } from 'engine.io-client';

/**
 * The live socket, opened while the page's scripts still download.
 *
 * On venue Wi-Fi (400 kbit/s, 400 ms round trips) an attendee page's scripts take two seconds or more to arrive, and
 * only then did the page open its socket: one more round trip for the WebSocket handshake (two with the TCP
 * connection) before the page was live. `src/app.html` opens the WebSocket from a few lines in the page's head
 * (attendee pages only) and keeps what it hears; the page's socket.io client adopts that socket on its first
 * connection instead of opening another. Later connections (a reconnect, a new device id) open their own as usual.
 *
 * The inline script leaves `{ ws, events, connectSent }` on `window`: the WebSocket and the events it fired before the
 * page took it (its `open`, the Engine.IO handshake, an `error`, a `close`), in order. It answers the Engine.IO
 * handshake with Socket.IO's CONNECT itself (on a real 400 ms link that is a round trip the page no longer waits
 * for after its scripts arrive), and answers pings meanwhile.
 */
export const EARLY_SOCKET_KEY = '__daisEarlySocket';

export interface EarlySocket {
	ws: WebSocket;
	events: Event[];
	/** The inline script answered the Engine.IO handshake with Socket.IO's CONNECT (`40`) itself. */
	connectSent?: boolean;
}

/** Socket.IO's CONNECT to the main namespace with no auth, as socket.io-client sends it on a first connection. */
const CONNECT = '40';

type Handlers = Pick<WebSocket, 'onopen' | 'onmessage' | 'onerror' | 'onclose'>;

/**
 * Takes the early socket, once: the WebSocket with the page's handlers to be set on it, and the events it heard so
 * far replayed to them, in order, before anything it hears next (a microtask: the handlers are set synchronously
 * after this returns, and the socket's next event is a task of its own). A socket that is closing or closed, or
 * that asked for another address, is not taken: the caller opens its own.
 */
export function takeEarlySocket(uri: string, holder: Record<string, unknown> = globalThis): WebSocket | null {
	const early = holder[EARLY_SOCKET_KEY] as EarlySocket | undefined;
	if (!early) return null;
	delete holder[EARLY_SOCKET_KEY];
	const { ws, events } = early;
	if (ws.readyState !== ws.CONNECTING && ws.readyState !== ws.OPEN) return null;
	if (!sameSocketAddress(ws.url, uri)) {
		ws.close();
		return null;
	}
	if (early.connectSent) {
		// The hub has this connection's CONNECT already: the client's own (its first frame) is not sent again, or the
		// hub would open a second Socket.IO session on it. Anything else goes out as the client writes it.
		const send = ws.send.bind(ws);
		let first = true;
		ws.send = (data) => {
			const swallow = first && data === CONNECT;
			first = false;
			if (!swallow) send(data);
		};
	}
	queueMicrotask(() => {
		for (const event of events.splice(0)) {
			const handler = (ws as Handlers)[`on${event.type}` as keyof Handlers] as ((e: Event) => void) | null;
			handler?.call(ws, event);
		}
	});
	return ws;
}

/** The same Engine.IO endpoint: origin, path and the Engine.IO version and transport asked for. */
function sameSocketAddress(a: string, b: string): boolean {
	try {
		const x = new URL(a);
		const y = new URL(b);
		const params = (u: URL) => `${u.searchParams.get('EIO')}|${u.searchParams.get('transport')}`;
		return (
			x.host === y.host && x.protocol === y.protocol && x.pathname === y.pathname && params(x) === params(y)
		);
	} catch {
		return false;
	}
}

/** Engine.IO's WebSocket transport, taking the early socket on its first connection. */
class EarlyWebSocketTransport extends WebSocketTransport {
	override createSocket(
		uri: string,
		protocols: string | string[] | undefined,
		opts: Record<string, unknown>
	) {
		return takeEarlySocket(uri) ?? super.createSocket(uri, protocols, opts);
	}
}

/**
 * The transports of the page's socket: WebSocket first (adopting the early socket), HTTP long-polling where a venue's
 * network lets no WebSocket through.
 */
export const PAGE_TRANSPORTS = [EarlyWebSocketTransport, XHR];
