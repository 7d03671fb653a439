import type { Sql } from '../db/sql';
import { sqliteHandle } from '../db/sqlite';

export interface PurgeCounts {
	questions: number;
	questionVotes: number;
	ballots: number;
	clientWrites: number;
	/** Sessions devices starred, and their private calendar feed addresses: tied to a device, so they go too. */
	stars: number;
	feedTokens: number;
}

/** The tables a purge empties of one event's rows (PostgreSQL's compaction vacuums these). */
const PURGED_TABLES = ['question_votes', 'questions', 'ballots', 'client_writes', 'stars', 'feed_tokens'];

/** SQL for the retention rule: what attendees wrote is deleted once an event is far enough in the past. */
export function createPrivacyStore(sql: Sql) {
	const q = {
		endedBefore: 'SELECT id, code, ends_on FROM events WHERE ends_on < ? ORDER BY ends_on',
		count: {
			questions: 'SELECT count(*) AS n FROM questions WHERE event_id = ?',
			questionVotes:
				'SELECT count(*) AS n FROM question_votes WHERE question_id IN (SELECT id FROM questions WHERE event_id = ?)',
			ballots: 'SELECT count(*) AS n FROM ballots WHERE event_id = ?',
			clientWrites: 'SELECT count(*) AS n FROM client_writes WHERE event_id = ?',
			stars: 'SELECT count(*) AS n FROM stars WHERE event_id = ?',
			feedTokens: 'SELECT count(*) AS n FROM feed_tokens WHERE event_id = ?'
		},
		unpin: 'UPDATE qa_sessions SET pinned_id = NULL WHERE event_id = ?',
		deleteVotes:
			'DELETE FROM question_votes WHERE question_id IN (SELECT id FROM questions WHERE event_id = ?)',
		// Merged questions point at others: clear those links before deleting.
		unmerge: 'UPDATE questions SET merged_into = NULL WHERE event_id = ?',
		deleteQuestions: 'DELETE FROM questions WHERE event_id = ?',
		deleteBallots: 'DELETE FROM ballots WHERE event_id = ?',
		deleteWrites: 'DELETE FROM client_writes WHERE event_id = ?',
		deleteStars: 'DELETE FROM stars WHERE event_id = ?',
		deleteFeeds: 'DELETE FROM feed_tokens WHERE event_id = ?'
	};
	const count = async (text: string, eventId: string) => (await sql.get<{ n: number }>(text, [eventId]))!.n;
	const counts = async (eventId: string): Promise<PurgeCounts> => ({
		questions: await count(q.count.questions, eventId),
		questionVotes: await count(q.count.questionVotes, eventId),
		ballots: await count(q.count.ballots, eventId),
		clientWrites: await count(q.count.clientWrites, eventId),
		stars: await count(q.count.stars, eventId),
		feedTokens: await count(q.count.feedTokens, eventId)
	});
	return {
		eventsEndedBefore: (day: string) =>
			sql.all<{ id: string; code: string; ends_on: string }>(q.endedBefore, [day]),
		counts,
		/**
		 * Deletes one event's attendee-written content in one transaction; the programme and polls stay. With
		 * SQLite's secure_delete on, the deleted content is overwritten with zeros instead of left in free space.
		 */
		async purge(eventId: string): Promise<PurgeCounts> {
			if (sql.dialect === 'sqlite') sqliteHandle(sql).pragma('secure_delete = ON');
			return sql.tx(async () => {
				const before = await counts(eventId);
				for (const text of [
					q.unpin,
					q.deleteVotes,
					q.unmerge,
					q.deleteQuestions,
					q.deleteBallots,
					q.deleteWrites,
					q.deleteStars,
					q.deleteFeeds
				])
					await sql.run(text, [eventId]);
				return before;
			});
		},
		/**
		 * Makes what was deleted unreadable from the database's files. SQLite: rebuilds the file without free pages and
		 * empties the write-ahead log (.db, -wal, -shm); false when a reader kept the log from being emptied.
		 * PostgreSQL: VACUUM of the purged tables, so their dead rows' space is reclaimed and reused.
		 */
		async compact(): Promise<boolean> {
			if (sql.dialect === 'postgres') {
				await sql.exec(`VACUUM ${PURGED_TABLES.join(', ')}`);
				return true;
			}
			const db = sqliteHandle(sql);
			await sql.exec('VACUUM');
			const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
			return r.busy === 0;
		}
	};
}
