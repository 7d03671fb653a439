import { z } from 'zod';
import { ClientId, Slug } from './schemas';
import type { PollResults, PollType } from './polls';
import type { QaCounts, QuestionState } from './qa';

const Write = { clientId: ClientId, eventId: Slug };

// ---- personal agenda: stars and the private calendar feed (kept under the device, no account) ----

/** Stars or unstars one session for this device; setting what is already set changes nothing. */
export const StarSet = z.strictObject({ ...Write, sessionId: Slug, starred: z.boolean() });
/** This device's starred sessions in the event. */
export const StarList = z.strictObject({ eventId: Slug });
/**
 * A new private calendar feed address for this device (`/e/{code}/my/{token}.ics`, only its hash is stored): any
 * earlier address of the device stops working, so this is also how a feed is revoked. Shown once: a retry of the
 * same client id answers `path: null`.
 */
export const FeedLink = z.strictObject({ ...Write });
/** Whether this device has a live feed address, and since when (the address itself cannot be read back). */
export const FeedStatus = z.strictObject({ eventId: Slug });
/** Turns a feed address off without a new one. */
export const FeedRevoke = z.strictObject({ ...Write });

export interface StarsResult {
	/** Starred session ids, in programme order. */
	stars: string[];
}
export interface StarSetResult extends StarsResult {
	sessionId: string;
	starred: boolean;
}
export interface FeedLinkResult {
	/** Path of the personal feed, relative to the site (prefix the origin, or `webcal://host`); null on a retry. */
	path: string | null;
	createdAt: string;
}
export interface FeedStatusResult {
	active: boolean;
	createdAt: string | null;
}

// ---- Chatham House ----

/**
 * Puts a session under the Chatham House rule (or takes it off). While on, the hub keeps no name, organisation or
 * country with a question asked there (it drops them and still takes the question), and turning it on erases those
 * of questions already asked, so no fact, snapshot, export or report can carry them.
 */
export const SessionChatham = z.strictObject({ ...Write, sessionId: Slug, on: z.boolean() });

// ---- attendance over time (counts only) ----

/** Head count per hall at one minute, from the hub's presence counts; `total` includes phones in no hall. */
export interface AttendanceSample {
	at: string;
	total: number;
	byRoom: Record<string, number>;
}
export interface AttendanceSeries {
	eventId: string;
	/** Sampling interval in seconds. */
	intervalSeconds: number;
	rooms: { id: string; name: string }[];
	samples: AttendanceSample[];
}

// ---- the outcome report (served at GET /organiser/report.json[?session=ID]) ----

export interface ReportQuestion {
	id: string;
	sessionId: string;
	text: string;
	votes: number;
	answered: boolean;
	state: QuestionState;
	reply: string | null;
	objectiveId: string | null;
	/** Null when not given, and always null in a Chatham House session. */
	name: string | null;
	organisation: string | null;
	country: string | null;
}

/** One row of a poll's result with its label resolved: counts and shares, or a rating's mean, or a Borda score. */
export interface ReportPollRow {
	id: string;
	label: string;
	/** single/multiple: ballots that chose it; wordcloud: times the word was given; rating/ranking: ballots that rated or ranked it. */
	count: number;
	/** count / ballots (0..1); for multiple choice the shares may add up to more than 1. */
	share: number;
	/** rating: mean of 1..5 (0 with no rating). */
	mean?: number;
	/** rating: how many gave 1..5 stars. */
	distribution?: number[];
	/** ranking: Borda score (first place n-1 points, last none). */
	borda?: number;
	/** ranking: how many put it 1st, 2nd, ... */
	positions?: number[];
}

export interface ReportPoll {
	id: string;
	sessionId: string;
	question: string;
	type: PollType;
	state: 'open' | 'closed';
	ballots: number;
	/** Ballots / the highest head count in the session's hall while it ran (null without attendance samples). */
	turnout: number | null;
	/** The chair restricted it to verified attendees: one ballot per redeemed badge code. */
	verifiedOnly: boolean;
	/**
	 * How many of its ballots came from phones the hub first issued an id to after the poll first opened (what a
	 * stuffed poll shows: ballots from fresh ids), read from the stored ballots; null when not known.
	 */
	newDevices: number | null;
	rows: ReportPollRow[];
	/** Open-text polls: the answers a chair or moderator published (never the rest). */
	answers: string[];
	/** The tally as the wire carries it, keyed by ids (see PollResults). */
	results: PollResults;
}

export interface ReportSession {
	id: string;
	title: string;
	roomId: string;
	roomName: string;
	startsAt: string;
	endsAt: string;
	delayMinutes: number;
	cancelled: boolean;
	chathamHouse: boolean;
	objectives: string[];
	/** Moderation counts: received, published, answered, merged, not published. */
	moderation: QaCounts;
	/** The highest head count in the hall between the session's (delayed) start and end, if sampled. */
	peakAttendance: number | null;
}

export interface ReportObjectiveSection {
	/** Null: questions and polls tied to no objective. */
	objective: { id: string; name: string; description: string } | null;
	sessions: string[];
	/** Top questions by votes, answered or not (published, answered or archived after publishing). */
	topQuestions: ReportQuestion[];
	polls: ReportPoll[];
	moderation: QaCounts;
}

export interface OutcomeReport {
	generatedAt: string;
	event: { id: string; code: string; title: string; timezone: string; startsOn: string; endsOn: string };
	/** Set when the report covers one session. */
	sessionId: string | null;
	sessions: ReportSession[];
	/** One section per objective in the event's order, then one for what no objective claims. */
	byObjective: ReportObjectiveSection[];
	moderation: QaCounts;
	/** Poll ballots over all polls in scope, and the share of the peak head count that voted on average. */
	turnout: { polls: number; ballots: number; meanTurnout: number | null };
	attendance: AttendanceSeries;
}
