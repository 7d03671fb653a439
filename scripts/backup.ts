import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../server/config';
import { CliError, parseCli, runCli } from './cli';

const USAGE = `Copies the hub's database (DAIS_DB) to FILE while the hub keeps running.

Usage: npm run backup -- FILE [--force]

  --force   overwrite FILE if it exists`;

await runCli(async () => {
	const { values, positionals } = parseCli(USAGE, { force: { type: 'boolean', default: false } });
	if (positionals.length !== 1) throw new CliError(`give exactly one backup file\n${USAGE}`);
	const source = loadConfig().dbFile;
	const target = resolve(positionals[0]);
	if (!existsSync(source)) throw new CliError(`no database at ${source} (set DAIS_DB)`);
	if (target === source) throw new CliError('the backup file must not be the database itself');
	if (existsSync(target) && !values.force)
		throw new CliError(`${target} exists; pass --force to overwrite it`);

	mkdirSync(dirname(target), { recursive: true });
	// Written beside the target and renamed at the end, so an interrupted backup never leaves a half-written FILE.
	const partial = `${target}.partial-${process.pid}`;
	// As the database itself, readable by its owner only (it holds the device-id key and what attendees wrote).
	closeSync(openSync(partial, 'w', 0o600));
	const db = new Database(source, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		// SQLite's online backup: consistent even while the hub writes (it restarts if the source changes mid-copy).
		await db.backup(partial);
	} catch (e) {
		rmSync(partial, { force: true });
		throw e;
	} finally {
		db.close();
	}

	const copy = new Database(partial);
	let pages: number;
	try {
		// A backup should be one self-contained file, not a WAL database that needs its -wal beside it.
		copy.pragma('journal_mode = DELETE');
		const check = copy.pragma('integrity_check', { simple: true });
		if (check !== 'ok') throw new CliError(`the copy failed its integrity check: ${String(check)}`);
		pages = copy.pragma('page_count', { simple: true }) as number;
	} catch (e) {
		copy.close();
		rmSync(partial, { force: true });
		throw e;
	}
	copy.close();

	// Sidecar files of a database that used to be at FILE would be read as part of the new one.
	for (const stale of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) rmSync(stale, { force: true });
	renameSync(partial, target);
	const bytes = statSync(target).size;
	console.log(
		`Backed up ${source} to ${target}: ${bytes} bytes (${(bytes / 1048576).toFixed(1)} MB), ${pages} pages, integrity ok.`
	);
});
