import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrations, type Migration } from './connection';
import { value, type Sql } from './sql';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations', 'postgres');

export const listPostgresMigrations = (dir = MIGRATIONS_DIR) => listMigrations(dir);

/**
 * Applies pending numbered migrations, each in its own transaction with its version recorded in
 * `schema_migrations`. Every transaction first takes one advisory lock, so hubs starting together on an empty
 * database migrate it once: the others wait, then find the versions applied. Returns the version reached.
 */
export async function migratePostgres(sql: Sql, migrations: Migration[] = listPostgresMigrations()) {
	const lock = async () => {
		await sql.run("SELECT pg_advisory_xact_lock(hashtext('dais.schema_migrations'))");
		await sql.exec(
			'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)'
		);
		return (await value<number>(sql, 'SELECT coalesce(max(version), 0) FROM schema_migrations')) ?? 0;
	};
	for (const m of migrations) {
		await sql.tx(async () => {
			if ((await lock()) >= m.version) return;
			await sql.exec(m.sql);
			await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
				m.version,
				m.name,
				new Date().toISOString()
			]);
		});
	}
	return sql.tx(lock);
}

/**
 * Text must compare and sort by code point, as in SQLite (codes, ids and names in order, `lower()` the only case
 * folding). Refuses a database created with a language collation, naming the fix.
 */
export async function assertCodePointCollation(sql: Sql) {
	const row = await sql.get<{ name: string; collation: string }>(
		'SELECT datname AS name, datcollate AS collation FROM pg_database WHERE datname = current_database()'
	);
	if (!row || row.collation === 'C' || row.collation === 'POSIX') return;
	throw new Error(
		`The PostgreSQL database "${row.name}" sorts text by the collation "${row.collation}"; Dais needs "C" (text ` +
			`sorted by code point, as with SQLite). Create the database with: ` +
			`CREATE DATABASE ${row.name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'` +
			` (or createdb --template=template0 --locale=C --encoding=UTF8 ${row.name}), then restore into it.`
	);
}
