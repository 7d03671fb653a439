import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { createGroupCommit } from './group-commit';

const setup = () => {
	const db = openDatabase(':memory:');
	db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
	return { db, commit: createGroupCommit(db) };
};
const count = (db: ReturnType<typeof openDatabase>) =>
	db.prepare('SELECT count(*) AS c FROM t').get() as { c: number };

describe('group commit', () => {
	it('commits writes queued in the same tick as one batch and answers each after the commit', async () => {
		const { db, commit } = setup();
		const seen: number[] = [];
		const all = [1, 2, 3].map(
			(n) =>
				new Promise<void>((resolve) =>
					commit.run(
						() => db.prepare('INSERT INTO t VALUES (?)').run(n),
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
		const { db, commit } = setup();
		const outcomes = await Promise.all(
			[1, 2, 2, 3].map(
				(n) =>
					new Promise<boolean>((resolve) =>
						commit.run(
							() => {
								db.prepare('INSERT INTO t VALUES (?)').run(n * 10);
								db.prepare('INSERT INTO t VALUES (?)').run(n); // the second "2" breaks the primary key
							},
							(o) => resolve(o.ok)
						)
					)
			)
		);
		expect(outcomes).toEqual([true, true, false, true]);
		expect(db.prepare('SELECT n FROM t ORDER BY n').pluck().all()).toEqual([1, 2, 3, 10, 20, 30]);
	});
});
