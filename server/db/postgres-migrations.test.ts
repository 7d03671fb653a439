import { describe, expect, inject, it } from 'vitest';
import { createEmptyTestDatabase } from '../../tests/support/postgres';
import {
	expectLinkedAnnouncements,
	writeUnlinkedAnnouncements
} from '../../tests/support/announcement-links';
import { testDatabaseUrl, testStorage } from '../../tests/fixtures/storage';
import { openDatabase } from './connection';
import { createPostgresSql } from './postgres';
import { listPostgresMigrations, migratePostgres } from './postgres-migrations';
import { column, value, type Sql } from './sql';
import { createSqliteSql } from './sqlite';
import { openStorage } from './storage';

const m = (version: number, sql: string) => ({
	version,
	name: `${String(version).padStart(3, '0')}_t.sql`,
	sql
});
const emptyDatabase = (collation?: string) => createEmptyTestDatabase(inject('postgresAdminUrl')!, collation);

/** Tables, their columns in order (type, nullability, default), keys and indexes, engine-neutral. */
async function describeSchema(sql: Sql) {
	const type = (t: string) => (/int/i.test(t) ? 'integer' : t.toLowerCase());
	const schema: Record<
		string,
		{ columns: string[]; primaryKey: string[]; indexes: string[]; foreignKeys: string[] }
	> = {};
	if (sql.dialect === 'sqlite') {
		const tables = await column<string>(
			sql,
			"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
		);
		for (const t of tables) {
			const cols = await sql.all<{
				name: string;
				type: string;
				notnull: number;
				dflt_value: string | null;
				pk: number;
			}>(`SELECT * FROM pragma_table_info('${t}')`);
			const indexes = await sql.all<{ name: string; unique: number; origin: string; partial: number }>(
				`SELECT * FROM pragma_index_list('${t}')`
			);
			const fks = await sql.all<{ id: number; table: string; from: string; to: string; on_delete: string }>(
				`SELECT * FROM pragma_foreign_key_list('${t}') ORDER BY id, seq`
			);
			const byId = new Map<number, typeof fks>();
			for (const f of fks) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
			schema[t] = {
				columns: cols.map(
					(c) => `${c.name} ${type(c.type)}${c.notnull || c.pk ? ' not null' : ''} ${c.dflt_value ?? ''}`
				),
				primaryKey: cols
					.filter((c) => c.pk)
					.sort((a, b) => a.pk - b.pk)
					.map((c) => c.name),
				indexes: (
					await Promise.all(
						indexes
							.filter((i) => i.origin !== 'pk')
							.map(async (i) => {
								const on = await column<string>(
									sql,
									`SELECT name FROM pragma_index_info('${i.name}') ORDER BY seqno`
								);
								const what = `${i.unique ? 'unique ' : ''}(${on.join(', ')})${i.partial ? ' partial' : ''}`;
								return i.origin === 'c' ? `${i.name} ${what}` : what;
							})
					)
				).sort(),
				foreignKeys: [...byId.values()]
					.map(
						(f) =>
							`(${f.map((x) => x.from).join(', ')}) ${f[0].table}(${f.map((x) => x.to).join(', ')}) ${f[0].on_delete}`
					)
					.sort()
			};
		}
		return schema;
	}
	const tables = await column<string>(
		sql,
		"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name"
	);
	for (const t of tables) {
		const cols = await sql.all<{ name: string; type: string; nullable: string; dflt: string | null }>(
			"SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS dflt FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position",
			[t]
		);
		const keys = await sql.all<{
			name: string;
			unique: number;
			primary: number;
			partial: number;
			cols: string;
			constraint: number;
		}>(
			`SELECT i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, ix.indpred IS NOT NULL AS partial,
			   array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
			     JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n), ', ') AS cols,
			   EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid) AS constraint
			 FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class tb ON tb.oid = ix.indrelid
			 WHERE tb.relname = ? AND tb.relnamespace = 'public'::regnamespace`,
			[t]
		);
		const fks = await column<string>(
			sql,
			"SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid = CAST(? AS regclass)",
			[t]
		);
		schema[t] = {
			columns: cols.map(
				(c) =>
					`${c.name} ${type(c.type)}${c.nullable === 'NO' ? ' not null' : ''} ${c.dflt?.replace(/::text$/, '') ?? ''}`
			),
			primaryKey: keys.find((k) => k.primary)?.cols.split(', ') ?? [],
			indexes: keys
				.filter((k) => !k.primary)
				.map((k) => {
					const what = `${k.unique ? 'unique ' : ''}(${k.cols})${k.partial ? ' partial' : ''}`;
					return k.constraint ? what : `${k.name} ${what}`;
				})
				.sort(),
			foreignKeys: fks
				.map((d) => {
					const [, from, table, to, action] =
						/^FOREIGN KEY \((.*)\) REFERENCES (\w+)\((.*)\)(?: ON DELETE (.*))?$/.exec(d)!;
					return `(${from}) ${table}(${to}) ${action ?? 'NO ACTION'}`;
				})
				.sort()
		};
	}
	return schema;
}

describe.runIf(testStorage === 'postgres')('PostgreSQL migrations', () => {
	it('builds the same tables, columns, keys, indexes and foreign keys as the SQLite migrations', async () => {
		const pg = createPostgresSql(await testDatabaseUrl());
		const sqlite = createSqliteSql(openDatabase(':memory:'));
		const [onPostgres, onSqlite] = [await describeSchema(pg), await describeSchema(sqlite)];
		expect(Object.keys(onPostgres).length).toBeGreaterThan(20);
		expect(onPostgres).toEqual(onSqlite);
		await pg.close();
	});

	it('applies pending migrations in order, once, recording each version', async () => {
		const sql = createPostgresSql(await emptyDatabase());
		const first = [m(1, 'CREATE TABLE log (step INTEGER)'), m(2, 'INSERT INTO log VALUES (2)')];
		expect(await migratePostgres(sql, first)).toBe(2);
		expect(await migratePostgres(sql, first)).toBe(2);
		expect(await migratePostgres(sql, [...first, m(3, 'INSERT INTO log VALUES (3)')])).toBe(3);
		expect(await column(sql, 'SELECT step FROM log ORDER BY step')).toEqual([2, 3]);
		expect(await column(sql, 'SELECT name FROM schema_migrations ORDER BY version')).toEqual([
			'001_t.sql',
			'002_t.sql',
			'003_t.sql'
		]);
		await sql.close();
	});

	it('rolls a failing migration back whole and stays at the last good version', async () => {
		const sql = createPostgresSql(await emptyDatabase());
		await expect(
			migratePostgres(sql, [
				m(1, 'CREATE TABLE a (x INTEGER)'),
				m(2, 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)')
			])
		).rejects.toThrow(/nowhere/);
		expect(await value(sql, 'SELECT max(version) FROM schema_migrations')).toBe(1);
		expect(
			await column(
				sql,
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
			)
		).toEqual(['a', 'schema_migrations']);
		await sql.close();
	});

	it('migrates once when three hubs open an empty database at the same moment', async () => {
		const url = await emptyDatabase();
		const hubs = await Promise.all([1, 2, 3].map(() => openStorage({ dbFile: '', databaseUrl: url })));
		const latest = listPostgresMigrations().at(-1)!.version;
		expect(await column(hubs[0], 'SELECT version FROM schema_migrations ORDER BY version')).toEqual(
			listPostgresMigrations().map((x) => x.version)
		);
		expect(latest).toBeGreaterThan(0);
		await Promise.all(hubs.map((h) => h.close()));
	});

	it('refuses a database whose text does not sort by code point, naming the fix', async () => {
		const url = await emptyDatabase('C.utf8');
		const opening = openStorage({ dbFile: '', databaseUrl: url });
		await expect(opening).rejects.toThrow(/collation "C.utf8"; Dais needs "C".*LC_COLLATE 'C'/);
		// Nothing was written to it.
		const sql = createPostgresSql(url);
		expect(
			await value(sql, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
		).toBe(0);
		await sql.close();
	});

	it('migration 006 links the "what changed" entries written before it, and drops those of announcements withdrawn already', async () => {
		const sql = createPostgresSql(await emptyDatabase());
		const shipped = listPostgresMigrations();
		await migratePostgres(
			sql,
			shipped.filter((x) => x.version < 6)
		);
		await writeUnlinkedAnnouncements(sql);
		await migratePostgres(sql, shipped);
		await expectLinkedAnnouncements(sql);
		await sql.close();
	});

	it('numbers the shipped PostgreSQL migrations 1, 2, 3… with no gaps', () => {
		const versions = listPostgresMigrations().map((x) => x.version);
		expect(versions).toEqual(versions.map((_, n) => n + 1));
	});
});
