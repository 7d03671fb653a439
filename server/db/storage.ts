import type { Config } from '../config';
import { openDatabase } from './connection';
import type { Sql } from './sql';
import { createSqliteSql } from './sqlite';

/**
 * Opens the hub's storage, migrated: PostgreSQL when DATABASE_URL is set, else the SQLite file (created if missing).
 * A PostgreSQL database whose text does not sort like SQLite's is refused before anything is written to it.
 */
export async function openStorage(
	config: Pick<Config, 'dbFile' | 'databaseUrl'> & Partial<Pick<Config, 'databasePoolSize'>>
): Promise<Sql> {
	if (!config.databaseUrl) return createSqliteSql(openDatabase(config.dbFile));
	// Loaded only when asked for: a SQLite hub or script starts as fast as before.
	const { createPostgresSql } = await import('./postgres');
	const { assertCodePointCollation, migratePostgres } = await import('./postgres-migrations');
	const sql = createPostgresSql({ connectionString: config.databaseUrl, max: config.databasePoolSize ?? 20 });
	try {
		await assertCodePointCollation(sql);
		await migratePostgres(sql);
		return sql;
	} catch (error) {
		await sql.close();
		throw error;
	}
}
