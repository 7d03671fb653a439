import type { AckIssue, ErrorCode } from '../src/lib/protocol';

/** A rule said no. Carries a protocol error code; the transport turns it into an error ack. */
export class DomainError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly issues?: AckIssue[]
	) {
		super(message);
	}
}
