import { z } from 'zod';
import type { ZodIssue } from './zod-issue';

/** Every error a client can receive. Anything unexpected becomes `internal` and is logged, never sent raw. */
export const ERROR_CODES = [
	'invalid-payload',
	'payload-too-large',
	'unauthenticated',
	'forbidden',
	'not-found',
	'not-joined',
	'conflict',
	'rate-limited',
	/** The connection has no device id the hub issued: get one (POST /api/device), reconnect, send again. */
	'device-required',
	/** Only verified attendees (a redeemed badge code) may do this. */
	'badge-required',
	'protocol-mismatch',
	'internal'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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
/** Small values a reason's text names (a wait in seconds, an event code); never free text from another person. */
export type ReasonParams = Record<string, string | number>;

export const ackIssueSchema = z.object({ path: z.string().max(200), message: z.string().max(500) });

/** A refusal as it travels: what a client checks before trusting `reason` and `params`. */
export const ackFailureSchema = z.object({
	ok: z.literal(false),
	error: z.enum(ERROR_CODES),
	message: z.string().max(500).optional(),
	reason: z.enum(ERROR_REASONS).optional(),
	params: z.record(z.string(), z.union([z.string().max(100), z.number()])).optional(),
	issues: z.array(ackIssueSchema).max(10).optional(),
	retryAfterMs: z.number().nonnegative().optional()
});

export interface AckIssue {
	path: string;
	message: string;
}

export type Ack<T> =
	| { ok: true; data: T }
	| {
			ok: false;
			error: ErrorCode;
			message?: string;
			/** Which refusal, for pages to word it in their own language (see ERROR_REASONS). */
			reason?: ErrorReason;
			params?: ReasonParams;
			issues?: AckIssue[];
			/** With `rate-limited`: how long until the same write would be accepted. */
			retryAfterMs?: number;
	  };

export function ok<T>(data: T): Ack<T> {
	return { ok: true, data };
}

/** Which refusal a failure is, and what its text names. */
export interface Why {
	reason: ErrorReason;
	params?: ReasonParams;
}

export function fail(error: ErrorCode, message?: string, issues?: AckIssue[], why?: Why): Ack<never> {
	const base = issues
		? { ok: false as const, error, message, issues }
		: message
			? { ok: false as const, error, message }
			: { ok: false as const, error };
	if (!why) return base;
	return why.params ? { ...base, reason: why.reason, params: why.params } : { ...base, reason: why.reason };
}

/** A write refused for now: the client may send it again, as the same write, after `retryAfterMs`. */
export function rateLimited(message: string, retryAfterMs: number): Ack<never> {
	return {
		ok: false,
		error: 'rate-limited',
		message,
		reason: 'too-fast',
		params: { seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) },
		retryAfterMs
	};
}

export function issuesFromZod(issues: readonly ZodIssue[]): AckIssue[] {
	return issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
