import Database from 'better-sqlite3';
import type { HubStats } from '../hub-process';
import { concat, type Fleet } from './fleet';
import { tcpCounters, tcpDelta } from './netstat';
import type { HubHandle } from './hub';
import { EVENT, seedQuestions, writeId, type ParentClient } from './staff';
import { now, sleep, summarize } from './stats';

/**
 * The measurements themselves, shared by the single benches (qa, poll-storm, flood) and the harness (index).
 * Each takes a running hub and a fleet of attendees, and returns plain figures.
 */

const finite = (a: ArrayLike<number>) =>
	Float64Array.from(Array.prototype.filter.call(a, Number.isFinite) as number[]);
const mergeCounts = (parts: Record<string, number>[]) => {
	const out: Record<string, number> = {};
	for (const p of parts) for (const [k, v] of Object.entries(p)) out[k] = (out[k] ?? 0) + v;
	return out;
};
const eldOf = (s: HubStats) => ({
	...s.eld,
	worstSecondMs: Math.max(0, ...s.timeline.map((x) => x.eldMaxMs))
});

export const POLL = {
	id: 'p-intelligence-first',
	choices: ['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes']
};

/** (a) Connects every attendee (join + Q&A + polls of one session) and reports the hub's memory per connection. */
export async function connectIdle(
	hub: HubHandle,
	fleet: Fleet,
	o: { concurrency: number; timeoutMs: number }
) {
	const before = await hub.memory();
	await hub.mark('connect');
	const tcp = tcpCounters();
	const c = await fleet.connect({
		url: hub.url,
		secret: hub.secret,
		...EVENT,
		concurrency: o.concurrency,
		timeoutMs: o.timeoutMs
	});
	const tcpDuring = tcpDelta(tcp);
	const connectStats = await hub.stats(true);
	await sleep(2000);
	const after = await hub.memory();
	const n = Math.max(1, after.sockets - before.sockets);
	await fleet.frames(true);
	return {
		attendees: fleet.total,
		connected: c.connected,
		failed: c.failed,
		errors: c.errors,
		hubSockets: after.sockets,
		connectSeconds: c.elapsedMs / 1000,
		connectsPerSecond: c.connected / (c.elapsedMs / 1000),
		connectMs: summarize(finite(c.connectMs)),
		hubCpuMsPerConnect: connectStats.cpuMs / Math.max(1, c.connected),
		gcExposed: after.gc,
		before: before.memory,
		after: after.memory,
		rssPerConnection: (after.memory.rss - before.memory.rss) / n,
		heapPerConnection: (after.memory.heapUsed - before.memory.heapUsed) / n,
		externalPerConnection: (after.memory.external - before.memory.external) / n,
		tcp: tcpDuring,
		generatorLagMaxMs: c.generatorLagMaxMs
	};
}
export type IdleResult = Awaited<ReturnType<typeof connectIdle>>;

interface PollVoteReply {
	first: number;
	sched: Float64Array;
	acked: Float64Array;
	ok: Uint8Array;
	errors: Record<string, number>;
	finalAt: Float64Array;
	choice: string[];
	lag: { p99: number; max: number };
}

/**
 * (b) The vote storm: the chair opens the poll and shows results to everyone, then every attendee votes once at a
 * random moment within `seconds`. Latency counts from each vote's scheduled moment. Afterwards every acknowledged
 * ballot is looked up in the database (Dais) or the server's counter (bare).
 */
export async function pollStorm(
	hub: HubHandle,
	fleet: Fleet,
	o: { seconds: number; chair: ParentClient | null; voters: number; tailMs: number }
) {
	if (o.chair) {
		await o.chair.must('poll:transition', {
			clientId: writeId('open'),
			eventId: EVENT.eventId,
			pollId: POLL.id,
			action: 'open'
		});
		await o.chair.must('poll:reveal', {
			clientId: writeId('reveal'),
			eventId: EVENT.eventId,
			pollId: POLL.id,
			visibility: 'everyone'
		});
	}
	await sleep(1000);
	await fleet.frames(true);
	o.chair?.resetFrames();
	await hub.mark('poll-storm');
	const spreadMs = o.seconds * 1000;
	const startAt = now() + 1500;
	const deadlineAt = startAt + spreadMs + o.tailMs;
	const replies = await fleet.all<PollVoteReply>(
		'pollVote',
		{
			eventId: EVENT.eventId,
			pollId: POLL.id,
			choices: POLL.choices,
			startAt,
			spreadMs,
			expectBallots: o.voters,
			deadlineAt,
			ackTimeoutMs: 30_000
		},
		spreadMs + o.tailMs + 120_000
	);
	const hubStats = await hub.stats(true);
	const frames = await fleet.frames(true);

	const sched = concat(replies.map(({ r }) => r.sched));
	const acked = concat(replies.map(({ r }) => r.acked));
	const ok = concat(replies.map(({ r }) => r.ok));
	const finalAt = concat(replies.map(({ r }) => r.finalAt));
	const choices = replies.flatMap(({ r }) => r.choice);
	const ackMs: number[] = [];
	let lastAck = -Infinity;
	for (let i = 0; i < sched.length; i++) {
		if (!ok[i]) continue;
		ackMs.push(acked[i] - sched[i]);
		lastAck = Math.max(lastAck, acked[i]);
	}
	const finalMs: number[] = [];
	let missingFinal = 0;
	let firstFinal = Infinity;
	for (const t of finalAt) {
		if (Number.isFinite(t)) {
			finalMs.push(t - lastAck);
			firstFinal = Math.min(firstFinal, t);
		} else missingFinal++;
	}
	// How long the final tally's broadcast took to reach everyone, whatever the phase of the 4 Hz flush timer.
	const finalSpreadMs = Array.from(finalAt)
		.filter(Number.isFinite)
		.map((t) => t - firstFinal);
	const accepted = ackMs.length;
	// The same figures from the socket.io-client probes alone: a few sockets in their own process, so load-generator
	// queueing hardly touches them.
	const probeAckMs: number[] = [];
	const probeFinalMs: number[] = [];
	for (const { proc, r } of replies) {
		if (proc.kind !== 'probe') continue;
		r.sched.forEach((s, i) => {
			if (r.ok[i]) probeAckMs.push(r.acked[i] - s);
			if (Number.isFinite(r.finalAt[i])) probeFinalMs.push(r.finalAt[i] - lastAck);
		});
	}

	// Every acknowledged ballot must be stored exactly once, and nothing else.
	let integrity: {
		lost: number;
		duplicated: number;
		stored: number;
		tallyMatches: boolean;
		storedByChoice: Record<string, number>;
	};
	const ackedByChoice: Record<string, number> = {};
	choices.forEach((c, i) => {
		if (ok[i]) ackedByChoice[c] = (ackedByChoice[c] ?? 0) + 1;
	});
	if (hub.kind === 'dais') {
		const devices = (await fleet.all<{ first: number; devices: string[] }>('devices', {}, 30_000)).flatMap(
			({ r }) => r.devices
		);
		const hashes = await hub.deviceHashes(devices.filter((_, i) => ok[i]));
		const db = new Database(hub.dbFile, { readonly: true, fileMustExist: true });
		const rows = db
			.prepare<[string], { device_hash: string; answer: string }>(
				'SELECT device_hash, answer FROM ballots WHERE poll_id = ?'
			)
			.all(POLL.id);
		db.close();
		const stored = new Map<string, number>();
		const storedByChoice: Record<string, number> = {};
		for (const r of rows) {
			stored.set(r.device_hash, (stored.get(r.device_hash) ?? 0) + 1);
			const c = (JSON.parse(r.answer) as { choice: string }).choice;
			storedByChoice[c] = (storedByChoice[c] ?? 0) + 1;
		}
		const ackedSet = new Set(hashes);
		let lost = 0;
		for (const h of ackedSet) if (!stored.has(h)) lost++;
		let duplicated = 0;
		for (const [h, n] of stored) duplicated += ackedSet.has(h) ? n - 1 : n;
		duplicated += hashes.length - ackedSet.size;
		const tallyMatches = POLL.choices.every((c) => (storedByChoice[c] ?? 0) === (ackedByChoice[c] ?? 0));
		integrity = { lost, duplicated, stored: rows.length, tallyMatches, storedByChoice };
	} else {
		const counted = (await hub.child.request<number>('bareVotes')) ?? 0;
		integrity = {
			lost: Math.max(0, accepted - counted),
			duplicated: Math.max(0, counted - accepted),
			stored: counted,
			tallyMatches: counted === accepted,
			storedByChoice: {}
		};
	}

	return {
		server: hub.kind,
		voters: o.voters,
		seconds: o.seconds,
		accepted,
		errors: mergeCounts(replies.map(({ r }) => r.errors)),
		votesPerSecond: accepted / ((lastAck - startAt) / 1000),
		ackMs: summarize(ackMs),
		finalTallyMs: summarize(finalMs),
		finalTallySpreadMs: summarize(finalSpreadMs),
		probeAckMs: summarize(probeAckMs),
		probeFinalTallyMs: summarize(probeFinalMs),
		clientsWithoutFinalTally: missingFinal,
		...integrity,
		ackedByChoice,
		frames: { total: frames.total, byName: frames.byName, perClient: summarize(frames.perClient) },
		hub: {
			eldMs: eldOf(hubStats),
			elu: hubStats.elu,
			cpuMs: hubStats.cpuMs,
			cpuMsPerVote: hubStats.cpuMs / Math.max(1, accepted),
			votesPerCpuSecond: accepted / (hubStats.cpuMs / 1000),
			groupCommit: hubStats.writes,
			rss: hubStats.memory.rss,
			timeline: hubStats.timeline
		},
		generatorLagMaxMs: Math.max(...replies.map(({ r }) => r.lag.max))
	};
}
export type StormResult = Awaited<ReturnType<typeof pollStorm>>;

interface QaReply {
	first: number;
	asks: { sched: number; t: number; ok: boolean; error?: string }[];
	votes: { sched: number; t: number; ok: boolean; error?: string; q: string; votes: number }[];
	skipped: number;
	published: number;
	seen: Record<string, number[]>[] | null;
	lag: { p99: number; max: number };
}

/** First moment a probe saw question `q` with at least `count` votes, from its [count, t, ...] pairs. */
function firstSeen(pairs: number[] | undefined, count: number): number {
	if (!pairs) return NaN;
	let lo = 0;
	let hi = pairs.length / 2;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (pairs[mid * 2] >= count) hi = mid;
		else lo = mid + 1;
	}
	return lo < pairs.length / 2 ? pairs[lo * 2 + 1] : NaN;
}

/**
 * (e) Q&A: attendees ask and upvote at Poisson moments while the moderator approves in bulk. A vote is visible to
 * all once every probe has seen a `qa:votes` count that includes it (counts only rise: upvotes only).
 */
export async function qaMix(
	hub: HubHandle,
	fleet: Fleet,
	o: {
		seconds: number;
		asksPerMin: number;
		votesPerMin: number;
		mod: ParentClient;
		published: string[];
		tag: string;
		tailMs: number;
	}
) {
	await fleet.frames(true);
	o.mod.resetFrames();
	await hub.mark(`qa-${o.tag}`);
	const durationMs = o.seconds * 1000;
	const startAt = now() + 1500;
	const deadlineAt = startAt + durationMs + o.tailMs;
	const replies = await fleet.all<QaReply>(
		'qaMix',
		(p) => ({
			...EVENT,
			startAt,
			durationMs,
			asksPerMin: o.asksPerMin,
			votesPerMin: o.votesPerMin,
			published: o.published,
			record: p.kind === 'probe',
			deadlineAt,
			ackTimeoutMs: 30_000,
			tag: o.tag
		}),
		durationMs + o.tailMs + 120_000
	);
	const hubStats = await hub.stats(true);
	const frames = await fleet.frames(true);
	const modFrames = o.mod.resetFrames();
	return summarizeQa(
		replies.map(({ r }) => r),
		hubStats,
		frames,
		modFrames,
		o.seconds
	);
}

export function summarizeQa(
	replies: QaReply[],
	hubStats: HubStats,
	frames: { byName: Record<string, number>; perClient: Float64Array; total: number },
	modFrames: Record<string, number>,
	seconds: number
) {
	const asks = replies.flatMap((r) => r.asks);
	const votes = replies.flatMap((r) => r.votes);
	const askOk = asks.filter((a) => a.ok);
	const voteOk = votes.filter((v) => v.ok);
	const probes = replies.flatMap((r) => r.seen ?? []);
	const visibleMs: number[] = [];
	let notSeenByAll = 0;
	for (const v of voteOk) {
		let latest = -Infinity;
		for (const s of probes) latest = Math.max(latest, firstSeen(s[v.q], v.votes));
		if (Number.isNaN(latest) || !probes.length) notSeenByAll++;
		else visibleMs.push(latest - v.t);
	}
	const votesFrames = (frames.byName['qa:votes'] ?? 0) + (modFrames['qa:votes'] ?? 0);
	return {
		seconds,
		asked: askOk.length,
		upvoted: voteOk.length,
		questionsPerSecond: askOk.length / seconds,
		upvotesPerSecond: voteOk.length / seconds,
		votesSkipped: replies.reduce((a, r) => a + r.skipped, 0),
		errors: mergeCounts([...asks, ...votes].filter((x) => !x.ok).map((x) => ({ [x.error ?? 'unknown']: 1 }))),
		ackMs: summarize([...askOk, ...voteOk].map((x) => x.t - x.sched)),
		askAckMs: summarize(askOk.map((x) => x.t - x.sched)),
		voteAckMs: summarize(voteOk.map((x) => x.t - x.sched)),
		voteVisibleToAllMs: summarize(visibleMs),
		votesNotSeenByAllProbes: notSeenByAll,
		probes: probes.length,
		qaVotesFrames: votesFrames,
		framesPerVote: votesFrames / Math.max(1, voteOk.length),
		framesPerQuestion: (frames.byName['qa:changed'] ?? 0) / Math.max(1, askOk.length),
		frames: { total: frames.total, byName: frames.byName, perClient: summarize(frames.perClient) },
		hub: {
			eldMs: eldOf(hubStats),
			elu: hubStats.elu,
			cpuMs: hubStats.cpuMs,
			groupCommit: hubStats.writes,
			rss: hubStats.memory.rss
		},
		generatorLagMaxMs: Math.max(...replies.map((r) => r.lag.max))
	};
}
export type QaResult = ReturnType<typeof summarizeQa>;

/**
 * (d) The reconnect storm: every attendee drops at once and comes back within `spreadMs`. Check facts (approved
 * questions) go out before the drop, while everyone is away, and during the herd; each client must end with each
 * exactly once, replayed by connection state recovery or re-read on a full re-join.
 */
export async function reconnectStorm(
	hub: HubHandle,
	fleet: Fleet,
	o: { mod: ParentClient; checks: number; spreadMs: number; parentSockets: number; timeoutMs: number }
) {
	const prefix = 'Reconnect check #';
	const ids = await seedQuestions(hub, o.mod, o.checks, 'reconnect', {
		text: (k) => `${prefix}${k + 1}`,
		publish: false
	});
	await fleet.all('track', { prefix, count: o.checks }, 30_000);
	const approve = (id: string) =>
		o.mod.must('question:approve', { clientId: writeId('check'), eventId: EVENT.eventId, questionIds: [id] });
	const k1 = Math.floor(o.checks / 3);
	const k2 = Math.floor((2 * o.checks) / 3);
	for (let k = 0; k < k1; k++) {
		await approve(ids[k]);
		await sleep(50);
	}
	await sleep(1000);
	await fleet.frames(true);
	await hub.mark('reconnect');
	const dropAt = now();
	const dropped = (await fleet.all<{ dropped: number }>('drop', {}, 60_000)).reduce(
		(a, { r }) => a + r.dropped,
		0
	);
	let hubNoticedMs = NaN;
	for (let i = 0; i < 300; i++) {
		if ((await hub.stats()).sockets <= o.parentSockets) {
			hubNoticedMs = now() - dropAt;
			break;
		}
		await sleep(50);
	}
	// Facts the attendees miss while they are away: recovery must replay them.
	for (let k = k1; k < k2; k++) {
		await approve(ids[k]);
		await sleep(50);
	}
	const tcp = tcpCounters();
	const startAt = now() + 300;
	const reconnecting = fleet.all<{
		sched: Float64Array;
		backAt: Float64Array;
		recovered: Uint8Array;
		errors: Record<string, number>;
		lag: { max: number };
	}>(
		'reconnect',
		{ startAt, spreadMs: o.spreadMs, deadlineAt: startAt + o.spreadMs + 90_000, timeoutMs: o.timeoutMs },
		o.spreadMs + 150_000
	);
	// Facts as the herd starts: some clients get them live, some by replay; none may get them twice.
	await sleep(Math.max(0, startAt - now()));
	for (let k = k2; k < o.checks; k++) {
		await approve(ids[k]);
		await sleep(50);
	}
	const lastFactAt = now();
	const replies = await reconnecting;
	const tcpDuring = tcpDelta(tcp);
	await sleep(2000);
	const tracks = await fleet.all<{ missed: Uint32Array; duplicated: Uint32Array; completeAt: Float64Array }>(
		'trackReport',
		{},
		30_000
	);
	const hubStats = await hub.stats(true);
	const frames = await fleet.frames(true);

	const sched = concat(replies.map(({ r }) => r.sched));
	const backAt = concat(replies.map(({ r }) => r.backAt));
	const recovered = concat(replies.map(({ r }) => r.recovered));
	const completeAt = concat(tracks.map(({ r }) => r.completeAt));
	const missed = concat(tracks.map(({ r }) => r.missed));
	const duplicated = concat(tracks.map(({ r }) => r.duplicated));
	const backMs: number[] = [];
	let back = 0;
	let recoveredN = 0;
	for (let i = 0; i < sched.length; i++) {
		if (!Number.isFinite(backAt[i])) continue;
		back++;
		backMs.push(backAt[i] - sched[i]);
		if (recovered[i]) recoveredN++;
	}
	const syncMs = Array.from(completeAt).map((t) => t - startAt);
	const inSync = syncMs.filter(Number.isFinite);
	// Per client: from the moment it could first have had every fact (its reconnect moment, or the last fact if that
	// came later) to the moment it had them all.
	const lagMs = Array.from(completeAt)
		.map((t, i) => t - Math.max(sched[i], lastFactAt))
		.filter(Number.isFinite);
	const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
	const count = (a: Float64Array) => a.reduce((x, y) => x + (y > 0 ? 1 : 0), 0);
	return {
		dropped,
		hubNoticedDropMs: hubNoticedMs,
		spreadMs: o.spreadMs,
		checks: o.checks,
		back,
		recovered: recoveredN,
		rejoined: back - recoveredN,
		failed: mergeCounts(replies.map(({ r }) => r.errors)),
		reconnectMs: summarize(backMs),
		allBackAfterMs: Math.max(...Array.from(backAt).filter(Number.isFinite)) - startAt,
		inSyncMs: summarize(inSync),
		syncLagMs: summarize(lagMs),
		lastFactAfterMs: lastFactAt - startAt,
		clientsNotInSync: syncMs.length - inSync.length,
		allInSyncAfterMs: inSync.length === syncMs.length ? Math.max(...inSync) : NaN,
		tcp: tcpDuring,
		missedFacts: sum(missed),
		clientsMissing: count(missed),
		duplicatedFacts: sum(duplicated),
		clientsWithDuplicates: count(duplicated),
		frames: { total: frames.total, byName: frames.byName },
		hub: { eldMs: eldOf(hubStats), elu: hubStats.elu, cpuMs: hubStats.cpuMs, rss: hubStats.memory.rss },
		generatorLagMaxMs: Math.max(...replies.map(({ r }) => r.lag.max))
	};
}
export type ReconnectResult = Awaited<ReturnType<typeof reconnectStorm>>;

/** The optional soak: random drops and returns for `minutes` under a light Q&A load, watching the hub's memory. */
export async function soak(
	hub: HubHandle,
	fleet: Fleet,
	o: { minutes: number; mod: ParentClient; published: string[] }
) {
	const durationMs = o.minutes * 60_000;
	await hub.mark('soak');
	const startAt = now() + 1000;
	const samples: { minute: number; rss: number; heapUsed: number; sockets: number; eldMaxMs: number }[] = [];
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			await sleep(10_000);
			const s = await hub.stats();
			samples.push({
				minute: (now() - startAt) / 60_000,
				rss: s.memory.rss,
				heapUsed: s.memory.heapUsed,
				sockets: s.sockets,
				eldMaxMs: Math.max(0, ...s.timeline.slice(-10).map((x) => x.eldMaxMs))
			});
		}
	})();
	const [cycles, qa] = await Promise.all([
		fleet.all<{
			drops: number;
			recovered: number;
			rejoined: number;
			failures: Record<string, number>;
			backMs: Float64Array;
			connected: number;
		}>(
			'soak',
			{ startAt, durationMs, meanUpMs: 120_000, downMinMs: 500, downMaxMs: 5000, timeoutMs: 30_000 },
			durationMs + 180_000
		),
		fleet.all<QaReply>(
			'qaMix',
			(p) => ({
				...EVENT,
				startAt,
				durationMs,
				asksPerMin: 0.01,
				votesPerMin: 1,
				published: o.published,
				record: p.kind === 'probe',
				deadlineAt: startAt + durationMs + 60_000,
				ackTimeoutMs: 30_000,
				tag: 'soak'
			}),
			durationMs + 180_000
		)
	]);
	sampling = false;
	await sampler;
	const hubStats = await hub.stats(true);
	const qaFigures = summarizeQa(
		qa.map(({ r }) => r),
		hubStats,
		await fleet.frames(true),
		o.mod.resetFrames(),
		o.minutes * 60
	);
	return {
		minutes: o.minutes,
		drops: cycles.reduce((a, { r }) => a + r.drops, 0),
		recovered: cycles.reduce((a, { r }) => a + r.recovered, 0),
		rejoined: cycles.reduce((a, { r }) => a + r.rejoined, 0),
		failures: mergeCounts(cycles.map(({ r }) => r.failures)),
		connectedAtEnd: cycles.reduce((a, { r }) => a + r.connected, 0),
		reconnectMs: summarize(concat(cycles.map(({ r }) => r.backMs))),
		qa: qaFigures,
		rssStart: samples[0]?.rss ?? NaN,
		rssEnd: samples.at(-1)?.rss ?? NaN,
		heapStart: samples[0]?.heapUsed ?? NaN,
		heapEnd: samples.at(-1)?.heapUsed ?? NaN,
		samples
	};
}
