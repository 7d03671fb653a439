import type { HubStats } from '../hub-process';
import { concat, generatorLoad, type Fleet, type ProgrammeHeld } from './fleet';
import type { GeneratorStats, HallSession, QaAsk, QaVote } from './load-process';
import { tcpCounters, tcpDelta } from './netstat';
import type { HubHandle } from './hub';
import { benchDeviceCookie } from './devices';
import { BARE_TALLY_INTERVAL_MS, EVENT, ParentClient, writeId } from './staff';
import { now, sleep, summarize } from './stats';

/**
 * The measurements themselves, shared by the single benches (qa, poll-storm, flood) and the harness (index).
 * Each takes a running hub and a fleet of attendees, and returns plain figures.
 */

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

let lastHeld: ProgrammeHeld | null = null;

/**
 * The programme an attendee's page comes with (its HTML carries the event's snapshot), which its join says it holds:
 * read from a Dais hub. Bare Socket.IO has no programme; its attendees send the same join as Dais's last did (it
 * answers with replies of Dais's sizes whatever they send).
 */
async function programmeHeld(hub: HubHandle): Promise<ProgrammeHeld | null> {
	if (hub.kind !== 'dais') return lastHeld;
	// The bench's hub serves no pages: a join without `have` reads the programme as a page's render does.
	const reader = await ParentClient.open(hub.url, benchDeviceCookie(hub.secret, 'programme-reader'));
	try {
		const { snapshot } = await reader.must<{ snapshot: { event: { id: string }; version: number } }>(
			'event:join',
			{ code: EVENT.eventCode, protocol: 1 }
		);
		lastHeld = { eventId: snapshot.event.id, version: snapshot.version };
		return lastHeld;
	} finally {
		reader.close();
	}
}

/**
 * (a) The join storm: attendees arrive at a fixed rate (e.g. 500/s) and each connects and joins as the session page
 * does; connect + join latency from each arrival's scheduled moment, the hub's CPU for all of it, then the hub's
 * memory per idle attendee once everyone is in.
 */
export async function joinStorm(
	hub: HubHandle,
	fleet: Fleet,
	o: { perSecond: number; timeoutMs: number; sessions?: HallSession[] }
) {
	await fleet.setup({
		url: hub.url,
		secret: hub.secret,
		eventCode: EVENT.eventCode,
		eventId: EVENT.eventId,
		sessions: o.sessions ?? [{ sessionId: EVENT.sessionId, roomId: EVENT.roomId }],
		have: await programmeHeld(hub)
	});
	const before = await hub.memory();
	await hub.mark('join');
	const tcp = tcpCounters();
	const startAt = now() + 1000;
	const lastArrival = startAt + (fleet.total * 1000) / o.perSecond;
	const replies = await fleet.all<{
		connected: number;
		failed: number;
		errors: Record<string, number>;
		sched: Float64Array;
		doneAt: Float64Array;
		ackBytes: Record<string, number>;
		gen: GeneratorStats;
	}>(
		'joinStorm',
		{ startAt, perSecond: o.perSecond, timeoutMs: o.timeoutMs, deadlineAt: lastArrival + o.timeoutMs },
		lastArrival - now() + o.timeoutMs + 60_000
	);
	const tcpDuring = tcpDelta(tcp);
	const hubStats = await hub.stats(true);
	const joinMs: number[] = [];
	let lastDone = -Infinity;
	for (const { r } of replies)
		r.doneAt.forEach((t, i) => {
			if (!Number.isFinite(t)) return;
			joinMs.push(t - r.sched[i]);
			lastDone = Math.max(lastDone, t);
		});
	await sleep(2000);
	const after = await hub.memory();
	const n = Math.max(1, after.sockets - before.sockets);
	await fleet.frames(true);
	const ackBytes: Record<string, number> = {};
	for (const { r } of replies)
		for (const [k, v] of Object.entries(r.ackBytes)) ackBytes[k] = Math.max(ackBytes[k] ?? 0, v);
	const connected = replies.reduce((a, { r }) => a + r.connected, 0);
	return {
		attendees: fleet.total,
		perSecond: o.perSecond,
		connected,
		joined: joinMs.length,
		failed: replies.reduce((a, { r }) => a + r.failed, 0),
		errors: mergeCounts(replies.map(({ r }) => r.errors)),
		joinMs: summarize(joinMs),
		allJoinedAfterMs: lastDone - startAt,
		ackBytes,
		hub: {
			cpuMs: hubStats.cpuMs,
			cpuMsPerJoin: hubStats.cpuMs / Math.max(1, joinMs.length),
			eldMs: eldOf(hubStats),
			elu: hubStats.elu
		},
		idle: {
			sockets: after.sockets,
			gcExposed: after.gc,
			before: before.memory,
			after: after.memory,
			rssPerAttendee: (after.memory.rss - before.memory.rss) / n,
			heapPerAttendee: (after.memory.heapUsed - before.memory.heapUsed) / n
		},
		tcp: tcpDuring,
		generator: generatorLoad(replies.map(({ r }) => r.gen))
	};
}
export type JoinResult = Awaited<ReturnType<typeof joinStorm>>;

interface PollVoteReply {
	first: number;
	sched: Float64Array;
	acked: Float64Array;
	ok: Uint8Array;
	errors: Record<string, number>;
	finalAt: Float64Array;
	choice: string[];
	gen: GeneratorStats;
}

/**
 * (b) The vote storm: the chair opens the poll and shows results to everyone, then every attendee votes once at a
 * random moment within `seconds`. Ack latency counts from each vote's scheduled moment, the final tally on each
 * client from the last scheduled vote. Afterwards every acknowledged ballot is looked up in the database (Dais's, or
 * the bare server's, which stores ballots under the same column names).
 */
export async function pollStorm(
	hub: HubHandle,
	fleet: Fleet,
	o: {
		seconds: number;
		chair: ParentClient | null;
		voters: number;
		tailMs: number;
		/** Several halls: the session each attendee follows (global index k follows sessions[k mod n]) and their polls. */
		halls?: { sessions: string[]; polls: Record<string, string> };
		/** The halls whose attendees vote (all when absent). */
		voting?: string[];
		mark?: string;
	}
) {
	const sessions = o.halls?.sessions ?? [EVENT.sessionId];
	const allPolls = o.halls?.polls ?? { [EVENT.sessionId]: POLL.id };
	const polls = Object.fromEntries(
		Object.entries(allPolls).filter(([session]) => !o.voting || o.voting.includes(session))
	);
	if (o.chair)
		for (const pollId of Object.values(polls)) {
			await o.chair.must('poll:transition', {
				clientId: writeId('open'),
				eventId: EVENT.eventId,
				pollId,
				action: 'open'
			});
			await o.chair.must('poll:reveal', {
				clientId: writeId('reveal'),
				eventId: EVENT.eventId,
				pollId,
				visibility: 'everyone'
			});
		}
	const hallOf = (globalIndex: number) => sessions[globalIndex % sessions.length];
	// Each poll's final ballot count: one vote from every attendee of its hall.
	const expectBallots: Record<string, number> = {};
	for (let k = 0; k < o.voters; k++) {
		const pollId = polls[hallOf(k)];
		if (pollId) expectBallots[pollId] = (expectBallots[pollId] ?? 0) + 1;
	}
	await sleep(1000);
	await fleet.frames(true);
	o.chair?.resetFrames();
	await hub.mark(o.mark ?? 'poll-storm');
	const spreadMs = o.seconds * 1000;
	// The storm starts at a random moment within one of the bare server's tally intervals: its last vote then falls
	// at a random point of that 4 Hz timer, as a hall's would. Started a fixed time after the round began, it fell at
	// nearly the same point in every round (a round's phases take nearly the same time), so bare's final tally left
	// 12-33 ms after the last vote in some runs and 210-242 ms after it in others, by the timer's phase alone.
	const startAt = now() + 1500 + Math.random() * BARE_TALLY_INTERVAL_MS;
	const deadlineAt = startAt + spreadMs + o.tailMs;
	const replies = await fleet.all<PollVoteReply>(
		'pollVote',
		{
			eventId: EVENT.eventId,
			polls,
			choices: POLL.choices,
			startAt,
			spreadMs,
			expectBallots,
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
	// Array.from: a client that did not vote has a hole in its process's array, which flatMap would skip, shifting
	// every later client's choice onto the wrong client.
	const choices = replies.flatMap(({ r }) => Array.from(r.choice));
	const probe = new Uint8Array(sched.length);
	{
		let at = 0;
		for (const { proc, r } of replies) {
			if (proc.kind === 'probe') probe.fill(1, at, at + r.sched.length);
			at += r.sched.length;
		}
	}

	/** Ack and final-tally figures over the clients `pick` selects (a hall, the probes, or all). */
	const figures = (pick: (i: number) => boolean) => {
		const ackMs: number[] = [];
		let lastAck = -Infinity;
		let lastSched = -Infinity;
		for (let i = 0; i < sched.length; i++) {
			if (!pick(i) || Number.isNaN(sched[i])) continue;
			lastSched = Math.max(lastSched, sched[i]);
			if (!ok[i]) continue;
			ackMs.push(acked[i] - sched[i]);
			lastAck = Math.max(lastAck, acked[i]);
		}
		const finalMs: number[] = [];
		let missing = 0;
		let firstFinal = Infinity;
		let lastFinal = -Infinity;
		for (let i = 0; i < sched.length; i++) {
			if (!pick(i) || Number.isNaN(sched[i])) continue;
			const t = finalAt[i];
			if (!Number.isFinite(t)) {
				missing++;
				continue;
			}
			finalMs.push(t - lastSched);
			firstFinal = Math.min(firstFinal, t);
			lastFinal = Math.max(lastFinal, t);
		}
		return {
			accepted: ackMs.length,
			lastAck,
			lastSched,
			ackMs: summarize(ackMs),
			finalTallyMs: summarize(finalMs),
			/** How long the final tally's fan-out took, from the first client that got it to the last. */
			finalTallySpreadMs: lastFinal - firstFinal,
			clientsWithoutFinalTally: missing
		};
	};
	const all = figures(() => true);
	const probes = figures((i) => probe[i] === 1);
	const perHall =
		sessions.length > 1
			? Object.fromEntries(
					Object.keys(polls).map((session) => [session, figures((i) => hallOf(i) === session)])
				)
			: null;

	// Every acknowledged ballot must be stored exactly once, and nothing else.
	const devices = (await fleet.all<{ first: number; devices: string[] }>('devices', {}, 30_000)).flatMap(
		({ r }) => r.devices
	);
	const integrity = {
		lost: 0,
		duplicated: 0,
		stored: 0,
		tallyMatches: true,
		/** Where a poll's stored ballots per choice differ from the acked ones: both counts, to see which. */
		mismatches: [] as { pollId: string; acked: Record<string, number>; stored: Record<string, number> }[]
	};
	const ackedByChoice: Record<string, number> = {};
	for (const [session, pollId] of Object.entries(polls)) {
		const mine = (i: number) => ok[i] === 1 && hallOf(i) === session;
		const byChoice: Record<string, number> = {};
		choices.forEach((c, i) => {
			if (mine(i)) byChoice[c] = (byChoice[c] ?? 0) + 1;
		});
		for (const [c, n] of Object.entries(byChoice)) ackedByChoice[c] = (ackedByChoice[c] ?? 0) + n;
		const hashes = await hub.deviceHashes(devices.filter((_, i) => mine(i)));
		const rows = await hub.ballots(pollId);
		const stored = new Map<string, number>();
		const storedByChoice: Record<string, number> = {};
		for (const r of rows) {
			stored.set(r.device_hash, (stored.get(r.device_hash) ?? 0) + 1);
			const c = (JSON.parse(r.answer) as { choice: string }).choice;
			storedByChoice[c] = (storedByChoice[c] ?? 0) + 1;
		}
		const ackedSet = new Set(hashes);
		for (const h of ackedSet) if (!stored.has(h)) integrity.lost++;
		for (const [h, n] of stored) integrity.duplicated += ackedSet.has(h) ? n - 1 : n;
		integrity.duplicated += hashes.length - ackedSet.size;
		integrity.stored += rows.length;
		if (!POLL.choices.every((c) => (storedByChoice[c] ?? 0) === (byChoice[c] ?? 0))) {
			integrity.tallyMatches = false;
			integrity.mismatches.push({ pollId, acked: byChoice, stored: storedByChoice });
		}
	}

	return {
		server: hub.kind,
		voters: o.voters,
		seconds: o.seconds,
		accepted: all.accepted,
		errors: mergeCounts(replies.map(({ r }) => r.errors)),
		votesPerSecond: all.accepted / ((all.lastAck - startAt) / 1000),
		lastVoteToLastAckMs: all.lastAck - all.lastSched,
		ackMs: all.ackMs,
		finalTallyMs: all.finalTallyMs,
		finalTallySpreadMs: all.finalTallySpreadMs,
		probeAckMs: probes.ackMs,
		probeFinalTallyMs: probes.finalTallyMs,
		clientsWithoutFinalTally: all.clientsWithoutFinalTally,
		perHall,
		...integrity,
		ackedByChoice,
		frames: { total: frames.total, byName: frames.byName, perClient: summarize(frames.perClient) },
		hub: {
			eldMs: eldOf(hubStats),
			elu: hubStats.elu,
			cpuMs: hubStats.cpuMs,
			wallMs: hubStats.wallMs,
			cpuMsPerVote: hubStats.cpuMs / Math.max(1, all.accepted),
			votesPerCpuSecond: all.accepted / (hubStats.cpuMs / 1000),
			groupCommit: hubStats.writes,
			rss: hubStats.memory.rss,
			timeline: hubStats.timeline
		},
		generator: generatorLoad(replies.map(({ r }) => r.gen))
	};
}
export type StormResult = Awaited<ReturnType<typeof pollStorm>>;

interface QaReply {
	first: number;
	asks: QaAsk[];
	votes: QaVote[];
	skipped: number;
	published: number;
	seen: Record<string, number[]>[] | null;
	gen: GeneratorStats;
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
		mod: ParentClient | null;
		/** Published questions per session (attendees upvote their own session's). */
		published: Record<string, string[]>;
		/** The sessions taking part (all when absent). */
		sessions?: string[];
		tag: string;
		tailMs: number;
	}
) {
	await fleet.frames(true);
	o.mod?.resetFrames();
	await hub.mark(`qa-${o.tag}`);
	const durationMs = o.seconds * 1000;
	const startAt = now() + 1500;
	const deadlineAt = startAt + durationMs + o.tailMs;
	const replies = await fleet.all<QaReply>(
		'qaMix',
		(p) => ({
			eventId: EVENT.eventId,
			startAt,
			durationMs,
			asksPerMin: o.asksPerMin,
			votesPerMin: o.votesPerMin,
			published: o.published,
			sessions: o.sessions,
			record: p.kind === 'probe',
			deadlineAt,
			ackTimeoutMs: 30_000,
			tag: o.tag
		}),
		durationMs + o.tailMs + 120_000
	);
	const hubStats = await hub.stats(true);
	const frames = await fleet.frames(true);
	const modFrames = o.mod?.resetFrames() ?? {};
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
	const sessions = [...new Set([...askOk, ...voteOk].map((x) => x.session))];
	return {
		perHall:
			sessions.length > 1
				? Object.fromEntries(
						sessions.map((session) => [
							session,
							summarize([...askOk, ...voteOk].filter((x) => x.session === session).map((x) => x.t - x.sched))
						])
					)
				: null,
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
		generator: generatorLoad(replies.map((r) => r.gen))
	};
}
export type QaResult = ReturnType<typeof summarizeQa>;

/** The poll whose moving tally is the reconnect storm's stream of facts (a rating of every objective). */
export const RECONNECT_POLL = {
	id: 'p-intelligence-capacity',
	answer: {
		ratings: { 'intelligence-sharing': 3, 'legal-frameworks': 4, 'victims-rights': 2, 'root-causes': 5 }
	}
};

/**
 * (d) The reconnect storm, as the venue's Wi-Fi drops it: the never-dropped reference clients (the probes, real
 * socket.io-client sockets) vote one every `intervalMs`, so a poll-results fact goes out at every flush; every other
 * attendee's TCP connection is destroyed at once, each returns at a uniformly random moment within `spreadMs` and
 * reconnects as socket.io-client and the page do. Each dropped client must end with every fact the reference saw,
 * exactly once.
 */
export async function reconnectStorm(
	hub: HubHandle,
	fleet: Fleet,
	o: { chair: ParentClient | null; spreadMs: number; intervalMs: number; timeoutMs: number }
) {
	const reference = (p: { kind: string }) => p.kind === 'probe';
	const dropped = (p: { kind: string }) => p.kind === 'wire';
	const references = fleet.procs.filter(reference).reduce((a, p) => a + p.count, 0);
	if (!references) throw new Error('the reconnect storm needs reference clients (--probes)');
	if (o.chair) {
		for (const [pollId, action] of [
			[POLL.id, 'close'],
			[RECONNECT_POLL.id, 'open']
		] as const)
			await o.chair.must('poll:transition', {
				clientId: writeId(action),
				eventId: EVENT.eventId,
				pollId,
				action
			});
		await o.chair.must('poll:reveal', {
			clientId: writeId('reveal'),
			eventId: EVENT.eventId,
			pollId: RECONNECT_POLL.id,
			visibility: 'everyone'
		});
	}
	await sleep(1000);
	await fleet.all('track', { pollId: RECONNECT_POLL.id }, 30_000);
	await fleet.frames(true);
	const startAt = now() + 1000;
	const votesEndAt = startAt + references * o.intervalMs;
	const voting = fleet.all<{ votes: number; errors: Record<string, number>; gen: GeneratorStats }>(
		'referenceVotes',
		{
			eventId: EVENT.eventId,
			pollId: RECONNECT_POLL.id,
			answer: RECONNECT_POLL.answer,
			startAt,
			intervalMs: o.intervalMs,
			deadlineAt: votesEndAt + 30_000,
			ackTimeoutMs: 30_000
		},
		votesEndAt - now() + 90_000,
		reference
	);
	const dropAt = startAt + 1500;
	const tcp = tcpCounters();
	const returning = fleet.all<{
		dropped: number;
		sched: Float64Array;
		backAt: Float64Array;
		recovered: Uint8Array;
		attempts: Uint8Array;
		errors: Record<string, number>;
		gen: GeneratorStats;
	}>(
		'dropAndReturn',
		{ dropAt, spreadMs: o.spreadMs, deadlineAt: dropAt + o.spreadMs + 60_000, timeoutMs: o.timeoutMs },
		dropAt - now() + o.spreadMs + 120_000,
		dropped
	);
	await sleep(Math.max(0, dropAt - now()));
	await hub.mark('reconnect');
	const [back, votes] = await Promise.all([returning, voting]);
	const tcpDuring = tcpDelta(tcp);
	// The last vote's tally leaves at the next flush.
	await sleep(1500);
	const hubStats = await hub.stats(true);
	const refs = await fleet.all<{ pairs: Float64Array; gaps: number }>(
		'trackReference',
		{},
		30_000,
		reference
	);
	const facts = new Map<number, number>();
	for (const { r } of refs)
		for (let k = 0; k < r.pairs.length; k += 2)
			if (!(r.pairs[k + 1] >= (facts.get(r.pairs[k]) ?? Infinity))) facts.set(r.pairs[k], r.pairs[k + 1]);
	const pairs = Float64Array.from([...facts].flat());
	const backOf = new Map(back.map(({ proc, r }) => [proc, r]));
	const accounts = await fleet.all<{ missed: Uint32Array; duplicated: Uint32Array; syncedAt: Float64Array }>(
		'trackAccount',
		(p) => ({ reference: pairs, sched: backOf.get(p)!.sched, backAt: backOf.get(p)!.backAt }),
		60_000,
		dropped
	);
	const frames = await fleet.frames(true);

	const sched = concat(back.map(({ r }) => r.sched));
	const backAt = concat(back.map(({ r }) => r.backAt));
	const recovered = concat(back.map(({ r }) => r.recovered));
	const attempts = concat(back.map(({ r }) => r.attempts));
	const missed = concat(accounts.map(({ r }) => r.missed));
	const duplicated = concat(accounts.map(({ r }) => r.duplicated));
	const syncedAt = concat(accounts.map(({ r }) => r.syncedAt));
	const reconnectMs: number[] = [];
	let backN = 0;
	let recoveredN = 0;
	// The storm's clients: those connected at the drop.
	const inStorm = Array.from(sched.keys()).filter((i) => Number.isFinite(sched[i]));
	for (const i of inStorm) {
		if (!Number.isFinite(backAt[i])) continue;
		backN++;
		reconnectMs.push(backAt[i] - sched[i]);
		if (recovered[i]) recoveredN++;
	}
	const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
	const inSync = inStorm.map((i) => syncedAt[i]).filter(Number.isFinite);
	return {
		dropped: inStorm.length,
		references,
		referenceFacts: facts.size,
		referenceGaps: refs.reduce((a, { r }) => a + r.gaps, 0),
		referenceVoteErrors: mergeCounts(votes.map(({ r }) => r.errors)),
		spreadMs: o.spreadMs,
		back: backN,
		recovered: recoveredN,
		rejoined: backN - recoveredN,
		retried: Array.from(attempts).filter((a) => a > 1).length,
		failed: mergeCounts(back.map(({ r }) => r.errors)),
		reconnectMs: summarize(reconnectMs),
		allBackAfterMs: backN === inStorm.length ? Math.max(...inStorm.map((i) => backAt[i])) - dropAt : NaN,
		allInSyncAfterMs: inSync.length === inStorm.length ? Math.max(...inSync) - dropAt : NaN,
		notInSync: inStorm.length - inSync.length,
		missedFacts: sum(missed),
		clientsMissing: missed.filter((x) => x > 0).length,
		duplicatedFacts: sum(duplicated),
		clientsWithDuplicates: duplicated.filter((x) => x > 0).length,
		tcp: tcpDuring,
		frames: { total: frames.total, byName: frames.byName },
		hub: { eldMs: eldOf(hubStats), elu: hubStats.elu, cpuMs: hubStats.cpuMs, rss: hubStats.memory.rss },
		generator: generatorLoad([...back, ...votes].map(({ r }) => r.gen))
	};
}
export type ReconnectResult = Awaited<ReturnType<typeof reconnectStorm>>;

/** The optional soak: random drops and returns for `minutes` under a light Q&A load, watching the hub's memory. */
export async function soak(
	hub: HubHandle,
	fleet: Fleet,
	o: { minutes: number; mod: ParentClient; published: Record<string, string[]> }
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
				eventId: EVENT.eventId,
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
