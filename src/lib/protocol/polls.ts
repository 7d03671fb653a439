import { z } from 'zod';
import type { ErrorReason, ReasonParams } from './reasons';
import { ClientId, Slug } from './schemas';
import { UserText } from './text';
import { OPEN_TEXT_MAX, WORD_MAX, WORDS_PER_BALLOT } from './text-limits';

export const POLL_TYPES = ['single', 'multiple', 'rating', 'ranking', 'wordcloud', 'open'] as const;
export type PollType = (typeof POLL_TYPES)[number];
export const POLL_STATES = ['draft', 'open', 'closed'] as const;
export type PollState = (typeof POLL_STATES)[number];
export const RESULTS_VISIBILITY = ['hidden', 'chair', 'everyone'] as const;
export type ResultsVisibility = (typeof RESULTS_VISIBILITY)[number];

/** The transitions a poll may take; anything else is refused and changes nothing. */
export const POLL_TRANSITIONS = {
	open: ['draft'],
	close: ['open'],
	reopen: ['closed'],
	/** An open poll starts a countdown to its close (`countdownSeconds`), or stops one (null); it stays open. */
	countdown: ['open']
} as const satisfies Record<string, readonly PollState[]>;
export type PollAction = keyof typeof POLL_TRANSITIONS;

export { OPEN_TEXT_MAX, WORD_MAX, WORDS_PER_BALLOT } from './text-limits';
export const DEFAULT_MIN_BALLOTS = 5;

const Write = { clientId: ClientId, eventId: Slug };
export const POLL_ID_PATTERN = /^p-[a-z0-9-]{3,40}$/;
export const PollId = z.string().regex(POLL_ID_PATTERN);
const Label = UserText(120);
export const PollOption = z.strictObject({ id: Slug, label: Label });
export type PollOption = z.infer<typeof PollOption>;

/** What defines a poll (shared by the chair's form, presets in event files, and the hub). */
export const PollDefinitionFields = z.strictObject({
	type: z.enum(POLL_TYPES),
	question: UserText(200, { min: 3 }),
	/** Choices for single/multiple; the items rated or ranked for rating/ranking (empty = the event's objectives). */
	options: z.array(PollOption).max(12).default([]),
	maxChoices: z.number().int().min(1).max(12).nullable().default(null),
	minBallots: z.number().int().min(1).max(1000).default(DEFAULT_MIN_BALLOTS),
	/** Only verified attendees vote, one ballot per badge whatever the phone. */
	verifiedOnly: z.boolean().default(false)
});

/** One thing that stops a poll definition being a poll: the field to fix, and the reason pages word it by. */
export interface PollProblem {
	path: 'options' | 'maxChoices';
	message: string;
	reason: Extract<
		ErrorReason,
		'poll-too-few-choices' | 'poll-too-few-items' | 'poll-duplicate-choices' | 'poll-max-choices'
	>;
	params?: ReasonParams;
}

/**
 * The checks a poll definition passes beyond its fields' own: the hub refuses a chair's poll by the first (with its
 * reason), and an event file's preset by all of them (as located problems, through `refinePoll`).
 */
export function pollDefinitionProblems(p: z.output<typeof PollDefinitionFields>): PollProblem[] {
	const problems: PollProblem[] = [];
	if ((p.type === 'single' || p.type === 'multiple') && p.options.length < 2) {
		problems.push({
			path: 'options',
			message: 'give at least two choices',
			reason: 'poll-too-few-choices',
			params: { min: 2 }
		});
	}
	if ((p.type === 'rating' || p.type === 'ranking') && p.options.length === 1) {
		problems.push({
			path: 'options',
			message: 'give at least two items, or none to use the objectives',
			reason: 'poll-too-few-items',
			params: { min: 2 }
		});
	}
	const ids = new Set(p.options.map((o) => o.id));
	if (ids.size !== p.options.length)
		problems.push({ path: 'options', message: 'choice ids must differ', reason: 'poll-duplicate-choices' });
	if (p.type === 'multiple' && p.maxChoices !== null && p.maxChoices > p.options.length) {
		problems.push({
			path: 'maxChoices',
			message: 'more than there are choices',
			reason: 'poll-max-choices',
			params: { max: p.options.length }
		});
	}
	return problems;
}

export function refinePoll(p: z.output<typeof PollDefinitionFields>, ctx: z.RefinementCtx) {
	for (const { path, message, reason, params } of pollDefinitionProblems(p))
		ctx.addIssue({ code: 'custom', path: [path], message, params: { reason, params } });
}

export const PollDefinition = PollDefinitionFields.superRefine(refinePoll);
export type PollDefinition = z.output<typeof PollDefinition>;

/** A ballot's answer. Its shape must match the poll's type; the hub checks it against the poll. */
export const BallotAnswer = z.union([
	z.strictObject({ choice: Slug }),
	z.strictObject({ choices: z.array(Slug).min(1).max(12) }),
	z.strictObject({ ratings: z.record(Slug, z.number().int().min(1).max(5)) }),
	z.strictObject({ ranking: z.array(Slug).min(2).max(12) }),
	z.strictObject({ words: z.array(UserText(WORD_MAX)).min(1).max(WORDS_PER_BALLOT) }),
	z.strictObject({ text: UserText(OPEN_TEXT_MAX, { multiline: true }) })
]);
export type BallotAnswer = z.infer<typeof BallotAnswer>;

export const PollList = z.strictObject({ eventId: Slug, sessionId: Slug });
export const PollVote = z.strictObject({ ...Write, pollId: PollId, answer: BallotAnswer });
export const PollManage = z.strictObject({ eventId: Slug, sessionId: Slug });
// A command's poll is checked by the hub (`pollDefinitionProblems`), which refuses it with a reason a chair can read.
export const PollCreate = z.strictObject({ ...Write, sessionId: Slug, poll: PollDefinitionFields });
export const PollEdit = z.strictObject({ ...Write, pollId: PollId, poll: PollDefinitionFields });
export const PollDelete = z.strictObject({ ...Write, pollId: PollId });
export const PollTransition = z.strictObject({
	...Write,
	pollId: PollId,
	action: z.enum(['open', 'close', 'reopen', 'countdown']),
	/** With open/reopen/countdown: close by itself after this many seconds (countdown with null stops one). */
	countdownSeconds: z.number().int().min(10).max(3600).nullable().default(null)
});
export const PollReveal = z.strictObject({
	...Write,
	pollId: PollId,
	visibility: z.enum(RESULTS_VISIBILITY)
});
export const PollPublishText = z.strictObject({
	...Write,
	pollId: PollId,
	answerId: z.string().min(1).max(64),
	published: z.boolean()
});

export interface PollView {
	id: string;
	sessionId: string;
	type: PollType;
	question: string;
	options: PollOption[];
	maxChoices: number | null;
	minBallots: number;
	state: PollState;
	visibility: ResultsVisibility;
	closesAt: string | null;
	/** When a closed poll closed (null while it is a draft or open): the hall screen shows the latest closed one. */
	closedAt: string | null;
	preset: boolean;
	verifiedOnly: boolean;
	ballots: number;
	/** Null when the viewer may not see results yet (hidden, or fewer ballots than the minimum). */
	results: PollResults | null;
	/** For staff only: signs that ballots were stuffed. Null for the audience. */
	integrity: PollIntegrity | null;
}

/** What the chair sees before revealing results: signs that ballots came from fresh or shared devices. */
export interface PollIntegrity {
	/** Ballots cast from devices the hub first issued an id to after the poll first opened. */
	newDevices: number;
	/**
	 * The most ballots cast from one source address, of how many ballots the hub saw cast since it started: counted
	 * in memory only, never stored. Null before any.
	 */
	topAddress: { ballots: number; of: number } | null;
}

export type PollResults =
	| { type: 'single' | 'multiple'; counts: Record<string, number> }
	| { type: 'rating'; items: Record<string, { mean: number; distribution: number[] }> }
	| { type: 'ranking'; items: Record<string, { borda: number; positions: number[] }> }
	| { type: 'wordcloud'; words: { word: string; count: number }[] }
	| { type: 'open'; answers: { id: string; text: string; published: boolean }[] };

export interface PollListResult {
	sessionId: string;
	polls: PollView[];
	/** This device's ballot per poll id. */
	mine: Record<string, BallotAnswer>;
}

/** Facts: a poll changed (state, definition, visibility) or its results moved (coalesced). */
export type PollFact =
	| { type: 'poll'; poll: PollView }
	| { type: 'removed'; sessionId: string; pollId: string }
	| {
			type: 'results';
			sessionId: string;
			pollId: string;
			ballots: number;
			results: PollResults | null;
			integrity: PollIntegrity | null;
	  };
