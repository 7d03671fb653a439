import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { childrenOf } from '../../bench/lib/proc';
import { postgresBinDir } from './postgres';

/**
 * Throwaway PostgreSQL, Redis, HAProxy and hub processes on loopback, for the cluster tests and the 3-hub bench:
 * each in a temporary folder, on free ports, stopped and removed by `Services.stop()` (also after a failure, and
 * killed if the test process exits first). Nothing here depends on a system service being up.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Debian packages the cluster tier needs, with a binary that tells whether each is there. */
const PACKAGES = {
	postgresql: () => postgresBinDir() !== null,
	'redis-server': () => existsSync('/usr/bin/redis-server'),
	haproxy: () => existsSync('/usr/sbin/haproxy')
} as const;

/** Installs what is missing with apt-get when running as root; otherwise fails naming the command to run. */
export function ensurePackages(): void {
	const missing = Object.entries(PACKAGES)
		.filter(([, present]) => !present())
		.map(([name]) => name);
	if (missing.length === 0) return;
	const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
		throw new Error(`The cluster tests need ${missing.join(', ')}. Install with: sudo ${command}`);
	}
	execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command.replace('-y', '-y -qq')}`], {
		stdio: 'inherit'
	});
	const still = Object.entries(PACKAGES).filter(([, present]) => !present());
	if (still.length) throw new Error(`apt-get did not install ${still.map(([n]) => n).join(', ')}`);
}

export function freePort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, host, () => {
			const addr = server.address();
			const p = typeof addr === 'object' && addr ? addr.port : 0;
			server.close(() => resolve(p));
		});
	});
}

async function until<T>(
	what: string,
	ms: number,
	probe: () => Promise<T | null>,
	log?: () => string
): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const got = await probe().catch(() => null);
		if (got !== null) return got;
		if (Date.now() > deadline)
			throw new Error(`${what} did not come up within ${ms} ms${log ? `:\n${log()}` : ''}`);
		await sleep(100);
	}
}

/** A child process whose output is kept (for failure messages) and that can be stopped or killed. */
export interface Proc {
	name: string;
	child: ChildProcess;
	pid: number;
	output(): string;
	exited: Promise<void>;
	/** Sends `signal` and waits for the exit; SIGKILL after `graceMs`. */
	stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
// If the test process goes away first (a crash, a timeout), nothing it started outlives it.
process.once('exit', () => {
	for (const c of running) c.kill('SIGKILL');
});

function start(
	name: string,
	command: string,
	args: string[],
	opts: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number; cwd?: string } = {}
): Proc {
	const child = spawn(command, args, {
		cwd: opts.cwd ?? ROOT,
		env: opts.env ?? { PATH: process.env.PATH ?? '' },
		uid: opts.uid,
		gid: opts.gid,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.add(child);
	let out = '';
	const keep = (d: Buffer) => {
		// The last 64 KB is plenty to say why something did not start.
		out = (out + d.toString()).slice(-65_536);
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<void>((resolve) => {
		child.once('exit', () => {
			running.delete(child);
			resolve();
		});
		child.once('error', (err) => {
			out += `\n${String(err)}`;
			running.delete(child);
			resolve();
		});
	});
	return {
		name,
		child,
		pid: child.pid ?? -1,
		output: () => out,
		exited,
		async stop(signal = 'SIGTERM', graceMs = 10_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
	};
}

/** The uid/gid PostgreSQL runs as: refuses root, so the `postgres` user Debian's package creates (or ourselves). */
function pgUser(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

export interface Postgres {
	url: string;
	proc: Proc;
	/** The postmaster and every backend it forked (for CPU accounting). */
	pids(): number[];
}

export interface Redis {
	url: string;
	proc: Proc;
}

export interface Hub {
	name: string;
	port: number;
	url: string;
	proc: Proc;
}

export interface HubEnv {
	/** The storage: DATABASE_URL (PostgreSQL) or DAIS_DB (a SQLite file the hubs share). */
	DATABASE_URL?: string;
	DAIS_DB?: string;
	REDIS_URL: string;
	[name: string]: string | undefined;
}

/** Everything one cluster run started, stopped in reverse order by `stop()`. */
export class Services {
	readonly dir = mkdtempSync(join(tmpdir(), 'dais-cluster-'));
	private readonly procs: Proc[] = [];

	constructor() {
		// PostgreSQL runs as another user and must reach its folder inside this one.
		chmodSync(this.dir, 0o755);
	}

	private own(p: Proc): Proc {
		this.procs.push(p);
		return p;
	}

	async postgres(): Promise<Postgres> {
		const bin = postgresBinDir();
		if (!bin) throw new Error('PostgreSQL is not installed (ensurePackages first)');
		const user = pgUser();
		const data = join(this.dir, 'pg');
		mkdirSync(data, { mode: 0o700 });
		if (user.uid !== undefined) chownSync(data, user.uid, user.gid!);
		const env = { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' };
		execFileSync(
			join(bin, 'initdb'),
			['-D', data, '-U', 'dais', '--auth=trust', '--locale=C', '--encoding=UTF8', '--no-sync'],
			{ env, uid: user.uid, gid: user.gid, cwd: data, stdio: 'pipe' }
		);
		const port = await freePort();
		const proc = this.own(
			start(
				'postgres',
				join(bin, 'postgres'),
				['-D', data, '-k', data, '-h', '127.0.0.1', '-p', String(port), '-c', 'max_connections=300'],
				{ env, ...user, cwd: data }
			)
		);
		const admin = `postgres://dais@127.0.0.1:${port}/postgres`;
		await until(
			'PostgreSQL',
			30_000,
			async () => {
				const c = new pg.Client(admin);
				await c.connect();
				try {
					// The database as docs/deploy.md creates it: UTF-8, C collation (text sorts by code point, as in SQLite).
					await c.query(
						"CREATE DATABASE dais TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
					);
				} finally {
					await c.end();
				}
				return true;
			},
			proc.output
		);
		return {
			url: `postgres://dais@127.0.0.1:${port}/dais`,
			proc,
			pids: () => [proc.pid, ...childrenOf(proc.pid)]
		};
	}

	/** Redis on a free port, or on `port` (a Redis started again where a stopped one was). */
	async redis(port?: number): Promise<Redis> {
		const dir = join(this.dir, `redis-${port ?? 'first'}`);
		mkdirSync(dir, { recursive: true });
		port ??= await freePort();
		// Fan-out and recovery sessions need no persistence: nothing is saved to disk.
		const proc = this.own(
			start('redis', '/usr/bin/redis-server', [
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				dir
			])
		);
		await until('Redis', 15_000, () => ping(port), proc.output);
		return { url: `redis://127.0.0.1:${port}`, proc };
	}

	/** A hub as `npm start` runs it (the real entry, server/index.ts), resolved once /healthz answers 200. */
	async hub(name: string, env: HubEnv): Promise<Hub> {
		const port = await freePort();
		const proc = this.own(
			start('hub ' + name, process.execPath, ['--import', 'tsx', 'server/index.ts'], {
				env: {
					PATH: process.env.PATH ?? '',
					HOST: '127.0.0.1',
					PORT: String(port),
					// Only used if the hub ignored DATABASE_URL: then it is a fresh file and the tests say so.
					DAIS_DB: join(this.dir, `${name}.db`),
					DAIS_SAMPLE_DATES: 'fixed',
					LOG_LEVEL: 'warn',
					...env
				}
			})
		);
		const url = `http://127.0.0.1:${port}`;
		// A hub that exits while starting fails at once, with what it printed.
		const exited = proc.exited.then(() => {
			throw new Error(`hub ${name} exited while starting:\n${proc.output()}`);
		});
		await Promise.race([
			exited,
			until(
				`hub ${name}`,
				60_000,
				async () => ((await fetch(`${url}/healthz`)).ok ? true : null),
				proc.output
			)
		]);
		exited.catch(() => undefined);
		return { name, port, url, proc };
	}

	/** HAProxy with deploy/haproxy.cfg, its bind address and hub addresses replaced by these. */
	async haproxy(hubs: { port: number }[]): Promise<{ url: string; proc: Proc; config: string }> {
		const port = await freePort();
		const config = haproxyConfig(
			readFileSync(join(ROOT, 'deploy/haproxy.cfg'), 'utf8'),
			port,
			hubs.map((h) => h.port)
		);
		const file = join(this.dir, 'haproxy.cfg');
		writeFileSync(file, config);
		const proc = this.own(start('haproxy', '/usr/sbin/haproxy', ['-db', '-f', file]));
		const url = `http://127.0.0.1:${port}`;
		await until(
			'HAProxy',
			15_000,
			async () => ((await fetch(`${url}/healthz`)).ok ? true : null),
			proc.output
		);
		return { url, proc, config };
	}

	/** Stops every process (hubs first, PostgreSQL last) and removes the folder; never throws. */
	async stop(): Promise<void> {
		for (const p of this.procs.reverse()) await p.stop().catch(() => undefined);
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/**
 * deploy/haproxy.cfg for a test run: `bind :8080` on loopback at `port`, a `maxconn` within a test machine's
 * open-file limit, and the three sample hub addresses
 * (127.0.0.1:3001-3003) replaced by `hubPorts` (sample servers beyond them left out). Throws if the sample no longer
 * has what is replaced.
 */
export function haproxyConfig(sample: string, port: number, hubPorts: number[]): string {
	const replace = (text: string, from: string, to: string) => {
		if (!text.includes(from)) throw new Error(`deploy/haproxy.cfg has no "${from}" to replace`);
		return text.replace(from, to);
	};
	let config = replace(sample, 'bind :8080', `bind 127.0.0.1:${port}`);
	// The sample's 60,000 connections need 120,000 file descriptors; a test machine may allow far fewer (20,000 here).
	config = replace(config, 'maxconn 60000', 'maxconn 8000');
	hubPorts.forEach((p, i) => {
		config = replace(config, `127.0.0.1:${3001 + i} `, `127.0.0.1:${p} `);
	});
	// Fewer hubs than the sample names (one hub behind the proxy, in the cluster bench): the sample's other server
	// lines go, or clients would be sent to whatever listens on those ports.
	return config.replace(/^\s*server \S+ 127\.0\.0\.1:300\d .*\n/gm, '');
}

/** Redis answers PING with +PONG (asked over a plain socket: no client needed to know it is up). */
function ping(port: number): Promise<true | null> {
	return new Promise((resolve) => {
		const s = connect(port, '127.0.0.1');
		s.once('error', () => resolve(null));
		s.once('data', (d) => {
			s.destroy();
			resolve(d.toString().startsWith('+PONG') ? true : null);
		});
		s.write('PING\r\n');
	});
}
