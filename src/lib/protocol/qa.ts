import { z } from 'zod';
import { ClientId, Slug } from './schemas';
import { UserText } from './text';
import { QUESTION_MAX, QUESTION_MIN } from './text-limits';

export { QUESTION_MAX, QUESTION_MIN } from './text-limits';

const Write = { clientId: ClientId, eventId: Slug };
const QuestionId = z.string().regex(/^q-[a-z0-9]{6,24}$/);
const OptionalField = (max: number) =>
	UserText(max, { min: 0 })
		.optional()
		.transform((s) => (s ? s : null));

export const QaOpen = z.strictObject({ eventId: Slug, sessionId: Slug });
export const QuestionAsk = z.strictObject({
	...Write,
	sessionId: Slug,
	text: UserText(QUESTION_MAX, { min: QUESTION_MIN, multiline: true }),
	name: OptionalField(80),
	organisation: OptionalField(120),
	country: OptionalField(80),
	objectiveId: Slug.nullable().default(null)
});
export const QuestionVote = z.strictObject({ ...Write, questionId: QuestionId, up: z.boolean() });
/**
 * The asker takes their own question back, in whatever state it is: it is deleted for everyone. Only the device that
 * asked it may (the hub knows which from the connection, never from the payload).
 */
export const QuestionWithdraw = z.strictObject({ ...Write, questionId: QuestionId });

export const QaModerate = z.strictObject({ eventId: Slug, sessionId: Slug });
/** How many questions wait for a moderator in each session the staff link reaches, for the console's session picker. */
export const QaWaiting = z.strictObject({ eventId: Slug });
/**
 * `seen`: the state the moderator saw the question(s) in when deciding. Another moderator's decision that moved it
 * in between is not overwritten: the command is refused and says which decision came first. Without it, the
 * decision applies to whatever state the question is in now (API users, older consoles).
 */
const Seen = z.enum(['pending', 'published', 'declined', 'merged', 'archived']).optional();
export const QuestionApprove = z.strictObject({
	...Write,
	questionIds: z.array(QuestionId).min(1).max(100),
	seen: Seen
});
export const QuestionDecline = z.strictObject({
	...Write,
	questionId: QuestionId,
	reason: UserText(300, { min: 0, multiline: true }).default(''),
	seen: Seen
});
/**
 * `seenText`: the question's text as the moderator saw it when starting the edit, compared as it is (not cleaned).
 * An edit another moderator saved in between is not overwritten: the command is refused with
 * 'question-edited-meanwhile'. Without it, the edit replaces whatever the text is now (API users, older consoles).
 */
export const QuestionEdit = z.strictObject({
	...Write,
	questionId: QuestionId,
	text: UserText(QUESTION_MAX, { min: QUESTION_MIN, multiline: true }),
	seenText: z.string().max(QUESTION_MAX).optional()
});
export const QuestionMerge = z.strictObject({ ...Write, questionId: QuestionId, intoId: QuestionId });
export const QuestionLabel = z.strictObject({
	...Write,
	questionId: QuestionId,
	objectiveId: Slug.nullable()
});
export const QuestionPin = z.strictObject({ ...Write, sessionId: Slug, questionId: QuestionId.nullable() });
export const QuestionAnswer = z.strictObject({
	...Write,
	questionId: QuestionId,
	answered: z.boolean(),
	/** Leave the question on the hall screen although it is answered (by default answering unpins it). */
	keepPinned: z.boolean().optional()
});
export const QuestionArchive = z.strictObject({ ...Write, questionId: QuestionId });
/** Undo of archive and of merge: the question goes back to the state it was in. */
export const QuestionRestore = z.strictObject({ ...Write, questionId: QuestionId });
export const QuestionUnmerge = z.strictObject({ ...Write, questionId: QuestionId });
/**
 * `seenReply`: the reply as the moderator saw it when starting to write ('' for none), compared as it is. A reply
 * another moderator saved in between is not overwritten: the command is refused with 'question-replied-meanwhile'.
 * Without it, the reply replaces whatever is there now (API users, older consoles).
 */
export const QuestionReply = z.strictObject({
	...Write,
	questionId: QuestionId,
	reply: UserText(500, { min: 0, multiline: true }),
	seenReply: z.string().max(500).optional()
});
export const QaSettings = z.strictObject({ ...Write, sessionId: Slug, premoderated: z.boolean() });
/** Only verified attendees (a redeemed badge) may ask and upvote in this session. */
export const QaRestrict = z.strictObject({ ...Write, sessionId: Slug, verifiedOnly: z.boolean() });

export const QUESTION_STATES = ['pending', 'published', 'declined', 'merged', 'archived'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/**
 * What a moderator may do to a question in which state, and the state it leaves behind (`null`: the state stays,
 * the action only needs the question to be in one of `from`; `'previous'`: back to the state it was in before it
 * was archived or merged). Anything else is refused and changes nothing.
 */
export const QUESTION_TRANSITIONS = {
	approve: { from: ['pending', 'declined'], to: 'published' },
	decline: { from: ['pending', 'published', 'declined', 'archived'], to: 'declined' },
	archive: { from: ['pending', 'published', 'declined'], to: 'archived' },
	merge: { from: ['pending', 'published', 'declined'], to: 'merged' },
	/** Taking in another question's merge. */
	absorb: { from: ['pending', 'published'], to: null },
	/** Undoing an archive. */
	restore: { from: ['archived'], to: 'previous' },
	/** Undoing a merge: the merged question comes back with the votes the merge carried over. */
	unmerge: { from: ['merged'], to: 'previous' },
	/** Giving back a question merged into this one (refused while this one is itself merged: unmerge it first). */
	release: { from: ['pending', 'published', 'declined', 'archived'], to: null },
	answer: { from: ['published'], to: null },
	pin: { from: ['published'], to: null }
} as const satisfies Record<
	string,
	{ from: readonly QuestionState[]; to: QuestionState | null | 'previous' }
>;
export type QuestionAction = keyof typeof QUESTION_TRANSITIONS;
export const QUESTION_FLAGS = ['profanity', 'email', 'phone', 'id-number'] as const;
export type QuestionFlag = (typeof QUESTION_FLAGS)[number];

/** A question as the room sees it (published or answered only). Never carries who asked beyond what they typed. */
export interface PublicQuestion {
	id: string;
	sessionId: string;
	text: string;
	name: string | null;
	organisation: string | null;
	country: string | null;
	objectiveId: string | null;
	votes: number;
	answered: boolean;
	pinned: boolean;
	reply: string | null;
	edited: boolean;
	publishedAt: string;
}

/** What moderators see, including the queue. */
export interface ModQuestion extends Omit<PublicQuestion, 'publishedAt'> {
	state: QuestionState;
	originalText: string | null;
	flags: QuestionFlag[];
	declineReason: string | null;
	mergedInto: string | null;
	createdAt: string;
	publishedAt: string | null;
}

/** The asker's own view of a question on their device. */
export interface MyQuestion {
	id: string;
	sessionId: string;
	text: string;
	/**
	 * "not-published" covers declined: the asker is never told more. "merged": joined with a similar question (its
	 * votes count there), whether or not it had been published. "withdrawn": the asker took it back and it is deleted
	 * (its `text` is empty): every tab of the device drops it.
	 */
	state: 'awaiting-review' | 'published' | 'answered' | 'not-published' | 'merged' | 'withdrawn';
	createdAt: string;
	/**
	 * The client id of the write that asked it, in the answer to that write and in the news of it to the asker's
	 * other sockets only: a tab that still holds the write on the device knows from it that the hub has it.
	 */
	clientId?: string;
}

export interface QaCounts {
	received: number;
	published: number;
	answered: number;
	merged: number;
	notPublished: number;
}

export interface QaRoomState {
	sessionId: string;
	premoderated: boolean;
	verifiedOnly: boolean;
	questions: PublicQuestion[];
	counts: QaCounts;
	myVotes: string[];
	mine: MyQuestion[];
}

/** Session id -> questions waiting for review there (only sessions with some, and only those the link reaches). */
export interface QaWaitingResult {
	waiting: Record<string, number>;
}

export interface QaModState {
	sessionId: string;
	premoderated: boolean;
	verifiedOnly: boolean;
	questions: ModQuestion[];
	counts: QaCounts;
}

/** Facts for a session's Q&A room (attendees) and its moderators. */
export type QaFact =
	| { type: 'question'; sessionId: string; question: PublicQuestion; counts: QaCounts }
	| { type: 'removed'; sessionId: string; questionId: string; counts: QaCounts }
	| { type: 'counts'; sessionId: string; counts: QaCounts }
	| { type: 'pinned'; sessionId: string; questionId: string | null }
	| { type: 'settings'; sessionId: string; premoderated: boolean; verifiedOnly: boolean };

export type QaModFact =
	| { type: 'question'; sessionId: string; question: ModQuestion; counts: QaCounts }
	/** The asker withdrew the question: it is deleted, and leaves every list. */
	| { type: 'removed'; sessionId: string; questionId: string; counts: QaCounts }
	| { type: 'pinned'; sessionId: string; questionId: string | null }
	| { type: 'settings'; sessionId: string; premoderated: boolean; verifiedOnly: boolean };

/** Coalesced vote counts for one session: question id -> votes. */
export interface QaVotes {
	sessionId: string;
	votes: Record<string, number>;
	/** The session's transparency counts, when they changed since the last update. */
	counts?: QaCounts;
}
