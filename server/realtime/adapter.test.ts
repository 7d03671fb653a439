import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESUME_FROM_JOIN } from '../../src/lib/protocol';
import { DaisAdapter } from './adapter';

const WINDOW = 2 * 60_000;

/**
 * A real Socket.IO server on DaisAdapter and real socket.io-client sockets: each socket joins the rooms it names in
 * its auth on its first connection only (a recovered one gets its rooms back from the adapter, or not at all).
 */
describe('DaisAdapter (connection-state recovery on the in-memory adapter)', () => {
	let http: HttpServer;
	let server: Server;
	let adapter: DaisAdapter;
	let url: string;
	let now: number;
	const clients: Socket[] = [];

	beforeEach(async () => {
		now = 1_700_000_000_000;
		http = createServer();
		server = new Server(http, {
			connectionStateRecovery: { maxDisconnectionDuration: WINDOW, skipMiddlewares: true },
			adapter: DaisAdapter.with({
				maxDisconnectionDuration: WINDOW,
				now: () => now,
				sweepIntervalMs: 50
			}) as never
		});
		server.on('connection', (socket) => {
			if (!socket.recovered) void socket.join(socket.handshake.auth.rooms as string[]);
		});
		adapter = server.of('/').adapter as unknown as DaisAdapter;
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	});
	afterEach(async () => {
		for (const c of clients.splice(0)) c.close();
		await server.close();
	});

	/** A connected client in these rooms, with every `fact` it hears recorded (replayed ones included). */
	async function client(rooms: string[]) {
		const socket = connect(url, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			auth: { rooms }
		});
		clients.push(socket);
		const heard: unknown[] = [];
		socket.on('fact' as never, (payload: unknown) => void heard.push(payload));
		await new Promise((resolve) => socket.once('connect', () => resolve(null)));
		return { socket, heard };
	}

	const onServer = (socket: Socket): ServerSocket => server.of('/').sockets.get(socket.id!)!;

	/** The network goes (the transport closes, no goodbye): the hub keeps the connection's state. */
	async function drop(socket: Socket) {
		const before = adapter.stored().sessions;
		const gone = new Promise((resolve) => socket.once('disconnect', resolve));
		socket.io.engine.close();
		await gone;
		await vi.waitFor(() => expect(adapter.stored().sessions).toBe(before + 1));
	}

	/** The client comes back as socket.io-client does, with its private id and last offset; true if recovered. */
	async function back(socket: Socket) {
		const connected = new Promise((resolve) => socket.once('connect', () => resolve(null)));
		socket.connect();
		await connected;
		return socket.recovered;
	}

	/** A broadcast these clients hear, so each has an offset to resume from. */
	async function heardOne(room: string, ...cs: { heard: unknown[] }[]) {
		server.to(room).emit('fact' as never, 'before');
		await vi.waitFor(() => expect(cs.map((c) => c.heard)).toEqual(cs.map(() => ['before'])));
	}

	it('replays what a dropped connection missed, in order: its rooms, not its excepted ones, nothing volatile', async () => {
		const a = await client(['hall-a', 'vip']);
		const b = await client(['hall-b']);
		await heardOne('hall-a', a);
		await drop(a.socket);

		server.to('hall-a').emit('fact' as never, 'a1');
		server.to('hall-b').emit('fact' as never, 'b1');
		server.emit('fact' as never, 'everyone');
		server
			.to('hall-a')
			.except('vip')
			.emit('fact' as never, 'not for vip');
		server.to('hall-a').volatile.emit('fact' as never, 'volatile');
		server.to(['hall-b', 'vip']).emit('fact' as never, 'a2');
		await vi.waitFor(() => expect(b.heard).toEqual(['b1', 'everyone', 'a2']));

		expect(await back(a.socket)).toBe(true);
		expect(a.heard).toEqual(['before', 'a1', 'everyone', 'a2']);
		expect([...onServer(a.socket).rooms].sort()).toEqual([a.socket.id, 'hall-a', 'vip'].sort());
		// What the client hears from now on carries on as before.
		server.to('vip').emit('fact' as never, 'later');
		await vi.waitFor(() => expect(a.heard.at(-1)).toBe('later'));
	});

	it('restores a connection dropped within the window, and not one dropped longer ago', async () => {
		const a = await client(['hall-a']);
		const b = await client(['hall-a']);
		await heardOne('hall-a', a, b);

		await drop(a.socket);
		now += WINDOW;
		expect(await back(a.socket)).toBe(true);

		await drop(b.socket);
		now += WINDOW + 1;
		server.to('hall-a').emit('fact' as never, 'missed');
		expect(await back(b.socket)).toBe(false);
		expect(b.heard).toEqual(['before']);
	});

	it('counts per room the dropped connections it keeps, until they come back, are refused or expire', async () => {
		adapter.vet = (session) => (session.rooms.includes('refused') ? null : session.rooms);
		const a = await client(['hall-a', 'vip']);
		const b = await client(['hall-a']);
		const c = await client(['hall-a', 'refused']);
		await heardOne('hall-a', a, b, c);
		expect(adapter.away('hall-a')).toBe(0);

		await drop(a.socket);
		await drop(b.socket);
		await drop(c.socket);
		expect([adapter.away('hall-a'), adapter.away('vip'), adapter.away('hall-b')]).toEqual([3, 1, 0]);

		expect(await back(a.socket)).toBe(true);
		expect([adapter.away('hall-a'), adapter.away('vip')]).toEqual([2, 0]);
		expect(await back(c.socket)).toBe(false);
		expect(adapter.away('hall-a')).toBe(1);

		now += WINDOW + 1;
		await vi.waitFor(() => expect(adapter.stored().sessions).toBe(0));
		expect(adapter.away('hall-a')).toBe(0);
	});

	it('asks `vet` first: the rooms it drops are neither rejoined nor replayed; null starts the connection afresh', async () => {
		const vetted: unknown[] = [];
		adapter.vet = (session) => {
			vetted.push(session.rooms);
			return session.rooms.includes('refused') ? null : session.rooms.filter((r) => r !== 'staff');
		};
		const a = await client(['hall-a', 'staff']);
		const b = await client(['hall-a', 'refused']);
		await heardOne('hall-a', a, b);
		await drop(a.socket);
		await drop(b.socket);
		server.to('staff').emit('fact' as never, 'for staff');
		server.to('hall-a').emit('fact' as never, 'for the hall');
		server.to('refused').emit('fact' as never, 'for the refused');

		expect(await back(a.socket)).toBe(true);
		expect(a.heard).toEqual(['before', 'for the hall']);
		expect([...onServer(a.socket).rooms].sort()).toEqual([a.socket.id, 'hall-a'].sort());

		expect(await back(b.socket)).toBe(false);
		expect(b.heard).toEqual(['before']);
		expect(vetted).toHaveLength(2);
		expect(adapter.stored().sessions).toBe(0);
	});

	it('stores a broadcast sent in slices once: one that was away gets it replayed once, one that heard it not again', async () => {
		const a = await client(['hall-a']);
		const b = await client(['hall-a']);
		const away = await client(['hall-a']);
		await heardOne('hall-a', a, b, away);
		await drop(away.socket);

		const stored = adapter.stored().broadcasts;
		const data = adapter.remember(['hall-a'], 'fact', 'sliced');
		adapter.sendSlice(data, [a.socket.id!]);
		adapter.sendSlice(data, [b.socket.id!]);
		expect(adapter.stored().broadcasts).toBe(stored + 1);
		await vi.waitFor(() =>
			expect([a.heard, b.heard]).toEqual([
				['before', 'sliced'],
				['before', 'sliced']
			])
		);

		expect(await back(away.socket)).toBe(true);
		expect(away.heard).toEqual(['before', 'sliced']);
		await drop(a.socket);
		expect(await back(a.socket)).toBe(true);
		expect(a.heard).toEqual(['before', 'sliced']);
	});

	it('does not send a slice to a connection that dropped and came back after the broadcast began: its replay had it', async () => {
		const a = await client(['hall-a']);
		const away = await client(['hall-a']);
		await heardOne('hall-a', a, away);
		// The broadcast begins while both are here: both are in its audience, its later slices not sent yet.
		const data = adapter.remember(['hall-a'], 'fact', 'sliced');
		adapter.sendSlice(data, [a.socket.id!]);
		await drop(away.socket);
		expect(await back(away.socket)).toBe(true);
		expect(away.heard).toEqual(['before', 'sliced']);
		// Its slice comes round: not a second time.
		adapter.sendSlice(data, [away.socket.id!]);
		server.to('hall-a').emit('fact' as never, 'after');
		await vi.waitFor(() => expect(away.heard).toEqual(['before', 'sliced', 'after']));
		expect(a.heard).toEqual(['before', 'sliced', 'after']);
	});

	it('lets go of old broadcasts: a quiet connection is still restored, one whose missed broadcasts went is not', async () => {
		const quiet = await client(['hall-a']);
		const missing = await client(['hall-a']);
		await heardOne('hall-a', quiet, missing);
		now += WINDOW + 1;
		// The periodic sweep (every 50 ms here, every minute by default).
		await vi.waitFor(() => expect(adapter.stored()).toEqual({ sessions: 0, broadcasts: 0 }));
		// Its last broadcast is gone, but nothing after it: it missed nothing.
		await drop(quiet.socket);
		expect(await back(quiet.socket)).toBe(true);

		// To a room `missing` is not in; once it is let go, whether `missing` missed it cannot be known.
		server.to('hall-b').emit('fact' as never, 'elsewhere');
		now += WINDOW + 1;
		adapter.expire();
		await drop(missing.socket);
		expect(await back(missing.socket)).toBe(false);

		// The sweep lets go of dropped connections too.
		await drop(quiet.socket);
		now += WINDOW + 1;
		adapter.expire();
		expect(adapter.stored().sessions).toBe(0);
		expect(await back(quiet.socket)).toBe(false);
	});

	it('resumes a connection that heard nothing from where it joined its first room, on the empty offset', async () => {
		server.to('hall-a').emit('fact' as never, 'before it joined');
		const quiet = await client(['hall-a']);
		await drop(quiet.socket);
		server.to('hall-a').emit('fact' as never, 'missed');
		server.to('hall-b').emit('fact' as never, 'elsewhere');
		// As the page asks when it has heard no broadcast since its connection began (socket.io-client sends no offset).
		quiet.socket.auth = { rooms: ['hall-a'], offset: RESUME_FROM_JOIN };
		expect(await back(quiet.socket)).toBe(true);
		expect(quiet.heard).toEqual(['missed']);

		// Restored, it resumes from there the next time: what its replay held is not replayed again.
		await drop(quiet.socket);
		server.to('hall-a').emit('fact' as never, 'missed again');
		expect(await back(quiet.socket)).toBe(true);
		expect(quiet.heard).toEqual(['missed', 'missed again']);
	});

	it('replays nothing from before a connection joined, from an offset kept from an earlier one either', async () => {
		const [, , older] = adapter.remember(['hall-a'], 'fact', 'before it joined') as [string, string, string];
		void adapter.addAll('sid-1', new Set(['sid-1']));
		adapter.remember(['hall-a'], 'fact', 'before it joined a room');
		void adapter.addAll('sid-1', new Set(['hall-a']));
		adapter.remember(['hall-a'], 'fact', 'after');
		const session = { sid: 'sid-1', pid: 'pid-1', rooms: ['sid-1', 'hall-a'], data: {} };
		adapter.persistSession(session);
		adapter.delAll('sid-1');
		const restored = await adapter.restoreSession('pid-1', older);
		expect(restored.missedPackets.map((data) => data[1])).toEqual(['after']);

		// A connection in no room but its own has nothing to resume from.
		void adapter.addAll('sid-2', new Set(['sid-2']));
		adapter.persistSession({ sid: 'sid-2', pid: 'pid-2', rooms: ['sid-2'], data: {} });
		expect(await adapter.restoreSession('pid-2', RESUME_FROM_JOIN)).toBeNull();
	});

	it('restores a private id once, and only from an offset it gave', async () => {
		const [, , offset] = adapter.remember(['hall-a'], 'fact', 'x') as [string, string, string];
		const session = { sid: 'sid-1', pid: 'pid-1', rooms: ['hall-a'], data: { eventId: 'e1' } };
		adapter.persistSession(session);
		expect(await adapter.restoreSession('pid-1', `${offset.slice(0, -1)}zz`)).toBeNull();
		expect(await adapter.restoreSession('pid-1', 'deadbeef0')).toBeNull();
		expect(await adapter.restoreSession('pid-1', offset)).toEqual({ ...session, missedPackets: [] });
		expect(await adapter.restoreSession('pid-1', offset)).toBeNull();
		expect(await adapter.restoreSession('nobody', offset)).toBeNull();
	});
});
