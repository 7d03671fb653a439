import type { IncomingMessage } from 'node:http';
import type { Socket as EngineSocket } from 'engine.io';
import type { Server } from 'socket.io';

/**
 * One write to the kernel for each batch Engine.IO flushes on a WebSocket, not one per frame.
 *
 * Engine.IO holds the packets queued while a write is in flight and flushes them together; the `ws` transport then
 * writes each as its own frame, and every frame is a system call. A phone back from a Wi-Fi drop is sent every fact it
 * missed at once, so in a reconnect herd those calls were a large part of the hub's time. Here the TCP socket is corked
 * for the flush (Engine.IO's public `flush` and `drain` events, fired around the transport's send in the same tick),
 * and the frames leave in one `writev`. Nothing waits: the socket is uncorked as soon as the transport has the batch.
 *
 * Two more moments are batched the same way:
 * - a new WebSocket's handshake answer and Engine.IO's open packet: the socket is corked as the answer is written and
 *   uncorked when the connection opens;
 * - a returning phone's replay and Socket.IO's connect packet: the socket is corked from its recovery request until
 *   its connection is made (the restore and the checks take a few promise turns), so its first missed fact does not go
 *   alone and the others and the connect packet each in a write of their own; they go in two writes.
 * Should the connection not be made, the socket is uncorked once the loop has gone round.
 *
 * The listeners are the servers', not each connection's: what a connection keeps is an entry in a weak set.
 */
export function batchWrites(io: Server): void {
	const engine = io.engine;
	const tcpOf = (conn: EngineSocket) => conn.request.socket;

	const opening = new WeakSet<IncomingMessage>();
	const opened = (req: IncomingMessage) => {
		if (opening.delete(req)) req.socket.uncork();
	};
	engine.on('initial_headers', (_headers: unknown, req: IncomingMessage) => {
		if (req.headers.upgrade?.toLowerCase() !== 'websocket') return;
		req.socket.cork();
		opening.add(req);
		setImmediate(opened, req);
	});

	const resuming = new WeakSet<EngineSocket>();
	const resumed = (conn: EngineSocket) => {
		if (resuming.delete(conn)) tcpOf(conn).uncork();
	};
	// Before the hub's own handlers: what they send joins the batch rather than holding it back.
	io.on('connection', (socket) => resumed(socket.conn as unknown as EngineSocket));

	/**
	 * Connections opened as a WebSocket: their first request is the upgrade, whose TCP socket carries their frames. One
	 * that starts on long polling and upgrades later keeps writing frame by frame.
	 */
	const direct = new WeakSet<EngineSocket>();
	engine.on('connection', (conn: EngineSocket) => {
		opened(conn.request);
		if (conn.transport.name !== 'websocket') return;
		direct.add(conn);
		// Socket.IO's first packet is its connect; a returning client's carries the id of the session it resumes.
		conn.once('message', (data: unknown) => {
			if (typeof data !== 'string' || !data.startsWith('0') || !data.includes('"pid"')) return;
			tcpOf(conn).cork();
			resuming.add(conn);
			setImmediate(resumed, conn);
		});
	});

	const flushing = new WeakSet<EngineSocket>();
	engine.on('flush', (conn: EngineSocket, packets: unknown[]) => {
		if (packets.length < 2 || !direct.has(conn) || flushing.has(conn)) return;
		tcpOf(conn).cork();
		flushing.add(conn);
	});
	engine.on('drain', (conn: EngineSocket) => {
		if (flushing.delete(conn)) tcpOf(conn).uncork();
	});
}
