import type { Sql } from './sql';

/** A client write as the ledger keeps it. */
export interface ClientWrite {
	command: string;
	/** Who made it (see `writerOf` in the dispatcher); null for writes stored before the ledger kept it. */
	writer: string | null;
	result: unknown;
}

/** SQL for the idempotency ledger: the stored result of each client write, keyed by its client id. */
export function createClientWritesStore(sql: Sql) {
	const q = {
		get: 'SELECT command, writer, result FROM client_writes WHERE event_id = ? AND client_id = ?',
		mentioning: `SELECT client_id, command, writer, result FROM client_writes WHERE event_id = ? AND result LIKE ? ESCAPE '!'`,
		rewrite: 'UPDATE client_writes SET result = ? WHERE event_id = ? AND client_id = ?',
		put: 'INSERT INTO client_writes (event_id, client_id, command, writer, result, created_at, subject) VALUES (?, ?, ?, ?, ?, ?, ?)',
		supersede:
			'UPDATE client_writes SET result = ? WHERE event_id = ? AND writer = ? AND command = ? AND subject = ?'
	};
	return {
		async get(eventId: string, clientId: string): Promise<ClientWrite | undefined> {
			const r = await sql.get<{ command: string; writer: string | null; result: string }>(q.get, [
				eventId,
				clientId
			]);
			return r && { command: r.command, writer: r.writer, result: JSON.parse(r.result) as unknown };
		},
		/**
		 * The stored answers of an event's writes whose text holds `quoted` (e.g. a question's id, with its quotes), by
		 * client id: what a deletion must rewrite so that the ledger keeps no copy of what was deleted.
		 */
		async mentioning(eventId: string, quoted: string): Promise<(ClientWrite & { clientId: string })[]> {
			const pattern = `%${quoted.replace(/[!%_]/g, (c) => `!${c}`)}%`;
			const rows = await sql.all<{
				client_id: string;
				command: string;
				writer: string | null;
				result: string;
			}>(q.mentioning, [eventId, pattern]);
			return rows.map((r) => ({
				clientId: r.client_id,
				command: r.command,
				writer: r.writer,
				result: JSON.parse(r.result) as unknown
			}));
		},
		/** Replaces a write's stored answer (a retry is then answered with this one). */
		rewrite: (eventId: string, clientId: string, result: unknown) =>
			sql.run(q.rewrite, [JSON.stringify(result), eventId, clientId]),
		/**
		 * Stores a write's answer. With a `subject` (what the write is about, e.g. a poll), the earlier writes of the same
		 * command by the same writer about the same subject are answered with this one from now on: a retry of an old
		 * ballot is told the ballot that stands, and the ledger keeps no earlier choice.
		 */
		async put(eventId: string, clientId: string, write: ClientWrite & { subject?: string }, now: string) {
			const result = JSON.stringify(write.result);
			if (write.subject !== undefined && write.writer !== null)
				await sql.run(q.supersede, [result, eventId, write.writer, write.command, write.subject]);
			await sql.run(q.put, [
				eventId,
				clientId,
				write.command,
				write.writer,
				result,
				now,
				write.subject ?? null
			]);
		}
	};
}
export type ClientWritesStore = ReturnType<typeof createClientWritesStore>;
