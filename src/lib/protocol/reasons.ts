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
	'event-not-found'
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

/**
 * The reasons only staff consoles meet (an attendee's page has no command that can be refused so): their texts load
 * with the staff pages (`src/lib/i18n/failure-text-staff.ts`), so an attendee's phone does not download them.
 */
export const STAFF_REASONS = [
	'signin-ended',
	'role-forbidden',
	'text-unchanged',
	'poll-state',
	'own-link',
	'own-signin',
	'code-taken',
	'confirm-code',
	'session-already-there',
	'session-must-end-after-start'
] as const satisfies readonly ErrorReason[];
export type StaffReason = (typeof STAFF_REASONS)[number];
export type AttendeeReason = Exclude<ErrorReason, StaffReason>;
/** Small values a reason's text names (a wait in seconds, an event code); never free text from another person. */
export type ReasonParams = Record<string, string | number>;
