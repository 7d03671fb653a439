// What a page needs to word a refusal, apart from the ack's schemas (zod): the attendee pages load this, not zod.

/**
 * Which refusal it is, for the refusals a person can meet: pages word it in their own language from this key (and
 * `params`), never from the English `message`, which stays for logs and API users. Append only: clients that do not
 * know a reason fall back to the code's text.
 */
export const ERROR_REASONS = [
	/** The poll is closed (or was closed before the ballot arrived). */
	'poll-closed',
	'poll-not-found',
	'question-not-found',
	/** The agenda session is cancelled: no questions or votes. */
	'session-cancelled',
	/** The event is archived and read-only. */
	'event-archived',
	/** The staff sign-in was ended or its link revoked. */
	'signin-ended',
	/** This role (or this hall's link) may not do this. */
	'role-forbidden',
	/** Too many writes: `params.seconds` until the same write would be accepted. */
	'too-fast',
	'join-first',
	'payload-too-large',
	/** A moderator's edit left the text as it was. */
	'text-unchanged',
	/** The question moved on (approved, answered, archived...) before this action arrived. */
	'question-moved-on',
	/** The poll is not in a state that allows this (e.g. opening an open poll). */
	'poll-state',
	'badge-code-taken',
	'badge-other-held',
	'badge-not-found',
	'own-link',
	'own-signin',
	/** An event code another event already uses: `params.code`. */
	'code-taken',
	/** The typed code did not match the event's: `params.code`. */
	'confirm-code',
	'session-already-there',
	'session-must-end-after-start',
	'event-not-found',
	/** A question labelled (or asked) with an objective the event does not have (any more). */
	'objective-not-found',
	/** A hall the event does not have (any more): a session moved there, a phone saying it is there. */
	'room-not-found',
	/** Only verified attendees (a redeemed badge) ask and vote in this session, or vote in this poll. */
	'badge-required',
	'session-not-found',
	'merge-into-itself',
	'merge-other-session',
	/** The question to merge is already merged into another: unmerge it first. */
	'question-already-merged',
	/** An archived question neither merges nor takes a merge: restore it first. */
	'merge-archived',
	'merge-into-declined',
	/** The question to merge into is itself merged into another: merge into that one. */
	'merge-into-merged',
	/** An unmerge of a question that is not (or no longer) merged. */
	'question-not-merged',
	/** An unmerge from a question that is itself merged: unmerge that one first. */
	'unmerge-into-merged',
	/** The question it was merged into is not there any more. */
	'merge-target-gone',
	/** A single or multiple choice poll with fewer than `params.min` choices. */
	'poll-too-few-choices',
	/** A rating or ranking poll with fewer than `params.min` items of its own (none rates the objectives). */
	'poll-too-few-items',
	/** Two choices of a poll with the same id. */
	'poll-duplicate-choices',
	/** More choices to pick than the poll has: `params.max` is how many it has. */
	'poll-max-choices',
	/** A rating or ranking of the objectives in an event with fewer than two. */
	'poll-no-objectives',
	/** Only a draft poll is edited or deleted. */
	'poll-not-draft',
	/** A session longer than `params.hours`. */
	'session-too-long',
	/** A hall's staff link acting on another hall. */
	'other-hall',
	/** A hall's staff link acting on the whole event: pick the hall. */
	'pick-your-hall',
	// Problems in an imported programme file (beside its line and field): `params.id` is the file's own id.
	/** Not a JSON document at all (a CSV, a spreadsheet, a PDF): Dais imports the JSON file its export gives. */
	'file-not-json',
	'file-duplicate-id',
	'file-unknown-room',
	'file-unknown-session',
	'file-unknown-objective',
	/** An event, or a session, that ends before (or as) it starts. */
	'file-ends-before-start',
	/** A file for another event than the one it is imported into: `params.id` is the file's event. */
	'file-other-event',
	/** A session starting on none of the file's days (`params.day`; the days `params.first` to `params.last`). */
	'file-session-off-days',
	/** A session's time without its offset from UTC ("2026-12-09T10:00:00"): `params.example` is it written right. */
	'file-time-no-offset',
	/** A session's time that is not a date and time at all: `params.example` is one written right. */
	'file-bad-time',
	/** An upvote for the question this phone asked: the others in the room vote for it. */
	'own-question',
	/** Withdrawing a question another device asked: only the phone that asked a question may take it back. */
	'not-own-question',
	/**
	 * A moderator's decision on a question another moderator approved (published) since this one saw it:
	 * `params.questionId` is the question; `params.among`, for a bulk approve, how many were ticked (none was approved).
	 */
	'question-approved-meanwhile',
	/** As 'question-approved-meanwhile', for a question another moderator declined since this one saw it. */
	'question-declined-meanwhile',
	/** A staff link acting on another event than its own (its ids, or the event itself). */
	'other-event',
	/** A moderator's edit of a question whose text another moderator changed since this one saw it. */
	'question-edited-meanwhile',
	/** A moderator's reply to a question whose reply another moderator changed since this one saw it. */
	'question-replied-meanwhile',
	// A value of an imported programme file that is not what its field must be. `params.field` is the field as the
	// file spells it ("kind", "objectives.0"; "" for the file itself), so the organiser can find it beside its line.
	/** A field the file must have is not there. */
	'file-missing',
	/** A value of the wrong kind: `params.expected` is string, number, int, boolean, array or object. */
	'file-wrong-type',
	/** A value outside its list: `params.values`, the values it may take ("plenary, working, break, side"). */
	'file-one-of',
	/** A value that must be exactly `params.value` (the file's schema, "dais.event/1"). */
	'file-must-be',
	/** A text longer than `params.max` characters, or shorter than `params.min`. */
	'file-text-too-long',
	'file-text-too-short',
	/** A list with more entries than `params.max`, or fewer than `params.min`. */
	'file-too-many',
	'file-too-few',
	/** A number above `params.max`, or below `params.min`. */
	'file-number-too-large',
	'file-number-too-small',
	/** Not an id (lowercase letters, digits, - and _). */
	'file-bad-id',
	/** Not a poll's id ("p-" and 3 to 40 lowercase letters, digits or -). */
	'file-bad-poll-id',
	/** Not an event code (letters, digits and -). */
	'file-bad-code',
	/** Not a date written YYYY-MM-DD. */
	'file-bad-date',
	/** Not a language tag ("ur", "fr"). */
	'file-bad-language',
	/** Not a time zone the hub knows ("Asia/Karachi"). */
	'file-bad-timezone',
	/** A text that is empty or made only of invisible characters. */
	'file-invisible-text',
	/** A field the format does not have: `params.key` (misspelt, or from another format). */
	'file-unknown-field',
	/** Any other value not accepted (the hub's English says more). */
	'file-not-accepted'
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/**
 * The reasons only staff consoles meet (an attendee's page has no command that can be refused so, or shows no such
 * refusal: a phone saying which hall it is in is not told of one the event no longer has): their texts load
 * with the staff pages (`src/lib/i18n/failure-text-staff.ts`), so an attendee's phone does not download them.
 */
export const STAFF_REASONS = [
	'signin-ended',
	'role-forbidden',
	'other-event',
	'text-unchanged',
	'poll-state',
	'own-link',
	'own-signin',
	'code-taken',
	'confirm-code',
	'session-already-there',
	'session-must-end-after-start',
	'room-not-found',
	'merge-into-itself',
	'merge-other-session',
	'question-already-merged',
	'merge-archived',
	'merge-into-declined',
	'merge-into-merged',
	'question-not-merged',
	'unmerge-into-merged',
	'merge-target-gone',
	'poll-too-few-choices',
	'poll-too-few-items',
	'poll-duplicate-choices',
	'poll-max-choices',
	'poll-no-objectives',
	'poll-not-draft',
	'session-too-long',
	'other-hall',
	'pick-your-hall',
	'file-not-json',
	'file-duplicate-id',
	'file-unknown-room',
	'file-unknown-session',
	'file-unknown-objective',
	'file-ends-before-start',
	'file-other-event',
	'question-approved-meanwhile',
	'question-declined-meanwhile',
	'question-edited-meanwhile',
	'question-replied-meanwhile',
	'file-session-off-days',
	'file-time-no-offset',
	'file-bad-time',
	'file-missing',
	'file-wrong-type',
	'file-one-of',
	'file-must-be',
	'file-text-too-long',
	'file-text-too-short',
	'file-too-many',
	'file-too-few',
	'file-number-too-large',
	'file-number-too-small',
	'file-bad-id',
	'file-bad-poll-id',
	'file-bad-code',
	'file-bad-date',
	'file-bad-language',
	'file-bad-timezone',
	'file-invisible-text',
	'file-unknown-field',
	'file-not-accepted'
] as const satisfies readonly ErrorReason[];
export type StaffReason = (typeof STAFF_REASONS)[number];
export type AttendeeReason = Exclude<ErrorReason, StaffReason>;
/** Small values a reason's text names (a wait in seconds, an event code); never free text from another person. */
export type ReasonParams = Record<string, string | number>;
