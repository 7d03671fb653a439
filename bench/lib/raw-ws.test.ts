import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { RawWebSocket } from './raw-ws';

let http: Server;
let wss: WebSocketServer;

async function serve(onSocket: (ws: WebSocket, cookie: string | undefined) => void): Promise<string> {
	http = createServer((_req, res) => res.writeHead(400).end('not a websocket'));
	wss = new WebSocketServer({ server: http, path: '/socket.io/' });
	wss.on('connection', (ws, req) => onSocket(ws, req.headers.cookie));
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	return `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

function open(url: string, cookie = 'c=1') {
	const ws = new RawWebSocket(`${url}/socket.io/?EIO=4&transport=websocket`, { headers: { cookie } });
	const messages: string[] = [];
	ws.on('message', (m) => messages.push(m));
	const opened = new Promise<void>((resolve, reject) => {
		ws.on('open', resolve);
		ws.on('error', reject);
	});
	const closed = new Promise<void>((resolve) => ws.on('close', resolve));
	return { ws, messages, opened, closed };
}

const until = async (ok: () => boolean) => {
	for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
	expect(ok()).toBe(true);
};

afterEach(async () => {
	for (const c of wss?.clients ?? []) c.terminate();
	await new Promise((r) => wss?.close(r));
	await new Promise((r) => http?.close(r));
});

describe('RawWebSocket (the bench generator’s client)', () => {
	it('sends and receives text frames of every length encoding, with its headers on the handshake', async () => {
		let cookie: string | undefined;
		const url = await serve((ws, c) => {
			cookie = c;
			ws.on('message', (data) => ws.send(`echo:${String(data)}`));
		});
		const c = open(url, 'dais_device=abc');
		await c.opened;
		expect(cookie).toBe('dais_device=abc');
		const texts = ['40', 'ب'.repeat(200), 'x'.repeat(70_000)];
		for (const t of texts) c.ws.send(t);
		await until(() => c.messages.length === 3);
		expect(c.messages).toEqual(texts.map((t) => `echo:${t}`));
	});

	it('reassembles a fragmented message and answers a ping with a pong', async () => {
		let server!: WebSocket;
		const url = await serve((ws) => (server = ws));
		const c = open(url);
		await c.opened;
		await until(() => server !== undefined);
		server.send('first half, ', { fin: false });
		server.send('second half', { fin: true });
		const pong = new Promise<string>((r) => server.on('pong', (d) => r(String(d))));
		server.ping('are you there');
		expect(await pong).toBe('are you there');
		await until(() => c.messages.length === 1);
		expect(c.messages).toEqual(['first half, second half']);
	});

	it('a terminate drops the TCP connection without a close frame; close sends one', async () => {
		const codes: number[] = [];
		const url = await serve((ws) => ws.on('close', (code) => codes.push(code)));
		const a = open(url);
		await a.opened;
		a.ws.terminate();
		await until(() => codes.length === 1);
		expect(codes[0]).toBe(1006);
		const b = open(url);
		await b.opened;
		b.ws.close();
		await until(() => codes.length === 2);
		expect(codes[1]).toBe(1005);
	});

	it('reports a refused upgrade as an error and closes', async () => {
		// A server that does not upgrade at all: the request is answered as a plain one.
		http = createServer((_req, res) => res.writeHead(400).end('not a websocket'));
		await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
		const ws = new RawWebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/socket.io/`);
		const error = new Promise<Error>((r) => ws.on('error', r));
		const closed = new Promise<void>((r) => ws.on('close', r));
		expect((await error).message).toMatch(/HTTP\/1\.1 400/);
		await closed;
	});

	it('a server close frame ends the connection', async () => {
		const url = await serve((ws) => ws.close(1000, 'bye'));
		const c = open(url);
		await c.opened;
		await c.closed;
		expect(c.ws.readyState).toBe(3);
	});
});
