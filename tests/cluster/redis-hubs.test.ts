import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server, type Socket as TcpSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { createSqliteSql } from '../../server/db/sqlite';
import { createServices } from '../../server/services';
import type { PollFact, PresenceCounts, QaVotes } from '../../src/lib/protocol';
import {
	cid,
	collect,
	EVENT_ID,
	expectOk,
	joinEvent,
	nextEvent,
	send,
	signInWith,
	type DaisClient
} from '../fixtures/hub';
import { fixedClock } from '../fixtures/services';

const ROOT = new URL('../../', import.meta.url).pathname;
const REDIS_SERVER = '/usr/bin/redis-server';
const HAVE_REDIS = existsSync(REDIS_SERVER);
if (!HAVE_REDIS)
	console.warn(`cluster tests skipped: ${REDIS_SERVER} is missing (install Debian's redis-server package)`);

const S = 'ws-intelligence';
const POLL = 'p-intelligence-first';
const CHOICES = ['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes'];
/** Questions per device in this cluster's window (DAIS_TEST_QUESTION_LIMIT), to show the limit is shared. */
const QUESTION_LIMIT = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, ok: () => boolean, timeoutMs = 5000) {
	const deadline = Date.now() + timeoutMs;
	while (!ok()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(20);
	}
}

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

const exited = (child: ChildProcess) =>
	new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});

let dir: string;
let dbFile: string;
let redisUrl: string;
let organiserCookie: string;
let chairCookie: string;
let moderatorCookie: string;
let deviceCookie: (device?: string) => string;
const children: ChildProcess[] = [];
const hubs: { child: ChildProcess; port: number }[] = [];
const sockets = new Set<DaisClient>();

/** Starts one hub process of the cluster on a free port; resolves once it listens. */
async function startHub() {
	const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/cluster-hub.ts'], {
		cwd: ROOT,
		env: {
			PATH: process.env.PATH ?? '',
			PORT: '0',
			DAIS_DB: dbFile,
			DAIS_SAMPLE_DATES: 'fixed',
			DAIS_SECRET: process.env.DAIS_SECRET ?? '',
			DAIS_TEST_QUESTION_LIMIT: `${QUESTION_LIMIT}/60`,
			REDIS_URL: redisUrl,
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	let output = '';
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`a hub did not start within 60 s:\n${output}`)), 60_000);
		child.stdout!.on('data', (d: Buffer) => {
			output += d.toString();
			const m = /listening (\d+)/.exec(output);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		});
		child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
		child.once('exit', () => reject(new Error(`a hub exited while starting:\n${output}`)));
	});
	hubs.push({ child, port });
}

/** A phone or console on hub `n` (or on whatever `url` leads to), joined to the sample event. */
async function open(target: number | string, cookie = deviceCookie(), reconnection = false) {
	const url = typeof target === 'string' ? target : `http://127.0.0.1:${hubs[target].port}`;
	const socket: DaisClient = io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection,
		reconnectionDelay: 50,
		reconnectionDelayMax: 200,
		extraHeaders: { cookie }
	});
	sockets.add(socket);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	expectOk(await joinEvent(socket));
	return socket;
}

function closeAll() {
	for (const s of sockets) s.close();
	sockets.clear();
}

/** Ballots per choice of the poll, as the shared database holds them. */
function storedCounts() {
	const db = new Database(dbFile, { readonly: true });
	try {
		const rows = db
			.prepare<[string, string], { answer: string }>(
				'SELECT answer FROM ballots WHERE event_id = ? AND poll_id = ?'
			)
			.all(EVENT_ID, POLL);
		const counts = Object.fromEntries(CHOICES.map((c) => [c, 0]));
		for (const r of rows) counts[(JSON.parse(r.answer) as { choice: string }).choice]++;
		return { ballots: rows.length, counts };
	} finally {
		db.close();
	}
}

/**
 * A stand-in for the load balancer: connections go to hub `to`; `drop` cuts them all without a close frame (as venue
 * Wi-Fi does) and sends what comes next to another hub.
 */
async function startBalancer(to = 0) {
	let target = hubs[to].port;
	const piped = new Set<TcpSocket>();
	const proxy: Server = createServer((inbound) => {
		const outbound = tcpConnect(target, '127.0.0.1');
		piped.add(inbound).add(outbound);
		// A side that ends is ended on the other after what it sent (pipe's default); only `drop` cuts mid-stream.
		inbound.pipe(outbound).pipe(inbound);
		const drop = () => {
			inbound.destroy();
			outbound.destroy();
		};
		inbound.on('error', drop);
		outbound.on('error', drop);
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	const address = proxy.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	const cut = () => {
		for (const s of piped) s.destroy();
		piped.clear();
	};
	return {
		url: `http://127.0.0.1:${port}`,
		drop(next: number) {
			target = hubs[next].port;
			cut();
		},
		close() {
			cut();
			return new Promise<void>((resolve) => proxy.close(() => resolve()));
		}
	};
}

describe.skipIf(!HAVE_REDIS)('three hubs over Redis sharing one database', () => {
	let redis: ChildProcess;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'dais-cluster-'));
		dbFile = join(dir, 'dais.db');
		const redisPort = await freePort();
		redisUrl = `redis://127.0.0.1:${redisPort}`;
		redis = spawn(
			REDIS_SERVER,
			['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
			{ stdio: 'ignore' }
		);
		children.push(redis);
		const probe = createClient({ url: redisUrl });
		probe.on('error', () => {});
		for (let i = 0; ; i++) {
			try {
				await probe.connect();
				break;
			} catch {
				if (i > 100) throw new Error('redis-server did not start');
				await sleep(50);
			}
		}
		await probe.close();

		// Seeded here, as a first start would, so the hubs start on one database and the test holds staff cookies.
		const db = openDatabase(dbFile);
		const seeding = await createServices(
			createSqliteSql(db),
			{ seedSample: true, sampleDates: 'fixed' },
			fixedClock()
		);
		await seeding.seedIfEmpty();
		// Signed in by the real clock, which the hubs run on.
		const live = await createServices(createSqliteSql(db), { seedSample: false, sampleDates: 'fixed' });
		const cookieFor = async (role: 'organiser' | 'chair' | 'moderator') =>
			(
				await signInWith(
					live,
					(await seeding.access.mint({ eventId: EVENT_ID, role, roomId: null, label: `cluster ${role}` }))
						.token
				)
			).cookie;
		organiserCookie = await cookieFor('organiser');
		chairCookie = await cookieFor('chair');
		moderatorCookie = await cookieFor('moderator');
		deviceCookie = (device = randomBytes(16).toString('base64url')) =>
			`dais_device=${seeding.devices.cookieFor(device)}`;
		db.close();

		await Promise.all([startHub(), startHub(), startHub()]);
	}, 180_000);

	afterEach(closeAll);

	afterAll(async () => {
		closeAll();
		for (const child of children) {
			child.kill('SIGKILL');
			await exited(child);
		}
		rmSync(dir, { recursive: true, force: true });
	});

	it('fans out a question, an agenda change and an announcement to clients on every hub', async () => {
		const attendees = await Promise.all([0, 1, 2].map((n) => open(n)));
		for (const a of attendees) expectOk(await send(a, 'qa:open', { eventId: EVENT_ID, sessionId: S }));
		const asker = attendees[0];
		const moderator = await open(1, moderatorCookie);
		expectOk(await send(moderator, 'qa:moderate', { eventId: EVENT_ID, sessionId: S }));

		const text = `Asked through hub 0, seen on all (${randomBytes(3).toString('hex')})`;
		const seen = attendees.map((a) =>
			nextEvent(a, 'qa:changed', (f) => f.type === 'question' && f.question.text === text, 5000)
		);
		const asked = expectOk(
			await send(asker, 'question:ask', { clientId: cid(), eventId: EVENT_ID, sessionId: S, text })
		).question;
		// Whether the session is pre-moderated or not, a moderator on another hub publishes it.
		if (asked.state !== 'published')
			expectOk(
				await send(moderator, 'question:approve', {
					clientId: cid(),
					eventId: EVENT_ID,
					questionIds: [asked.id]
				})
			);
		for (const fact of await Promise.all(seen)) expect(fact).toMatchObject({ question: { id: asked.id } });

		const organiser = await open(2, organiserCookie);
		const delayed = attendees.map((a) =>
			nextEvent(a, 'agenda:changed', (f) => f.type === 'session' && f.session.id === 'opening', 5000)
		);
		expectOk(
			await send(organiser, 'session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'opening',
				minutes: 5
			})
		);
		await Promise.all(delayed);

		const announced = attendees.map((a) =>
			nextEvent(
				a,
				'agenda:changed',
				(f) => f.type === 'announcement' && f.announcement.text === 'Lunch is served on level 2',
				5000
			)
		);
		expectOk(
			await send(organiser, 'announcement:post', {
				clientId: cid(),
				eventId: EVENT_ID,
				text: 'Lunch is served on level 2',
				roomId: null
			})
		);
		await Promise.all(announced);
	});

	it('tallies votes spread over three hubs as the database counts them, with no tally frame sent twice', async () => {
		const chair = await open(0, chairCookie);
		expectOk(
			await send(chair, 'poll:transition', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId: POLL,
				action: 'open',
				countdownSeconds: null
			})
		);
		expectOk(
			await send(chair, 'poll:reveal', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId: POLL,
				visibility: 'everyone'
			})
		);
		const watchers = await Promise.all([0, 1, 2].map((n) => open(n)));
		for (const w of watchers) expectOk(await send(w, 'poll:list', { eventId: EVENT_ID, sessionId: S }));
		const frames = watchers.map((w) => collect(w, 'poll:changed'));
		const results = (list: PollFact[]) =>
			list.filter(
				(f): f is Extract<PollFact, { type: 'results' }> => f.type === 'results' && f.pollId === POLL
			);

		const VOTERS = 45;
		const voters = await Promise.all(Array.from({ length: VOTERS }, (_, i) => open(i % 3)));
		// Each hub's voters vote at once, as a hall does.
		const acks = await Promise.all(
			voters.map((v, i) =>
				send(v, 'poll:vote', {
					clientId: cid('vote'),
					eventId: EVENT_ID,
					pollId: POLL,
					answer: { choice: CHOICES[(i * 7) % CHOICES.length] }
				})
			)
		);
		for (const ack of acks) expectOk(ack);

		const stored = storedCounts();
		expect(stored.ballots).toBe(VOTERS);
		await until('every watcher to see every ballot', () =>
			frames.every((list) => results(list).at(-1)?.ballots === VOTERS)
		);
		// A little longer: any late frame from a hub that flushes after the others would show up here.
		await sleep(500);
		for (const list of frames) {
			const tallies = results(list);
			const last = tallies.at(-1)!;
			expect(last.results).toEqual({ type: 'single', counts: stored.counts });
			const states = tallies.map((f) => JSON.stringify(f));
			expect(new Set(states).size).toBe(states.length);
		}
		// Every hub's clients got the same frames, in the same order.
		expect(results(frames[1])).toEqual(results(frames[0]));
		expect(results(frames[2])).toEqual(results(frames[0]));
	});

	it('counts upvotes spread over three hubs as the database does, with no count sent twice', async () => {
		const moderator = await open(1, moderatorCookie);
		const asker = await open(0);
		const asked = expectOk(
			await send(asker, 'question:ask', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: S,
				text: 'Which hub counted my vote?'
			})
		).question;
		if (asked.state !== 'published')
			expectOk(
				await send(moderator, 'question:approve', {
					clientId: cid(),
					eventId: EVENT_ID,
					questionIds: [asked.id]
				})
			);
		const watchers = await Promise.all([0, 1, 2].map((n) => open(n)));
		for (const w of watchers) expectOk(await send(w, 'qa:open', { eventId: EVENT_ID, sessionId: S }));
		// The counts moved by the question itself have gone out (one interval is 100 ms) before counting starts.
		await sleep(300);
		const frames = watchers.map((w) => collect(w, 'qa:votes'));
		const counted = (list: QaVotes[]) => list.map((f) => f.votes[asked.id]).filter((v) => v !== undefined);

		const VOTERS = 30;
		const voters = await Promise.all(Array.from({ length: VOTERS }, (_, i) => open(i % 3)));
		const acks = await Promise.all(
			voters.map((v) =>
				send(v, 'question:vote', { clientId: cid('up'), eventId: EVENT_ID, questionId: asked.id, up: true })
			)
		);
		for (const ack of acks) expectOk(ack);
		const db = new Database(dbFile, { readonly: true });
		const stored = db
			.prepare<[string], { n: number }>('SELECT count(*) AS n FROM question_votes WHERE question_id = ?')
			.get(asked.id)!.n;
		db.close();
		expect(stored).toBe(VOTERS);

		await until('every watcher to see every upvote', () =>
			frames.every((list) => counted(list).at(-1) === VOTERS)
		);
		await sleep(500);
		for (const list of frames) {
			const counts = counted(list);
			// Each frame moves the count on: none repeats one already sent.
			expect(new Set(counts).size).toBe(counts.length);
		}
		expect(frames[1]).toEqual(frames[0]);
		expect(frames[2]).toEqual(frames[0]);
	});

	it('recovers a phone that comes back through another hub, with what it missed and no new join', async () => {
		const balancer = await startBalancer();
		try {
			const phone = await open(balancer.url, deviceCookie(), true);
			// A fact after the join, so the phone holds an offset in the stream to resume from.
			const organiser = await open(2, organiserCookie);
			const first = nextEvent(phone, 'agenda:changed', (f) => f.type === 'announcement', 5000);
			expectOk(
				await send(organiser, 'announcement:post', {
					clientId: cid(),
					eventId: EVENT_ID,
					text: 'Before',
					roomId: null
				})
			);
			await first;

			const joins: unknown[] = [];
			phone.io.on('reconnect', () => joins.push('reconnected'));
			// The venue's Wi-Fi drops the phone without a close frame; the balancer now sends it to hub 1.
			balancer.drop(1);
			await until('the phone to notice the drop', () => !phone.connected);
			expectOk(
				await send(organiser, 'announcement:post', {
					clientId: cid(),
					eventId: EVENT_ID,
					text: 'While you were away',
					roomId: null
				})
			);
			const missed = nextEvent(
				phone,
				'agenda:changed',
				(f) => f.type === 'announcement' && f.announcement.text === 'While you were away',
				8000
			);
			await until('the phone to reconnect', () => phone.connected, 8000);
			expect(phone.recovered).toBe(true);
			await missed;
			expect(joins).toEqual(['reconnected']);

			// Recovered into its rooms on hub 1: it gets what the event's room gets from now on, without joining again.
			const after = nextEvent(
				phone,
				'agenda:changed',
				(f) => f.type === 'announcement' && f.announcement.text === 'After',
				5000
			);
			expectOk(
				await send(organiser, 'announcement:post', {
					clientId: cid(),
					eventId: EVENT_ID,
					text: 'After',
					roomId: null
				})
			);
			await after;
		} finally {
			await balancer.close();
		}
	});

	it('limits a device that spreads its questions over three hubs as one hub would', async () => {
		const device = randomBytes(16).toString('base64url');
		const phones = await Promise.all([0, 1, 2].map((n) => open(n, deviceCookie(device))));
		const ask = (n: number) =>
			send(phones[n], 'question:ask', {
				clientId: cid('ask'),
				eventId: EVENT_ID,
				sessionId: S,
				text: `Question ${n} from one phone over three hubs`
			});
		for (let n = 0; n < QUESTION_LIMIT; n++) expectOk(await ask(n % 3));
		for (const n of [0, 1, 2]) expect(await ask(n)).toMatchObject({ ok: false, error: 'rate-limited' });
	});

	/** A single-choice poll in the session, made by `chair`, its options labelled by their ids in capitals. */
	async function singlePoll(chair: Parameters<typeof send>[0], question: string, ids: string[]) {
		const created = await send(chair, 'poll:create', {
			clientId: cid(),
			eventId: EVENT_ID,
			sessionId: S,
			poll: {
				type: 'single',
				question,
				options: ids.map((id) => ({ id, label: id[0].toUpperCase() + id.slice(1) }))
			}
		});
		return expectOk(created).poll;
	}

	it('closes a poll once when its countdown runs out, though the hub that started it was killed', async () => {
		// A fourth hub starts the countdown and is killed: only the other three can close the poll.
		await startHub();
		const starter = hubs.at(-1)!;
		const chair = await open(hubs.length - 1, chairCookie);
		const poll = await singlePoll(chair, 'Does this poll close by itself?', ['yes', 'no']);
		const watchers = await Promise.all([0, 1, 2].map((n) => open(n)));
		const closed = watchers.map((w) => collect(w, 'poll:closed'));
		const opened = expectOk(
			await send(chair, 'poll:transition', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId: poll.id,
				action: 'open',
				countdownSeconds: 10
			})
		).poll;
		expect(opened.closesAt).not.toBeNull();
		// The word reaches the other hubs through Redis at once; give it a moment before the starter dies.
		await sleep(500);
		starter.child.kill('SIGKILL');
		await exited(starter.child);
		hubs.pop();

		await until(
			'every watcher to be told the poll closed',
			() => closed.every((list) => list.some((f) => f.pollId === poll.id)),
			15_000
		);
		// Three hubs' timers fired: any second close would be sent by now.
		await sleep(1000);
		for (const list of closed) expect(list.filter((f) => f.pollId === poll.id)).toHaveLength(1);
		const db = new Database(dbFile, { readonly: true });
		const row = db
			.prepare<[string, string], { state: string; closes_at: string | null }>(
				'SELECT state, closes_at FROM polls WHERE event_id = ? AND id = ?'
			)
			.get(EVENT_ID, poll.id);
		db.close();
		expect(row).toEqual({ state: 'closed', closes_at: null });
	});

	it('shows the chair on any hub the integrity signals of the ballots cast through every hub', async () => {
		const chair = await open(0, chairCookie);
		const poll = await singlePoll(chair, 'Which hub carried my ballot?', ['a', 'b']);
		expectOk(
			await send(chair, 'poll:transition', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId: poll.id,
				action: 'open',
				countdownSeconds: null
			})
		);
		// The chair console watches the session's polls (it joins the session's staff room).
		expectOk(await send(chair, 'poll:manage', { eventId: EVENT_ID, sessionId: S }));
		const staffFrames = collect(chair, 'poll:staff-changed');
		const VOTERS = 12;
		// Every phone comes from 127.0.0.1: one source address, whichever hub each reaches.
		const voters = await Promise.all(Array.from({ length: VOTERS }, (_, i) => open(i % 3)));
		const acks = await Promise.all(
			voters.map((v, i) =>
				send(v, 'poll:vote', {
					clientId: cid('vote'),
					eventId: EVENT_ID,
					pollId: poll.id,
					answer: { choice: i % 2 ? 'a' : 'b' }
				})
			)
		);
		for (const ack of acks) expectOk(ack);
		const integrity = () =>
			staffFrames
				.filter((f) => f.type === 'results' && f.pollId === poll.id)
				.map((f) => (f.type === 'results' ? f.integrity : null))
				.at(-1);
		await until(
			'the chair to see every ballot in the integrity signals',
			() => integrity()?.topAddress?.of === VOTERS,
			5000
		).catch(() => undefined);
		expect(integrity()).toEqual({ newDevices: 0, topAddress: { ballots: VOTERS, of: VOTERS } });
		// A chair console opened now, on another hub, reads the same signals.
		const other = await open(2, chairCookie);
		const managed = expectOk(await send(other, 'poll:manage', { eventId: EVENT_ID, sessionId: S }));
		expect(managed.polls.find((p) => p.id === poll.id)?.integrity).toEqual({
			newDevices: 0,
			topAddress: { ballots: VOTERS, of: VOTERS }
		});
	});

	it('sums presence over the hubs and drops a killed hub’s count', async () => {
		const organiser = await open(2, organiserCookie);
		const updates = collect(organiser, 'presence:updated');
		const latest = (): PresenceCounts | undefined => updates.at(-1);
		const here = async (n: number, roomId: string) => {
			const s = await open(n);
			expectOk(await send(s, 'presence:set', { eventId: EVENT_ID, roomId }));
		};
		await Promise.all([here(0, 'hall-a'), here(0, 'hall-a'), here(1, 'hall-a'), here(2, 'hall-b')]);
		await until('the organiser to see four attendees over three hubs', () => {
			const c = latest();
			return c?.total === 4 && c.byRoom['hall-a'] === 3 && c.byRoom['hall-b'] === 1;
		});

		// Hub 0 dies without a word: its two attendees leave the sum once its counts expire.
		hubs[0].child.kill('SIGKILL');
		await exited(hubs[0].child);
		await until(
			'the killed hub’s attendees to leave the count',
			() => {
				const c = latest();
				return c?.total === 2 && c.byRoom['hall-a'] === 1 && c.byRoom['hall-b'] === 1;
			},
			10_000
		);
	});
});
