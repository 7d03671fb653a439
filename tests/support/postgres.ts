import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPostgresSql } from '../../server/db/postgres';
import { migratePostgres } from '../../server/db/postgres-migrations';

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temporary folder (C locale, UTF-8, fsync on), listening on
 * loopback on a free port with its unix socket in the same folder, and one migrated template database from which
 * each test gets a fresh database in a few milliseconds.
 */

const TEMPLATE = 'dais_template';
const SUPERUSER = 'dais';

/** Debian's server binaries: `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string | null {
	const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
	try {
		const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
		if (has(dir)) return dir;
	} catch {
		// no pg_config on the PATH
	}
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => has(join(root, v, 'bin')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** PostgreSQL refuses to run as root: then the cluster runs as the `postgres` user (Debian's), or `nobody`. */
function runAs(): { uid: number; gid: number } | null {
	if (process.getuid?.() !== 0) return null;
	for (const user of ['postgres', 'nobody']) {
		try {
			const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
			const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
			return { uid, gid };
		} catch {
			// no such user
		}
	}
	throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function run(bin: string, args: string[], user: { uid: number; gid: number } | null): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
		let output = '';
		child.stdout.on('data', (d: Buffer) => (output += d));
		child.stderr.on('data', (d: Buffer) => (output += d));
		child.once('error', reject);
		child.once('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')} exited ${code}:\n${output}`))
		);
	});
}

export interface TestCluster {
	/** The address of the cluster's maintenance database (`postgres`). */
	adminUrl: string;
	/** The address of database `name` on this cluster. */
	urlFor(name: string): string;
	stop(): Promise<void>;
}

/** Starts a cluster and migrates the template database. */
export async function startTestCluster(): Promise<TestCluster> {
	const bin = postgresBinDir();
	if (!bin) {
		throw new Error(
			'PostgreSQL is not installed: run `apt-get install -y postgresql` (as root) to run the tests on PostgreSQL'
		);
	}
	const user = runAs();
	const dir = mkdtempSync(join(tmpdir(), 'dais-pg-'));
	const data = join(dir, 'data');
	if (user) {
		chownSync(dir, user.uid, user.gid);
		chmodSync(dir, 0o700);
	}
	// initdb's own --no-sync only skips flushing the new cluster's files once; the server below runs with fsync on.
	await run(
		join(bin, 'initdb'),
		['-D', data, '--no-locale', '-E', 'UTF8', '-A', 'trust', '-U', SUPERUSER, '--no-sync'],
		user
	);
	const port = await freePort();
	const options = [
		`-p ${port}`,
		`-k ${dir}`,
		"-c listen_addresses='127.0.0.1'",
		'-c fsync=on',
		'-c synchronous_commit=on',
		'-c max_connections=300'
	].join(' ');
	await run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start'], user);

	const urlFor = (name: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
	const stop = async () => {
		await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user).catch(() => {});
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		const admin = new pg.Client(urlFor('postgres'));
		await admin.connect();
		await admin.query(
			`CREATE DATABASE ${TEMPLATE} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`
		);
		await admin.end();
		const template = createPostgresSql(urlFor(TEMPLATE));
		await migratePostgres(template);
		await template.close();
	} catch (error) {
		const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
		await stop();
		throw new Error(`${(error as Error).message}\n${log}`, { cause: error });
	}
	return { adminUrl: urlFor('postgres'), urlFor, stop };
}

let admin: pg.Pool | null = null;
let made = 0;
let ready: Promise<string> | null = null;

/** Makes a database on the cluster (`CREATE DATABASE <a new name> <how>`) through its maintenance pool; its URL. */
async function createDatabase(adminUrl: string, how: string): Promise<string> {
	if (!admin) {
		admin = new pg.Pool({
			connectionString: adminUrl,
			max: 2,
			idleTimeoutMillis: 1000,
			allowExitOnIdle: true
		});
		// The cluster stops at the end of the run, possibly with an idle connection still open.
		admin.on('error', () => {});
	}
	const name = `t_${process.pid}_${++made}_${Date.now().toString(36)}`;
	await admin.query(`CREATE DATABASE ${name} ${how}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

const copyTemplate = (adminUrl: string) => createDatabase(adminUrl, `TEMPLATE ${TEMPLATE}`);

/**
 * An empty database (no migrations) with the given collation, for tests of the migration runner and its checks. Made
 * from template0 at once: making a copy of the migrated template only to drop it was two more writes of a whole
 * database, each synced, which took seconds on a busy machine.
 */
export const createEmptyTestDatabase = (adminUrl: string, collation = 'C') =>
	createDatabase(
		adminUrl,
		`TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '${collation}' LC_CTYPE '${collation}'`
	);

/**
 * A fresh database copied from the migrated template, on the cluster whose maintenance database is `adminUrl`.
 * A copy takes a few hundred milliseconds with fsync on, so the next test's is made while this one runs.
 */
export function createTestDatabase(adminUrl: string): Promise<string> {
	const next = ready ?? copyTemplate(adminUrl);
	ready = copyTemplate(adminUrl);
	ready.catch(() => {});
	return next;
}
