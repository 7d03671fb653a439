import { z } from 'zod';
import { ERROR_REASONS, type ErrorReason, type ReasonParams } from './reasons';
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

// The reasons live in a module without zod, so a page that words refusals does not load zod and every schema.
export { ERROR_REASONS, type ErrorReason, type ReasonParams } from './reasons';

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

/**
 * A payload's problems, each at its path. A union (a ballot's answer: a choice, choices, ratings, a ranking, words or
 * a text) fails as a whole with "Invalid input"; when one of its shapes is the one sent (its key present, nothing
 * else), that shape's own problems are reported instead, so a word of invisible characters says so.
 */
export function issuesFromZod(issues: readonly ZodIssue[]): AckIssue[] {
	const flat = (list: readonly ZodIssue[], at: readonly PropertyKey[]): AckIssue[] =>
		list.flatMap((i) => {
			const path = [...at, ...i.path];
			const meant =
				i.code === 'invalid_union'
					? i.errors?.filter((branch) =>
							branch.every(
								(b) =>
									b.code !== 'unrecognized_keys' &&
									!(b.code === 'invalid_type' && b.path.length === 1 && /received undefined/.test(b.message))
							)
						)
					: undefined;
			if (meant?.length === 1) return flat(meant[0], path);
			return [{ path: path.map(String).join('.'), message: i.message }];
		});
	return flat(issues, []).slice(0, 10);
}
