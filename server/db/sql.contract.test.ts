import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestSql, testStorage } from '../../tests/fixtures/storage';
import { openDatabase } from './connection';
import { createGroupCommit } from './group-commit';
import { createSqliteSql } from './sqlite';
import { column, value, type Sql } from './sql';

/**
 * What every store relies on, run against the storage the tests use: SQLite by default, PostgreSQL under
 * `npm run test:pg`. Each test gets a fresh migrated database and makes its own tables.
 */
async function withTable(): Promise<Sql> {
	const sql = await openTestSql();
	await sql.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT, flag INTEGER NOT NULL DEFAULT 0)');
	return sql;
}

const event = (sql: Sql, id = 'e') =>
	sql.run(
		"INSERT INTO events (id, code, title, timezone, starts_on, ends_on, created_at) VALUES (?, upper(?), 'E', 'UTC', '2026-01-01', '2026-01-01', 'now')",
		[id, id]
	);

/**
 * A transaction that inserts row 1, then waits for `release` before running `then` and committing: `inserted`
 * resolves once row 1 is written and the transaction is still open.
 */
function holdOpen<T>(sql: Sql, then: () => Promise<T>) {
	let release!: () => void;
	const gate = new Promise<void>((r) => (release = r));
	let written!: () => void;
	const inserted = new Promise<void>((r) => (written = r));
	const writing = sql.tx(async () => {
		await sql.run('INSERT INTO t (n) VALUES (1)');
		written();
		await gate;
		return then();
	});
	return { writing, inserted, release };
}

describe(`Sql contract (${testStorage})`, () => {
	it('binds ? in order and @name by name (a name used twice is one value), skipping quotes and comments', async () => {
		const sql = await withTable();
		expect(await sql.run('INSERT INTO t (n, s) VALUES (?, ?)', [1, 'one'])).toEqual({ changes: 1 });
		expect(await sql.run('INSERT INTO t (n, s) VALUES (@n, @s)', { n: 2, s: 'two', unused: 'x' })).toEqual({
			changes: 1
		});
		expect(await sql.all('SELECT n FROM t WHERE n = @n OR n = @n + 1 ORDER BY n', { n: 1 })).toEqual([
			{ n: 1 },
			{ n: 2 }
		]);
		const row = await sql.get(
			`SELECT '?' AS "q?", 'it''s @n' AS s, /* ? @n */ ? AS v -- ? @n
			 , "n" FROM t WHERE n = ?`,
			['x', 2]
		);
		expect(row).toEqual({ 'q?': '?', s: "it's @n", v: 'x', n: 2 });
	});

	it('refuses what better-sqlite3 refuses: a missing name, too few or too many values, a boolean', async () => {
		const sql = await withTable();
		await expect(sql.get('SELECT @a AS a', {})).rejects.toThrow(/Missing named parameter/);
		await expect(sql.get('SELECT CAST(? AS TEXT) AS a, CAST(? AS TEXT) AS b', [1])).rejects.toThrow();
		await expect(sql.get('SELECT CAST(? AS TEXT) AS a', [1, 2])).rejects.toThrow();
		await expect(sql.run('INSERT INTO t (n, flag) VALUES (?, ?)', [1, true])).rejects.toThrow();
		expect(await value(sql, 'SELECT count(*) FROM t')).toBe(0);
	});

	it('stores and reads NULLs (undefined binds as NULL) and sorts them where the SQL says', async () => {
		const sql = await withTable();
		await sql.run('INSERT INTO t (n, s) VALUES (?, ?)', [1, null]);
		await sql.run('INSERT INTO t (n, s) VALUES (?, ?)', [2, undefined]);
		await sql.run('INSERT INTO t (n, s) VALUES (?, ?)', [3, 'b']);
		expect(await column(sql, 'SELECT s FROM t ORDER BY s NULLS FIRST, n')).toEqual([null, null, 'b']);
		expect(await column(sql, 'SELECT s FROM t ORDER BY s NULLS LAST, n')).toEqual(['b', null, null]);
		expect(await value(sql, 'SELECT CAST(? AS TEXT) IS NULL AS missing', [null])).toBe(1);
		expect(await sql.get('SELECT s FROM t WHERE n = ?', [42])).toBeUndefined();
	});

	it('reads counts, sums and comparisons as numbers, as SQLite does', async () => {
		const sql = await withTable();
		for (const n of [1, 2, 3]) await sql.run('INSERT INTO t (n, flag) VALUES (?, ?)', [n, n % 2]);
		expect(
			await sql.get(
				'SELECT count(*) AS c, sum(n) AS total, sum(flag) AS flagged, max(n) AS top, min(n) = 1 AS one, s IS NULL AS empty FROM t GROUP BY s'
			)
		).toEqual({ c: 3, total: 6, flagged: 2, top: 3, one: 1, empty: 1 });
	});

	it('sorts and folds text by code point (the C collation), as SQLite does', async () => {
		const sql = await withTable();
		const words = ['é', 'a', 'Z', 'B', 'ب', 'b'];
		for (const [n, s] of words.entries()) await sql.run('INSERT INTO t (n, s) VALUES (?, ?)', [n, s]);
		expect(await column(sql, 'SELECT s FROM t ORDER BY s')).toEqual(['B', 'Z', 'a', 'b', 'é', 'ب']);
		// lower() folds ASCII only in both: search code folds the rest itself.
		expect(await value(sql, "SELECT lower('ÉA')")).toBe('Éa');
	});

	it('returns rows from INSERT … RETURNING, numbering identity keys 1, 2, … like SQLite’s rowid', async () => {
		const sql = await openTestSql();
		await event(sql);
		const insert =
			"INSERT INTO announcements (event_id, text, posted_at) VALUES ('e', ?, 'now') RETURNING id, text";
		expect(await sql.get(insert, ['first'])).toEqual({ id: 1, text: 'first' });
		expect(await sql.get(insert, ['second'])).toEqual({ id: 2, text: 'second' });
	});

	it('skips or updates on ON CONFLICT, counting only the rows changed', async () => {
		const sql = await withTable();
		await sql.run("INSERT INTO t (n, s) VALUES (1, 'a')");
		expect(await sql.run("INSERT INTO t (n, s) VALUES (1, 'b') ON CONFLICT DO NOTHING")).toEqual({
			changes: 0
		});
		expect(
			await sql.run('INSERT INTO t (n, s) VALUES (?, ?) ON CONFLICT (n) DO UPDATE SET s = excluded.s', [
				1,
				'c'
			])
		).toEqual({ changes: 1 });
		expect(await sql.run('UPDATE t SET flag = 1 WHERE n > ?', [0])).toEqual({ changes: 1 });
		expect(await sql.run('DELETE FROM t WHERE n = ?', [9])).toEqual({ changes: 0 });
		expect(await sql.all('SELECT n, s, flag FROM t')).toEqual([{ n: 1, s: 'c', flag: 1 }]);
	});

	it('enforces foreign keys and cascades deletes', async () => {
		const sql = await openTestSql();
		await expect(
			sql.run("INSERT INTO rooms (event_id, id, position, name) VALUES ('nowhere', 'r', 0, 'R')")
		).rejects.toThrow();
		await event(sql);
		await sql.run("INSERT INTO rooms (event_id, id, position, name) VALUES ('e', 'r', 0, 'R')");
		await sql.run("DELETE FROM events WHERE id = 'e'");
		expect(await value(sql, 'SELECT count(*) FROM rooms')).toBe(0);
	});

	it('commits a transaction’s writes together and rolls them all back when it throws', async () => {
		const sql = await withTable();
		expect(
			await sql.tx(async () => {
				await sql.run('INSERT INTO t (n) VALUES (1)');
				return 'done';
			})
		).toBe('done');
		await expect(
			sql.tx(async () => {
				await sql.run('INSERT INTO t (n) VALUES (2)');
				throw new Error('no');
			})
		).rejects.toThrow('no');
		expect(await column(sql, 'SELECT n FROM t ORDER BY n')).toEqual([1]);
	});

	it('rolls a nested transaction back alone, as a savepoint, also after a failed statement', async () => {
		const sql = await withTable();
		await sql.tx(async () => {
			await sql.run('INSERT INTO t (n) VALUES (1)');
			await expect(
				sql.tx(async () => {
					await sql.run('INSERT INTO t (n) VALUES (2)');
					throw new Error('no');
				})
			).rejects.toThrow('no');
			// A failing statement inside a savepoint leaves the outer transaction usable (PostgreSQL would abort it).
			await expect(sql.tx(() => sql.run('INSERT INTO t (n) VALUES (1)'))).rejects.toThrow();
			await sql.run('INSERT INTO t (n) VALUES (3)');
		});
		expect(await column(sql, 'SELECT n FROM t ORDER BY n')).toEqual([1, 3]);
	});

	it('keeps an open transaction’s writes from statements and transactions of other async chains', async () => {
		const sql = await withTable();
		const { writing, inserted, release } = holdOpen(sql, () => sql.run('INSERT INTO t (n) VALUES (2)'));
		await inserted;
		// Another chain reads while the transaction is open: it sees none of it (PostgreSQL) or waits for the
		// commit (SQLite), never the half that is written.
		const outside = value<number>(sql, 'SELECT count(*) FROM t');
		// Another chain's transaction starts only after this one ends, and sees all of it.
		const next = sql.tx(() => value<number>(sql, 'SELECT count(*) FROM t'));
		await new Promise((r) => setTimeout(r, 20));
		release();
		await writing;
		expect([0, 2]).toContain(await outside);
		expect(await next).toBe(2);
	});

	it('shares a read between callers, but never a transaction’s own read with anyone outside it', async () => {
		const sql = await withTable();
		const count = () => value<number>(sql, 'SELECT count(*) FROM t');
		// Asked while callers outside wait for a read of the same key: the transaction reads on its own and sees its
		// uncommitted row (sharing theirs would wait on this very transaction under SQLite).
		const { writing, inserted, release } = holdOpen(sql, () => sql.shared('count', count));
		await inserted;
		// Callers outside read what is committed (PostgreSQL) or wait for the commit (SQLite), never the half written.
		const outside = [sql.shared('count', count), sql.shared('count', count)];
		release();
		expect(await writing).toBe(1);
		for (const answer of await Promise.all(outside)) expect([0, 1]).toContain(answer);
		expect(await sql.shared('count', count)).toBe(1);
	});

	it.runIf(testStorage === 'sqlite')(
		'keeps a shared read until a write: by this connection, in or out of a transaction, or by another one',
		async () => {
			const dir = mkdtempSync(join(tmpdir(), 'dais-kept-'));
			const file = join(dir, 'kept.db');
			const sql = createSqliteSql(openDatabase(file));
			const other = openDatabase(file);
			try {
				await sql.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
				let reads = 0;
				const count = () => {
					reads++;
					return value<number>(sql, 'SELECT count(*) FROM t');
				};
				expect(await sql.shared('count', count)).toBe(0);
				expect(await sql.shared('count', count)).toBe(0);
				expect(reads).toBe(1);
				await sql.run('INSERT INTO t (n) VALUES (1)');
				expect(await sql.shared('count', count)).toBe(1);
				await sql.tx(() => sql.run('INSERT INTO t (n) VALUES (2)'));
				expect(await sql.shared('count', count)).toBe(2);
				// INSERT … RETURNING is read with get(), and it writes.
				await sql.get('INSERT INTO t (n) VALUES (3) RETURNING n');
				expect(await sql.shared('count', count)).toBe(3);
				// Another process on the file (npm run staff, a restore): SQLite's data_version tells, a millisecond on.
				other.prepare('INSERT INTO t (n) VALUES (4)').run();
				await new Promise((r) => setTimeout(r, 5));
				expect(await sql.shared('count', count)).toBe(4);
				expect(reads).toBe(5);
				expect(await sql.shared('count', count)).toBe(4);
				expect(reads).toBe(5);
			} finally {
				other.close();
				await sql.close();
				rmSync(dir, { recursive: true, force: true });
			}
		}
	);

	it('group commit: a write that throws is rolled back alone and the rest of the batch commits', async () => {
		const sql = await withTable();
		const writes = createGroupCommit(sql);
		const outcomes = await Promise.all(
			[1, 2, 2, 3].map((n) =>
				writes
					.write(async () => {
						await sql.run('INSERT INTO t (n) VALUES (?)', [n * 10]);
						await sql.run('INSERT INTO t (n) VALUES (?)', [n]); // the second "2" breaks the primary key
					})
					.then(
						() => true,
						() => false
					)
			)
		);
		expect(outcomes).toEqual([true, true, false, true]);
		expect(await column(sql, 'SELECT n FROM t ORDER BY n')).toEqual([1, 2, 3, 10, 20, 30]);
		expect(writes.stats()).toMatchObject({ batches: 1, writes: 4 });
	});

	it('group commit: when the commit itself fails, no write of the batch is stored or answered as done', async () => {
		const sql = await withTable();
		await sql.exec(
			'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)'
		);
		const writes = createGroupCommit(sql);
		const outcomes = await Promise.all(
			[
				() => sql.run('INSERT INTO t (n) VALUES (1)'),
				// A deferred foreign key fails only at COMMIT.
				() => sql.run('INSERT INTO child VALUES (7)')
			].map((work) =>
				writes.write(work).then(
					() => 'ok',
					() => 'failed'
				)
			)
		);
		expect(outcomes).toEqual(['failed', 'failed']);
		expect(await value(sql, 'SELECT count(*) FROM t')).toBe(0);
		expect(await value(sql, 'SELECT count(*) FROM child')).toBe(0);
	});

	it('tells a transient conflict from an ordinary error', async () => {
		const sql = await withTable();
		const error = await sql.run('INSERT INTO nowhere VALUES (1)').catch((e: unknown) => e);
		expect(sql.retryable(error)).toBe(false);
		const conflict = testStorage === 'postgres' ? { code: '40001' } : { code: 'SQLITE_BUSY' };
		expect(sql.retryable(Object.assign(new Error('conflict'), conflict))).toBe(true);
	});

	it('reads a table whose columns changed after its statements were first run (a rolling upgrade)', async () => {
		const sql = await withTable();
		await sql.run("INSERT INTO t (n, s) VALUES (1, 'a')");
		const read = () => sql.get<Record<string, unknown>>('SELECT * FROM t WHERE n = ?', [1]);
		// Run often enough that PostgreSQL would keep a plan for it.
		for (let i = 0; i < 6; i++) expect(await read()).toEqual({ n: 1, s: 'a', flag: 0 });
		await sql.exec('ALTER TABLE t ADD COLUMN extra TEXT');
		expect(await read()).toEqual({ n: 1, s: 'a', flag: 0, extra: null });
		// In a transaction the error aborts it; it is reported as transient, and the next attempt reads.
		await sql.exec('ALTER TABLE t ADD COLUMN more TEXT');
		const inTx = () => sql.tx(() => read());
		const first = await inTx().catch((e: unknown) => e);
		if (first instanceof Error) expect(sql.retryable(first)).toBe(true);
		expect(await inTx()).toEqual({ n: 1, s: 'a', flag: 0, extra: null, more: null });
	});
});

describe.runIf(testStorage === 'postgres')('PostgreSQL statements', () => {
	it('prepares a statement once per connection and runs it by name afterwards', async () => {
		const sql = await withTable();
		const prepared = await sql.tx(async () => {
			for (let i = 0; i < 3; i++) await sql.get('SELECT n FROM t WHERE n = ?', [i]);
			return sql.all<{ statement: string }>(
				"SELECT statement FROM pg_prepared_statements WHERE statement LIKE 'SELECT n FROM t%'"
			);
		});
		expect(prepared.map((p) => p.statement)).toEqual(['SELECT n FROM t WHERE n = $1']);
	});
});
