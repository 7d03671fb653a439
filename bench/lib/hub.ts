import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RateLimitSettings } from '../../server/realtime/rate-limits';
import type { HubProcessOptions, HubStats } from '../hub-process';
import { Child, ROOT } from './children';
import { hubNodeFlags } from '../../scripts/hub-flags.mjs';
import { RESULTS_DIR } from './report';

export const HOST = '127.0.0.1';

export interface HubHandle {
	kind: 'dais' | 'bare';
	url: string;
	port: number;
	dbFile: string;
	/** The hub's secret, so load generators can sign device ids as the hub issues them. */
	secret: string;
	child: Child;
	/** The CPU profile written when the hub exits (with --cpu-prof), and the named windows to cut it by. */
	profile: { dir: string; windowsFile: string } | null;
	mark(name?: string): Promise<void>;
	/** Figures since the last mark; `end` closes the phase's profile window. */
	stats(end?: boolean): Promise<HubStats>;
	memory(): Promise<{ memory: NodeJS.MemoryUsage; gc: boolean; sockets: number }>;
	mint(role: 'moderator' | 'chair' | 'organiser', eventId: string): Promise<string>;
	deviceHashes(devices: string[]): Promise<string[]>;
	/** The poll's stored ballots, read from the hub's storage (Dais's and the bare server's use the same columns). */
	ballots(pollId: string): Promise<StoredBallot[]>;
	stop(): Promise<void>;
}

export interface StoredBallot {
	device_hash: string;
	answer: string;
}

/** Starts the hub (or the bare Socket.IO baseline) in its own process on core 0, on a fresh temporary database. */
export async function startHub(o: {
	kind: 'dais' | 'bare';
	rateLimits?: RateLimitSettings;
	voteIntervalMs?: number;
	cpuProf?: boolean;
	maxLifetimeMs: number;
	replyBytes?: Record<string, number>;
	/** Dais only: extra environment for its configuration (DATABASE_URL, REDIS_URL for the cluster bench). */
	env?: Record<string, string>;
	/** The secret to sign device ids with (hubs of one cluster share it); a fresh one by default. */
	secret?: string;
	name?: string;
}): Promise<HubHandle> {
	const dir = mkdtempSync(join(tmpdir(), 'dais-bench-'));
	const dbFile = join(dir, 'dais.db');
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	// One directory per run: tsx's module hooks run in a worker thread, which writes a profile of its own there.
	const profileDir = join(RESULTS_DIR, `${o.name ?? `hub-${o.kind}`}-${stamp}-profile`);
	const profile = o.cpuProf ? { dir: profileDir, windowsFile: join(profileDir, 'windows.json') } : null;
	if (profile) mkdirSync(profile.dir, { recursive: true });
	const secret = o.secret ?? randomBytes(24).toString('base64url');
	const options: HubProcessOptions = {
		kind: o.kind,
		dbFile,
		secret,
		host: HOST,
		rateLimits: o.rateLimits,
		voteIntervalMs: o.voteIntervalMs,
		maxLifetimeMs: o.maxLifetimeMs,
		windowsFile: profile?.windowsFile,
		replyBytes: o.replyBytes,
		env: o.env
	};
	// Dais and bare alike start as `npm start` starts a hub on the CPUs it is given: pinned to one, one GC thread.
	const execArgv = ['--expose-gc', ...hubNodeFlags(Child.pinned ? 1 : undefined)];
	if (profile) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profile.dir}`);
	const child = new Child(join(ROOT, 'bench', 'hub-process.ts'), {
		name: o.name ?? `hub-${o.kind}`,
		cpu: 0,
		execArgv,
		options
	});
	const ready = await child.once<{ port: number }>('ready', 60_000);
	const url = `http://${HOST}:${ready.port}`;
	return {
		kind: o.kind,
		url,
		port: ready.port,
		dbFile,
		secret,
		child,
		profile,
		mark: (name) => child.request('mark', { name }),
		stats: (end = false) => child.request('stats', { end }),
		memory: () => child.request('memory', {}, 30_000),
		mint: (role, eventId) => child.request('mint', { role, eventId }),
		deviceHashes: (devices) => child.request('deviceHashes', { devices }),
		async ballots(pollId) {
			const db = new Database(dbFile, { readonly: true, fileMustExist: true });
			try {
				return db
					.prepare<[string], StoredBallot>('SELECT device_hash, answer FROM ballots WHERE poll_id = ?')
					.all(pollId);
			} finally {
				db.close();
			}
		},
		async stop() {
			await child.stop(30_000);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
