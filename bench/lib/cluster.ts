import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensurePackages, Services } from '../../tests/support/services';
import type { HubStats } from '../hub-process';
import { joinStorm, pollStorm, type JoinResult, type StormResult } from './experiments';
import { saturation, type Fleet } from './fleet';
import { startHub, type HubHandle, type StoredBallot } from './hub';
import { cpuSample, cpuSince } from './proc';
import { printProfile, summarizeProfile, type ProfileSummary } from './cpuprofile';
import { generatorText, machine, printTable, writeResults } from './report';
import { EVENT, ParentClient } from './staff';
import { fmt, ms, sleep } from './stats';

/**
 * `npm run bench -- --hubs 3`: the join and vote storms against one Dais hub and against N hubs on one PostgreSQL and
 * one Redis (behind HAProxy with deploy/haproxy.cfg), side by side. On a 2-core machine N hubs cannot be faster than
 * one, so what predicts scaling on a bigger machine is CPU per unit of work: votes per hub CPU-second (N hubs against
 * one, target ≥ 0.8×) and the CPU Redis, PostgreSQL and HAProxy spend per vote, read from /proc.
 */

const sumMemory = (list: NodeJS.MemoryUsage[]): NodeJS.MemoryUsage => {
	const keys = Object.keys(list[0]) as (keyof NodeJS.MemoryUsage)[];
	return Object.fromEntries(
		keys.map((k) => [k, list.reduce((a, m) => a + m[k], 0)])
	) as unknown as NodeJS.MemoryUsage;
};

/** The figures of several hub processes as one: CPU, sockets, memory and commits add up; delays are the worst. */
export function mergeStats(all: HubStats[]): HubStats {
	if (all.length === 0) throw new Error('no hub stats to merge');
	const sum = (f: (s: HubStats) => number) => all.reduce((a, s) => a + f(s), 0);
	const max = (f: (s: HubStats) => number) => Math.max(...all.map(f));
	return {
		eld: {
			p50: max((s) => s.eld.p50),
			p99: max((s) => s.eld.p99),
			max: max((s) => s.eld.max),
			mean: sum((s) => s.eld.mean) / all.length
		},
		elu: sum((s) => s.elu) / all.length,
		cpuMs: sum((s) => s.cpuMs),
		wallMs: max((s) => s.wallMs),
		memory: sumMemory(all.map((s) => s.memory)),
		engineClients: sum((s) => s.engineClients),
		sockets: sum((s) => s.sockets),
		writes: {
			batches: sum((s) => s.writes.batches),
			writes: sum((s) => s.writes.writes),
			pending: sum((s) => s.writes.pending)
		},
		// Second by second, the worst hub's delay and the sums of memory.
		timeline: all[0].timeline.map((t, i) => {
			const at = all.map((s) => s.timeline[i]).filter((x) => x !== undefined);
			return {
				t: t.t,
				eldMaxMs: Math.max(...at.map((x) => x.eldMaxMs)),
				elu: at.reduce((a, x) => a + x.elu, 0) / at.length,
				rss: at.reduce((a, x) => a + x.rss, 0),
				heapUsed: at.reduce((a, x) => a + x.heapUsed, 0)
			};
		})
	};
}

export type Service = 'postgres' | 'redis' | 'haproxy';

interface Cluster {
	/** The cluster as one hub to the experiments: its address is HAProxy's when there is more than one hub. */
	handle: HubHandle;
	hubs: HubHandle[];
	/** The pids of the services beside the hubs, for their CPU per vote. */
	pids(): Record<Service, number[]>;
}

async function startCluster(o: {
	hubs: number;
	kind: 'dais' | 'bare';
	maxLifetimeMs: number;
	services: Services;
	/** Dais hubs only: each writes a CPU profile (`--cpu-prof`), summarised for the vote storm after it stops. */
	cpuProf?: boolean;
}): Promise<Cluster> {
	const redis = await o.services.redis();
	const secret = randomBytes(24).toString('base64url');
	if (o.kind === 'bare') {
		// Bare Socket.IO on the same Redis streams adapter: each process its own SQLite file, counts added up in Redis.
		const bare = await Promise.all(
			Array.from({ length: o.hubs }, (_, i) =>
				startHub({
					kind: 'bare',
					name: `bare-${i + 1}`,
					maxLifetimeMs: o.maxLifetimeMs,
					secret,
					env: { REDIS_URL: redis.url }
				})
			)
		);
		const proxy = o.hubs > 1 ? await o.services.haproxy(bare) : null;
		return {
			handle: together(bare, proxy?.url ?? bare[0].url, async (pollId) =>
				(await Promise.all(bare.map((h) => h.ballots(pollId)))).flat()
			),
			hubs: bare,
			pids: () => ({ postgres: [], redis: [redis.proc.pid], haproxy: proxy ? [proxy.proc.pid] : [] })
		};
	}
	const postgres = await o.services.postgres();
	const hubs = await Promise.all(
		Array.from({ length: o.hubs }, (_, i) =>
			startHub({
				kind: 'dais',
				name: `hub-${i + 1}`,
				maxLifetimeMs: o.maxLifetimeMs,
				secret,
				cpuProf: o.cpuProf,
				env: { DATABASE_URL: postgres.url, REDIS_URL: redis.url }
			})
		)
	);
	const db = new pg.Pool({ connectionString: postgres.url, max: 1 });
	// Hubs that ignored DATABASE_URL would each bench their own SQLite file: refuse to print such figures.
	const migrated = await db
		.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'ballots'")
		.then((r) => r.rowCount === 1);
	if (!migrated) {
		await Promise.all(hubs.map((h) => h.stop()));
		await db.end();
		throw new Error('the hubs did not migrate PostgreSQL: this checkout does not support DATABASE_URL yet');
	}
	const proxy = o.hubs > 1 ? await o.services.haproxy(hubs) : null;
	const handle = together(
		hubs,
		proxy?.url ?? hubs[0].url,
		async (pollId) =>
			(await db.query<StoredBallot>('SELECT device_hash, answer FROM ballots WHERE poll_id = $1', [pollId]))
				.rows,
		() => db.end()
	);
	return {
		handle,
		hubs,
		pids: () => ({
			postgres: postgres.pids(),
			redis: [redis.proc.pid],
			haproxy: proxy ? [proxy.proc.pid] : []
		})
	};
}

/** Several hub processes as one to the experiments, reached at `url` (HAProxy's when there are several). */
function together(
	hubs: HubHandle[],
	url: string,
	ballots: (pollId: string) => Promise<StoredBallot[]>,
	close: () => Promise<void> = async () => {}
): HubHandle {
	return {
		...hubs[0],
		url,
		port: Number(new URL(url).port),
		async mark(name) {
			await Promise.all(hubs.map((h) => h.mark(name)));
		},
		stats: async (end) => mergeStats(await Promise.all(hubs.map((h) => h.stats(end)))),
		async memory() {
			const all = await Promise.all(hubs.map((h) => h.memory()));
			return {
				memory: sumMemory(all.map((m) => m.memory)),
				gc: all.every((m) => m.gc),
				sockets: all.reduce((a, m) => a + m.sockets, 0)
			};
		},
		ballots,
		async stop() {
			await Promise.all(hubs.map((h) => h.stop()));
			await close();
		}
	};
}

/** CPU ms per vote of each service between two samples (a PostgreSQL backend opened meanwhile counts in full). */
export function perVote(
	before: Map<number, number>,
	after: Map<number, number>,
	pids: Record<Service, number[]>,
	votes: number
): Record<Service, number> {
	const of = (list: number[]) => {
		const pick = (m: Map<number, number>) => new Map([...m].filter(([p]) => list.includes(p)));
		return cpuSince(pick(before), pick(after)) / Math.max(1, votes);
	};
	return { postgres: of(pids.postgres), redis: of(pids.redis), haproxy: of(pids.haproxy) };
}

interface Setup {
	hubs: number;
	kind: 'dais' | 'bare';
	join: JoinResult;
	storm: StormResult;
	/** Hub CPU ms per second (all hubs added up) with every attendee connected and nothing happening. */
	idleCpuMsPerSecond: number;
	/** Votes per hub CPU-second counting only the CPU above what the hubs spend idle over the storm's length. */
	votesPerCpuSecondAboveIdle: number;
	/** CPU ms per acknowledged vote of each service during the vote storm. */
	perVote: Record<Service, number>;
}

/** One setup on fresh services: join storm, then vote storm with the services' CPU sampled around it. */
async function measure(
	hubs: number,
	fleet: Fleet,
	o: Options,
	kind: 'dais' | 'bare' = 'dais'
): Promise<Setup> {
	const services = new Services();
	try {
		const cluster = await startCluster({
			hubs,
			kind,
			maxLifetimeMs: o.maxLifetimeMs,
			services,
			cpuProf: o.cpuProf && kind === 'dais'
		});
		const hub = cluster.handle;
		// The bare server has no staff: its poll is open from the start, as in the single-hub bench.
		const chair =
			kind === 'dais' ? await ParentClient.open(hub.url, await hub.mint('chair', EVENT.eventId)) : null;
		try {
			const join = await joinStorm(hub, fleet, { perSecond: o.joinRate, timeoutMs: 30_000 });
			o.progress(
				`${kind} ${hubs} hub(s) join: ${fmt(join.joined)} of ${fmt(join.attendees)}, p99 ${ms(join.joinMs.p99)}`
			);
			// What the hubs spend with everyone connected and nothing happening: a cost per hub that does not shrink
			// as the work is shared out, so it tells apart a cost per vote from a cost per hub.
			await hub.mark('idle');
			await sleep(o.idleSeconds * 1000);
			const idle = await hub.stats(true);
			const idleCpuMsPerSecond = idle.cpuMs / (idle.wallMs / 1000);
			const all = () => Object.values(cluster.pids()).flat();
			const before = cpuSample(all());
			const storm = await pollStorm(hub, fleet, {
				seconds: o.stormSeconds,
				chair,
				voters: join.connected,
				tailMs: 30_000
			});
			const after = cpuSample(all());
			o.progress(
				`${kind} ${hubs} hub(s) votes: ack p99 ${ms(storm.ackMs.p99)}, final tally p99 ${ms(storm.finalTallyMs.p99)}`
			);
			await fleet.all('closeAll', {}, 60_000);
			return {
				hubs,
				kind,
				join,
				storm,
				idleCpuMsPerSecond,
				votesPerCpuSecondAboveIdle:
					storm.accepted /
					(Math.max(1, storm.hub.cpuMs - (idleCpuMsPerSecond * storm.hub.wallMs) / 1000) / 1000),
				perVote: perVote(before, after, cluster.pids(), storm.accepted)
			};
		} finally {
			chair?.close();
			await hub.stop();
			// The profiles are written as the hubs exit: where the vote storm's CPU went, all hubs added up.
			if (o.cpuProf && kind === 'dais') printProfile(mergeProfiles(cluster.hubs, hubs));
		}
	} finally {
		await services.stop();
	}
}

/** The vote storm's self time of every hub's main thread, added up by origin and by function. */
function mergeProfiles(hubs: HubHandle[], n: number): ProfileSummary {
	const parts = hubs.flatMap((h) =>
		h.profile ? [summarizeProfile(h.profile.dir, h.profile.windowsFile, 'poll-storm', 1000)] : []
	);
	const add = (pick: (p: ProfileSummary) => ProfileSummary['origins']) => {
		const m = new Map<string, number>();
		for (const p of parts) for (const x of pick(p)) m.set(x.name, (m.get(x.name) ?? 0) + x.ms);
		const total = parts.reduce((a, p) => a + p.totalMs, 0);
		return [...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 25)
			.map(([name, ms]) => ({ name, ms, share: ms / total }));
	};
	return {
		window: `poll-storm, ${n} hub(s) added up`,
		totalMs: parts.reduce((a, p) => a + p.totalMs, 0),
		functions: add((p) => p.functions),
		origins: add((p) => p.origins)
	};
}

interface Options {
	hubs: number;
	cpuProf?: boolean;
	joinRate: number;
	stormSeconds: number;
	/** How long the hubs are watched idle between the join and the vote storm. */
	idleSeconds: number;
	maxLifetimeMs: number;
	limits: { lagP99Ms: number; busiestSecond: number };
	progress: (s: string) => void;
}

/** `--hubs N`: one hub, then N hubs, each on its own fresh PostgreSQL and Redis; one table side by side. */
export async function runCluster(fleet: Fleet, o: Options) {
	ensurePackages();
	const start = machine();
	const one = await measure(1, fleet, o);
	const many = await measure(o.hubs, fleet, o);
	const bareOne = await measure(1, fleet, o, 'bare');
	const bare = await measure(o.hubs, fleet, o, 'bare');
	const end = machine();
	const ratio = many.storm.hub.votesPerCpuSecond / one.storm.hub.votesPerCpuSecond;
	// What this box does to any server split in N processes (N hubs, PostgreSQL, Redis and HAProxy on its cores):
	// bare Socket.IO's own N ÷ 1, beside Dais's.
	const bareRatio = bare.storm.hub.votesPerCpuSecond / bareOne.storm.hub.votesPerCpuSecond;
	const vsBare = many.storm.hub.votesPerCpuSecond / bare.storm.hub.votesPerCpuSecond;
	const col = (s: Setup) => [
		`${fmt(s.join.joined)} of ${fmt(s.join.attendees)}`,
		ms(s.join.joinMs.p99),
		ms(s.storm.ackMs.p99),
		ms(s.storm.finalTallyMs.p99),
		`${fmt(s.storm.accepted)} / ${s.storm.lost} / ${s.storm.duplicated}`,
		fmt(s.storm.hub.votesPerCpuSecond),
		fmt(s.idleCpuMsPerSecond),
		fmt(s.votesPerCpuSecondAboveIdle),
		fmt(s.perVote.postgres, 3),
		fmt(s.perVote.redis, 3),
		fmt(s.perVote.haproxy, 3)
	];
	const labels = [
		'connected (capacity reached)',
		'connect + join p99',
		'vote ack p99',
		'final tally on every client p99',
		'votes acked / lost / duplicated (in storage)',
		'votes per hub CPU-second',
		'hub CPU ms per second, idle with everyone connected (hubs added up)',
		'votes per hub CPU-second above idle',
		'PostgreSQL CPU ms per vote',
		'Redis CPU ms per vote',
		'HAProxy CPU ms per vote'
	];
	const a = col(one);
	const b = col(many);
	const c = col(bareOne);
	const d = col(bare);
	const rows: (string | number)[][] = labels.map((l, i) => [l, a[i], b[i], c[i], d[i]]);
	rows.push([
		`votes per hub CPU-second, ${o.hubs} hubs ÷ 1 (target ≥ 0.8×)`,
		'',
		`${fmt(ratio, 2)}× ${ratio >= 0.8 ? 'met' : 'not met'}`,
		'',
		`${fmt(bareRatio, 2)}×`
	]);
	const aboveIdle = many.votesPerCpuSecondAboveIdle / one.votesPerCpuSecondAboveIdle;
	const bareAboveIdle = bare.votesPerCpuSecondAboveIdle / bareOne.votesPerCpuSecondAboveIdle;
	rows.push([
		`votes per hub CPU-second above idle, ${o.hubs} hubs ÷ 1`,
		'',
		`${fmt(aboveIdle, 2)}×`,
		'',
		`${fmt(bareAboveIdle, 2)}×`
	]);
	rows.push([`votes per hub CPU-second, Dais ÷ bare (${o.hubs} each)`, '', `${fmt(vsBare, 2)}×`, '', '']);
	for (const s of [one, many, bareOne, bare])
		for (const [phase, g] of [
			['join', s.join.generator],
			['storm', s.storm.generator]
		] as const) {
			const why = saturation(g, o.limits);
			rows.push([
				`generator, ${s.kind} ${s.hubs} hub(s) ${phase}`,
				generatorText(g),
				why ? `INVALID: ${why}` : '',
				'',
				''
			]);
		}
	printTable(
		`${fmt(fleet.total)} attendees, 1 hub against ${o.hubs} hubs on PostgreSQL + Redis, and ${o.hubs} bare Socket.IO processes on the same Redis adapter (load average ${start.loadavg.toFixed(2)} → ${end.loadavg.toFixed(2)}, ${start.nproc} CPU)`,
		rows,
		['', '1 hub', `${o.hubs} hubs (HAProxy)`, 'bare × 1', `bare × ${o.hubs} (HAProxy)`]
	);
	console.log(
		`\nresults: ${writeResults(`cluster-${o.hubs}`, {
			machine: start,
			one,
			many,
			bareOne,
			bare,
			ratio,
			bareRatio,
			aboveIdle,
			bareAboveIdle,
			vsBare
		})}`
	);
}
