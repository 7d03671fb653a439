import type { Db } from '../db/connection';
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
	votes: number;
	created_at: string;
	published_at: string | null;
}

/** A stored question: the moderator's view plus the fields only the hub may see. */
export interface StoredQuestion extends ModQuestion {
	eventId: string;
	deviceHash: string;
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
export function createQaStore(db: Db) {
	const q = {
		insert: db.prepare(
			`INSERT INTO questions (id, event_id, session_id, device_hash, text, name, organisation, country, objective_id, state, flags, created_at, published_at)
			 VALUES (@id, @eventId, @sessionId, @deviceHash, @text, @name, @organisation, @country, @objectiveId, @state, @flags, @now, @publishedAt)`
		),
		get: db.prepare<[string], QuestionRow>('SELECT * FROM questions WHERE id = ?'),
		bySession: db.prepare<[string, string], QuestionRow>(
			'SELECT * FROM questions WHERE event_id = ? AND session_id = ? ORDER BY created_at DESC'
		),
		publishedBySession: db.prepare<[string, string], QuestionRow>(
			"SELECT * FROM questions WHERE event_id = ? AND session_id = ? AND state = 'published' ORDER BY votes DESC, published_at"
		),
		mine: db.prepare<[string, string, string], QuestionRow>(
			'SELECT * FROM questions WHERE event_id = ? AND session_id = ? AND device_hash = ? ORDER BY created_at DESC'
		),
		counts: db.prepare<
			[string, string],
			{ state: QuestionState; answered: number; was_published: number; n: number }
		>(
			`SELECT state, answered, published_at IS NOT NULL AS was_published, count(*) AS n FROM questions
			 WHERE event_id = ? AND session_id = ? GROUP BY state, answered, was_published`
		),
		update: db.prepare(
			`UPDATE questions SET text = @text, original_text = @originalText, objective_id = @objectiveId, state = @state,
			   answered = @answered, decline_reason = @declineReason, reply = @reply, merged_into = @mergedInto,
			   published_at = @publishedAt, answered_at = CASE WHEN @answered = 1 THEN coalesce(answered_at, @now) ELSE NULL END
			 WHERE id = @id`
		),
		addVote: db.prepare<[string, string, string]>(
			'INSERT OR IGNORE INTO question_votes (question_id, device_hash, created_at) VALUES (?, ?, ?)'
		),
		removeVote: db.prepare<[string, string]>(
			'DELETE FROM question_votes WHERE question_id = ? AND device_hash = ?'
		),
		recount: db.prepare<[string, string], { votes: number }>(
			'UPDATE questions SET votes = (SELECT count(*) FROM question_votes WHERE question_id = ?) WHERE id = ? RETURNING votes'
		),
		bumpVotes: db.prepare<[number, string], { votes: number }>(
			'UPDATE questions SET votes = votes + ? WHERE id = ? RETURNING votes'
		),
		// Carry votes over on merge; a device that voted for both counts once (the primary key ignores the repeat).
		moveVotes: db.prepare<[string, string]>(
			'INSERT OR IGNORE INTO question_votes (question_id, device_hash, created_at) SELECT ?, device_hash, created_at FROM question_votes WHERE question_id = ?'
		),
		dropVotes: db.prepare<[string]>('DELETE FROM question_votes WHERE question_id = ?'),
		myVotes: db.prepare<[string, string, string], { question_id: string }>(
			`SELECT v.question_id FROM question_votes v JOIN questions q ON q.id = v.question_id
			 WHERE q.event_id = ? AND q.session_id = ? AND v.device_hash = ?`
		),
		settings: db.prepare<
			[string, string],
			{ premoderated: number; pinned_id: string | null; verified_only: number }
		>('SELECT premoderated, pinned_id, verified_only FROM qa_sessions WHERE event_id = ? AND session_id = ?'),
		setVerifiedOnly: db.prepare(
			`INSERT INTO qa_sessions (event_id, session_id, verified_only) VALUES (?, ?, ?)
			 ON CONFLICT(event_id, session_id) DO UPDATE SET verified_only = excluded.verified_only`
		),
		setPremoderated: db.prepare(
			`INSERT INTO qa_sessions (event_id, session_id, premoderated) VALUES (?, ?, ?)
			 ON CONFLICT(event_id, session_id) DO UPDATE SET premoderated = excluded.premoderated`
		),
		setPinned: db.prepare(
			`INSERT INTO qa_sessions (event_id, session_id, pinned_id) VALUES (?, ?, ?)
			 ON CONFLICT(event_id, session_id) DO UPDATE SET pinned_id = excluded.pinned_id`
		)
	};

	const settings = (eventId: string, sessionId: string) => {
		const s = q.settings.get(eventId, sessionId);
		return {
			premoderated: s ? s.premoderated === 1 : true,
			pinnedId: s?.pinned_id ?? null,
			verifiedOnly: s?.verified_only === 1
		};
	};

	return {
		settings,
		insert(n: NewQuestion) {
			q.insert.run({
				...n,
				flags: JSON.stringify(n.flags),
				publishedAt: n.state === 'published' ? n.now : null
			});
		},
		get(id: string): StoredQuestion | undefined {
			const r = q.get.get(id);
			return r && toQuestion(r, settings(r.event_id, r.session_id).pinnedId);
		},
		bySession(eventId: string, sessionId: string) {
			const { pinnedId } = settings(eventId, sessionId);
			return q.bySession.all(eventId, sessionId).map((r) => toQuestion(r, pinnedId));
		},
		published(eventId: string, sessionId: string) {
			const { pinnedId } = settings(eventId, sessionId);
			return q.publishedBySession.all(eventId, sessionId).map((r) => toQuestion(r, pinnedId));
		},
		mine(eventId: string, sessionId: string, deviceHash: string) {
			return q.mine.all(eventId, sessionId, deviceHash).map((r) => toQuestion(r, null));
		},
		counts(eventId: string, sessionId: string): QaCounts {
			const c: QaCounts = { received: 0, published: 0, answered: 0, merged: 0, notPublished: 0 };
			for (const row of q.counts.all(eventId, sessionId)) {
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
		save(x: StoredQuestion, now: string) {
			q.update.run({
				id: x.id,
				text: x.text,
				originalText: x.originalText,
				objectiveId: x.objectiveId,
				state: x.state,
				answered: x.answered ? 1 : 0,
				declineReason: x.declineReason,
				reply: x.reply,
				mergedInto: x.mergedInto,
				publishedAt: x.publishedAt,
				now
			});
		},
		/** Adds or withdraws one device's vote; returns whether anything changed and the new count. */
		vote(questionId: string, deviceHash: string, up: boolean, now: string) {
			const changed = up
				? q.addVote.run(questionId, deviceHash, now).changes
				: q.removeVote.run(questionId, deviceHash).changes;
			const votes = changed ? q.bumpVotes.get(up ? 1 : -1, questionId)!.votes : q.get.get(questionId)!.votes;
			return { changed: changed > 0, votes };
		},
		mergeVotes(fromId: string, intoId: string) {
			q.moveVotes.run(intoId, fromId);
			q.dropVotes.run(fromId);
			return q.recount.get(intoId, intoId)!.votes;
		},
		myVotes: (eventId: string, sessionId: string, deviceHash: string) =>
			q.myVotes.all(eventId, sessionId, deviceHash).map((r) => r.question_id),
		setPremoderated: (eventId: string, sessionId: string, on: boolean) =>
			q.setPremoderated.run(eventId, sessionId, on ? 1 : 0),
		setVerifiedOnly: (eventId: string, sessionId: string, on: boolean) =>
			q.setVerifiedOnly.run(eventId, sessionId, on ? 1 : 0),
		setPinned: (eventId: string, sessionId: string, id: string | null) =>
			q.setPinned.run(eventId, sessionId, id)
	};
}
export type QaStore = ReturnType<typeof createQaStore>;
