import type { DomainDeps } from '../domain-deps';
import { DomainError } from '../errors';
import type { WithEffects } from '../effects';
import type {
	AgendaChange,
	AgendaFact,
	AgendaSession,
	Announcement,
	SessionFields
} from '../../src/lib/protocol';
import type { Scope } from '../access/scope';
import type { AgendaStore, SessionWrite } from './agenda.store';
import type { ClientWritesStore } from '../db/client-writes.store';
import { excerpt } from '../../src/lib/ui/excerpt';

/** Agenda rules: sessions are created, edited, delayed, moved and cancelled; announcements posted. */
export function createAgendaService(
	deps: DomainDeps & {
		agenda: AgendaStore;
		/** The idempotency ledger, whose stored answers a withdrawal empties of the announcement's words. */
		ledger: Pick<ClientWritesStore, 'mentioning' | 'rewrite'>;
	}
) {
	const { events, agenda, clock, requireAccess, ledger } = deps;

	const changed = <T>(eventId: string, data: T, fact: AgendaFact): WithEffects<T> => ({
		data,
		effects: [{ type: 'agenda', eventId, fact }]
	});
	const checkFields = async (scope: Scope, f: Partial<SessionFields>, current?: AgendaSession) => {
		if (f.roomId !== undefined) await requireAccess.room(scope, f.roomId);
		const start = Date.parse(f.startsAt ?? current?.startsAt ?? '');
		const end = Date.parse(f.endsAt ?? current?.endsAt ?? '');
		if (!(end > start))
			throw DomainError.because(
				'invalid-payload',
				'session-must-end-after-start',
				'a session must end after it starts'
			);
		if (end - start > 24 * 3_600_000)
			throw DomainError.because('invalid-payload', 'session-too-long', 'a session lasts at most 24 hours', {
				hours: 24
			});
		if (f.objectives) {
			const known = new Set((await events.objectives(scope.eventId)).map((o) => o.id));
			const unknown = f.objectives.find((o) => !known.has(o));
			if (unknown)
				throw DomainError.because(
					'invalid-payload',
					'objective-not-found',
					`no objective "${unknown}" in this event`
				);
		}
	};
	const toWrite = (s: AgendaSession): SessionWrite => {
		const { id: _id, ...rest } = s;
		return rest;
	};
	const iso = (t: string) => new Date(t).toISOString();
	/** A session that changed halls: its staff room keeps only the staff whose link reaches the new hall. */
	const rehomed = async <T>(
		pending: Promise<WithEffects<T>>,
		eventId: string,
		sessionId: string
	): Promise<WithEffects<T>> => {
		const result = await pending;
		return {
			...result,
			effects: [...result.effects, { type: 'session-rehomed', eventId, sessionId }]
		};
	};

	async function save(
		scope: Scope,
		id: string,
		next: SessionWrite,
		kind: 'created' | 'edited' | 'delayed' | 'moved' | 'cancelled' | 'restored',
		detail: Omit<AgendaChange['detail'], 'title'> = {}
	): Promise<WithEffects<{ version: number; session: AgendaSession }>> {
		const now = clock.now().toISOString();
		const session = await agenda.saveSession(scope.eventId, id, next, now);
		const change = await agenda.recordChange(
			scope.eventId,
			kind,
			id,
			{ title: session.title, ...detail },
			now
		);
		const { version } = change;
		return changed(scope.eventId, { version, session }, { type: 'session', version, session, change });
	}

	return {
		async create(scope: Scope, sessionId: string, f: SessionFields) {
			await checkFields(scope, f);
			if (await agenda.session(scope.eventId, sessionId))
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
					movedFromRoomId: null,
					chathamHouse: false
				},
				'created'
			);
		},

		async update(scope: Scope, sessionId: string, f: Partial<SessionFields>) {
			const current = await requireAccess.session(scope, sessionId);
			await checkFields(scope, f, current);
			const next = { ...toWrite(current), ...f };
			if (f.startsAt) next.startsAt = iso(f.startsAt);
			if (f.endsAt) next.endsAt = iso(f.endsAt);
			// The "what changed" line says where and when a session went, not only that it changed.
			const detail: Omit<AgendaChange['detail'], 'title'> = {};
			if (Date.parse(next.startsAt) !== Date.parse(current.startsAt)) {
				detail.startsAt = next.startsAt;
				detail.fromStartsAt = current.startsAt;
			}
			if (f.roomId && f.roomId !== current.roomId) {
				// As with move: going back to the planned room clears the "moved" mark.
				const planned = current.movedFromRoomId ?? current.roomId;
				next.movedFromRoomId = planned === f.roomId ? null : planned;
				detail.roomId = f.roomId;
				detail.fromRoomId = current.roomId;
				return rehomed(save(scope, sessionId, next, 'edited', detail), scope.eventId, sessionId);
			}
			return save(scope, sessionId, next, 'edited', detail);
		},

		async delay(scope: Scope, sessionId: string, minutes: number) {
			const current = await requireAccess.session(scope, sessionId);
			if (current.cancelled)
				throw DomainError.because('conflict', 'session-cancelled', 'the session is cancelled');
			return save(scope, sessionId, { ...toWrite(current), delayMinutes: minutes }, 'delayed', { minutes });
		},

		async move(scope: Scope, sessionId: string, roomId: string) {
			const current = await requireAccess.session(scope, sessionId);
			await requireAccess.room(scope, roomId);
			if (current.roomId === roomId)
				throw DomainError.because('conflict', 'session-already-there', 'the session is already in that room');
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

		async setCancelled(scope: Scope, sessionId: string, cancelled: boolean) {
			const current = await requireAccess.session(scope, sessionId);
			if (current.cancelled === cancelled) {
				throw new DomainError(
					'conflict',
					cancelled ? 'the session is already cancelled' : 'the session is not cancelled'
				);
			}
			return save(scope, sessionId, { ...toWrite(current), cancelled }, cancelled ? 'cancelled' : 'restored');
		},

		/** The Chatham House flag; an edit in the change log, so every phone and calendar feed follows it. */
		async setChathamHouse(scope: Scope, sessionId: string, on: boolean) {
			const current = await requireAccess.session(scope, sessionId);
			if (current.chathamHouse === on)
				return {
					data: { version: (await events.version(scope.eventId)) ?? 0, session: current },
					effects: []
				};
			return save(scope, sessionId, { ...toWrite(current), chathamHouse: on }, 'edited', {
				chathamHouse: on
			});
		},

		/** Posted for `minutes` (the hub's clock), or until withdrawn when null. */
		async announce(
			scope: Scope,
			text: string,
			roomId: string | null,
			minutes: number | null = null
		): Promise<WithEffects<{ version: number; announcement: Announcement }>> {
			await requireAccess.room(scope, roomId);
			const at = clock.now();
			const now = at.toISOString();
			const expiresAt = minutes ? new Date(at.getTime() + minutes * 60_000).toISOString() : null;
			const announcement = await agenda.addAnnouncement(scope.eventId, text, roomId, now, expiresAt);
			const change = await agenda.recordChange(
				scope.eventId,
				'announced',
				null,
				{ title: excerpt(text, 80) },
				now,
				announcement.id
			);
			const { version } = change;
			return changed(
				scope.eventId,
				{ version, announcement },
				{ type: 'announcement', version, announcement, change }
			);
		},

		/**
		 * Takes an announcement back with every copy of its words the hub keeps: its text, its "what changed" entry
		 * (pages drop the entry with the announcement) and the stored answer to its post.
		 */
		async withdraw(scope: Scope, announcementId: number): Promise<WithEffects<{ version: number }>> {
			await requireAccess.announcement(scope, announcementId);
			await agenda.withdrawAnnouncement(scope.eventId, announcementId);
			await agenda.dropAnnouncedChange(scope.eventId, announcementId);
			for (const w of await ledger.mentioning(scope.eventId, `"announcement":{"id":${announcementId},`)) {
				const posted = w.result as { version: number; announcement: Announcement };
				if (w.command === 'announcement:post' && posted.announcement.id === announcementId)
					await ledger.rewrite(scope.eventId, w.clientId, {
						...posted,
						announcement: { ...posted.announcement, text: '' }
					});
			}
			const version = await agenda.bumpVersion(scope.eventId);
			return changed(scope.eventId, { version }, { type: 'announcement-withdrawn', version, announcementId });
		}
	};
}
export type AgendaService = ReturnType<typeof createAgendaService>;
