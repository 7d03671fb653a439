import type { Db } from '../db/connection';

export interface PurgeCounts {
	questions: number;
	questionVotes: number;
	ballots: number;
	clientWrites: number;
}

/** SQL for the retention rule: what attendees wrote is deleted once an event is far enough in the past. */
export function createPrivacyStore(db: Db) {
	const q = {
		endedBefore: db.prepare<[string], { id: string; code: string; ends_on: string }>(
			'SELECT id, code, ends_on FROM events WHERE ends_on < ? ORDER BY ends_on'
		),
		count: {
			questions: db.prepare<[string], { n: number }>(
				'SELECT count(*) AS n FROM questions WHERE event_id = ?'
			),
			questionVotes: db.prepare<[string], { n: number }>(
				'SELECT count(*) AS n FROM question_votes WHERE question_id IN (SELECT id FROM questions WHERE event_id = ?)'
			),
			ballots: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM ballots WHERE event_id = ?'),
			clientWrites: db.prepare<[string], { n: number }>(
				'SELECT count(*) AS n FROM client_writes WHERE event_id = ?'
			)
		},
		unpin: db.prepare<[string]>('UPDATE qa_sessions SET pinned_id = NULL WHERE event_id = ?'),
		deleteVotes: db.prepare<[string]>(
			'DELETE FROM question_votes WHERE question_id IN (SELECT id FROM questions WHERE event_id = ?)'
		),
		// Merged questions point at others: clear those links before deleting.
		unmerge: db.prepare<[string]>('UPDATE questions SET merged_into = NULL WHERE event_id = ?'),
		deleteQuestions: db.prepare<[string]>('DELETE FROM questions WHERE event_id = ?'),
		deleteBallots: db.prepare<[string]>('DELETE FROM ballots WHERE event_id = ?'),
		deleteWrites: db.prepare<[string]>('DELETE FROM client_writes WHERE event_id = ?')
	};
	return {
		eventsEndedBefore: (day: string) => q.endedBefore.all(day),
		counts: (eventId: string): PurgeCounts => ({
			questions: q.count.questions.get(eventId)!.n,
			questionVotes: q.count.questionVotes.get(eventId)!.n,
			ballots: q.count.ballots.get(eventId)!.n,
			clientWrites: q.count.clientWrites.get(eventId)!.n
		}),
		/**
		 * Deletes one event's attendee-written content in one transaction; the programme and polls stay. With
		 * secure_delete on, SQLite overwrites the deleted content with zeros instead of leaving it in free space.
		 */
		purge(eventId: string): PurgeCounts {
			db.pragma('secure_delete = ON');
			return db.transaction(() => {
				const counts = this.counts(eventId);
				q.unpin.run(eventId);
				q.deleteVotes.run(eventId);
				q.unmerge.run(eventId);
				q.deleteQuestions.run(eventId);
				q.deleteBallots.run(eventId);
				q.deleteWrites.run(eventId);
				return counts;
			})();
		},
		/**
		 * Rebuilds the file without free pages and empties the write-ahead log, so what was deleted is in none of the
		 * database's files (.db, -wal, -shm). Returns false when a reader kept the log from being emptied.
		 */
		compact(): boolean {
			db.exec('VACUUM');
			const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
			return r.busy === 0;
		}
	};
}
