import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { AgendaFact, AgendaSession, Announcement, SessionFields } from '../../src/lib/protocol';
import type { EventStore } from '../event/event.store';
import type { AgendaStore, SessionWrite } from './agenda.store';

/** Which part of an event a staff credential may change: all of it, or one room. */
export interface Scope {
	eventId: string;
	roomId: string | null;
}

export interface Mutation<T> {
	data: T;
	fact: AgendaFact;
}

/** Agenda rules: sessions are created, edited, delayed, moved and cancelled; announcements posted. */
export function createAgendaService(deps: { db: Db; events: EventStore; agenda: AgendaStore; clock: Clock }) {
	const { events, agenda, clock } = deps;

	const requireRoom = (scope: Scope, roomId: string) => {
		if (!events.room(scope.eventId, roomId))
			throw new DomainError('not-found', `no room "${roomId}" in this event`);
		if (scope.roomId && scope.roomId !== roomId)
			throw new DomainError('forbidden', 'your staff link covers another room');
	};
	const requireSession = (scope: Scope, sessionId: string) => {
		const s = agenda.session(scope.eventId, sessionId);
		if (!s) throw new DomainError('not-found', 'no such session');
		if (scope.roomId && scope.roomId !== s.roomId)
			throw new DomainError('forbidden', 'your staff link covers another room');
		return s;
	};
	const checkFields = (scope: Scope, f: Partial<SessionFields>, current?: AgendaSession) => {
		if (f.roomId !== undefined) requireRoom(scope, f.roomId);
		const start = Date.parse(f.startsAt ?? current?.startsAt ?? '');
		const end = Date.parse(f.endsAt ?? current?.endsAt ?? '');
		if (!(end > start)) throw new DomainError('invalid-payload', 'a session must end after it starts');
		if (end - start > 24 * 3_600_000)
			throw new DomainError('invalid-payload', 'a session lasts at most 24 hours');
		if (f.objectives) {
			const known = new Set(events.objectives(scope.eventId).map((o) => o.id));
			const unknown = f.objectives.find((o) => !known.has(o));
			if (unknown) throw new DomainError('invalid-payload', `no objective "${unknown}" in this event`);
		}
	};
	const toWrite = (s: AgendaSession): SessionWrite => {
		const { id: _id, ...rest } = s;
		return rest;
	};
	const iso = (t: string) => new Date(t).toISOString();

	function save(
		scope: Scope,
		id: string,
		next: SessionWrite,
		kind: 'created' | 'edited' | 'delayed' | 'moved' | 'cancelled' | 'restored',
		detail: { minutes?: number; roomId?: string; fromRoomId?: string } = {}
	): Mutation<{ version: number; session: AgendaSession }> {
		const now = clock.now().toISOString();
		const session = agenda.saveSession(scope.eventId, id, next, now);
		const change = agenda.recordChange(scope.eventId, kind, id, { title: session.title, ...detail }, now);
		return {
			data: { version: change.version, session },
			fact: { type: 'session', version: change.version, session, change }
		};
	}

	return {
		create(scope: Scope, sessionId: string, f: SessionFields) {
			checkFields(scope, f);
			if (agenda.session(scope.eventId, sessionId))
				throw new DomainError('conflict', 'a session with this id exists');
			return save(
				scope,
				sessionId,
				{
					...f,
					startsAt: iso(f.startsAt),
					endsAt: iso(f.endsAt),
					delayMinutes: 0,
					cancelled: false,
					movedFromRoomId: null
				},
				'created'
			);
		},

		update(scope: Scope, sessionId: string, f: Partial<SessionFields>) {
			const current = requireSession(scope, sessionId);
			checkFields(scope, f, current);
			const next = { ...toWrite(current), ...f };
			if (f.startsAt) next.startsAt = iso(f.startsAt);
			if (f.endsAt) next.endsAt = iso(f.endsAt);
			if (f.roomId && f.roomId !== current.roomId) {
				// As with move: going back to the planned room clears the "moved" mark.
				const planned = current.movedFromRoomId ?? current.roomId;
				next.movedFromRoomId = planned === f.roomId ? null : planned;
			}
			return save(scope, sessionId, next, 'edited');
		},

		delay(scope: Scope, sessionId: string, minutes: number) {
			const current = requireSession(scope, sessionId);
			if (current.cancelled) throw new DomainError('conflict', 'the session is cancelled');
			return save(scope, sessionId, { ...toWrite(current), delayMinutes: minutes }, 'delayed', { minutes });
		},

		move(scope: Scope, sessionId: string, roomId: string) {
			const current = requireSession(scope, sessionId);
			requireRoom(scope, roomId);
			if (current.roomId === roomId) throw new DomainError('conflict', 'the session is already in that room');
			// Moving back to the planned room clears the "moved" mark.
			const planned = current.movedFromRoomId ?? current.roomId;
			return save(
				scope,
				sessionId,
				{ ...toWrite(current), roomId, movedFromRoomId: planned === roomId ? null : planned },
				'moved',
				{ roomId, fromRoomId: current.roomId }
			);
		},

		setCancelled(scope: Scope, sessionId: string, cancelled: boolean) {
			const current = requireSession(scope, sessionId);
			if (current.cancelled === cancelled) {
				throw new DomainError(
					'conflict',
					cancelled ? 'the session is already cancelled' : 'the session is not cancelled'
				);
			}
			return save(scope, sessionId, { ...toWrite(current), cancelled }, cancelled ? 'cancelled' : 'restored');
		},

		announce(
			scope: Scope,
			text: string,
			roomId: string | null
		): Mutation<{ version: number; announcement: Announcement }> {
			if (roomId) requireRoom(scope, roomId);
			else if (scope.roomId) throw new DomainError('forbidden', 'your staff link covers one room: pick it');
			const now = clock.now().toISOString();
			const announcement = agenda.addAnnouncement(scope.eventId, text, roomId, now);
			const change = agenda.recordChange(scope.eventId, 'announced', null, { title: text.slice(0, 80) }, now);
			return {
				data: { version: change.version, announcement },
				fact: { type: 'announcement', version: change.version, announcement, change }
			};
		},

		withdraw(scope: Scope, announcementId: number): Mutation<{ version: number }> {
			const found = agenda.announcement(scope.eventId, announcementId);
			if (!found) throw new DomainError('not-found', 'no such announcement');
			if (scope.roomId && found.roomId !== scope.roomId)
				throw new DomainError('forbidden', 'your staff link covers another room');
			agenda.withdrawAnnouncement(scope.eventId, announcementId);
			const version = agenda.bumpVersion(scope.eventId);
			return { data: { version }, fact: { type: 'announcement-withdrawn', version, announcementId } };
		}
	};
}
export type AgendaService = ReturnType<typeof createAgendaService>;
