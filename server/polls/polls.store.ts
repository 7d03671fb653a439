import { lockingRead, type Sql } from '../db/sql';
import type {
	BallotAnswer,
	PollOption,
	PollState,
	PollType,
	ResultsVisibility
} from '../../src/lib/protocol';

interface PollRow {
	id: string;
	event_id: string;
	session_id: string;
	type: PollType;
	question: string;
	options: string;
	max_choices: number | null;
	min_ballots: number;
	state: PollState;
	visibility: ResultsVisibility;
	closes_at: string | null;
	preset: number;
	position: number;
	verified_only: number;
	first_opened_at: string | null;
	closed_at: string | null;
}

export interface StoredPoll {
	id: string;
	eventId: string;
	sessionId: string;
	type: PollType;
	question: string;
	options: PollOption[];
	maxChoices: number | null;
	minBallots: number;
	state: PollState;
	visibility: ResultsVisibility;
	closesAt: string | null;
	preset: boolean;
	position: number;
	/** One ballot per badge, from verified attendees only. */
	verifiedOnly: boolean;
	/** When the poll first opened; a reopen keeps it. */
	firstOpenedAt: string | null;
	/** When it last closed (null until it has). */
	closedAt: string | null;
}

const toPoll = (r: PollRow): StoredPoll => ({
	id: r.id,
	eventId: r.event_id,
	sessionId: r.session_id,
	type: r.type,
	question: r.question,
	options: JSON.parse(r.options) as PollOption[],
	maxChoices: r.max_choices,
	minBallots: r.min_ballots,
	state: r.state,
	visibility: r.visibility,
	closesAt: r.closes_at,
	preset: r.preset === 1,
	position: r.position,
	verifiedOnly: r.verified_only === 1,
	firstOpenedAt: r.first_opened_at,
	closedAt: r.closed_at ?? null
});

export interface StoredBallot {
	/** Who the ballot counts for: the device hash, or in a verified-only poll the badge's key. */
	voter: string;
	/** The device that cast it. */
	deviceHash: string;
	answer: BallotAnswer;
	answerId: string;
	published: boolean;
}

type BallotRow = { voter: string; device_hash: string; answer: string; answer_id: string; published: number };

/** SQL for polls and ballots. */
export function createPollsStore(sql: Sql) {
	const q = {
		get: 'SELECT * FROM polls WHERE event_id = ? AND id = ?',
		getToChange: lockingRead(sql, 'SELECT * FROM polls WHERE event_id = ? AND id = ?'),
		bySession: 'SELECT * FROM polls WHERE event_id = ? AND session_id = ? ORDER BY position, created_at',
		withCountdown: "SELECT * FROM polls WHERE state = 'open' AND closes_at IS NOT NULL",
		openInEvent: "SELECT * FROM polls WHERE event_id = ? AND state = 'open' ORDER BY opened_at",
		nextPosition:
			'SELECT coalesce(max(position), -1) + 1 AS p FROM polls WHERE event_id = ? AND session_id = ?',
		upsert: `INSERT INTO polls (id, event_id, session_id, type, question, options, max_choices, min_ballots, verified_only, preset, position, created_at)
			 VALUES (@id, @eventId, @sessionId, @type, @question, @options, @maxChoices, @minBallots, @verifiedOnly, @preset, @position, @now)
			 ON CONFLICT(event_id, id) DO UPDATE SET type = excluded.type, question = excluded.question, options = excluded.options,
			   max_choices = excluded.max_choices, min_ballots = excluded.min_ballots, verified_only = excluded.verified_only
			 WHERE polls.state = 'draft'`,
		setState: `UPDATE polls SET state = @state, closes_at = @closesAt,
			   opened_at = CASE WHEN @state = 'open' THEN @now ELSE opened_at END,
			   first_opened_at = coalesce(first_opened_at, CASE WHEN @state = 'open' THEN @now END),
			   closed_at = CASE WHEN @state = 'closed' THEN @now ELSE closed_at END
			 WHERE event_id = @eventId AND id = @id`,
		setCountdown: `UPDATE polls SET closes_at = @closesAt WHERE event_id = @eventId AND id = @id AND state = 'open'`,
		closeDue: `UPDATE polls SET state = 'closed', closes_at = NULL, closed_at = @now
			 WHERE event_id = @eventId AND id = @id AND state = 'open' AND closes_at = @closesAt`,
		setVisibility: 'UPDATE polls SET visibility = ? WHERE event_id = ? AND id = ?',
		delete: "DELETE FROM polls WHERE event_id = ? AND id = ? AND state = 'draft'",
		ballots:
			'SELECT voter, device_hash, answer, answer_id, published FROM ballots WHERE event_id = ? AND poll_id = ? ORDER BY created_at',
		ballot: 'SELECT answer FROM ballots WHERE event_id = ? AND poll_id = ? AND voter = ?',
		answerCounts:
			'SELECT answer, count(*) AS n FROM ballots WHERE event_id = ? AND poll_id = ? GROUP BY answer ORDER BY answer',
		upsertBallot: `INSERT INTO ballots (event_id, poll_id, voter, device_hash, answer, answer_id, created_at, updated_at)
			 VALUES (@eventId, @pollId, @voter, @deviceHash, @answer, @answerId, @now, @now)
			 ON CONFLICT(event_id, poll_id, voter) DO UPDATE SET answer = excluded.answer, device_hash = excluded.device_hash,
			   updated_at = excluded.updated_at, published = 0`,
		mine: `SELECT b.poll_id, b.answer FROM ballots b JOIN polls p ON p.event_id = b.event_id AND p.id = b.poll_id
			 WHERE p.event_id = ? AND p.session_id = ? AND b.voter IN (?, ?)`,
		freshVoters: `SELECT b.voter FROM ballots b JOIN devices d ON d.hash = b.device_hash
			 WHERE b.event_id = ? AND b.poll_id = ? AND d.first_seen > ?`,
		publish: 'UPDATE ballots SET published = ? WHERE event_id = ? AND poll_id = ? AND answer_id = ?'
	};
	const polls = async (text: string, params: unknown[]) => (await sql.all<PollRow>(text, params)).map(toPoll);

	return {
		/** A poll by its id, which is unique within its event (two events may use the same preset ids). */
		async get(eventId: string, id: string) {
			const r = await sql.get<PollRow>(q.get, [eventId, id]);
			return r && toPoll(r);
		},
		/**
		 * The poll, for a command that checks it (its state) and then changes it: its row stays locked until the
		 * transaction ends, so another hub's transition of it waits and then checks the state this one left (see
		 * `lockingRead`). Ballots are not held up: they lock nothing of the poll's.
		 */
		async getToChange(eventId: string, id: string) {
			const r = await sql.get<PollRow>(q.getToChange, [eventId, id]);
			return r && toPoll(r);
		},
		bySession: (eventId: string, sessionId: string) => polls(q.bySession, [eventId, sessionId]),
		withCountdown: () => polls(q.withCountdown, []),
		openInEvent: (eventId: string) => polls(q.openInEvent, [eventId]),
		/** Creates a poll, or redefines it while it is still a draft. */
		async upsert(
			p: Omit<StoredPoll, 'state' | 'visibility' | 'closesAt' | 'position' | 'firstOpenedAt' | 'closedAt'> & {
				position?: number;
			},
			now: string
		) {
			const position =
				p.position ?? (await sql.get<{ p: number }>(q.nextPosition, [p.eventId, p.sessionId]))!.p;
			await sql.run(q.upsert, {
				...p,
				options: JSON.stringify(p.options),
				preset: p.preset ? 1 : 0,
				verifiedOnly: p.verifiedOnly ? 1 : 0,
				position,
				now
			});
		},
		setState: (eventId: string, id: string, state: PollState, closesAt: string | null, now: string) =>
			sql.run(q.setState, { eventId, id, state, closesAt, now }),
		setCountdown: (eventId: string, id: string, closesAt: string | null) =>
			sql.run(q.setCountdown, { eventId, id, closesAt }),
		/**
		 * Closes a poll whose countdown `closesAt` ran out, only if it is still open on that countdown: of several hubs
		 * whose timers fire together one update matches (PostgreSQL re-checks the row once the first commits).
		 */
		closeDue: async (eventId: string, id: string, closesAt: string, now: string) =>
			(await sql.run(q.closeDue, { eventId, id, closesAt, now })).changes === 1,
		setVisibility: (eventId: string, id: string, v: ResultsVisibility) =>
			sql.run(q.setVisibility, [v, eventId, id]),
		delete: async (eventId: string, id: string) => (await sql.run(q.delete, [eventId, id])).changes === 1,
		ballots: async (eventId: string, pollId: string): Promise<StoredBallot[]> =>
			(await sql.all<BallotRow>(q.ballots, [eventId, pollId])).map((b) => ({
				voter: b.voter,
				deviceHash: b.device_hash,
				answer: JSON.parse(b.answer) as BallotAnswer,
				answerId: b.answer_id,
				published: b.published === 1
			})),
		/** Each distinct answer of a poll with how many ballots give it: the tally counted by the database. */
		answerCounts: async (eventId: string, pollId: string) =>
			(await sql.all<{ answer: string; n: number }>(q.answerCounts, [eventId, pollId])).map((r) => ({
				answer: JSON.parse(r.answer) as BallotAnswer,
				n: r.n
			})),
		async ballot(eventId: string, pollId: string, voter: string): Promise<BallotAnswer | undefined> {
			const r = await sql.get<{ answer: string }>(q.ballot, [eventId, pollId, voter]);
			return r && (JSON.parse(r.answer) as BallotAnswer);
		},
		saveBallot: (
			eventId: string,
			b: { pollId: string; voter: string; deviceHash: string; answer: BallotAnswer; answerId: string },
			now: string
		) => sql.run(q.upsertBallot, { eventId, ...b, answer: JSON.stringify(b.answer), now }),
		/** A phone's ballots in a session: as its device, and as the badge it holds (if any). */
		mine: async (
			eventId: string,
			sessionId: string,
			voters: { device: string | null; badge: string | null }
		) =>
			Object.fromEntries(
				(
					await sql.all<{ poll_id: string; answer: string }>(q.mine, [
						eventId,
						sessionId,
						voters.device ?? '',
						voters.badge ?? ''
					])
				).map((r) => [r.poll_id, JSON.parse(r.answer) as BallotAnswer])
			),
		/** Voters whose ballot came from a device first issued an id after `since`. */
		freshVoters: async (eventId: string, pollId: string, since: string) =>
			(await sql.all<{ voter: string }>(q.freshVoters, [eventId, pollId, since])).map((r) => r.voter),
		publishAnswer: async (eventId: string, pollId: string, answerId: string, published: boolean) =>
			(await sql.run(q.publish, [published ? 1 : 0, eventId, pollId, answerId])).changes === 1
	};
}
export type PollsStore = ReturnType<typeof createPollsStore>;
