import type { Db } from './connection';

/** SQL for the idempotency ledger: the stored result of each client write, keyed by its client id. */
export function createClientWritesStore(db: Db) {
	const q = {
		get: db.prepare<[string, string], { command: string; result: string }>(
			'SELECT command, result FROM client_writes WHERE event_id = ? AND client_id = ?'
		),
		put: db.prepare(
			'INSERT INTO client_writes (event_id, client_id, command, result, created_at) VALUES (?, ?, ?, ?, ?)'
		)
	};
	return {
		get(eventId: string, clientId: string): { command: string; result: unknown } | undefined {
			const r = q.get.get(eventId, clientId);
			return r && { command: r.command, result: JSON.parse(r.result) as unknown };
		},
		put: (eventId: string, clientId: string, command: string, result: unknown, now: string) =>
			q.put.run(eventId, clientId, command, JSON.stringify(result), now)
	};
}
export type ClientWritesStore = ReturnType<typeof createClientWritesStore>;
