import { DomainError } from '../errors';
import type {
	AgendaSession,
	Announcement,
	ErrorReason,
	Identity,
	Room,
	StaffRole
} from '../../src/lib/protocol';
import type { AccessStore, StoredCredential } from './access.store';
import type { AgendaStore } from '../agenda/agenda.store';
import type { EventStore } from '../event/event.store';
import type { PollsStore, StoredPoll } from '../polls/polls.store';
import type { QaStore, StoredQuestion } from '../qa/qa.store';
import type { SharedRead } from '../db/shared-reads';

/**
 * What a command may act on: one event, and within it every room (`roomId` null) or one hall. Staff get the
 * scope of their link; attendees, imports and the hub's own timers act on the whole event.
 */
export interface Scope {
	eventId: string;
	roomId: string | null;
}

/** The whole of one event. */
export const eventScope = (eventId: string): Scope => ({ eventId, roomId: null });

/**
 * What a host command may act on: whichever event it names, whole (`''` for none yet, e.g. the list of events).
 * The dispatcher gives it only to the host commands, so a host is no event's staff.
 */
export const hostScope = (eventId: string | null): Scope => eventScope(eventId ?? '');

/** What a staff credential covers: its event, and its hall if the link was minted for one. */
export const credentialScope = (c: { eventId: string; roomId: string | null }): Scope => ({
	eventId: c.eventId,
	roomId: c.roomId
});

/** Who a connection is in an event: its staff link's role and hall there, or an attendee (a link of another event). */
export function identityIn(credential: StoredCredential | null, eventId: string): Identity {
	return credential && credential.eventId === eventId
		? { role: credential.role, roomId: credential.roomId, label: credential.label }
		: { role: 'attendee', roomId: null, label: '' };
}

/** Why a connection may not send a staff command: the code, the reason pages word it by, and English for logs. */
export interface StaffRefusal {
	error: 'forbidden' | 'unauthenticated';
	reason: ErrorReason;
	message: string;
}

/**
 * Whether a connection may send a staff command that `roles` may send, about `eventId`; null when it may, else why
 * not, in the words that help: a link of another event is told so (not that its role may not), and a connection
 * left without its sign-in (ended, signed out, or its cookie replaced) that it is no longer signed in.
 */
export function staffRefusal(
	credential: { eventId: string; role: StaffRole } | null,
	roles: readonly StaffRole[],
	eventId: string | null,
	signInEnded: boolean
): StaffRefusal | null {
	if (!credential)
		return signInEnded
			? { error: 'unauthenticated', reason: 'signin-ended', message: 'this staff sign-in has ended' }
			: ROLE_FORBIDDEN;
	if (eventId !== null && credential.eventId !== eventId)
		return { error: 'forbidden', reason: 'other-event', message: 'your staff link is for another event' };
	if (eventId === null || !roles.includes(credential.role)) return ROLE_FORBIDDEN;
	return null;
}
const ROLE_FORBIDDEN: StaffRefusal = {
	error: 'forbidden',
	reason: 'role-forbidden',
	message: 'your role may not do this'
};

/** Whether a scope reaches a room; `null` stands for something event-wide, which only an event-wide scope reaches. */
export const inScope = (scope: Scope, roomId: string | null): boolean =>
	scope.roomId === null || scope.roomId === roomId;

/** Whether a scope covers the whole event (e.g. to replace its programme). */
export const coversEvent = (scope: Scope): boolean => scope.roomId === null;

const MISSING: Record<string, ErrorReason> = {
	session: 'session-not-found',
	question: 'question-not-found',
	poll: 'poll-not-found'
};

function requireInScope(
	scope: Scope,
	roomId: string | null,
	message = 'your staff link covers another room',
	reason: ErrorReason = 'other-hall'
) {
	if (!inScope(scope, roomId)) throw DomainError.because('forbidden', reason, message);
}

/**
 * The one place that decides whether a scope may touch a thing (immich's `requireAccess()` is the model): each
 * check finds the thing in the scope's event (else `not-found`), then refuses it outside the scope's hall
 * (`forbidden`), and returns it so the caller does not read it twice.
 */
export function createRequireAccess(stores: {
	events: EventStore;
	agenda: AgendaStore;
	qa: QaStore;
	polls: PollsStore;
	credentials: AccessStore;
	/** Reads made once for the callers of one moment: every attendee opening a session checks that it exists. */
	shared: SharedRead;
}) {
	const { events, agenda, qa, polls, credentials, shared } = stores;

	/** A thing not there, with the reason pages word it by where a person can meet it. */
	const missing = (what: string) => {
		const reason = MISSING[what];
		const message = `no such ${what}`;
		return reason ? DomainError.because('not-found', reason, message) : new DomainError('not-found', message);
	};

	/** The thing, if it exists in the scope's event: one of another event is as good as missing. */
	function inEvent<T extends { eventId: string }>(scope: Scope, thing: T | undefined, what: string): T {
		if (!thing || thing.eventId !== scope.eventId) throw missing(what);
		return thing;
	}

	/** The thing (looked up in the scope's event), if it exists and its room is within the scope's reach. */
	function inReach<T extends { roomId: string | null }>(scope: Scope, thing: T | undefined, what: string): T {
		if (!thing) throw missing(what);
		requireInScope(scope, thing.roomId);
		return thing;
	}

	const session = async (scope: Scope, sessionId: string): Promise<AgendaSession> =>
		inReach(
			scope,
			await shared(`session:${scope.eventId}\n${sessionId}`, () => agenda.session(scope.eventId, sessionId)),
			'session'
		);

	/** A thing that lives in a session is reached through that session's room. */
	async function inSession<T extends { sessionId: string }>(scope: Scope, thing: T): Promise<T> {
		await session(scope, thing.sessionId);
		return thing;
	}

	return {
		/** A room something is placed in or addressed to; `null` addresses the whole event. */
		async room(scope: Scope, roomId: string | null): Promise<Room | null> {
			if (roomId === null) {
				requireInScope(scope, null, 'your staff link covers one room: pick it', 'pick-your-hall');
				return null;
			}
			const room = await events.room(scope.eventId, roomId);
			if (!room)
				throw DomainError.because('not-found', 'room-not-found', `no room "${roomId}" in this event`);
			requireInScope(scope, roomId);
			return room;
		},

		session,

		/** Of these sessions, those that exist in the scope's event and that it reaches: a read listing several leaves the others out. */
		async sessionsInReach(scope: Scope, sessionIds: Iterable<string>): Promise<Set<string>> {
			const reached = new Set<string>();
			for (const id of sessionIds) {
				const s = await shared(`session:${scope.eventId}\n${id}`, () => agenda.session(scope.eventId, id));
				if (s && inScope(scope, s.roomId)) reached.add(id);
			}
			return reached;
		},

		/**
		 * A question a command is about to change: read with its row locked until the transaction ends (PostgreSQL), so
		 * a moderator on another hub acting on it at the same moment waits and then checks what this command wrote.
		 */
		question: async (scope: Scope, questionId: string): Promise<StoredQuestion> =>
			inSession(scope, inEvent(scope, await qa.getToChange(questionId), 'question')),

		/** A poll a command is about to change, locked as `question` is (two chairs' transitions take turns). */
		poll: async (scope: Scope, pollId: string): Promise<StoredPoll> =>
			inSession(scope, inEvent(scope, await polls.getToChange(scope.eventId, pollId), 'poll')),

		/** An announcement reaches as far as the room it was posted to (none: the whole event). */
		announcement: async (scope: Scope, announcementId: number): Promise<Announcement> =>
			inReach(scope, await agenda.announcement(scope.eventId, announcementId), 'announcement'),

		/** A staff link reaches as far as the room it covers (none: the whole event). */
		credential: async (scope: Scope, credentialId: string): Promise<StoredCredential> =>
			inReach(scope, inEvent(scope, await credentials.byId(credentialId), 'staff link'), 'staff link')
	};
}
export type RequireAccess = ReturnType<typeof createRequireAccess>;
