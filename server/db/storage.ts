import type { Config } from '../config';
import { openDatabase } from './connection';
import { createPostgresSql } from './postgres';
import { assertCodePointCollation, migratePostgres } from './postgres-migrations';
import type { Sql } from './sql';
import { createSqliteSql } from './sqlite';

/**
 * Opens the hub's storage, migrated: PostgreSQL when DATABASE_URL is set, else the SQLite file (created if missing).
 * A PostgreSQL database whose text does not sort like SQLite's is refused before anything is written to it.
 */
export async function openStorage(config: Pick<Config, 'dbFile' | 'databaseUrl'>): Promise<Sql> {
	if (!config.databaseUrl) return createSqliteSql(openDatabase(config.dbFile));
	const sql = createPostgresSql(config.databaseUrl);
	try {
		await assertCodePointCollation(sql);
		await migratePostgres(sql);
		return sql;
	} catch (error) {
		await sql.close();
		throw error;
	}
}
