import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { column } from '../../server/db/sql';
import { openStorage } from '../../server/db/storage';
import { createServices } from '../../server/services';
import type { CommandInput } from '../../src/lib/protocol';
import { cid, EVENT_ID, expectOk, joinEvent, send, signInWith, type DaisClient } from '../fixtures/hub';
import { fixedClock } from '../fixtures/services';
import { testDatabaseUrl, testStorage } from '../fixtures/storage';

const ROOT = new URL('../../', import.meta.url).pathname;
const VOTERS = 150;
const POLL = 'p-intelligence-first';
const CHOICES = ['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes'];
/** The storm is spread over this many ms, as a hall voting at once is, so the kill lands in the middle of it. */
const SPREAD_MS = 600;
const KILL_AT = Math.ceil(VOTERS * 0.4);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The hub as operators run it: `node --import tsx server/index.ts`. That entry insists on a SvelteKit build, which a
 * clean clone running the unit tests does not have yet; then the same composition without the app stands in.
 */
const ENTRY = existsSync(join(ROOT, 'build/handler.js'))
	? ['server/index.ts']
	: [
			'--input-type=module',
			'--eval',
			`import { loadConfig } from './server/config.ts';
			import { createHub } from './server/hub.ts';
			const hub = await createHub({ config: loadConfig(), app: null });
			await hub.listen();`
		];

let dir: string;
let dbFile: string;
/** The PostgreSQL database the hubs share under `npm run test:pg` (else null: the SQLite file). */
let databaseUrl: string | null = null;
let port: number;
let chairCookie: string;
let deviceHash: (device: string) => string;
let deviceCookie: (device: string) => string;
const children: ChildProcess[] = [];
const sockets: DaisClient[] = [];

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const addr = server.address();
			const p = typeof addr === 'object' && addr ? addr.port : 0;
			server.close(() => resolve(p));
		});
	});
}

/** Starts the hub as a child process on `port` and resolves once /healthz answers. */
async function startChild(): Promise<{ child: ChildProcess; output: () => string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', ...ENTRY], {
		cwd: ROOT,
		env: {
			PATH: process.env.PATH ?? '',
			PORT: String(port),
			HOST: '127.0.0.1',
			DAIS_DB: dbFile,
			...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
			DAIS_SAMPLE_DATES: 'fixed',
			// Empty falls back to the secret kept in the database, which this test seeded with the same setting.
			DAIS_SECRET: process.env.DAIS_SECRET ?? '',
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	let output = '';
	child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
	let exited = false;
	child.once('exit', () => (exited = true));
	const deadline = Date.now() + 15_000;
	for (;;) {
		if (exited) throw new Error(`the hub exited while starting:\n${output}`);
		if (Date.now() > deadline) throw new Error(`the hub did not start within 15 s:\n${output}`);
		try {
			const res = await fetch(`http://127.0.0.1:${port}/healthz`);
			if (res.ok) return { child, output: () => output };
		} catch {
			// not listening yet
		}
		await sleep(50);
	}
}

function killed(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'dais-crash-'));
	dbFile = join(dir, 'dais.db');
	port = await freePort();
	// Seeded here, as a first start would, so the test holds a chair's cookie and the device-hash secret.
	if (testStorage === 'postgres') databaseUrl = await testDatabaseUrl();
	const sql = await openStorage({ dbFile, databaseUrl });
	const services = await createServices(sql, { seedSample: true, sampleDates: 'fixed' }, fixedClock());
	await services.seedIfEmpty();
	const chair = await services.access.mint({
		eventId: EVENT_ID,
		role: 'chair',
		roomId: null,
		label: 'crash chair'
	});
	// Signed in by the hub's own (real) clock, so the sign-in has not expired by the time the hub reads it.
	chairCookie = (
		await signInWith(await createServices(sql, { seedSample: false, sampleDates: 'fixed' }), chair.token)
	).cookie;
	// Pure HMACs over the stored secret: still usable once the database is closed.
	deviceHash = services.devices.hashOf;
	deviceCookie = (device) => `dais_device=${services.devices.cookieFor(device)}`;
	await sql.close();
});

afterAll(async () => {
	for (const s of sockets) s.close();
	for (const child of children) {
		child.kill('SIGKILL');
		await killed(child);
	}
	rmSync(dir, { recursive: true, force: true });
});

type Vote = CommandInput<'poll:vote'>;

/** An attendee's phone: its own device cookie, one ballot, and an outbox that keeps the ballot until it is acked. */
interface Voter {
	socket: DaisClient;
	device: string;
	clientId: string;
	choice: string;
	outbox: Vote | null;
	joined: boolean;
	/** Which hub process acknowledged the ballot. */
	ackedBy: number | null;
	/** Plays a phone whose first ack is lost in the crash: it resends to the restarted hub, which must not count it twice. */
	losesFirstAck: boolean;
	errors: string[];
}

function openSocket(cookie: string): DaisClient {
	const socket: DaisClient = io(`http://127.0.0.1:${port}`, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: true,
		reconnectionDelay: 100,
		reconnectionDelayMax: 400,
		timeout: 5000,
		extraHeaders: { cookie }
	});
	sockets.push(socket);
	return socket;
}

function voter(n: number): Voter {
	const device = randomBytes(16).toString('base64url');
	const choice = CHOICES[n % CHOICES.length];
	const clientId = cid('vote');
	const v: Voter = {
		socket: openSocket(deviceCookie(device)),
		device,
		clientId,
		choice,
		outbox: { clientId, eventId: EVENT_ID, pollId: POLL, answer: { choice } },
		joined: false,
		ackedBy: null,
		losesFirstAck: n % 10 === 0,
		errors: []
	};
	// Every connection, first or after the crash, joins the event before anything is sent.
	v.socket.on('connect', async () => {
		while (v.socket.connected && !v.joined) {
			try {
				const ack = await joinEvent(v.socket);
				if (ack.ok) v.joined = true;
				else v.errors.push(`join: ${ack.error}`);
			} catch {
				// lost with the connection, or slow: try again while connected
			}
		}
	});
	v.socket.on('disconnect', () => {
		v.joined = false;
	});
	return v;
}

describe('a hub killed with SIGKILL in the middle of a vote storm', () => {
	it('keeps every acknowledged ballot, and resent outboxes add each missing one exactly once', async () => {
		let generation = 1;
		const first = await startChild();

		const chair = openSocket(chairCookie);
		expect(await joinEvent(chair)).toMatchObject({ ok: true });
		expectOk(
			await send(chair, 'poll:transition', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId: POLL,
				action: 'open',
				countdownSeconds: null
			})
		);
		chair.close();

		const voters = Array.from({ length: VOTERS }, (_, n) => voter(n));
		const until = async (what: string, done: () => boolean, ms: number) => {
			const deadline = Date.now() + ms;
			while (!done()) {
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
				await sleep(20);
			}
		};
		await until('every voter to join', () => voters.every((v) => v.joined), 10_000);

		let acked = 0;
		let crash: Promise<void> | null = null;
		let ackedBeforeKill = 0;
		const lost: Voter[] = [];
		/** Sends the outbox until it is acknowledged; a send lost with the connection stays in the outbox. */
		async function deliver(v: Voter) {
			// The phones that lose their ack vote first, so theirs are surely committed by the hub that dies.
			await sleep(v.losesFirstAck ? 0 : Math.random() * SPREAD_MS);
			while (v.outbox) {
				if (!v.joined) {
					await sleep(20);
					continue;
				}
				let ack;
				try {
					ack = await send(v.socket, 'poll:vote', v.outbox);
				} catch {
					continue;
				}
				if (!ack.ok) {
					// A send buffered across the reconnect can overtake the new join; anything else is a real failure.
					if (ack.error === 'not-joined') continue;
					v.errors.push(`vote: ${ack.error}`);
					return;
				}
				if (v.losesFirstAck) {
					v.losesFirstAck = false;
					lost.push(v);
					await until('the restart', () => generation === 2, 20_000);
					continue;
				}
				v.outbox = null;
				v.ackedBy = generation;
				acked++;
				if (acked >= KILL_AT && !crash) {
					ackedBeforeKill = acked;
					first.child.kill('SIGKILL');
					crash = killed(first.child);
				}
			}
		}
		// All at once: no ballot waits for another's ack.
		const storm = Promise.all(voters.map((v) => deliver(v)));

		await until('the kill', () => crash !== null, 15_000);
		await crash;
		expect(first.child.signalCode).toBe('SIGKILL');
		const beforeCrash = voters.filter((v) => v.ackedBy === 1);
		// The kill must land mid-storm, or the test proves nothing about unacknowledged ballots.
		expect(beforeCrash.length).toBeLessThan(VOTERS);
		expect(beforeCrash.length).toBeGreaterThanOrEqual(ackedBeforeKill);

		// Straight after the crash, before any restart: every ballot acknowledged so far is on disk.
		const onDisk = await openStorage({ dbFile, databaseUrl });
		try {
			const hashes = new Set(
				await column<string>(onDisk, 'SELECT device_hash FROM ballots WHERE poll_id = ?', [POLL])
			);
			expect(beforeCrash.filter((v) => !hashes.has(deviceHash(v.device)))).toEqual([]);
			expect(lost.length).toBe(VOTERS / 10);
			expect(lost.filter((v) => !hashes.has(deviceHash(v.device)))).toEqual([]);
		} finally {
			await onDisk.close();
		}

		generation = 2;
		await startChild();
		await Promise.race([
			storm,
			sleep(20_000).then(() => {
				throw new Error(`outboxes not delivered: ${voters.filter((v) => v.outbox).length} left`);
			})
		]);

		expect(voters.flatMap((v) => v.errors)).toEqual([]);
		expect(voters.every((v) => v.outbox === null && v.ackedBy !== null)).toBe(true);
		expect(voters.filter((v) => v.ackedBy === 2).length).toBe(VOTERS - beforeCrash.length);
		expect(lost.every((v) => v.ackedBy === 2)).toBe(true);

		const db = await openStorage({ dbFile, databaseUrl });
		try {
			const ballots = await db.all<{ device: string; answer: string }>(
				'SELECT device_hash AS device, answer FROM ballots WHERE poll_id = ?',
				[POLL]
			);
			expect(ballots).toHaveLength(VOTERS);
			expect(new Set(ballots.map((b) => b.device)).size).toBe(VOTERS);
			const byDevice = new Map(ballots.map((b) => [b.device, JSON.parse(b.answer) as unknown]));
			for (const v of voters) expect(byDevice.get(deviceHash(v.device))).toEqual({ choice: v.choice });

			const ledger = await db.all<{ clientId: string; n: number }>(
				`SELECT client_id AS "clientId", count(*) AS n FROM client_writes WHERE command = 'poll:vote' GROUP BY client_id`
			);
			expect(ledger).toHaveLength(VOTERS);
			expect(ledger.every((r) => r.n === 1)).toBe(true);
			expect(new Set(ledger.map((r) => r.clientId))).toEqual(new Set(voters.map((v) => v.clientId)));
		} finally {
			await db.close();
		}

		// The restarted hub rebuilt its tally from the database: the chair sees every ballot once.
		const chairAgain = openSocket(chairCookie);
		expect(await joinEvent(chairAgain)).toMatchObject({ ok: true });
		const managed = expectOk(
			await send(chairAgain, 'poll:manage', { eventId: EVENT_ID, sessionId: 'ws-intelligence' })
		);
		const poll = managed.polls.find((p) => p.id === POLL)!;
		expect(poll.ballots).toBe(VOTERS);
		const expected = Object.fromEntries(CHOICES.map((c) => [c, voters.filter((v) => v.choice === c).length]));
		expect(poll.results).toEqual({ type: 'single', counts: expected });
	}, 40_000);
});
