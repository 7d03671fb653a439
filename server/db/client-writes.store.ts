import type { Sql } from './sql';

/** SQL for the idempotency ledger: the stored result of each client write, keyed by its client id. */
export function createClientWritesStore(sql: Sql) {
	const q = {
		get: 'SELECT command, result FROM client_writes WHERE event_id = ? AND client_id = ?',
		put: 'INSERT INTO client_writes (event_id, client_id, command, result, created_at) VALUES (?, ?, ?, ?, ?)'
	};
	return {
		async get(eventId: string, clientId: string): Promise<{ command: string; result: unknown } | undefined> {
			const r = await sql.get<{ command: string; result: string }>(q.get, [eventId, clientId]);
			return r && { command: r.command, result: JSON.parse(r.result) as unknown };
		},
		put: (eventId: string, clientId: string, command: string, result: unknown, now: string) =>
			sql.run(q.put, [eventId, clientId, command, JSON.stringify(result), now])
	};
}
export type ClientWritesStore = ReturnType<typeof createClientWritesStore>;
