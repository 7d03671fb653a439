import type {
	AgendaFact,
	BallotAnswer,
	MyQuestion,
	PresenceCounts,
	QaFact,
	QaModFact,
	SignInEnd
} from '../src/lib/protocol';
import type { StoredPoll } from './polls/polls.store';

/**
 * What a change must tell whom once it stands. Services return these as values; the dispatcher hands those of a
 * committed write (never of a retry) to the one publisher (`realtime/publisher.ts`), which routes each to its rooms.
 */
export type Effect =
	/** An agenda fact, for everyone following the event. */
	| { type: 'agenda'; eventId: string; fact: AgendaFact }
	/** A Q&A fact for the session's room; one that only moves the counts goes out coalesced. */
	| { type: 'question-room'; eventId: string; fact: QaFact }
	/** A Q&A fact for the staff with the session's queue open. */
	| { type: 'question-staff'; eventId: string; fact: QaModFact }
	/** The asker's own view of their question, for each of their device's tabs. */
	| { type: 'question-asker'; deviceHash: string; question: MyQuestion }
	/** A question's vote count moved: coalesced, a few frames a second per session. */
	| { type: 'question-votes'; eventId: string; sessionId: string; questionId: string; votes: number }
	/** A poll changed (defined, edited, opened, closed, revealed): the room and its staff see it at once. */
	| { type: 'poll'; poll: StoredPoll }
	/** A draft poll was deleted; only staff ever saw it. */
	| { type: 'poll-removed'; eventId: string; sessionId: string; pollId: string }
	/** A ballot committed: the poll's running tally and signals take it in, and the moved results go out coalesced. */
	| {
			type: 'ballot';
			poll: StoredPoll;
			answer: BallotAnswer;
			/** The stored ballot's id: taking the same ballot in twice counts it once. */
			answerId: string;
			/** Whether the hub first issued the casting device its id after the poll first opened. */
			fresh: boolean;
			/** Who it counts for (device, or badge in a verified-only poll), the device that cast it, and from where. */
			voter: string;
			deviceHash: string;
			address: string;
	  }
	/** A staff link was revoked: its open sockets are told and disconnected. */
	| { type: 'credential-revoked'; credentialId: string }
	/** A staff sign-in ended (signed out, ended by an organiser, revoked or expired): its sockets are told and disconnected. */
	| { type: 'signin-ended'; signInId: string; reason: SignInEnd }
	/**
	 * The host deleted an event: its staff (by the links it had) and every page following it are told and
	 * disconnected, so none of them hears what a new event with the same code will say.
	 */
	| { type: 'event-removed'; eventId: string; credentialIds: string[] }
	/** A session may have left a hall: its staff room keeps only the staff whose link still reaches it. */
	| { type: 'session-rehomed'; eventId: string; sessionId: string }
	/**
	 * A join was answered. In cluster mode the socket is told the event version it joined at, as a broadcast (stored
	 * for recovery, with an offset), so a connection that hears nothing else still has an offset to be recovered from;
	 * one hub's adapter resumes such a connection from where it joined, and sends nothing (`DaisAdapter`).
	 */
	| { type: 'joined'; socketId: string; eventId: string; version: number }
	/** Attendance counts, for the event's organisers or (with `socketId`) for one organiser who just joined. */
	| { type: 'presence'; counts: PresenceCounts; socketId?: string };

/** What a service returns for a change: the answer for the caller, and the effects to publish once it is stored. */
export interface WithEffects<T> {
	data: T;
	effects: Effect[];
}
