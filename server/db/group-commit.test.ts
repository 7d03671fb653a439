import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { createGroupCommit } from './group-commit';
import { column, value } from './sql';
import { createSqliteSql } from './sqlite';

const setup = () => {
	const db = openDatabase(':memory:');
	db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
	const sql = createSqliteSql(db);
	return { db, sql, commit: createGroupCommit(sql) };
};
const count = (db: ReturnType<typeof openDatabase>) =>
	db.prepare('SELECT count(*) AS c FROM t').get() as { c: number };

describe('group commit', () => {
	it('commits writes queued in the same tick as one batch and answers each after the commit', async () => {
		const { db, sql, commit } = setup();
		const seen: number[] = [];
		const all = [1, 2, 3].map(
			(n) =>
				new Promise<void>((resolve) =>
					commit.run(
						() => sql.run('INSERT INTO t VALUES (?)', [n]),
						(o) => {
							expect(o.ok).toBe(true);
							// By the time anyone is answered, the whole batch is committed.
							seen.push(count(db).c);
							expect(db.inTransaction).toBe(false);
							resolve();
						}
					)
				)
		);
		expect(count(db).c).toBe(0); // nothing runs until the tick ends
		await Promise.all(all);
		expect(seen).toEqual([3, 3, 3]);
		expect(commit.stats()).toMatchObject({ batches: 1, writes: 3, pending: 0 });
	});

	it('rolls back only the write that throws; the rest of the batch commits', async () => {
		const { sql, commit } = setup();
		const outcomes = await Promise.all(
			[1, 2, 2, 3].map((n) =>
				commit
					.write(async () => {
						await sql.run('INSERT INTO t VALUES (?)', [n * 10]);
						await sql.run('INSERT INTO t VALUES (?)', [n]); // the second "2" breaks the primary key
					})
					.then(
						() => true,
						() => false
					)
			)
		);
		expect(outcomes).toEqual([true, true, false, true]);
		expect(await column(sql, 'SELECT n FROM t ORDER BY n')).toEqual([1, 2, 3, 10, 20, 30]);
	});

	it('runs a batch whose writes all succeed without a savepoint per write, and one that throws with them', async () => {
		const { sql, commit } = setup();
		let transactions = 0;
		const tx = sql.tx.bind(sql);
		sql.tx = (fn) => {
			transactions++;
			return tx(fn);
		};
		const insert = (n: number) => commit.write(() => sql.run('INSERT INTO t VALUES (?)', [n]));
		await Promise.all([1, 2, 3].map(insert));
		// One transaction, no savepoint: on PostgreSQL each savepoint is two round trips per write.
		expect(transactions).toBe(1);

		transactions = 0;
		const outcomes = await Promise.all(
			[4, 3, 5].map((n) =>
				insert(n).then(
					() => 'ok',
					() => 'failed'
				)
			)
		);
		expect(outcomes).toEqual(['ok', 'failed', 'ok']);
		// The unguarded run rolled back, then one transaction with a savepoint around each of the three writes.
		expect(transactions).toBe(1 + 1 + 3);
		expect(await column(sql, 'SELECT n FROM t ORDER BY n')).toEqual([1, 2, 3, 4, 5]);
	});

	it('answers a lone write that throws with its error and stores nothing of it', async () => {
		const { sql, commit } = setup();
		const failed = commit.write(async () => {
			await sql.run('INSERT INTO t VALUES (1)');
			throw new Error('refused halfway');
		});
		await expect(failed).rejects.toThrow('refused halfway');
		expect(await value(sql, 'SELECT count(*) FROM t')).toBe(0);
		await commit.write(() => sql.run('INSERT INTO t VALUES (2)'));
		expect(await column(sql, 'SELECT n FROM t')).toEqual([2]);
	});

	it('commits a write queued as soon as the previous one is answered', async () => {
		const { sql, commit } = setup();
		await commit.write(() => sql.run('INSERT INTO t VALUES (1)'));
		// Queued from the answer's continuation, before the batch that held the first write has quite finished.
		await commit.write(() => sql.run('INSERT INTO t VALUES (2)'));
		await Promise.all([3, 4].map((n) => commit.write(() => sql.run('INSERT INTO t VALUES (?)', [n]))));
		await commit.write(() => sql.run('INSERT INTO t VALUES (5)'));
		expect(await column(sql, 'SELECT n FROM t ORDER BY n')).toEqual([1, 2, 3, 4, 5]);
	});

	it('answers nothing as done when the commit itself fails, and stores none of the batch', async () => {
		const { sql, commit } = setup();
		await sql.exec(
			'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)'
		);
		const outcomes = await Promise.all([
			commit
				.write(() => sql.run('INSERT INTO t VALUES (1)'))
				.then(
					() => 'ok',
					() => 'failed'
				),
			// A deferred foreign key fails only at COMMIT.
			commit
				.write(() => sql.run('INSERT INTO child VALUES (7)'))
				.then(
					() => 'ok',
					() => 'failed'
				)
		]);
		expect(outcomes).toEqual(['failed', 'failed']);
		expect(await value(sql, 'SELECT count(*) FROM t')).toBe(0);
	});

	it('forms the next batch from writes that arrive while one is committing', async () => {
		const { sql, commit } = setup();
		const sizes: number[] = [];
		commit.onCommit((n) => sizes.push(n));
		const first = commit.write(() => sql.run('INSERT INTO t VALUES (1)'));
		await new Promise((r) => setImmediate(r));
		await Promise.all([
			first,
			...[2, 3].map((n) => commit.write(() => sql.run('INSERT INTO t VALUES (?)', [n])))
		]);
		expect(sizes).toEqual([1, 2]);
		expect(await value(sql, 'SELECT count(*) FROM t')).toBe(3);
	});
});

describe('sqlite Sql', () => {
	it('keeps a transaction’s uncommitted writes from statements of other async chains', async () => {
		const { sql } = setup();
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const writing = sql.tx(async () => {
			await sql.run('INSERT INTO t VALUES (1)');
			await gate;
			await sql.run('INSERT INTO t VALUES (2)');
		});
		await new Promise((r) => setImmediate(r));
		const outside = value<number>(sql, 'SELECT count(*) FROM t');
		release();
		// The read waited for the commit: it sees both rows, never one.
		expect(await outside).toBe(2);
		await writing;
	});

	it('rolls a nested transaction back alone, as a savepoint', async () => {
		const { sql } = setup();
		await sql.tx(async () => {
			await sql.run('INSERT INTO t VALUES (1)');
			await expect(
				sql.tx(async () => {
					await sql.run('INSERT INTO t VALUES (2)');
					throw new Error('no');
				})
			).rejects.toThrow('no');
			await sql.run('INSERT INTO t VALUES (3)');
		});
		expect(await column(sql, 'SELECT n FROM t ORDER BY n')).toEqual([1, 3]);
	});

	it('binds positional and named parameters and reports changes', async () => {
		const { sql } = setup();
		expect(await sql.run('INSERT INTO t VALUES (@n)', { n: 4 })).toEqual({ changes: 1 });
		expect(await sql.run('INSERT INTO t VALUES (?) ON CONFLICT DO NOTHING', [4])).toEqual({ changes: 0 });
		expect(await sql.get('SELECT n FROM t WHERE n = ?', [4])).toEqual({ n: 4 });
		expect(await sql.all('SELECT n FROM t WHERE n > @min', { min: 10 })).toEqual([]);
	});
});
