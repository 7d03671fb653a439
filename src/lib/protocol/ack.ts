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

export interface AckIssue {
	path: string;
	message: string;
}

export type Ack<T> =
	{ ok: true; data: T } | { ok: false; error: ErrorCode; message?: string; issues?: AckIssue[] };

export function ok<T>(data: T): Ack<T> {
	return { ok: true, data };
}

export function fail(error: ErrorCode, message?: string, issues?: AckIssue[]): Ack<never> {
	return issues
		? { ok: false, error, message, issues }
		: message
			? { ok: false, error, message }
			: { ok: false, error };
}

export function issuesFromZod(issues: readonly ZodIssue[]): AckIssue[] {
	return issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
