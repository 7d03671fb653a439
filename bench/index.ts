import { parseFlags } from './lib/args';
import { printProfile, summarizeProfile, type ProfileSummary } from './lib/cpuprofile';
import {
	joinStorm,
	pollStorm,
	qaMix,
	reconnectStorm,
	soak,
	type JoinResult,
	type ReconnectResult,
	type StormResult
} from './lib/experiments';
import { Fleet, saturation, type GeneratorLoad } from './lib/fleet';
import { startHub } from './lib/hub';
import { main } from './lib/main';
import { generatorText, machine, printTable, writeResults } from './lib/report';
import { autoApprove, EVENT, ParentClient, seedQuestions } from './lib/staff';
import { fmt, kb, ms, spread } from './lib/stats';
import { judge } from './lib/targets';
import { manyHalls } from './lib/halls';
import { runCluster } from './lib/cluster';

/**
 * The harness, measuring as the hall does: Dais and a bare Socket.IO server (durable writes, the same recovery) in
 * alternating rounds of one run (Dais, bare, Dais, bare, ...), each round on a fresh hub:
 *   (a) join storm: attendees arrive at a fixed rate and join as the session page does; then memory per idle attendee
 *   (b) vote storm: every attendee votes once within 10 s (durable acks; ack p99 from each vote's scheduled moment;
 *       final tally on every client from the last scheduled vote; lost and duplicated ballots in the database)
 *   (c) reconnect storm: every attendee but the reference clients drops without a close frame and returns within 3 s
 * then one table of medians and ranges, Dais ÷ bare, and a line per target of issues 15 and 16.
 *   npm run bench -- [--rounds 3] [--attendees 10000 | --quick] [--probes 150] [--join-rate 500] [--storm-seconds 10]
 *                    [--reconnect-seconds 3] [--reference-interval-ms 100] [--max-generator-lag-ms 100]
 *                    [--max-generator-core 0.95] [--qa-seconds 0] [--soak-minutes 0] [--cpu-prof]
 *                    [--hubs 3 [--idle-seconds 10]]  (1 hub against 3 on PostgreSQL + Redis behind HAProxy: lib/cluster.ts)
 */
const flags = parseFlags();
const quick = flags.bool('quick');
const attendees = flags.num('attendees', quick ? 1000 : 10_000);
const rounds = flags.num('rounds', 3);
const probes = flags.num('probes', 150);
const joinRate = flags.num('join-rate', 500);
const stormSeconds = flags.num('storm-seconds', 10);
const idleSeconds = flags.num('idle-seconds', 10);
const reconnectSeconds = flags.num('reconnect-seconds', 3);
const referenceIntervalMs = flags.num('reference-interval-ms', 100);
const limits = {
	lagP99Ms: flags.num('max-generator-lag-ms', 100),
	busiestSecond: flags.num('max-generator-core', 0.95)
};
const qaSeconds = flags.num('qa-seconds', 0);
const soakMinutes = flags.num('soak-minutes', 0);
const cpuProf = flags.bool('cpu-prof');
const halls = flags.num('halls', 0);
const hubs = flags.num('hubs', 1);
const hallQuestionsPerSecond = flags.num('hall-questions-per-second', 0.5);
const hallUpvotesPerSecond = flags.num('hall-upvotes-per-second', 10);
const announceEveryMs = flags.num('announce-every-ms', 2000);
const USAGE = `npm run bench -- [--rounds 3] [--attendees 10000 | --quick] [--probes 150] [--join-rate 500]
  [--storm-seconds 10] [--reconnect-seconds 3] [--reference-interval-ms 100] [--max-generator-lag-ms 100]
  [--max-generator-core 0.95] [--qa-seconds 0] [--soak-minutes 0] [--cpu-prof]
  [--hubs 3 [--idle-seconds 10]]     1 hub against 3 on PostgreSQL + Redis behind HAProxy
  [--halls 10 [--hall-questions-per-second 0.5] [--hall-upvotes-per-second 10] [--announce-every-ms 2000]]`;
flags.done(USAGE);
const maxMinutes = 10 + rounds * (attendees >= 5000 ? 10 : 3) + qaSeconds / 30 + soakMinutes;
const lifetime = maxMinutes * 60_000;

const progress = (s: string) => console.error(`· ${s}`);

type Phase = 'join' | 'storm' | 'reconnect';
interface Round {
	kind: 'dais' | 'bare';
	index: number;
	join: JoinResult;
	storm: StormResult;
	reconnect: ReconnectResult;
	/** Why a phase's figures were refused (its generators saturated), or null. */
	refused: Record<Phase, string | null>;
}

/** One round on a fresh hub: join storm, vote storm, reconnect storm. */
async function round(
	kind: 'dais' | 'bare',
	index: number,
	fleet: Fleet,
	replyBytes: Record<string, number> | undefined
): Promise<Round & { profile: ProfileSummary[] }> {
	// Both hubs' first rounds, so that Dais's profile can be read against bare's, window by window.
	const profiled = cpuProf && index === 0;
	const hub = await startHub({ kind, cpuProf: profiled, maxLifetimeMs: lifetime, replyBytes });
	let chair: ParentClient | null = null;
	let result: Round;
	try {
		if (kind === 'dais') chair = await ParentClient.open(hub.url, await hub.mint('chair', EVENT.eventId));
		const join = await joinStorm(hub, fleet, { perSecond: joinRate, timeoutMs: 30_000 });
		progress(
			`${kind} #${index + 1} join: ${fmt(join.joined)} of ${fmt(join.attendees)}, p99 ${ms(join.joinMs.p99)}, hub CPU ${fmt(join.hub.cpuMs / 1000, 2)} s`
		);
		const storm = await pollStorm(hub, fleet, {
			seconds: stormSeconds,
			chair,
			voters: join.connected,
			tailMs: 30_000
		});
		progress(
			`${kind} #${index + 1} votes: ack p99 ${ms(storm.ackMs.p99)}, final tally p99 ${ms(storm.finalTallyMs.p99)}`
		);
		const reconnect = await reconnectStorm(hub, fleet, {
			chair,
			spreadMs: reconnectSeconds * 1000,
			intervalMs: referenceIntervalMs,
			timeoutMs: 30_000
		});
		progress(
			`${kind} #${index + 1} reconnect: ${fmt(reconnect.back)} of ${fmt(reconnect.dropped)} back, p99 ${ms(reconnect.reconnectMs.p99)}, all in sync after ${ms(reconnect.allInSyncAfterMs)}`
		);
		await fleet.all('closeAll', {}, 60_000);
		// A round where not everyone joined compares different crowds: refused whole, whatever the generators did.
		const missing = join.attendees - join.joined;
		const incomplete =
			missing > 0 ? `${fmt(missing)} of ${fmt(join.attendees)} attendees did not join` : null;
		const refused = (g: GeneratorLoad) => incomplete ?? saturation(g, limits);
		result = {
			kind,
			index,
			join,
			storm,
			reconnect,
			refused: {
				join: refused(join.generator),
				storm: refused(storm.generator),
				reconnect:
					refused(reconnect.generator) ??
					(reconnect.dropped < attendees
						? `only ${fmt(reconnect.dropped)} of ${fmt(attendees)} attendees were connected at the drop`
						: null)
			}
		};
	} finally {
		chair?.close();
		await hub.stop();
	}
	const profile = hub.profile
		? ['join', 'poll-storm', 'reconnect'].map((w) => ({
				...summarizeProfile(hub.profile!.dir, hub.profile!.windowsFile, w),
				window: `${kind === 'dais' ? 'Dais' : 'bare Socket.IO'}, ${w}`
			}))
		: [];
	return { ...result, profile };
}

/** Q&A mix and soak on one more Dais hub, when asked for. */
async function extras(fleet: Fleet) {
	const hub = await startHub({ kind: 'dais', maxLifetimeMs: lifetime });
	try {
		const mod = await ParentClient.open(hub.url, await hub.mint('moderator', EVENT.eventId));
		const approver = await autoApprove(mod);
		await joinStorm(hub, fleet, { perSecond: joinRate, timeoutMs: 30_000 });
		const published = { [EVENT.sessionId]: await seedQuestions(hub, mod, 20, 'mix') };
		const qa =
			qaSeconds > 0
				? await qaMix(hub, fleet, {
						seconds: qaSeconds,
						asksPerMin: 120 / attendees,
						votesPerMin: 6000 / attendees,
						mod,
						published,
						tag: 'mix',
						tailMs: 30_000
					})
				: null;
		const soaked = soakMinutes > 0 ? await soak(hub, fleet, { minutes: soakMinutes, mod, published }) : null;
		await approver.stop();
		mod.close();
		await fleet.all('closeAll', {}, 60_000);
		return { qa, soak: soaked };
	} finally {
		await hub.stop();
	}
}

main({ name: 'bench', maxMinutes }, async () => {
	const m = machine();
	progress(
		`${fmt(attendees)} attendees and ${probes} never-dropped socket.io-client references, ${halls ? `${halls} halls` : `${rounds} rounds`}; ${m.nproc} CPU; ${m.pinned}; load ${m.loadavg.toFixed(2)}`
	);
	// The references come on top of the attendees: all `attendees` drop in the reconnect storm, as in issue 16.
	const fleet = new Fleet({
		attendees: attendees + probes,
		probes,
		perProcess: 5000,
		devicePrefix: 'att-',
		maxLifetimeMs: lifetime
	});
	try {
		if (halls > 0) return await runHalls(fleet, m.loadavg);
		if (hubs > 1)
			return await runCluster(fleet, {
				hubs,
				joinRate,
				stormSeconds,
				idleSeconds,
				maxLifetimeMs: lifetime,
				limits,
				progress,
				cpuProf
			});
		const all: Round[] = [];
		const profiles: ProfileSummary[] = [];
		let replyBytes: Record<string, number> | undefined;
		for (let r = 0; r < rounds; r++) {
			for (const kind of ['dais', 'bare'] as const) {
				const { profile, ...result } = await round(kind, r, fleet, kind === 'bare' ? replyBytes : undefined);
				// The bare join answers with as many bytes as Dais's join did.
				if (kind === 'dais') replyBytes = result.join.ackBytes;
				all.push(result);
				profiles.push(...profile);
			}
		}
		const extra = qaSeconds > 0 || soakMinutes > 0 ? await extras(fleet) : null;
		const mEnd = machine();
		printReport(all, m.loadavg, mEnd.loadavg);
		if (extra?.qa)
			printTable(`Q&A mix on Dais for ${qaSeconds} s`, [
				[
					'questions/s / upvotes/s',
					`${fmt(extra.qa.questionsPerSecond, 2)} / ${fmt(extra.qa.upvotesPerSecond, 1)}`
				],
				['ack p50 / p99', `${ms(extra.qa.ackMs.p50)} / ${ms(extra.qa.ackMs.p99)}`],
				['vote visible to all probes p99', ms(extra.qa.voteVisibleToAllMs.p99)],
				['errors', JSON.stringify(extra.qa.errors)],
				['generators', generatorText(extra.qa.generator)]
			]);
		if (extra?.soak)
			printTable(`Soak on Dais: ${soakMinutes} min of random drops under light Q&A`, [
				[
					'drops / recovered / re-joined',
					`${fmt(extra.soak.drops)} / ${fmt(extra.soak.recovered)} / ${fmt(extra.soak.rejoined)}`
				],
				['failures', JSON.stringify(extra.soak.failures)],
				[
					'hub RSS start / end',
					`${fmt(extra.soak.rssStart / 2 ** 20)} / ${fmt(extra.soak.rssEnd / 2 ** 20)} MB`
				],
				[
					'hub heap start / end',
					`${fmt(extra.soak.heapStart / 2 ** 20)} / ${fmt(extra.soak.heapEnd / 2 ** 20)} MB`
				],
				['Q&A ack p99 during the soak', ms(extra.soak.qa.ackMs.p99)]
			]);
		for (const p of profiles) printProfile(p);
		const verdicts = judge(all);
		const file = writeResults(quick ? 'bench-quick' : 'bench', {
			machine: { ...m, loadavgAtEnd: mEnd.loadavg },
			options: {
				attendees,
				rounds,
				probes,
				joinRate,
				stormSeconds,
				reconnectSeconds,
				referenceIntervalMs,
				generatorLimits: limits
			},
			rounds: all,
			targets: verdicts,
			extras: extra,
			profiles
		});
		console.log(`\nresults: ${file}`);
	} finally {
		await fleet.stop();
	}
});

function printReport(all: Round[], loadStart: number, loadEnd: number) {
	const m = machine();
	const of = (kind: string) => all.filter((r) => r.kind === kind);
	const dais = of('dais');
	const bare = of('bare');
	const valid = (rs: Round[], phase: Phase) => rs.filter((r) => !r.refused[phase]);
	const cell = (rs: Round[], phase: Phase, get: (r: Round) => number, show: (n: number) => string) => {
		const s = spread(valid(rs, phase).map(get));
		if (!s.n) return '-';
		return s.n === 1 ? show(s.median) : `${show(s.median)} (${show(s.min)}–${show(s.max)})`;
	};
	const gen = (phase: Phase) => {
		const loads = all.map((r) => r[phase].generator);
		return `${ms(Math.max(...loads.map((g) => g.lagP99)))}, ${fmt(Math.max(...loads.map((g) => g.busiestSecond)) * 100, 0)} %`;
	};
	const row = (label: string, phase: Phase, get: (r: Round) => number, show: (n: number) => string) => {
		const d = spread(valid(dais, phase).map(get)).median;
		const b = spread(valid(bare, phase).map(get)).median;
		const ratio = Number.isFinite(d / b) && b !== 0 ? `${fmt(d / b, 2)}×` : '-';
		return [label, cell(dais, phase, get, show), cell(bare, phase, get, show), ratio, gen(phase)];
	};
	const text = (label: string, phase: Phase, get: (rs: Round[]) => string) => [
		label,
		get(valid(dais, phase)),
		get(valid(bare, phase)),
		'',
		gen(phase)
	];
	const sum = (rs: Round[], get: (r: Round) => number) => rs.reduce((a, r) => a + get(r), 0);
	const secs = (n: number) => `${fmt(n / 1000, 2)} s`;
	const rows: (string | number)[][] = [
		[
			`machine: ${m.nproc} CPU, ${m.cpu}, Node ${m.node}; ${m.pinned}; load average ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end`
		],
		[
			`${fmt(attendees)} attendees + ${fmt(probes)} never-dropped references, ${rounds} rounds each (median, range); latency from each action's scheduled moment`
		],
		text('votes acked / lost / duplicated (database)', 'storm', (rs) =>
			rs.length
				? `${fmt(spread(rs.map((r) => r.storm.accepted)).median)} / ${fmt(sum(rs, (r) => r.storm.lost))} / ${fmt(sum(rs, (r) => r.storm.duplicated))}`
				: '-'
		),
		row('ack p99', 'storm', (r) => r.storm.ackMs.p99, ms),
		row('final tally on every client p99 (from last vote due)', 'storm', (r) => r.storm.finalTallyMs.p99, ms),
		row('tally fan-out spread (last client − first)', 'storm', (r) => r.storm.finalTallySpreadMs, ms),
		row('votes per hub CPU-second', 'storm', (r) => r.storm.hub.votesPerCpuSecond, fmt),
		row('hub event-loop delay p99 in the vote storm', 'storm', (r) => r.storm.hub.eldMs.p99, ms),
		row(`connect + join p99 at ${joinRate}/s`, 'join', (r) => r.join.joinMs.p99, ms),
		row('hub CPU for all connects + joins', 'join', (r) => r.join.hub.cpuMs, secs),
		row('join reply (event:join ack)', 'join', (r) => r.join.ackBytes['event:join'] ?? NaN, kb),
		row('RSS per idle attendee', 'join', (r) => r.join.idle.rssPerAttendee, kb),
		text('reconnect: back / recovered / re-joined', 'reconnect', (rs) =>
			rs.length
				? `${fmt(spread(rs.map((r) => r.reconnect.back)).median)} / ${fmt(spread(rs.map((r) => r.reconnect.recovered)).median)} / ${fmt(spread(rs.map((r) => r.reconnect.rejoined)).median)} of ${fmt(rs[0].reconnect.dropped)}`
				: '-'
		),
		row('reconnect p99 (from its return moment)', 'reconnect', (r) => r.reconnect.reconnectMs.p99, ms),
		row('all back after (from the drop)', 'reconnect', (r) => r.reconnect.allBackAfterMs, ms),
		row('all in sync after (from the drop)', 'reconnect', (r) => r.reconnect.allInSyncAfterMs, ms),
		text('missed / duplicated facts (all rounds)', 'reconnect', (rs) =>
			rs.length
				? `${fmt(sum(rs, (r) => r.reconnect.missedFacts))} / ${fmt(sum(rs, (r) => r.reconnect.duplicatedFacts))} of ${fmt(spread(rs.map((r) => r.reconnect.referenceFacts)).median)} facts`
				: '-'
		),
		row('hub CPU from the drop to the end', 'reconnect', (r) => r.reconnect.hub.cpuMs, secs)
	];
	printTable(`Dais hub against bare Socket.IO: ${fmt(attendees)} attendees`, rows, [
		'',
		'Dais',
		'bare Socket.IO',
		'Dais ÷ bare',
		'generator lag p99, core'
	]);

	const refused = all.flatMap((r) =>
		(Object.entries(r.refused) as [Phase, string | null][])
			.filter(([, why]) => why)
			.map(([phase, why]) => [`INVALID ${r.kind} round ${r.index + 1} ${phase}`, why!])
	);
	if (refused.length)
		printTable(
			'Refused phases (generator saturated or round incomplete; left out of the figures above)',
			refused
		);
	const verdicts = judge(all);
	printTable(
		'Targets (issues 15 and 16), judged round by round',
		verdicts.map((v) => [v.target, v.verdict, v.detail])
	);
	printTable(
		'Generators per phase (worst round)',
		(['join', 'storm', 'reconnect'] as Phase[]).map((phase) => {
			const worst = [...all].sort((a, b) => b[phase].generator.lagP99 - a[phase].generator.lagP99)[0];
			return [phase, generatorText(worst[phase].generator)];
		})
	);
}

/** `--halls N`: N sessions at once on one Dais hub, hall 1 alone and then with the others. */
async function runHalls(fleet: Fleet, loadStart: number) {
	const hub = await startHub({ kind: 'dais', cpuProf, maxLifetimeMs: lifetime });
	let r: Awaited<ReturnType<typeof manyHalls>>;
	try {
		r = await manyHalls(hub, fleet, {
			halls,
			joinRate,
			stormSeconds,
			questionsPerSecondPerHall: hallQuestionsPerSecond,
			upvotesPerSecondPerHall: hallUpvotesPerSecond,
			announceEveryMs
		});
	} finally {
		await hub.stop();
	}
	const per = (x: { p99: number } | undefined) => ms(x?.p99);
	const first = r.sessions[0].sessionId;
	const alone = r.alone.storm.perHall?.[first] ?? {
		ackMs: r.alone.storm.ackMs,
		finalTallyMs: r.alone.storm.finalTallyMs
	};
	const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 2)}×` : '-');
	const rows: (string | number)[][] = [
		[
			`${halls} halls × ${fmt(Math.floor((attendees + probes) / halls))} attendees; each hall: one vote per attendee within ${stormSeconds} s, ${hallQuestionsPerSecond} questions/s and ${hallUpvotesPerSecond} upvotes/s; ${r.announcements} announcements to all; load average ${loadStart.toFixed(2)} at start, ${machine().loadavg.toFixed(2)} at end`
		],
		...r.sessions.map((s, k) => [
			`hall ${k + 1} (${s.roomId})`,
			per(r.together.storm.perHall?.[s.sessionId]?.ackMs),
			per(r.together.storm.perHall?.[s.sessionId]?.finalTallyMs),
			per(r.together.qa.perHall?.[s.sessionId])
		]),
		[
			'all halls',
			ms(r.together.storm.ackMs.p99),
			ms(r.together.storm.finalTallyMs.p99),
			ms(r.together.qa.ackMs.p99)
		],
		['hall 1 alone', ms(alone.ackMs.p99), ms(alone.finalTallyMs.p99), ms(r.alone.qa.ackMs.p99)],
		[
			'hall 1 with the others ÷ alone (interference)',
			ratio(r.together.storm.perHall?.[first]?.ackMs.p99 ?? NaN, alone.ackMs.p99),
			ratio(r.together.storm.perHall?.[first]?.finalTallyMs.p99 ?? NaN, alone.finalTallyMs.p99),
			ratio(r.together.qa.perHall?.[first]?.p99 ?? NaN, r.alone.qa.ackMs.p99)
		],
		[
			'votes acked / lost / duplicated (database)',
			`${fmt(r.together.storm.accepted)} / ${r.together.storm.lost} / ${r.together.storm.duplicated}`,
			'',
			''
		],
		[
			'stored choices = acked choices, per poll (database)',
			[r.alone.storm, r.together.storm].every((s) => s.tallyMatches) ? 'yes, both phases' : 'NO',
			'',
			''
		],
		['hub event-loop delay p99 together', ms(r.together.storm.hub.eldMs.p99), '', ''],
		['generator (alone)', generatorText(r.alone.storm.generator), '', ''],
		['generator (together)', generatorText(r.together.storm.generator), '', '']
	];
	for (const [phase, g] of [
		['alone', r.alone.storm.generator],
		['together', r.together.storm.generator]
	] as const) {
		const why = saturation(g, limits);
		if (why) rows.push([`INVALID halls ${phase}: ${why}; these figures are not the hub's`]);
	}
	printTable(`Ten halls at once: ${fmt(attendees + probes)} attendees on one hub`, rows, [
		'',
		'vote ack p99',
		'final tally p99',
		'Q&A ack p99'
	]);
	const file = writeResults(quick ? 'halls-quick' : 'halls', {
		machine: machine(),
		options: {
			attendees,
			probes,
			halls,
			stormSeconds,
			hallQuestionsPerSecond,
			hallUpvotesPerSecond,
			announceEveryMs
		},
		result: r
	});
	console.log(`\nresults: ${file}`);
}
