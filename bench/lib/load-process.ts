import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchDeviceCookie } from './devices';
import type { ProgrammeHeld } from './fleet';
import { account, FactLedger, referenceOf } from './facts';
import { ProbeClient } from './probe-client';
import { backoffMs, fixedRate, poisson, schedule, uniform } from './schedule';
import { childOptions, serve } from './serve';
import { now, sleep } from './stats';
import { RECONNECT } from '../../src/lib/realtime/reconnect';

import { WireClient, type AckResult, type Lazy } from './wire';

/** One question a Q&A mix asked: when it was due, when its ack came, and how it went. */
export interface QaAsk {
	sched: number;
	t: number;
	ok: boolean;
	error?: string;
	session: string;
}
/** One upvote of a Q&A mix, with the count its ack reported. */
export interface QaVote extends QaAsk {
	q: string;
	votes: number;
}

/**
 * A load generator: many attendees in one process (pinned to core 1 by the parent). `wire` processes hold
 * thousands of lightweight WireClients; the `probe` process holds a few dozen real socket.io-client sockets.
 * Every action is scheduled ahead of time and its latency is measured from the scheduled moment, so a slow hub
 * cannot hide its delay by slowing the generator down (no coordinated omission).
 */

export interface LoadOptions {
	kind: 'wire' | 'probe';
	name: string;
	maxLifetimeMs: number;
}

type Client = WireClient | ProbeClient;
type Listener = (i: number, name: string, payload: Lazy, t: number) => void;

const opts = childOptions<LoadOptions>();
let clients: Client[] = [];
let devices: string[] = [];
let first = 0;
export interface HallSession {
	sessionId: string;
	roomId: string;
}
let join: { eventCode: string; eventId: string; sessions: HallSession[]; have: ProgrammeHeld | null } | null =
	null;
/** Each attendee follows one session: with several halls, attendee k follows session k mod halls. */
const sessionOf = (i: number) => join!.sessions[(first + i) % join!.sessions.length];
const listeners = new Set<Listener>();
/** Frames received per event name per client since the last reset. */
let frames = new Map<string, Uint32Array>();
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

function countFrame(i: number, name: string) {
	let a = frames.get(name);
	if (!a) frames.set(name, (a = new Uint32Array(clients.length)));
	a[i]++;
}

async function waitUntil(done: () => boolean, deadlineAt: number, stepMs = 20) {
	while (!done() && now() < deadlineAt) await sleep(stepMs);
	return done();
}

const errorCounts = (errors: (string | undefined)[]) => {
	const out: Record<string, number> = {};
	for (const e of errors) if (e) out[e] = (out[e] ?? 0) + 1;
	return out;
};

/**
 * The generator's own load during a phase: CPU time, its busiest second (as a share of one core), event-loop lag and
 * how late it started scheduled actions. A saturated generator delays what it measures, so the bench refuses a
 * phase whose generators were saturated.
 */
export interface GeneratorStats {
	cpuMs: number;
	wallMs: number;
	/** This process's CPU share of one core in each wall-clock second of the phase: [second, share, ...]. */
	seconds: number[];
	lagP99: number;
	lagMax: number;
	lateMs: number;
}
let phase = { cpu: process.cpuUsage(), wall: now() };
let second = { cpu: process.cpuUsage(), wall: now() };
let seconds: number[] = [];
// Sampled on wall-clock second boundaries, so the parent can add up generators sharing a core second by second.
setTimeout(
	() => {
		const sample = () => {
			const cpu = process.cpuUsage(second.cpu);
			const t = now();
			seconds.push(Math.round(t / 1000), (cpu.user + cpu.system) / 1000 / (t - second.wall));
			second = { cpu: process.cpuUsage(), wall: t };
		};
		sample();
		setInterval(sample, 1000).unref();
	},
	1000 - (now() % 1000)
).unref();

function beginPhase() {
	lag.reset();
	phase = { cpu: process.cpuUsage(), wall: now() };
	seconds = [];
}

function endPhase(lateMs = 0): GeneratorStats {
	const cpu = process.cpuUsage(phase.cpu);
	const s = {
		cpuMs: (cpu.user + cpu.system) / 1000,
		wallMs: now() - phase.wall,
		seconds,
		lagP99: lag.percentile(99) / 1e6,
		lagMax: lag.max / 1e6,
		lateMs
	};
	beginPhase();
	return s;
}

let writeSeq = 0;
/** A unique client id per write, as a page generates (8–64 of [A-Za-z0-9_-]). */
const clientId = (prefix: string, i: number) =>
	`${prefix}-${(first + i).toString(36).padStart(4, '0')}-${(writeSeq++).toString(36).padStart(4, '0')}`;

/** Largest reply seen per join command (the bare server sends as much in its equivalent join). */
const ackBytes: Record<string, number> = {};
const noteBytes = (name: string, r: AckResult) => {
	if (r.bytes) ackBytes[name] = Math.max(ackBytes[name] ?? 0, r.bytes);
};

/** Connects and, unless the hub recovered the session, joins as the session page does. */
async function enter(c: Client, i: number, timeoutMs: number): Promise<string | null> {
	try {
		await c.connect(timeoutMs);
	} catch (e) {
		return e instanceof Error ? e.message.split('\n')[0].slice(0, 60) : 'connect failed';
	}
	if (c.recovered) return null;
	return joinSession(c, i, timeoutMs);
}

/**
 * What the session page sends after a connect that was not recovered (live-event.svelte.ts with its panels' reads):
 * one `event:join` carrying, in `also`, `presence:set` for the session's hall and the Q&A and poll panels' reads
 * (`qa:open`, `poll:list`), answered together in the join's answer. `onPolls` gets the poll list (a re-join's
 * snapshot of the tallies).
 */
async function joinSession(
	c: Client,
	i: number,
	timeoutMs: number,
	onPolls?: (data: unknown, t: number) => void
) {
	const j = join!;
	const { sessionId, roomId } = sessionOf(i);
	const session = { eventId: j.eventId, sessionId };
	// As the page: it says which programme it came with, and the hub leaves that out of its answer.
	const joined = await c.emit(
		'event:join',
		{
			code: j.eventCode,
			protocol: 1,
			...(j.have ? { have: j.have } : {}),
			also: [
				{ name: 'presence:set', payload: { eventId: j.eventId, roomId } },
				{ name: 'qa:open', payload: session },
				{ name: 'poll:list', payload: session }
			]
		},
		{ timeoutMs, parse: true }
	);
	noteBytes('event:join', joined);
	if (!joined.ok) return `event:join ${joined.error}`;
	const also = (joined.data as { also?: { ok: boolean; error?: string; data?: unknown }[] }).also ?? [];
	const names = ['presence:set', 'qa:open', 'poll:list'];
	for (const [k, name] of names.entries()) {
		const res = also[k];
		if (!res?.ok) return `${name} ${res?.error ?? 'no answer'}`;
		// Each read's share of the answer, for bare Socket.IO's replies of the same sizes.
		if (name !== 'presence:set')
			noteBytes(name, { ok: true, t: joined.t, bytes: JSON.stringify(res).length });
	}
	onPolls?.(also[2].data, joined.t);
	return null;
}

const handlers = {
	/** Makes `count` attendees (global indices first..first+count), not yet connected, for a hub at `url`. */
	setup(p: {
		url: string;
		secret: string;
		first: number;
		count: number;
		devicePrefix: string;
		/** Source address per client index block (spreads ephemeral ports over 127.0.0.x). */
		localAddresses: string[] | null;
		perAddress: number;
		eventCode: string;
		eventId: string;
		sessions: HallSession[];
		have: ProgrammeHeld | null;
	}) {
		for (const c of clients) c.close();
		first = p.first;
		join = { eventCode: p.eventCode, eventId: p.eventId, sessions: p.sessions, have: p.have };
		const Kind = opts.kind === 'probe' ? ProbeClient : WireClient;
		clients = [];
		devices = [];
		for (let k = 0; k < p.count; k++) {
			const index = p.first + k;
			const device = `${p.devicePrefix}${index.toString(36).padStart(4, '0')}`;
			const localAddress = p.localAddresses ? p.localAddresses[Math.floor(index / p.perAddress)] : undefined;
			const c = new Kind({ url: p.url, cookie: benchDeviceCookie(p.secret, device), localAddress });
			const i = k;
			c.onEvent = (name, payload, t) => {
				countFrame(i, name);
				for (const l of listeners) l(i, name, payload, t);
			};
			clients.push(c);
			devices.push(device);
		}
		frames = new Map();
		return { clients: clients.length };
	},

	/**
	 * Attendees arrive at a fixed rate across all generators (global index i at startAt + i / perSecond), each
	 * connecting and joining as the session page does; latency counts from its arrival moment to the last join ack.
	 */
	async joinStorm(p: { startAt: number; perSecond: number; timeoutMs: number; deadlineAt: number }) {
		beginPhase();
		const n = clients.length;
		const sched = new Float64Array(n);
		const doneAt = new Float64Array(n).fill(NaN);
		const errors: (string | undefined)[] = [];
		let outstanding = n;
		const plan = schedule(
			clients.map((c, i) => {
				sched[i] = fixedRate(p.startAt, p.perSecond, first + i);
				return {
					at: sched[i],
					run: () =>
						void enter(c, i, p.timeoutMs).then((error) => {
							if (error) errors[i] = error;
							else doneAt[i] = now();
							outstanding--;
						})
				};
			})
		);
		await waitUntil(() => outstanding === 0, p.deadlineAt);
		plan.cancel();
		return {
			connected: clients.filter((c) => c.connected).length,
			failed: n - doneAt.filter(Number.isFinite).length,
			errors: errorCounts(errors),
			sched,
			doneAt,
			ackBytes,
			gen: endPhase(plan.worstLateMs())
		};
	},

	devices: () => ({ first, devices }),

	/** Frames received per client since the last reset, by event name, and the total per client. */
	frames(p: { reset?: boolean }) {
		const total = new Uint32Array(clients.length);
		const byName: Record<string, number> = {};
		for (const [name, a] of frames) {
			let sum = 0;
			for (let i = 0; i < a.length; i++) {
				total[i] += a[i];
				sum += a[i];
			}
			byName[name] = sum;
		}
		const perName = Object.fromEntries(frames);
		if (p.reset) frames = new Map();
		return { total, byName, perName };
	},

	/**
	 * Every client whose session has a poll in `polls` (session id -> poll id) votes once on it at a scheduled moment
	 * in [startAt, startAt + spreadMs); the others stay idle (NaN moments).
	 */
	async pollVote(p: {
		eventId: string;
		polls: Record<string, string>;
		choices: string[];
		startAt: number;
		spreadMs: number;
		/** The ballot count of each poll's final tally: a client's storm is over once it has seen a frame with it. */
		expectBallots: Record<string, number>;
		deadlineAt: number;
		ackTimeoutMs: number;
	}) {
		beginPhase();
		const n = clients.length;
		const sched = new Float64Array(n);
		const acked = new Float64Array(n).fill(NaN);
		const ok = new Uint8Array(n);
		const errors: (string | undefined)[] = new Array(n);
		const finalAt = new Float64Array(n).fill(NaN);
		const choice = new Array<string>(n);
		const pollOf = clients.map((_, i) => p.polls[sessionOf(i).sessionId]);
		const voters = clients.flatMap((c, i) => (pollOf[i] ? [i] : []));
		sched.fill(NaN);
		let outstanding = voters.length;
		let finals = 0;
		const listener: Listener = (i, name, payload, t) => {
			if (name !== 'poll:changed' || !pollOf[i] || !Number.isNaN(finalAt[i])) return;
			const f = payload() as { type: string; pollId: string; ballots: number };
			if (f.type === 'results' && f.pollId === pollOf[i] && f.ballots >= p.expectBallots[pollOf[i]]) {
				finalAt[i] = t;
				finals++;
			}
		};
		listeners.add(listener);
		const plan = schedule(
			voters.map((i) => {
				const c = clients[i];
				sched[i] = uniform(p.startAt, p.spreadMs);
				choice[i] = p.choices[(first + i) % p.choices.length];
				return {
					at: sched[i],
					run: () => {
						const payload = {
							clientId: clientId('v', i),
							eventId: p.eventId,
							pollId: pollOf[i],
							answer: { choice: choice[i] }
						};
						void c.emit('poll:vote', payload, { timeoutMs: p.ackTimeoutMs }).then((r: AckResult) => {
							acked[i] = r.t;
							ok[i] = r.ok ? 1 : 0;
							errors[i] = r.error;
							outstanding--;
						});
					}
				};
			})
		);
		const connected = voters.filter((i) => clients[i].connected).length;
		await waitUntil(() => outstanding === 0 && finals >= connected, p.deadlineAt);
		plan.cancel();
		listeners.delete(listener);
		return {
			first,
			sched,
			acked,
			ok,
			errors: errorCounts(errors),
			finalAt,
			choice,
			gen: endPhase(plan.worstLateMs())
		};
	},

	/**
	 * Q&A at a normal pace: each client asks and upvotes at Poisson moments. Votes go to a random published
	 * question this client has not voted for. Probes also record, per question, when each vote count was first seen.
	 */
	async qaMix(p: {
		eventId: string;
		startAt: number;
		durationMs: number;
		asksPerMin: number;
		votesPerMin: number;
		/** Published questions per session: each attendee asks in and upvotes its own session's. */
		published: Record<string, string[]>;
		/** The sessions taking part (all when absent). */
		sessions?: string[];
		record: boolean;
		deadlineAt: number;
		ackTimeoutMs: number;
		tag: string;
	}) {
		beginPhase();
		const published = new Map(Object.entries(p.published).map(([k, ids]) => [k, [...ids]]));
		const known = new Set([...published.values()].flat());
		const voted = clients.map(() => new Set<string>());
		const listener: Listener = (_i, name, payload) => {
			if (name !== 'qa:changed') return;
			const f = payload() as { type: string; sessionId: string; question?: { id: string } };
			if (f.type === 'question' && f.question && !known.has(f.question.id)) {
				known.add(f.question.id);
				const list = published.get(f.sessionId) ?? [];
				list.push(f.question.id);
				published.set(f.sessionId, list);
			}
		};
		// Probes record, per client, when each question's count was first seen at each value; wire clients only need
		// the shared list of published questions to vote on.
		const perClientSeen = p.record ? clients.map(() => new Map<string, number[]>()) : null;
		const perClientMax = p.record ? clients.map(() => new Map<string, number>()) : null;
		const probeListener: Listener = (i, name, payload, t) => {
			if (name !== 'qa:votes' || !perClientSeen) return;
			const f = payload() as { votes: Record<string, number> };
			for (const [q, count] of Object.entries(f.votes)) {
				const m = perClientMax![i];
				if (count <= (m.get(q) ?? 0)) continue;
				m.set(q, count);
				let list = perClientSeen[i].get(q);
				if (!list) perClientSeen[i].set(q, (list = []));
				list.push(count, t);
			}
		};
		listeners.add(listener);
		if (p.record) listeners.add(probeListener);

		const asks: QaAsk[] = [];
		const votes: QaVote[] = [];
		let skipped = 0;
		let outstanding = 0;
		const items: { at: number; run: () => void }[] = [];
		clients.forEach((c, i) => {
			const session = sessionOf(i).sessionId;
			if (p.sessions && !p.sessions.includes(session)) return;
			poisson(p.asksPerMin, p.startAt, p.durationMs).forEach((at, k) => {
				items.push({
					at,
					run: () => {
						outstanding++;
						const payload = {
							clientId: clientId('a', i),
							eventId: p.eventId,
							sessionId: session,
							text: `Question ${p.tag} ${first + i}.${k}: how should agencies share what they learn across borders?`
						};
						void c.emit('question:ask', payload, { timeoutMs: p.ackTimeoutMs, parse: true }).then((r) => {
							asks.push({ sched: at, t: r.t, ok: r.ok, error: r.error, session });
							// An attendee does not upvote the question they asked (the hub refuses it: own-question).
							const asked = (r.data as { question?: { id: string } } | undefined)?.question?.id;
							if (asked) voted[i].add(asked);
							outstanding--;
						});
					}
				});
			});
			for (const at of poisson(p.votesPerMin, p.startAt, p.durationMs)) {
				items.push({
					at,
					run: () => {
						const mine = published.get(session) ?? [];
						const candidates = mine.length;
						let q: string | undefined;
						for (let tries = 0; tries < 8 && candidates; tries++) {
							const pick = mine[Math.floor(Math.random() * candidates)];
							if (!voted[i].has(pick)) {
								q = pick;
								break;
							}
						}
						if (!q) {
							skipped++;
							return;
						}
						voted[i].add(q);
						outstanding++;
						const payload = { clientId: clientId('u', i), eventId: p.eventId, questionId: q, up: true };
						void c.emit('question:vote', payload, { timeoutMs: p.ackTimeoutMs, parse: true }).then((r) => {
							const d = r.data as { votes?: number } | undefined;
							votes.push({
								sched: at,
								t: r.t,
								ok: r.ok,
								error: r.error,
								q: q!,
								votes: d?.votes ?? -1,
								session
							});
							outstanding--;
						});
					}
				});
			}
		});
		const plan = schedule(items);
		await sleep(Math.max(0, p.startAt + p.durationMs - now()));
		await waitUntil(() => plan.left() === 0 && outstanding === 0, p.deadlineAt);
		// Let the last coalesced vote counts arrive (the hub sends them at most every 250 ms).
		await sleep(Math.min(1500, Math.max(0, p.deadlineAt - now())));
		plan.cancel();
		listeners.delete(listener);
		listeners.delete(probeListener);
		return {
			first,
			asks,
			votes,
			skipped,
			published: [...published.values()].reduce((a, l) => a + l.length, 0),
			seen: perClientSeen ? perClientSeen.map((m) => Object.fromEntries(m)) : null,
			gen: endPhase(plan.worstLateMs())
		};
	},

	/** One client sends `ratePerSec` commands a second, alternating question:ask and question:vote. */
	async flood(p: {
		eventId: string;
		sessionId: string;
		startAt: number;
		durationMs: number;
		ratePerSec: number;
		questionIds: string[];
		deadlineAt: number;
		ackTimeoutMs: number;
	}) {
		beginPhase();
		const c = clients[0];
		const results: Record<string, number> = {};
		const latency: number[] = [];
		let outstanding = 0;
		let sent = 0;
		const total = Math.floor((p.durationMs / 1000) * p.ratePerSec);
		const items = Array.from({ length: total }, (_, k) => ({
			at: p.startAt + (k * 1000) / p.ratePerSec,
			run: () => {
				sent++;
				outstanding++;
				const at = p.startAt + (k * 1000) / p.ratePerSec;
				const [name, payload] =
					k % 2 === 0
						? [
								'question:ask',
								{
									clientId: clientId('f', 0),
									eventId: p.eventId,
									sessionId: p.sessionId,
									text: `Flood question number ${k}`
								}
							]
						: [
								'question:vote',
								{
									clientId: clientId('f', 0),
									eventId: p.eventId,
									questionId: p.questionIds[k % p.questionIds.length],
									up: true
								}
							];
				void c.emit(name as string, payload, { timeoutMs: p.ackTimeoutMs }).then((r) => {
					const key = `${name} ${r.ok ? 'ok' : r.error}`;
					results[key] = (results[key] ?? 0) + 1;
					latency.push(r.t - at);
					outstanding--;
				});
			}
		}));
		const plan = schedule(items);
		await sleep(Math.max(0, p.startAt + p.durationMs - now()));
		await waitUntil(() => plan.left() === 0 && outstanding === 0, p.deadlineAt);
		plan.cancel();
		return { sent, results, latency: Float64Array.from(latency), gen: endPhase(plan.worstLateMs()) };
	},

	/**
	 * The cookie-dropping attacker: `sockets` loops that each come back without a cookie, then with an invented one,
	 * then with a device id fresh from the hub's endpoint (as many as it will issue to this address), and every time
	 * try to vote in the poll and upvote a question. Counts what the hub answered, by kind of cookie.
	 */
	async dropCookies(p: {
		url: string;
		eventCode: string;
		eventId: string;
		pollId: string;
		choice: string;
		questionIds: string[];
		sockets: number;
		startAt: number;
		durationMs: number;
		ackTimeoutMs: number;
	}) {
		beginPhase();
		const results: Record<string, number> = {};
		const count = (key: string) => (results[key] = (results[key] ?? 0) + 1);
		const ids = { issued: 0, refused: 0 };
		const until = p.startAt + p.durationMs;
		let seq = 0;
		const dropId = () => `drop-${(seq++).toString(36).padStart(6, '0')}`;
		const forged = () =>
			`dais_device=${randomBytes(16).toString('base64url')}.${randomBytes(16).toString('base64url')}`;

		async function attempt(cookie: string, kind: string) {
			const c = new WireClient({ url: p.url, cookie });
			try {
				await c.connect(p.ackTimeoutMs);
			} catch {
				count(`${kind} connect-failed`);
				return;
			}
			const joined = await c.emit(
				'event:join',
				{ code: p.eventCode, protocol: 1 },
				{ timeoutMs: p.ackTimeoutMs }
			);
			if (!joined.ok) count(`${kind} join ${joined.error}`);
			const vote = await c.emit(
				'poll:vote',
				{ clientId: dropId(), eventId: p.eventId, pollId: p.pollId, answer: { choice: p.choice } },
				{ timeoutMs: p.ackTimeoutMs }
			);
			count(`${kind} poll:vote ${vote.ok ? 'ok' : vote.error}`);
			const questionId = p.questionIds[seq % p.questionIds.length];
			const up = await c.emit(
				'question:vote',
				{ clientId: dropId(), eventId: p.eventId, questionId, up: true },
				{ timeoutMs: p.ackTimeoutMs }
			);
			count(`${kind} question:vote ${up.ok ? 'ok' : up.error}`);
			c.close();
		}

		async function loop() {
			while (now() < until) {
				await attempt('', 'no cookie');
				await attempt(forged(), 'forged cookie');
				const res = await fetch(`${p.url}/api/device`, { method: 'POST' }).catch(() => null);
				const set = res?.headers.getSetCookie().find((c) => c.startsWith('dais_device='));
				if (!set) {
					ids.refused++;
					continue;
				}
				ids.issued++;
				await attempt(set.split(';')[0], 'issued id');
			}
		}

		await sleep(Math.max(0, p.startAt - now()));
		await Promise.all(Array.from({ length: p.sockets }, loop));
		return { results, ids, gen: endPhase() };
	},

	/**
	 * Starts recording, per client, every poll-results fact of `pollId` (known by its ballot count) and when it came:
	 * the reference clients' records say which facts went out, the dropped clients' must hold each exactly once.
	 */
	track(p: { pollId: string }) {
		const ledgers = clients.map(() => new FactLedger());
		const listener: Listener = (i, name, payload, t) => {
			if (name !== 'poll:changed') return;
			const f = payload() as { type: string; pollId: string; ballots: number };
			if (f.type === 'results' && f.pollId === p.pollId) ledgers[i].note(f.ballots, t);
		};
		listeners.add(listener);
		tracking = { pollId: p.pollId, ledgers, stop: () => listeners.delete(listener) };
		return { tracking: clients.length };
	},

	/** The reference clients vote one after another, one every `intervalMs` from `startAt`: a tally that keeps moving. */
	async referenceVotes(p: {
		eventId: string;
		pollId: string;
		answer: unknown;
		startAt: number;
		intervalMs: number;
		deadlineAt: number;
		ackTimeoutMs: number;
	}) {
		beginPhase();
		const errors: (string | undefined)[] = [];
		let outstanding = clients.length;
		const plan = schedule(
			clients.map((c, i) => ({
				at: p.startAt + i * p.intervalMs,
				run: () =>
					void c
						.emit(
							'poll:vote',
							{ clientId: clientId('r', i), eventId: p.eventId, pollId: p.pollId, answer: p.answer },
							{ timeoutMs: p.ackTimeoutMs }
						)
						.then((r) => {
							if (!r.ok) errors[i] = r.error;
							outstanding--;
						})
			}))
		);
		await waitUntil(() => outstanding === 0, p.deadlineAt);
		plan.cancel();
		return { votes: clients.length, errors: errorCounts(errors), gen: endPhase(plan.worstLateMs()) };
	},

	/**
	 * The Wi-Fi drop: at `dropAt` every client's TCP connection is destroyed (no close frame, so the hub keeps the
	 * session for recovery); each returns at a uniformly random moment within `spreadMs`, reconnecting as
	 * socket.io-client does (recovery pid and offset; on failure, its back-off) and then doing what the page does:
	 * nothing more if recovered, otherwise the join, once. Latency counts from the moment it returned.
	 */
	async dropAndReturn(p: { dropAt: number; spreadMs: number; deadlineAt: number; timeoutMs: number }) {
		beginPhase();
		const n = clients.length;
		const sched = new Float64Array(n);
		const backAt = new Float64Array(n).fill(NaN);
		const recovered = new Uint8Array(n);
		const attempts = new Uint8Array(n);
		const errors: (string | undefined)[] = new Array(n);
		let dropped = 0;
		let outstanding = n;
		const comeBack = async (c: Client, i: number) => {
			for (;;) {
				attempts[i]++;
				try {
					await c.connect(p.timeoutMs);
					if (c.recovered) recovered[i] = 1;
					else {
						const ledger = tracking?.ledgers[i];
						const error = await joinSession(c, i, p.timeoutMs, (data, t) => {
							const poll = (data as { polls?: { id: string; ballots: number }[] }).polls?.find(
								(x) => x.id === tracking?.pollId
							);
							if (poll && ledger) ledger.cover(poll.ballots, t);
						});
						if (error) throw new Error(error);
					}
					backAt[i] = now();
					return;
				} catch (e) {
					errors[i] = e instanceof Error ? e.message.slice(0, 60) : 'failed';
					// The page's own back-off (src/lib/realtime/reconnect.ts), for Dais and bare alike.
					const wait = backoffMs(attempts[i], {
						delayMs: RECONNECT.reconnectionDelay,
						maxMs: RECONNECT.reconnectionDelayMax,
						jitter: RECONNECT.randomizationFactor
					});
					if (now() + wait > p.deadlineAt) return;
					await sleep(wait);
				}
			}
		};
		const plan = schedule([
			{
				at: p.dropAt,
				run: () => {
					for (const c of clients) {
						if (c.connected) dropped++;
						c.terminate();
					}
				}
			},
			// Only the clients connected now take part: one that never joined has nothing to come back to.
			...clients.flatMap((c, i) => {
				if (!c.connected) {
					sched[i] = NaN;
					outstanding--;
					return [];
				}
				sched[i] = uniform(p.dropAt, p.spreadMs);
				return [{ at: sched[i], run: () => void comeBack(c, i).finally(() => outstanding--) }];
			})
		]);
		await waitUntil(() => outstanding === 0, p.deadlineAt);
		plan.cancel();
		// Count as failed only the clients that never came back (earlier attempts show in `attempts`).
		for (let i = 0; i < n; i++) if (Number.isFinite(backAt[i])) errors[i] = undefined;
		return {
			dropped,
			sched,
			backAt,
			recovered,
			attempts,
			errors: errorCounts(errors),
			gen: endPhase(plan.worstLateMs())
		};
	},

	/** Stops recording and returns the facts as this process's clients saw them first: [ballots, t, ...]. */
	trackReference() {
		if (!tracking) throw new Error('not tracking');
		tracking.stop();
		const ref = referenceOf(tracking.ledgers);
		// A reference client that lacks a fact another one got is a broken reference, not a finding about the hub.
		const gaps = tracking.ledgers.reduce(
			(a, l) => a + [...ref.keys()].filter((k) => !l.firstAt.has(k)).length,
			0
		);
		return { pairs: Float64Array.from([...ref].flat()), gaps };
	},

	/** Stops recording and accounts each client's facts against the reference (from its moment back, `backAt`). */
	trackAccount(p: { reference: Float64Array; sched: Float64Array; backAt: Float64Array }) {
		if (!tracking) throw new Error('not tracking');
		tracking.stop();
		const reference = new Map<number, number>();
		for (let k = 0; k < p.reference.length; k += 2) reference.set(p.reference[k], p.reference[k + 1]);
		const n = clients.length;
		const missed = new Uint32Array(n);
		const duplicated = new Uint32Array(n);
		const syncedAt = new Float64Array(n);
		tracking.ledgers.forEach((l, i) => {
			// A client left out of the storm (not connected at the drop) is not accounted.
			if (Number.isNaN(p.sched[i])) return void (syncedAt[i] = NaN);
			const a = account(reference, l, p.backAt[i]);
			missed[i] = a.missed;
			duplicated[i] = a.duplicated;
			syncedAt[i] = a.syncedAt;
		});
		tracking = null;
		return { missed, duplicated, syncedAt };
	},

	/**
	 * The soak: for `durationMs`, every client drops at random (mean `meanUpMs` connected) and comes back after
	 * `downMinMs`..`downMaxMs`, recovering its session or re-joining.
	 */
	async soak(p: {
		startAt: number;
		durationMs: number;
		meanUpMs: number;
		downMinMs: number;
		downMaxMs: number;
		timeoutMs: number;
	}) {
		beginPhase();
		const end = p.startAt + p.durationMs;
		let drops = 0;
		let recoveredCount = 0;
		let rejoined = 0;
		const failures: (string | undefined)[] = [];
		const backMs: number[] = [];
		await sleep(Math.max(0, p.startAt - now()));
		await Promise.all(
			clients.map(async (c, i) => {
				for (;;) {
					const up = -Math.log(1 - Math.random()) * p.meanUpMs;
					if (now() + up >= end) return;
					await sleep(up);
					c.terminate();
					drops++;
					await sleep(p.downMinMs + Math.random() * (p.downMaxMs - p.downMinMs));
					const t0 = now();
					try {
						await c.connect(p.timeoutMs);
						if (c.recovered) recoveredCount++;
						else {
							const error = await joinSession(c, i, p.timeoutMs);
							if (error) throw new Error(error);
							rejoined++;
						}
						backMs.push(now() - t0);
					} catch (e) {
						failures.push(e instanceof Error ? e.message.slice(0, 60) : 'failed');
						// Try again once, from scratch, so one refusal does not lose the client for the rest of the soak.
						await sleep(1000);
						await enter(c, i, p.timeoutMs).catch(() => undefined);
					}
				}
			})
		);
		return {
			drops,
			recovered: recoveredCount,
			rejoined,
			failures: errorCounts(failures),
			backMs: Float64Array.from(backMs),
			connected: clients.filter((c) => c.connected).length,
			gen: endPhase()
		};
	},

	closeAll() {
		for (const c of clients) c.close();
		const n = clients.length;
		clients = [];
		return { closed: n };
	}
};

let tracking: { pollId: string; ledgers: FactLedger[]; stop: () => void } | null = null;

serve(handlers, {
	maxLifetimeMs: opts.maxLifetimeMs,
	onExit: () => {
		for (const c of clients) c.close();
	}
});
