import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './connection';
import type { Params, RunResult, Sql } from './sql';
import { createKeptReads } from './shared-reads';

type Statement = ReturnType<Db['prepare']>;

/** Which transaction an async chain is inside, and how deep its savepoints go. */
interface TxContext {
	depth: number;
}

/**
 * The `Sql` interface over one better-sqlite3 connection. Every statement runs synchronously (SQLite on local disk
 * answers in microseconds); the promise is only the interface's shape. A transaction holds the connection for its
 * async chain: statements from other chains wait until it commits or rolls back, so none of them reads or joins its
 * uncommitted writes.
 */
export function createSqliteSql(db: Db): Sql & { readonly handle: Db } {
	const statements = new Map<string, Statement>();
	const prepare = (text: string) => {
		let s = statements.get(text);
		if (!s) {
			s = db.prepare(text);
			statements.set(text, s);
		}
		return s;
	};
	const bind = <R>(s: Statement, params: Params | undefined, op: 'get' | 'all' | 'run'): R => {
		const f = s[op].bind(s) as (...a: unknown[]) => R;
		// A statement that may write ends what the kept reads hold (see `generation`), even inside a transaction.
		if (!s.readonly) writes++;
		if (params === undefined) return f();
		return Array.isArray(params) ? f(...(params as unknown[])) : f(params);
	};

	/**
	 * What the kept shared reads are valid for: it moves on every statement that may write and every commit, and on
	 * a commit by another connection to the file (SQLite's `data_version`, read when no transaction of ours is open
	 * and at most once a millisecond: a read that starts a millisecond after another process committed sees it).
	 */
	let writes = 0;
	const dataVersion = db.prepare('PRAGMA data_version').pluck();
	let elsewhere = dataVersion.get() as number;
	let checkedAt = performance.now();
	const generation = () => {
		if (!open) {
			const now = performance.now();
			if (now - checkedAt >= 1) {
				checkedAt = now;
				const v = dataVersion.get() as number;
				if (v !== elsewhere) {
					elsewhere = v;
					writes++;
				}
			}
		}
		return writes;
	};

	const context = new AsyncLocalStorage<TxContext>();
	// The open transaction's end, for statements and transactions from other async chains to wait on.
	let open: Promise<void> | null = null;
	let savepoints = 0;

	/** Runs `op` now if this chain may use the connection, else after the open transaction ends. */
	async function whenFree<T>(op: () => T): Promise<T> {
		while (open && !context.getStore()) await open;
		return op();
	}

	async function tx<T>(fn: () => Promise<T> | T): Promise<T> {
		const inside = context.getStore();
		if (inside) {
			const name = `sp${++savepoints}`;
			db.exec(`SAVEPOINT ${name}`);
			try {
				const value = await context.run({ depth: inside.depth + 1 }, fn);
				db.exec(`RELEASE ${name}`);
				return value;
			} catch (error) {
				db.exec(`ROLLBACK TO ${name}`);
				db.exec(`RELEASE ${name}`);
				throw error;
			}
		}
		while (open) await open;
		let end!: () => void;
		open = new Promise<void>((resolve) => (end = resolve));
		try {
			// IMMEDIATE takes the write lock now: several processes on one file never deadlock upgrading a read.
			db.exec('BEGIN IMMEDIATE');
			try {
				const value = await context.run({ depth: 0 }, fn);
				db.exec('COMMIT');
				writes++;
				return value;
			} catch (error) {
				if (db.inTransaction) db.exec('ROLLBACK');
				throw error;
			}
		} finally {
			open = null;
			end();
		}
	}

	return {
		dialect: 'sqlite',
		handle: db,
		get: <T>(text: string, params?: Params) =>
			whenFree(() => bind<T | undefined>(prepare(text), params, 'get')),
		all: <T>(text: string, params?: Params) => whenFree(() => bind<T[]>(prepare(text), params, 'all')),
		run: (text: string, params?: Params) =>
			whenFree((): RunResult => ({
				changes: bind<{ changes: number }>(prepare(text), params, 'run').changes
			})),
		exec: (text: string) =>
			whenFree(() => {
				writes++;
				db.exec(text);
			}),
		tx,
		retryable: (error) => (error as { code?: string } | null)?.code === 'SQLITE_BUSY',
		shared: createKeptReads(() => context.getStore() !== undefined, generation),
		close: async () => {
			while (open) await open;
			db.close();
		}
	};
}

/** The better-sqlite3 connection behind an `Sql`, for what only SQLite has (VACUUM, pragmas, the crash tests). */
export function sqliteHandle(sql: Sql): Db {
	const handle = (sql as Partial<{ handle: Db }>).handle;
	if (sql.dialect !== 'sqlite' || !handle)
		throw new Error('this needs the SQLite storage (VACUUM, pragmas): it does not apply to PostgreSQL');
	return handle;
}
