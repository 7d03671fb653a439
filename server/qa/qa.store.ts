import { lockingRead, type Sql } from '../db/sql';
import type { ModQuestion, QaCounts, QuestionFlag, QuestionState } from '../../src/lib/protocol';

interface QuestionRow {
	id: string;
	event_id: string;
	session_id: string;
	device_hash: string;
	text: string;
	original_text: string | null;
	name: string | null;
	organisation: string | null;
	country: string | null;
	objective_id: string | null;
	state: QuestionState;
	answered: number;
	flags: string;
	decline_reason: string | null;
	reply: string | null;
	merged_into: string | null;
	prior_state: QuestionState | null;
	votes: number;
	created_at: string;
	published_at: string | null;
}

/** A stored question: the moderator's view plus the fields only the hub may see. */
export interface StoredQuestion extends ModQuestion {
	eventId: string;
	deviceHash: string;
	/** The state before it was archived or merged, where an undo takes it back to. */
	priorState: QuestionState | null;
}

const toQuestion = (r: QuestionRow, pinnedId: string | null): StoredQuestion => ({
	id: r.id,
	eventId: r.event_id,
	sessionId: r.session_id,
	deviceHash: r.device_hash,
	text: r.text,
	originalText: r.original_text,
	edited: r.original_text !== null,
	name: r.name,
	organisation: r.organisation,
	country: r.country,
	objectiveId: r.objective_id,
	state: r.state,
	answered: r.answered === 1,
	pinned: pinnedId === r.id,
	flags: JSON.parse(r.flags) as QuestionFlag[],
	declineReason: r.decline_reason,
	reply: r.reply,
	mergedInto: r.merged_into,
	priorState: r.prior_state,
	votes: r.votes,
	createdAt: r.created_at,
	publishedAt: r.published_at
});

export interface NewQuestion {
	id: string;
	eventId: string;
	sessionId: string;
	deviceHash: string;
	text: string;
	name: string | null;
	organisation: string | null;
	country: string | null;
	objectiveId: string | null;
	state: 'pending' | 'published';
	flags: QuestionFlag[];
	now: string;
}

/** SQL for questions, votes and per-session Q&A settings. */
export function createQaStore(sql: Sql) {
	const q = {
		dropNames: 'UPDATE questions SET name = NULL, organisation = NULL, country = NULL WHERE id = ?',
		insert: `INSERT INTO questions (id, event_id, session_id, device_hash, text, name, organisation, country, objective_id, state, flags, created_at, published_at)
			 VALUES (@id, @eventId, @sessionId, @deviceHash, @text, @name, @organisation, @country, @objectiveId, @state, @flags, @now, @publishedAt)`,
		get: 'SELECT * FROM questions WHERE id = ?',
		getToChange: lockingRead(sql, 'SELECT * FROM questions WHERE id = ?'),
		mergedInto: 'SELECT * FROM questions WHERE merged_into = ? ORDER BY created_at',
		deleteVotes: 'DELETE FROM question_votes WHERE question_id = ?',
		deleteQuestion: 'DELETE FROM questions WHERE id = ?',
		bySession: 'SELECT * FROM questions WHERE event_id = ? AND session_id = ? ORDER BY created_at DESC',
		publishedBySession:
			"SELECT * FROM questions WHERE event_id = ? AND session_id = ? AND state = 'published' ORDER BY votes DESC, published_at",
		mine: 'SELECT * FROM questions WHERE event_id = ? AND session_id = ? AND device_hash = ? ORDER BY created_at DESC',
		waiting: `SELECT session_id, count(*) AS n FROM questions WHERE event_id = ? AND state = 'pending' GROUP BY session_id`,
		counts: `SELECT state, answered, published_at IS NOT NULL AS was_published, count(*) AS n FROM questions
			 WHERE event_id = ? AND session_id = ? GROUP BY state, answered, published_at IS NOT NULL`,
		update: `UPDATE questions SET text = @text, original_text = @originalText, flags = @flags, objective_id = @objectiveId, state = @state,
			   answered = @answered, decline_reason = @declineReason, reply = @reply, merged_into = @mergedInto,
			   prior_state = @priorState, published_at = @publishedAt, answered_at = CASE WHEN @answered = 1 THEN coalesce(answered_at, @now) ELSE NULL END
			 WHERE id = @id`,
		addVote:
			'INSERT INTO question_votes (question_id, device_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
		removeVote: 'DELETE FROM question_votes WHERE question_id = ? AND device_hash = ?',
		// An upvote on a question that already holds this device's vote only as carried over by a merge makes it the
		// device's own: an unmerge then leaves it where the device put it.
		ownVote:
			'UPDATE question_votes SET merged_from = NULL WHERE question_id = ? AND device_hash = ? AND merged_from IS NOT NULL',
		recount:
			'UPDATE questions SET votes = (SELECT count(*) FROM question_votes WHERE question_id = ?) WHERE id = ? RETURNING votes',
		bumpVotes: 'UPDATE questions SET votes = votes + ? WHERE id = ? RETURNING votes',
		// Carry votes over on merge, marked with where they came from; a device that voted for both counts once (the
		// primary key ignores the repeat), and the asker of the question merged into gets no vote for their own. The
		// merged question keeps its own votes for an unmerge.
		copyVotes: `INSERT INTO question_votes (question_id, device_hash, created_at, merged_from)
			 SELECT ?, device_hash, created_at, ? FROM question_votes
			 WHERE question_id = ? AND device_hash <> (SELECT device_hash FROM questions WHERE id = ?)
			 ON CONFLICT DO NOTHING`,
		takeBackVotes: 'DELETE FROM question_votes WHERE question_id = ? AND merged_from = ?',
		myVotes: `SELECT v.question_id FROM question_votes v JOIN questions q ON q.id = v.question_id
			 WHERE q.event_id = ? AND q.session_id = ? AND v.device_hash = ?`,
		settings:
			'SELECT premoderated, pinned_id, verified_only FROM qa_sessions WHERE event_id = ? AND session_id = ?',
		setVerifiedOnly: `INSERT INTO qa_sessions (event_id, session_id, verified_only) VALUES (?, ?, ?)
			 ON CONFLICT(event_id, session_id) DO UPDATE SET verified_only = excluded.verified_only`,
		setPremoderated: `INSERT INTO qa_sessions (event_id, session_id, premoderated) VALUES (?, ?, ?)
			 ON CONFLICT(event_id, session_id) DO UPDATE SET premoderated = excluded.premoderated`,
		setPinned: `INSERT INTO qa_sessions (event_id, session_id, pinned_id) VALUES (?, ?, ?)
			 ON CONFLICT(event_id, session_id) DO UPDATE SET pinned_id = excluded.pinned_id`
	};

	const settings = async (eventId: string, sessionId: string) => {
		const s = await sql.get<{ premoderated: number; pinned_id: string | null; verified_only: number }>(
			q.settings,
			[eventId, sessionId]
		);
		return {
			premoderated: s ? s.premoderated === 1 : true,
			pinnedId: s?.pinned_id ?? null,
			verifiedOnly: s?.verified_only === 1
		};
	};
	const rows = (text: string, params: unknown[]) => sql.all<QuestionRow>(text, params);

	return {
		settings,
		async insert(n: NewQuestion) {
			await sql.run(q.insert, {
				...n,
				flags: JSON.stringify(n.flags),
				publishedAt: n.state === 'published' ? n.now : null
			});
		},
		async get(id: string): Promise<StoredQuestion | undefined> {
			const r = await sql.get<QuestionRow>(q.get, [id]);
			return r && toQuestion(r, (await settings(r.event_id, r.session_id)).pinnedId);
		},
		/**
		 * The question, for a command that checks it and then changes it: its row stays locked until the transaction
		 * ends, so another hub's command on it waits and then checks what this one wrote (see `lockingRead`).
		 */
		async getToChange(id: string): Promise<StoredQuestion | undefined> {
			const r = await sql.get<QuestionRow>(q.getToChange, [id]);
			return r && toQuestion(r, (await settings(r.event_id, r.session_id)).pinnedId);
		},
		async bySession(eventId: string, sessionId: string) {
			const { pinnedId } = await settings(eventId, sessionId);
			return (await rows(q.bySession, [eventId, sessionId])).map((r) => toQuestion(r, pinnedId));
		},
		/** `pinnedId`: the session's pin, when the caller has just read its settings (one read fewer per page). */
		async published(eventId: string, sessionId: string, pinned?: { pinnedId: string | null }) {
			const { pinnedId } = pinned ?? (await settings(eventId, sessionId));
			return (await rows(q.publishedBySession, [eventId, sessionId])).map((r) => toQuestion(r, pinnedId));
		},
		async mine(eventId: string, sessionId: string, deviceHash: string) {
			return (await rows(q.mine, [eventId, sessionId, deviceHash])).map((r) => toQuestion(r, null));
		},
		/** Session id -> questions waiting for review, for the sessions that have any. */
		async waiting(eventId: string): Promise<Map<string, number>> {
			const rows = await sql.all<{ session_id: string; n: number }>(q.waiting, [eventId]);
			return new Map(rows.map((r) => [r.session_id, Number(r.n)]));
		},
		async counts(eventId: string, sessionId: string): Promise<QaCounts> {
			const c: QaCounts = { received: 0, published: 0, answered: 0, merged: 0, notPublished: 0 };
			const counted = await sql.all<{
				state: QuestionState;
				answered: number;
				was_published: number;
				n: number;
			}>(q.counts, [eventId, sessionId]);
			for (const row of counted) {
				c.received += row.n;
				if (row.state === 'merged') c.merged += row.n;
				else if (row.state === 'declined' || (row.state === 'archived' && !row.was_published))
					c.notPublished += row.n;
				else if (row.state !== 'pending') {
					c.published += row.n;
					if (row.answered) c.answered += row.n;
				}
			}
			return c;
		},
		async save(x: StoredQuestion, now: string) {
			await sql.run(q.update, {
				id: x.id,
				text: x.text,
				originalText: x.originalText,
				flags: JSON.stringify(x.flags),
				objectiveId: x.objectiveId,
				state: x.state,
				answered: x.answered ? 1 : 0,
				declineReason: x.declineReason,
				reply: x.reply,
				mergedInto: x.mergedInto,
				priorState: x.priorState,
				publishedAt: x.publishedAt,
				now
			});
		},
		/** The questions merged into this one. */
		async mergedInto(id: string) {
			const r = await sql.get<QuestionRow>(q.get, [id]);
			if (!r) return [];
			const { pinnedId } = await settings(r.event_id, r.session_id);
			return (await rows(q.mergedInto, [id])).map((m) => toQuestion(m, pinnedId));
		},
		/**
		 * Deletes a question and its votes (the asker withdrew it): its text, who asked and its reply are gone from the
		 * database, not hidden. Unpin it and release the questions merged into it first. SQLite's secure_delete (on for
		 * every connection, `db/connection.ts`) overwrites the deleted row with zeros instead of leaving it in free space.
		 */
		async delete(id: string) {
			await sql.run(q.deleteVotes, [id]);
			return (await sql.run(q.deleteQuestion, [id])).changes > 0;
		},
		/** Erases who asked (name, organisation, country) from one question: the Chatham House rule. */
		dropNames: async (id: string) => (await sql.run(q.dropNames, [id])).changes > 0,
		/** Adds or withdraws one device's vote; returns whether anything changed and the new count. */
		async vote(questionId: string, deviceHash: string, up: boolean, now: string) {
			const changed = up
				? (await sql.run(q.addVote, [questionId, deviceHash, now])).changes
				: (await sql.run(q.removeVote, [questionId, deviceHash])).changes;
			if (up && !changed) await sql.run(q.ownVote, [questionId, deviceHash]);
			const votes = changed
				? (await sql.get<{ votes: number }>(q.bumpVotes, [up ? 1 : -1, questionId]))!.votes
				: (await sql.get<QuestionRow>(q.get, [questionId]))!.votes;
			return { changed: changed > 0, votes };
		},
		async mergeVotes(fromId: string, intoId: string) {
			await sql.run(q.copyVotes, [intoId, fromId, fromId, intoId]);
			return (await sql.get<{ votes: number }>(q.recount, [intoId, intoId]))!.votes;
		},
		/** Takes back exactly the votes a merge carried over, and recounts both questions. */
		async unmergeVotes(fromId: string, intoId: string) {
			await sql.run(q.takeBackVotes, [intoId, fromId]);
			await sql.get(q.recount, [intoId, intoId]);
			await sql.get(q.recount, [fromId, fromId]);
		},
		myVotes: async (eventId: string, sessionId: string, deviceHash: string) =>
			(await sql.all<{ question_id: string }>(q.myVotes, [eventId, sessionId, deviceHash])).map(
				(r) => r.question_id
			),
		setPremoderated: (eventId: string, sessionId: string, on: boolean) =>
			sql.run(q.setPremoderated, [eventId, sessionId, on ? 1 : 0]),
		setVerifiedOnly: (eventId: string, sessionId: string, on: boolean) =>
			sql.run(q.setVerifiedOnly, [eventId, sessionId, on ? 1 : 0]),
		setPinned: (eventId: string, sessionId: string, id: string | null) =>
			sql.run(q.setPinned, [eventId, sessionId, id])
	};
}
export type QaStore = ReturnType<typeof createQaStore>;
