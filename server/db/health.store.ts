import type { Sql } from './sql';

/** The cheapest statement that proves the storage answers (load balancers ask every few seconds). */
export async function storageAnswers(sql: Sql): Promise<void> {
	await sql.get('SELECT 1 AS ok');
}
