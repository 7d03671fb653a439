import { fork } from 'node:child_process';
import type { Socket } from 'socket.io-client';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { MAX_FRAME_BYTES } from '../../src/lib/protocol';
import { DEFAULT_RATE_LIMITS } from '../../server/realtime/rate-limits';
import { disconnected, expectOk, itWithOwnHub, sendRaw, type TestHub } from '../fixtures/hub';
import type { FloodOptions, FloodReport } from '../fixtures/flood-process';

const E = 'isb26';
const S = 'ws-intelligence';

/**
 * Starts flooders in another process: `started` resolves once the first flooder is connected and sending, `done`
 * with what they sent once `durationMs` from then is over.
 */
function flood(hub: TestHub, o: Omit<FloodOptions, 'url' | 'cookie'>) {
	const options: FloodOptions = { ...o, url: hub.url, cookie: hub.deviceCookie() };
	const child = fork(
		fileURLToPath(new URL('../fixtures/flood-process.ts', import.meta.url)),
		[JSON.stringify(options)],
		{
			execArgv: ['--import', 'tsx']
		}
	);
	let started!: () => void;
	const done = new Promise<FloodReport>((resolve, reject) => {
		child.on('message', (m: { started?: true; report?: FloodReport }) => {
			if (m.started) started();
			if (m.report) resolve(m.report);
		});
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code) reject(new Error(`the flooder exited with ${code}`));
		});
	});
	return { started: new Promise<void>((resolve) => (started = resolve)), done };
}

/** A frame just under the transport's limit, for an event the hub does not know. */
const bigUnknown = `42${JSON.stringify(['nonsense', { junk: 'x'.repeat(MAX_FRAME_BYTES - 200) }])}`;

const percentile = (xs: number[], p: number) =>
	[...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];

// The hub's real per-connection limits (the fixture lifts them for tests that fire commands back to back).
const it = itWithOwnHub.override('hubOptions', { rateLimits: DEFAULT_RATE_LIMITS });

describe('frames the limiter counts', () => {
	it('cuts a connection that keeps sending events the hub does not know', async ({ open }) => {
		const { socket } = await open();
		const gone = disconnected(socket, 5000);
		const raw = socket as unknown as Socket;
		for (let i = 0; i < 200; i++) raw.emit('nonsense', { i });
		expect(await gone).toBe('io server disconnect');
	});

	it('cuts a connection that keeps sending commands without an ack', async ({ open }) => {
		const { socket } = await open();
		const gone = disconnected(socket, 5000);
		// Untyped: the protocol's types insist on an ack, which is what this client leaves out.
		const raw = socket as unknown as Socket;
		for (let i = 0; i < 200; i++) raw.emit('poll:list', { eventId: E, sessionId: S });
		expect(await gone).toBe('io server disconnect');
	});

	it('answers an ordinary pace without refusing anything', async ({ connect }) => {
		const calm = await connect();
		for (let i = 0; i < 40; i++) {
			expectOk(await calm.send('poll:list', { eventId: E, sessionId: S }));
			await new Promise((r) => setTimeout(r, 40));
		}
		expect(calm.socket.connected).toBe(true);
	});

	it('keeps answering other clients while four connections flood unknown events, and cuts the flooders', async ({
		hub,
		connect
	}) => {
		const probes = [await connect(), await connect(), await connect()];
		const durationMs = 5000;
		const flooding = flood(hub, { connections: 4, durationMs, frame: bigUnknown });
		await flooding.started;
		const latencies: number[] = [];
		const end = Date.now() + durationMs - 200;
		// Each probe sends 25 commands a second (a busy console, under the per-connection limit of 30).
		await Promise.all(
			probes.map(async (probe) => {
				while (Date.now() < end) {
					const t = performance.now();
					const ack = await sendRaw(probe.socket, 'poll:list', { eventId: E, sessionId: S });
					latencies.push(performance.now() - t);
					expect(ack.ok).toBe(true);
					await new Promise((r) => setTimeout(r, 40));
				}
			})
		);
		const report = await flooding.done;
		const p99 = percentile(latencies, 99);
		console.log(
			`flood: ${report.frames} frames (${Math.round((report.frames * bigUnknown.length) / 1e6)} MB) on ${report.connections} connections, ${report.cut} cut; probe ack p99 ${p99.toFixed(1)} ms over ${latencies.length} acks`
		);
		// Speed is the bench's to measure (`npm run bench:flood` prints the probes' p99 against the 50 ms mark); a timed
		// test only flakes (50.7 ms once in CI on PostgreSQL). This one fails when the flood starves the others: their
		// acks stop, or wait on the flooders' frames for a quarter of a second.
		expect(latencies.length).toBeGreaterThan(50);
		expect(report.cut).toBeGreaterThan(0);
		expect(p99).toBeLessThan(250);
	});
});
