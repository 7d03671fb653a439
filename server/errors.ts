import type { AckIssue, ErrorCode, ErrorReason, ReasonParams } from '../src/lib/protocol';

/** A rule said no. Carries a protocol error code; the transport turns it into an error ack. */
export class DomainError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly issues?: AckIssue[],
		/** Which refusal, for pages to word it in their own language; the message stays English for logs. */
		readonly reason?: ErrorReason,
		readonly params?: ReasonParams
	) {
		super(message);
	}

	/** A refusal a person can meet, with the reason pages word in their language. */
	static because(
		code: ErrorCode,
		reason: ErrorReason,
		message: string,
		params?: ReasonParams,
		issues?: AckIssue[]
	): DomainError {
		return new DomainError(code, message, issues, reason, params);
	}
}
