import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../server/config';
import { createHub, type Hub } from '../server/hub';
import type { RateLimitSettings } from '../server/realtime/rate-limits';
import { createBareServer } from './bare-server';
import { benchDeviceCookie, benchDeviceId } from './lib/devices';
import { childOptions, serve } from './lib/serve';

/**
 * The server under test, in its own process (pinned to core 0 by the parent) so the load generators never share
 * its event loop. Reports event-loop delay, CPU and memory to the parent over IPC.
 */
export interface HubProcessOptions {
	kind: 'dais' | 'bare';
	dbFile: string;
	/** The hub's secret (DAIS_SECRET), shared with the load generators that sign device ids. */
	secret: string;
	host: string;
	rateLimits?: RateLimitSettings;
	voteIntervalMs?: number;
	maxLifetimeMs: number;
	/** Bare only: the size of Dais's replies to the join commands, so the bare join sends as much. */
	replyBytes?: Record<string, number>;
	/** Where to write the named time windows that a CPU profile can be cut by (with --cpu-prof). */
	windowsFile?: string;
	/** More of its environment: DATABASE_URL, REDIS_URL for a hub of a cluster; REDIS_URL for a bare one. */
	env?: Record<string, string>;
}

export interface HubStats {
	/** Event-loop delay since the last mark, ms. */
	eld: { p50: number; p99: number; max: number; mean: number };
	/** Event-loop utilisation since the last mark, 0..1. */
	elu: number;
	cpuMs: number;
	wallMs: number;
	memory: NodeJS.MemoryUsage;
	engineClients: number;
	sockets: number;
	writes: { batches: number; writes: number; pending: number };
	/** One sample a second since the mark: the worst event-loop delay in that second and the memory. */
	timeline: { t: number; eldMaxMs: number; elu: number; rss: number; heapUsed: number }[];
}

const opts = childOptions<HubProcessOptions>();
const gc = (globalThis as { gc?: () => void }).gc;

let hub: Hub | null = null;
let bare: Awaited<ReturnType<typeof createBareServer>> | null = null;
let port: number;
if (opts.kind === 'dais') {
	process.env.DAIS_SECRET = opts.secret;
	const config = loadConfig({
		DAIS_DB: opts.dbFile,
		DAIS_SAMPLE_DATES: 'fixed',
		LOG_LEVEL: 'silent',
		// The accept queue the bench was asked for (`DAIS_LISTEN_BACKLOG=… npm run bench`), the same for bare below.
		DAIS_LISTEN_BACKLOG: process.env.DAIS_LISTEN_BACKLOG,
		...opts.env
	});
	hub = await createHub({
		config,
		app: null,
		rateLimits: opts.rateLimits,
		voteIntervalMs: opts.voteIntervalMs
	});
	port = await hub.listen(0, opts.host);
} else {
	bare = await createBareServer({
		// Read as the hub reads it: the same default, and the same refusal of a bad value.
		backlog: loadConfig({ DAIS_LISTEN_BACKLOG: process.env.DAIS_LISTEN_BACKLOG }).listenBacklog,
		dbFile: opts.dbFile,
		replyBytes: opts.replyBytes,
		redisUrl: opts.env?.REDIS_URL
	});
	port = await bare.listen(0, opts.host);
}
const io = hub ? hub.io : bare!.io;

const eld = monitorEventLoopDelay({ resolution: 10 });
const secondEld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
secondEld.enable();
let markElu: EventLoopUtilization = performance.eventLoopUtilization();
let markCpu = process.cpuUsage();
let markWall = performance.now();
let secondElu = performance.eventLoopUtilization();
let timeline: HubStats['timeline'] = [];
const windows: { name: string; startUs: number; endUs: number | null }[] = [];
const hrUs = () => Number(process.hrtime.bigint() / 1000n);

const sampler = setInterval(() => {
	const elu = performance.eventLoopUtilization(secondElu);
	secondElu = performance.eventLoopUtilization();
	const m = process.memoryUsage();
	timeline.push({
		t: Date.now(),
		eldMaxMs: secondEld.max / 1e6,
		elu: elu.utilization,
		rss: m.rss,
		heapUsed: m.heapUsed
	});
	secondEld.reset();
	if (timeline.length > 3600) timeline = timeline.slice(-3600);
}, 1000);

function mark(name?: string) {
	eld.reset();
	markElu = performance.eventLoopUtilization();
	markCpu = process.cpuUsage();
	markWall = performance.now();
	timeline = [];
	const open = windows.at(-1);
	if (open && open.endUs === null) open.endUs = hrUs();
	if (name) windows.push({ name, startUs: hrUs(), endUs: null });
}

/** Figures since the last mark; `end` also closes the mark's profile window (the phase is over). */
function stats(p: { end?: boolean } = {}): HubStats {
	const cpu = process.cpuUsage(markCpu);
	const open = windows.at(-1);
	if (p.end && open && open.endUs === null) open.endUs = hrUs();
	return {
		eld: {
			p50: eld.percentile(50) / 1e6,
			p99: eld.percentile(99) / 1e6,
			max: eld.max / 1e6,
			mean: eld.mean / 1e6
		},
		elu: performance.eventLoopUtilization(markElu).utilization,
		cpuMs: (cpu.user + cpu.system) / 1000,
		wallMs: performance.now() - markWall,
		memory: process.memoryUsage(),
		engineClients: io.engine.clientsCount,
		sockets: io.of('/').sockets.size,
		writes: hub ? hub.services.writes.stats() : bare!.stats(),
		timeline
	};
}

async function close() {
	clearInterval(sampler);
	if (hub) await hub.close();
	if (bare) await bare.close();
	if (opts.windowsFile) writeFileSync(opts.windowsFile, JSON.stringify(windows));
}

const { notify } = serve(
	{
		mark: (p: { name?: string }) => mark(p.name),
		stats,
		/** Collects garbage (the child runs with --expose-gc) and reports memory, for per-connection figures. */
		memory: async () => {
			for (let i = 0; i < 3; i++) {
				gc?.();
				await new Promise((r) => setTimeout(r, 50));
			}
			return { memory: process.memoryUsage(), gc: Boolean(gc), sockets: io.of('/').sockets.size };
		},
		mint: async (p: { role: 'moderator' | 'chair' | 'organiser'; eventId: string }) => {
			if (!hub) throw new Error('the bare server has no staff');
			const minted = await hub.services.access.mint({
				eventId: p.eventId,
				role: p.role,
				roomId: null,
				label: `bench ${p.role}`
			});
			const signedIn = await hub.services.signIns.exchange(minted.token);
			if (signedIn.status !== 'ok') throw new Error(`could not sign in the bench ${p.role}`);
			return `dais_staff=${signedIn.secret}`;
		},
		/** The key each device's ballots are stored under: Dais's device hash, or the bare server's cookie value. */
		deviceHashes: (p: { devices: string[] }) =>
			p.devices.map((d) =>
				hub
					? hub.services.devices.hashOf(benchDeviceId(d))
					: benchDeviceCookie(opts.secret, d).slice('dais_device='.length)
			)
	},
	{ maxLifetimeMs: opts.maxLifetimeMs, onExit: close }
);
notify('ready', { port, pid: process.pid, gc: Boolean(gc) });
