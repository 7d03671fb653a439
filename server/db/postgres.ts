import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Params, RunResult, Sql } from './sql';
import { createSharedReads } from './shared-reads';

/** A statement in PostgreSQL's `$n` form, and how to pick its values from the `?` / `@name` parameters. */
export interface Translated {
	text: string;
	/** `@name` parameters in `$n` order; null when the statement uses `?` (or no parameters). */
	names: string[] | null;
	/** How many `?` the statement has (0 with named parameters). */
	positional: number;
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

/**
 * Rewrites `?` and `@name` parameters as `$1`, `$2`… (the same name keeps its number), leaving quoted strings,
 * quoted identifiers and comments alone. A statement uses one style or the other, as the shared subset says.
 */
export function translate(sql: string): Translated {
	let out = '';
	let positional = 0;
	const names: string[] = [];
	let i = 0;
	const n = sql.length;
	while (i < n) {
		const c = sql[i];
		if (c === "'" || c === '"') {
			// A quote inside is written twice ('it''s', "a""b"), which this scan reads as two quoted runs in a row.
			const end = sql.indexOf(c, i + 1);
			const stop = end < 0 ? n : end + 1;
			out += sql.slice(i, stop);
			i = stop;
		} else if (c === '-' && sql[i + 1] === '-') {
			const end = sql.indexOf('\n', i);
			const stop = end < 0 ? n : end;
			out += sql.slice(i, stop);
			i = stop;
		} else if (c === '/' && sql[i + 1] === '*') {
			// PostgreSQL's block comments nest.
			let depth = 0;
			let j = i;
			do {
				if (sql.startsWith('/*', j)) {
					depth++;
					j += 2;
				} else if (sql.startsWith('*/', j)) {
					depth--;
					j += 2;
				} else j++;
			} while (depth > 0 && j < n);
			out += sql.slice(i, j);
			i = j;
		} else if (c === '?') {
			out += `$${++positional}`;
			i++;
		} else if (c === '@' && IDENTIFIER_START.test(sql[i + 1] ?? '')) {
			let j = i + 1;
			while (j < n && IDENTIFIER_PART.test(sql[j])) j++;
			const name = sql.slice(i + 1, j);
			let k = names.indexOf(name);
			if (k < 0) k = names.push(name) - 1;
			out += `$${k + 1}`;
			i = j;
		} else {
			out += c;
			i++;
		}
	}
	if (positional && names.length) throw new Error('a statement uses either ? or @name parameters, not both');
	return { text: out, names: names.length ? names : null, positional };
}

/** The values for a translated statement, checked as better-sqlite3 checks them so both engines refuse the same calls. */
function valuesFor(t: Translated, params: Params | undefined): unknown[] {
	let values: unknown[];
	if (t.names) {
		if (!params || Array.isArray(params)) throw new RangeError('named parameters need an object of values');
		const named = params as Readonly<Record<string, unknown>>;
		values = t.names.map((name) => {
			if (!(name in named)) throw new RangeError(`Missing named parameter "${name}"`);
			return named[name];
		});
	} else {
		if (params !== undefined && !Array.isArray(params) && t.positional)
			throw new RangeError('? parameters need an array of values');
		values = Array.isArray(params) ? [...(params as unknown[])] : [];
		if (values.length !== t.positional) {
			throw new RangeError(
				`${values.length < t.positional ? 'Too few' : 'Too many'} parameter values were provided`
			);
		}
	}
	return values.map((v) => {
		// Flags are INTEGER 0/1 in both engines; SQLite refuses a JS boolean, so PostgreSQL does too.
		if (typeof v === 'boolean') throw new TypeError('bind flags as 0 or 1, not true or false');
		return v === undefined ? null : v;
	});
}

const OID = { bool: 16, int8: 20, numeric: 1700 } as const;

/**
 * Rows read as SQLite's look: 64-bit integers (`count(*)`, `sum`) and numerics as numbers, booleans (`x IS NULL AS
 * y`) as 1 or 0. Per pool, never the driver's global parsers.
 */
function sqliteLikeTypes(): pg.CustomTypesConfig {
	const types = new pg.TypeOverrides();
	types.setTypeParser(OID.int8, Number);
	types.setTypeParser(OID.numeric, Number);
	types.setTypeParser(OID.bool, (v: string) => (v === 't' ? 1 : 0));
	return types;
}

/** How many distinct statement texts a pool sends as named prepared statements (see `translated`). */
const NAMED_STATEMENTS = 1000;

/** SQLSTATEs worth running a whole transaction again for: serialization failure and deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

/** A prepared statement whose table's columns changed since it was prepared (PostgreSQL will not run it again). */
const isStalePlan = (error: unknown) => {
	const e = error as { code?: string; message?: string } | null;
	return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
};

interface TxContext {
	client: pg.PoolClient;
	depth: number;
}

/**
 * The `Sql` interface over a `pg` pool. A transaction holds one pooled client for its async chain (found again
 * through AsyncLocalStorage, so statements anywhere in `fn` join it); statements of other chains use other clients
 * and see only what is committed. One transaction at a time per pool, as with SQLite, so a hub's transactions never
 * wait on each other's row locks; between hubs, conflicts surface as `retryable` errors.
 */
export function createPostgresSql(config: string | pg.PoolConfig): Sql & { readonly pool: pg.Pool } {
	const options = typeof config === 'string' ? { connectionString: config } : config;
	const pool = new pg.Pool({ ...options, types: sqliteLikeTypes() });
	// An idle client whose connection dropped: the pool discards it, and the next statement reports any real outage.
	pool.on('error', () => {});

	// Each statement text is translated once and, up to NAMED_STATEMENTS of them, sent as a named prepared statement:
	// each connection parses it once, and PostgreSQL may keep its plan, instead of parsing and planning it again on
	// every call. The texts are the store modules' own (a chunked `IN` list has a few sizes), so the cap is never
	// reached in practice; past it, statements go unnamed as before.
	const translations = new Map<string, Translated & { name?: string }>();
	const translated = (text: string) => {
		let t = translations.get(text);
		if (!t) {
			const name = translations.size < NAMED_STATEMENTS ? `dais_${translations.size}` : undefined;
			t = { ...translate(text), name };
			translations.set(text, t);
		}
		return t;
	};

	const context = new AsyncLocalStorage<TxContext>();
	let renamed = 0;
	const query = async (text: string, params?: Params): Promise<pg.QueryResult> => {
		const t = translated(text);
		const values = valuesFor(t, params);
		const inTx = context.getStore();
		const runner = inTx?.client ?? pool;
		try {
			return await runner.query({ name: t.name, text: t.text, values });
		} catch (error) {
			if (!t.name || !isStalePlan(error)) throw error;
			// Another hub of a newer version changed the table under a prepared `SELECT *` (a rolling upgrade):
			// the statement goes under a fresh name, so every connection prepares it again. Outside a transaction it
			// runs again at once; a transaction is aborted by the error, which `retryable` reports as transient.
			t.name = `dais_${translations.size}_${++renamed}`;
			if (inTx) throw error;
			return runner.query({ name: t.name, text: t.text, values });
		}
	};

	// The open transaction's end, for transactions from other async chains to wait on.
	let open: Promise<void> | null = null;
	let savepoints = 0;

	async function tx<T>(fn: () => Promise<T> | T): Promise<T> {
		const inside = context.getStore();
		if (inside) {
			const name = `sp${++savepoints}`;
			await inside.client.query(`SAVEPOINT ${name}`);
			try {
				const value = await context.run({ client: inside.client, depth: inside.depth + 1 }, fn);
				await inside.client.query(`RELEASE SAVEPOINT ${name}`);
				return value;
			} catch (error) {
				await inside.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
				await inside.client.query(`RELEASE SAVEPOINT ${name}`);
				throw error;
			}
		}
		while (open) await open;
		let end!: () => void;
		open = new Promise<void>((resolve) => (end = resolve));
		let client: pg.PoolClient | null = null;
		let broken: Error | undefined;
		try {
			client = await pool.connect();
			await client.query('BEGIN');
			try {
				const value = await context.run({ client, depth: 0 }, fn);
				await client.query('COMMIT');
				return value;
			} catch (error) {
				try {
					await client.query('ROLLBACK');
				} catch (rollback) {
					// The connection itself failed: the pool must not hand it out again.
					broken = rollback as Error;
				}
				throw error;
			}
		} finally {
			client?.release(broken);
			open = null;
			end();
		}
	}

	return {
		dialect: 'postgres',
		pool,
		get: async <T>(text: string, params?: Params) => (await query(text, params)).rows[0] as T | undefined,
		all: async <T>(text: string, params?: Params) => (await query(text, params)).rows as T[],
		run: async (text: string, params?: Params): Promise<RunResult> => ({
			changes: (await query(text, params)).rowCount ?? 0
		}),
		exec: async (text: string) => {
			// Without values, pg sends the simple query protocol, which runs several statements in one call.
			await (context.getStore()?.client ?? pool).query(text);
		},
		tx,
		retryable: (error) =>
			RETRYABLE.has((error as { code?: string } | null)?.code ?? '') || isStalePlan(error),
		shared: createSharedReads(() => context.getStore() !== undefined),
		close: async () => {
			while (open) await open;
			await pool.end();
		}
	};
}

/** The pool behind an `Sql`, for what only PostgreSQL has (the migration lock, the collation check). */
export function postgresPool(sql: Sql): pg.Pool {
	const pool = (sql as Partial<{ pool: pg.Pool }>).pool;
	if (sql.dialect !== 'postgres' || !pool) throw new Error('this needs the PostgreSQL storage');
	return pool;
}
