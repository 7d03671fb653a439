import { DomainError } from '../errors';
import type { AgendaSession, Announcement, Identity, Room } from '../../src/lib/protocol';
import type { AccessStore, StoredCredential } from './access.store';
import type { AgendaStore } from '../agenda/agenda.store';
import type { EventStore } from '../event/event.store';
import type { PollsStore, StoredPoll } from '../polls/polls.store';
import type { QaStore, StoredQuestion } from '../qa/qa.store';

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

/** Whether a scope reaches a room; `null` stands for something event-wide, which only an event-wide scope reaches. */
export const inScope = (scope: Scope, roomId: string | null): boolean =>
	scope.roomId === null || scope.roomId === roomId;

/** Whether a scope covers the whole event (e.g. to replace its programme). */
export const coversEvent = (scope: Scope): boolean => scope.roomId === null;

function requireInScope(
	scope: Scope,
	roomId: string | null,
	message = 'your staff link covers another room'
) {
	if (!inScope(scope, roomId)) throw new DomainError('forbidden', message);
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
}) {
	const { events, agenda, qa, polls, credentials } = stores;

	function session(scope: Scope, sessionId: string): AgendaSession {
		const s = agenda.session(scope.eventId, sessionId);
		if (!s) throw new DomainError('not-found', 'no such session');
		requireInScope(scope, s.roomId);
		return s;
	}

	return {
		/** A room something is placed in or addressed to; `null` addresses the whole event. */
		room(scope: Scope, roomId: string | null): Room | null {
			if (roomId === null) {
				requireInScope(scope, null, 'your staff link covers one room: pick it');
				return null;
			}
			const room = events.room(scope.eventId, roomId);
			if (!room) throw new DomainError('not-found', `no room "${roomId}" in this event`);
			requireInScope(scope, roomId);
			return room;
		},

		session,

		/** A question, through the session it was asked in. */
		question(scope: Scope, questionId: string): StoredQuestion {
			const q = qa.get(questionId);
			if (!q || q.eventId !== scope.eventId) throw new DomainError('not-found', 'no such question');
			session(scope, q.sessionId);
			return q;
		},

		/** A poll, through the session it belongs to. */
		poll(scope: Scope, pollId: string): StoredPoll {
			const p = polls.get(pollId);
			if (!p || p.eventId !== scope.eventId) throw new DomainError('not-found', 'no such poll');
			session(scope, p.sessionId);
			return p;
		},

		/** An announcement, through the room it was posted to (none: the whole event). */
		announcement(scope: Scope, announcementId: number): Announcement {
			const a = agenda.announcement(scope.eventId, announcementId);
			if (!a) throw new DomainError('not-found', 'no such announcement');
			requireInScope(scope, a.roomId);
			return a;
		},

		/** A staff link, through the room it covers (none: the whole event). */
		credential(scope: Scope, credentialId: string): StoredCredential {
			const c = credentials.byId(credentialId);
			if (!c || c.eventId !== scope.eventId) throw new DomainError('not-found', 'no such staff link');
			requireInScope(scope, c.roomId);
			return c;
		}
	};
}
export type RequireAccess = ReturnType<typeof createRequireAccess>;
