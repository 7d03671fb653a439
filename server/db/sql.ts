/**
 * The one storage interface every store is written against. Two implementations: SQLite through better-sqlite3
 * (`sqlite.ts`, the embedded default) and PostgreSQL through a `pg` pool (`postgres.ts`, selected by
 * `DATABASE_URL=postgres://…`).
 *
 * SQL is written once, in the subset both engines run the same way:
 * - parameters are `?` (positional, an array) or `@name` (named, an object whose keys have no `@`);
 * - `INSERT … ON CONFLICT … DO NOTHING / DO UPDATE`, `RETURNING`, `coalesce`, `CASE` (never `INSERT OR IGNORE`,
 *   `ifnull`, `iif`, `group_concat`, `strftime`, `datetime()`, `rowid`);
 * - flags are INTEGER columns holding 0 or 1; a comparison in a select list (`x IS NULL AS y`) comes back as 0 or 1
 *   from both (PostgreSQL's booleans are read as 0/1, its 64-bit integers and numerics as numbers);
 * - a parameter whose type PostgreSQL cannot infer (`? IS NULL`) is cast: `CAST(? AS TEXT)`;
 * - text sorts by code point in both (the PostgreSQL database is created with the C collation, see docs/deploy.md);
 *   `NULLS FIRST` / `NULLS LAST` are spelled out where NULLs are sorted.
 */
import type { SharedRead } from './shared-reads';

export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface RunResult {
	/** Rows inserted, updated or deleted by the statement. */
	changes: number;
}

export type Dialect = 'sqlite' | 'postgres';

export interface Sql {
	readonly dialect: Dialect;
	/** The first row, or undefined. */
	get<T>(sql: string, params?: Params): Promise<T | undefined>;
	all<T>(sql: string, params?: Params): Promise<T[]>;
	run(sql: string, params?: Params): Promise<RunResult>;
	/** Statements without parameters, separated by semicolons (migrations, test set-up). */
	exec(sql: string): Promise<void>;
	/**
	 * Runs `fn` in a transaction and returns what it returns, after the commit. A `tx` inside `fn` (anywhere in its
	 * async chain) is a savepoint: rolled back alone when it throws. Statements outside `fn` never see or join its
	 * uncommitted writes. Inside `fn`, await only statements (no network, no timers): the transaction is held until
	 * `fn` settles. Nested transactions run one after another, never concurrently (no `Promise.all` of `tx`).
	 */
	tx<T>(fn: () => Promise<T> | T): Promise<T>;
	/** Whether an error is a transient conflict (deadlock, serialization failure, busy) worth running the whole transaction again for. */
	retryable(error: unknown): boolean;
	/**
	 * `read` made once for every caller of the same key whose call came before it started (see `shared-reads.ts`):
	 * never older than the call; inside a transaction, the caller's own.
	 */
	shared: SharedRead;
	close(): Promise<void>;
}

/** A one-column result as a list of values (the `pluck` of better-sqlite3). */
export async function column<T>(sql: Sql, text: string, params?: Params): Promise<T[]> {
	const rows = await sql.all<Record<string, T>>(text, params);
	return rows.map((r) => {
		for (const k in r) return r[k];
		return undefined as T;
	});
}

/** A one-row, one-column result (e.g. a count), or undefined. */
export async function value<T>(sql: Sql, text: string, params?: Params): Promise<T | undefined> {
	const row = await sql.get<Record<string, T>>(text, params);
	if (!row) return undefined;
	for (const k in row) return row[k];
	return undefined;
}

/**
 * `select` (one SELECT of one table's rows) as a read for a command that checks what it reads and then writes it:
 * the rows it returns stay locked until the transaction ends. Under PostgreSQL's READ COMMITTED, two hubs' plain
 * reads would both see the row as it was, both pass the check and both write, the later overwriting the earlier; with
 * the lock the second transaction waits at its read until the first has committed, then reads the committed row and
 * its check sees the first write. `NO KEY UPDATE` is the lock the row's UPDATE takes anyway: it does not stop other
 * transactions inserting rows that refer to it (a vote, a ballot). SQLite has one writer (`BEGIN IMMEDIATE`), so a
 * read in its transaction is already the write's, and it has no such clause.
 */
export function lockingRead(sql: Pick<Sql, 'dialect'>, select: string): string {
	return sql.dialect === 'postgres' ? `${select} FOR NO KEY UPDATE` : select;
}

/** How many values one `IN (…)` list binds at most (both engines allow far more; this keeps statements cacheable). */
export const IN_LIST_CHUNK = 500;

/** `?, ?, ?` for a list of `n` values (n ≥ 1): an `IN (…)` list both engines run alike. */
export function placeholders(n: number): string {
	if (n < 1) throw new Error('an IN list needs at least one value');
	return Array.from({ length: n }, () => '?').join(', ');
}

/** Splits a list into chunks of at most `IN_LIST_CHUNK` values, for statements run once per chunk. */
export function chunks<T>(items: readonly T[], size = IN_LIST_CHUNK): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}
