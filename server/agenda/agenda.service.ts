import type { DomainDeps } from '../domain-deps';
import { DomainError } from '../errors';
import type { WithEffects } from '../effects';
import type { AgendaFact, AgendaSession, Announcement, SessionFields } from '../../src/lib/protocol';
import type { Scope } from '../access/scope';
import type { AgendaStore, SessionWrite } from './agenda.store';

/** Agenda rules: sessions are created, edited, delayed, moved and cancelled; announcements posted. */
export function createAgendaService(deps: DomainDeps & { agenda: AgendaStore }) {
	const { events, agenda, clock, requireAccess } = deps;

	const changed = <T>(eventId: string, data: T, fact: AgendaFact): WithEffects<T> => ({
		data,
		effects: [{ type: 'agenda', eventId, fact }]
	});
	const checkFields = (scope: Scope, f: Partial<SessionFields>, current?: AgendaSession) => {
		if (f.roomId !== undefined) requireAccess.room(scope, f.roomId);
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
	/** A session that changed halls: its staff room keeps only the staff whose link reaches the new hall. */
	const rehomed = <T>(result: WithEffects<T>, eventId: string, sessionId: string): WithEffects<T> => ({
		...result,
		effects: [...result.effects, { type: 'session-rehomed', eventId, sessionId }]
	});

	function save(
		scope: Scope,
		id: string,
		next: SessionWrite,
		kind: 'created' | 'edited' | 'delayed' | 'moved' | 'cancelled' | 'restored',
		detail: { minutes?: number; roomId?: string; fromRoomId?: string } = {}
	): WithEffects<{ version: number; session: AgendaSession }> {
		const now = clock.now().toISOString();
		const session = agenda.saveSession(scope.eventId, id, next, now);
		const change = agenda.recordChange(scope.eventId, kind, id, { title: session.title, ...detail }, now);
		const { version } = change;
		return changed(scope.eventId, { version, session }, { type: 'session', version, session, change });
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
			const current = requireAccess.session(scope, sessionId);
			checkFields(scope, f, current);
			const next = { ...toWrite(current), ...f };
			if (f.startsAt) next.startsAt = iso(f.startsAt);
			if (f.endsAt) next.endsAt = iso(f.endsAt);
			if (f.roomId && f.roomId !== current.roomId) {
				// As with move: going back to the planned room clears the "moved" mark.
				const planned = current.movedFromRoomId ?? current.roomId;
				next.movedFromRoomId = planned === f.roomId ? null : planned;
				return rehomed(save(scope, sessionId, next, 'edited'), scope.eventId, sessionId);
			}
			return save(scope, sessionId, next, 'edited');
		},

		delay(scope: Scope, sessionId: string, minutes: number) {
			const current = requireAccess.session(scope, sessionId);
			if (current.cancelled) throw new DomainError('conflict', 'the session is cancelled');
			return save(scope, sessionId, { ...toWrite(current), delayMinutes: minutes }, 'delayed', { minutes });
		},

		move(scope: Scope, sessionId: string, roomId: string) {
			const current = requireAccess.session(scope, sessionId);
			requireAccess.room(scope, roomId);
			if (current.roomId === roomId) throw new DomainError('conflict', 'the session is already in that room');
			// Moving back to the planned room clears the "moved" mark.
			const planned = current.movedFromRoomId ?? current.roomId;
			return rehomed(
				save(
					scope,
					sessionId,
					{ ...toWrite(current), roomId, movedFromRoomId: planned === roomId ? null : planned },
					'moved',
					{ roomId, fromRoomId: current.roomId }
				),
				scope.eventId,
				sessionId
			);
		},

		setCancelled(scope: Scope, sessionId: string, cancelled: boolean) {
			const current = requireAccess.session(scope, sessionId);
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
		): WithEffects<{ version: number; announcement: Announcement }> {
			requireAccess.room(scope, roomId);
			const now = clock.now().toISOString();
			const announcement = agenda.addAnnouncement(scope.eventId, text, roomId, now);
			const change = agenda.recordChange(scope.eventId, 'announced', null, { title: text.slice(0, 80) }, now);
			const { version } = change;
			return changed(
				scope.eventId,
				{ version, announcement },
				{ type: 'announcement', version, announcement, change }
			);
		},

		withdraw(scope: Scope, announcementId: number): WithEffects<{ version: number }> {
			requireAccess.announcement(scope, announcementId);
			agenda.withdrawAnnouncement(scope.eventId, announcementId);
			const version = agenda.bumpVersion(scope.eventId);
			return changed(scope.eventId, { version }, { type: 'announcement-withdrawn', version, announcementId });
		}
	};
}
export type AgendaService = ReturnType<typeof createAgendaService>;
