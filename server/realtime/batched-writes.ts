import type { IncomingMessage } from 'node:http';
import type { Socket as TcpSocket } from 'node:net';
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
 * A new WebSocket's handshake answer and Engine.IO's open packet leave together too: the socket is corked as the answer
 * is written and uncorked when the connection opens (or, if it never does, once the loop has gone round). And so do
 * a returning phone's replay and Socket.IO's connect packet: from its recovery request until the loop has gone round
 * its connection is made (the restore and the checks take a few promise turns), the socket is corked, so its first
 * missed fact does not go alone and the others, then the connect packet, each in a write of their own; they go in two
 * writes. Should the connection not be made, the socket is uncorked once the loop has gone round.
 */
export function batchWrites(io: Server): void {
	const engine = io.engine;
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
		if (resuming.delete(conn)) conn.request.socket.uncork();
	};
	// Before the hub's own handlers: what they send joins the batch rather than holding it back.
	io.on('connection', (socket) => resumed(socket.conn as unknown as EngineSocket));
	engine.on('connection', (conn: EngineSocket) => {
		opened(conn.request);
		// Only a connection opened as a WebSocket: its first request is the upgrade, whose socket carries the frames.
		// One that upgrades from long polling later keeps writing frame by frame.
		if (conn.transport.name !== 'websocket') return;
		const tcp: TcpSocket = conn.request.socket;
		const recovering = (packet: { type: string; data?: unknown }) => {
			if (packet.type !== 'message') return;
			conn.off('packet', recovering);
			// Socket.IO's first packet is its connect; a returning client's carries the id of the session it resumes.
			if (typeof packet.data !== 'string' || !packet.data.startsWith('0') || !packet.data.includes('"pid"'))
				return;
			tcp.cork();
			resuming.add(conn);
			setImmediate(resumed, conn);
		};
		conn.on('packet', recovering);
		let corked = false;
		conn.on('flush', (packets: unknown[]) => {
			if (packets.length < 2 || corked) return;
			tcp.cork();
			corked = true;
		});
		conn.on('drain', () => {
			if (!corked) return;
			corked = false;
			tcp.uncork();
		});
	});
}
