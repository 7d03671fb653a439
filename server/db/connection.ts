import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens the database with the settings every part of Dais relies on, then applies pending migrations. */
export function openDatabase(file: string): Db {
	if (file !== ':memory:') ownerOnly(file);
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	// An acknowledged write must survive a power cut, not just a process crash.
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	// What is deleted or replaced (a withdrawn question, a moderator's edit, names erased under the Chatham House
	// rule) is overwritten with zeros in the file, not left readable in its free space until that space is reused.
	db.pragma('secure_delete = ON');
	migrate(db);
	return db;
}

/**
 * The file holds the key that signs device ids and everything attendees wrote: readable by the hub's own user only
 * (0600), whatever the umask. SQLite gives its -wal and -shm files the database file's permissions; ones left by an
 * earlier run are tightened too. A new folder for it is made 0700.
 */
function ownerOnly(file: string) {
	mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
	closeSync(openSync(file, 'a', 0o600));
	for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
	return readdirSync(dir)
		.filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
		.sort()
		.map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Applies numbered migrations in order, each in its own transaction; the applied version lives in user_version. */
export function migrate(db: Db, migrations = listMigrations()): number {
	const current = db.pragma('user_version', { simple: true }) as number;
	for (const m of migrations) {
		if (m.version <= current) continue;
		db.transaction(() => {
			db.exec(m.sql);
			db.pragma(`user_version = ${m.version}`);
		})();
	}
	return db.pragma('user_version', { simple: true }) as number;
}
