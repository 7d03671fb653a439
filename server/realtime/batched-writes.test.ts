import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as TcpSocket } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchWrites } from './batched-writes';

/** A real Socket.IO server and client; the server's TCP socket counts the writes that reach the kernel. */
describe('batchWrites', () => {
	let http: HttpServer;
	let server: Server;
	let client: Socket | undefined;

	afterEach(async () => {
		client?.disconnect();
		await server.close();
	});

	let writes = 0;

	async function start(batched: boolean, transports: ('websocket' | 'polling')[] = ['websocket']) {
		http = createServer();
		server = new Server(http, { connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
		if (batched) batchWrites(server);
		// Stream implementations' hooks, counted from the upgrade request on: one call is one write to the kernel
		// (`_writev` when several chunks wait).
		writes = 0;
		http.prependListener('upgrade', (_req, tcp: TcpSocket) => {
			const t = tcp as TcpSocket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
			const write = t._write.bind(t);
			const writev = t._writev.bind(t);
			t._write = (...a) => (writes++, write(...a));
			t._writev = (...a) => (writes++, writev(...a));
		});
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
		const joined = new Promise<void>((resolve) => server.once('connection', () => resolve()));
		client = connect(url, { transports, reconnection: false });
		await joined;
		const socket = [...server.sockets.sockets.values()][0];
		const handshake = writes;
		writes = 0;
		return { socket, handshake };
	}

	function receive(n: number) {
		const got: number[] = [];
		return new Promise<number[]>((resolve) =>
			client!.on('fact', (i: number) => {
				got.push(i);
				if (got.length === n) resolve(got);
			})
		);
	}

	it.each([
		[true, 2],
		[false, 3]
	])(
		'the handshake answer, the open packet, then the connect packet (batched: %s): %i writes',
		async (batched, n) => {
			// Batched, the first two leave together; the connect packet comes a round trip later.
			expect((await start(batched)).handshake).toBe(n);
		}
	);

	it.each([
		[true, 2],
		[false, 6]
	])('six frames sent in one tick (batched: %s): %i writes, in order', async (batched, n) => {
		const { socket } = await start(batched);
		const got = receive(6);
		// The first goes at once; the other five queue behind it and are flushed together.
		for (let i = 0; i < 6; i++) socket.emit('fact', i);
		expect(await got).toEqual([0, 1, 2, 3, 4, 5]);
		expect(writes).toBe(n);
	});

	it('leaves a lone frame, and the socket after it, as they were', async () => {
		const { socket } = await start(true);
		const first = receive(1);
		socket.emit('fact', 0);
		expect(await first).toEqual([0]);
		expect(writes).toBe(1);
		// Nothing stays corked: a frame sent later still leaves at once.
		const conn = socket.conn as unknown as { request: { socket: TcpSocket } };
		expect(conn.request.socket.writableCorked).toBe(0);
		const second = new Promise<number>((resolve) => client!.once('fact', resolve));
		socket.emit('fact', 1);
		expect(await second).toBe(1);
	});

	it.each([
		[true, 3],
		[false, 8]
	])('a returning phone with its replay (batched: %s): %i writes', async (batched, expected) => {
		const { socket } = await start(batched);
		await socket.join('hall');
		const first = receive(1);
		server.to('hall').emit('fact', 0);
		await first;
		// The network goes; five facts are broadcast while the phone is away; it comes back and is recovered.
		const gone = new Promise((resolve) => socket.once('disconnect', resolve));
		client!.io.engine.close();
		await gone;
		for (let i = 1; i <= 5; i++) server.to('hall').emit('fact', i);
		const got: number[] = [];
		client!.on('fact', (i: number) => got.push(i));
		writes = 0;
		// The hub's own handler, after batchWrites's: the batch is on its way already, not held for a turn of the loop.
		const corked = new Promise<number>((resolve) =>
			server.once('connection', (s) => resolve((s.conn.request.socket as TcpSocket).writableCorked))
		);
		const back = new Promise<void>((resolve) => client!.once('connect', () => resolve()));
		client!.connect();
		await back;
		await vi.waitFor(() => expect(got).toEqual([1, 2, 3, 4, 5]));
		expect(client!.recovered).toBe(true);
		expect(await corked).toBe(0);
		// The handshake answer with the open packet; the first missed fact; the other four with the connect packet.
		// Unbatched: two, one, four and one.
		expect(writes).toBe(expected);
	});

	it('a connection that starts on long polling is left alone', async () => {
		const { socket } = await start(true, ['polling']);
		const got = receive(3);
		for (let i = 0; i < 3; i++) socket.emit('fact', i);
		expect(await got).toEqual([0, 1, 2]);
		expect(socket.conn.transport.name).toBe('polling');
	});
});
