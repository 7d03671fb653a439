import type { Sql } from '../db/sql';
import type { AgendaChange, AgendaSession, Announcement, ChangeKind } from '../../src/lib/protocol';

interface SessionRow {
	id: string;
	title: string;
	description: string;
	kind: AgendaSession['kind'];
	room_id: string;
	starts_at: string;
	ends_at: string;
	delay_minutes: number;
	cancelled: number;
	moved_from_room: string | null;
	speakers: string;
	objectives: string;
	chatham_house: number;
}

const toSession = (r: SessionRow): AgendaSession => ({
	id: r.id,
	title: r.title,
	description: r.description,
	kind: r.kind,
	roomId: r.room_id,
	startsAt: r.starts_at,
	endsAt: r.ends_at,
	delayMinutes: r.delay_minutes,
	cancelled: r.cancelled === 1,
	movedFromRoomId: r.moved_from_room,
	speakers: JSON.parse(r.speakers) as AgendaSession['speakers'],
	objectives: JSON.parse(r.objectives) as string[],
	chathamHouse: r.chatham_house === 1
});

interface AnnouncementRow {
	id: number;
	text: string;
	room_id: string | null;
	posted_at: string;
	expires_at: string | null;
}
const toAnnouncement = (r: AnnouncementRow): Announcement => ({
	id: r.id,
	text: r.text,
	roomId: r.room_id,
	postedAt: r.posted_at,
	expiresAt: r.expires_at
});

interface ChangeRow {
	version: number;
	at: string;
	kind: ChangeKind;
	session_id: string | null;
	announcement_id: number | null;
	detail: string;
}
const toChange = (r: ChangeRow): AgendaChange => ({
	version: r.version,
	at: r.at,
	kind: r.kind,
	sessionId: r.session_id,
	...(r.announcement_id === null ? {} : { announcementId: r.announcement_id }),
	detail: JSON.parse(r.detail) as AgendaChange['detail']
});

export interface SessionWrite {
	title: string;
	description: string;
	kind: AgendaSession['kind'];
	roomId: string;
	startsAt: string;
	endsAt: string;
	delayMinutes: number;
	cancelled: boolean;
	movedFromRoomId: string | null;
	speakers: AgendaSession['speakers'];
	objectives: string[];
	chathamHouse: boolean;
}

/** SQL for sessions, announcements, the change log and the event's version counter. */
export function createAgendaStore(sql: Sql) {
	const q = {
		sessions: 'SELECT * FROM sessions WHERE event_id = ? ORDER BY starts_at, room_id, id',
		session: 'SELECT * FROM sessions WHERE event_id = ? AND id = ?',
		upsertSession: `INSERT INTO sessions (event_id, id, title, description, kind, room_id, starts_at, ends_at, delay_minutes, cancelled, moved_from_room, speakers, objectives, chatham_house, updated_at)
			 VALUES (@eventId, @id, @title, @description, @kind, @roomId, @startsAt, @endsAt, @delayMinutes, @cancelled, @movedFromRoomId, @speakers, @objectives, @chathamHouse, @now)
			 ON CONFLICT(event_id, id) DO UPDATE SET title = excluded.title, description = excluded.description,
			   kind = excluded.kind, room_id = excluded.room_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
			   delay_minutes = excluded.delay_minutes, cancelled = excluded.cancelled, moved_from_room = excluded.moved_from_room,
			   speakers = excluded.speakers, objectives = excluded.objectives, chatham_house = excluded.chatham_house,
			   updated_at = excluded.updated_at`,
		announcements:
			'SELECT id, text, room_id, posted_at, expires_at FROM announcements WHERE event_id = ? AND withdrawn = 0 ORDER BY id DESC LIMIT 20',
		announcement:
			'SELECT id, text, room_id, posted_at, expires_at FROM announcements WHERE event_id = ? AND id = ? AND withdrawn = 0',
		insertAnnouncement:
			'INSERT INTO announcements (event_id, text, room_id, posted_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id, text, room_id, posted_at, expires_at',
		// A withdrawn announcement keeps its row (its id stays taken) but not its words.
		withdrawAnnouncement:
			"UPDATE announcements SET withdrawn = 1, text = '' WHERE event_id = ? AND id = ? AND withdrawn = 0",
		dropAnnounced: 'DELETE FROM agenda_changes WHERE event_id = ? AND announcement_id = ?',
		changes:
			'SELECT version, at, kind, session_id, announcement_id, detail FROM agenda_changes WHERE event_id = ? ORDER BY version DESC LIMIT ?',
		updatedAt: 'SELECT id, updated_at FROM sessions WHERE event_id = ?',
		changeCounts:
			'SELECT session_id, count(*) AS n FROM agenda_changes WHERE event_id = ? AND session_id IS NOT NULL GROUP BY session_id',
		insertChange:
			'INSERT INTO agenda_changes (event_id, version, at, kind, session_id, announcement_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
		bump: 'UPDATE events SET version = version + 1 WHERE id = ? RETURNING version'
	};
	const session = async (eventId: string, id: string) => {
		const r = await sql.get<SessionRow>(q.session, [eventId, id]);
		return r && toSession(r);
	};
	const bump = async (eventId: string) => (await sql.get<{ version: number }>(q.bump, [eventId]))!.version;

	return {
		sessions: async (eventId: string) => (await sql.all<SessionRow>(q.sessions, [eventId])).map(toSession),
		session,
		async saveSession(eventId: string, id: string, s: SessionWrite, now: string): Promise<AgendaSession> {
			await sql.run(q.upsertSession, {
				eventId,
				id,
				...s,
				cancelled: s.cancelled ? 1 : 0,
				chathamHouse: s.chathamHouse ? 1 : 0,
				speakers: JSON.stringify(s.speakers),
				objectives: JSON.stringify(s.objectives),
				now
			});
			return (await session(eventId, id))!;
		},
		announcements: async (eventId: string) =>
			(await sql.all<AnnouncementRow>(q.announcements, [eventId])).map(toAnnouncement),
		announcement: async (eventId: string, id: number) => {
			const r = await sql.get<AnnouncementRow>(q.announcement, [eventId, id]);
			return r && toAnnouncement(r);
		},
		addAnnouncement: async (
			eventId: string,
			text: string,
			roomId: string | null,
			now: string,
			expiresAt: string | null
		) =>
			toAnnouncement(
				(await sql.get<AnnouncementRow>(q.insertAnnouncement, [eventId, text, roomId, now, expiresAt]))!
			),
		withdrawAnnouncement: async (eventId: string, id: number) =>
			(await sql.run(q.withdrawAnnouncement, [eventId, id])).changes === 1,
		/** Deletes the change-log entry of an announcement (none for one posted before entries named theirs). */
		dropAnnouncedChange: async (eventId: string, announcementId: number) =>
			(await sql.run(q.dropAnnounced, [eventId, announcementId])).changes,
		bumpVersion: bump,
		/** When each session was last written (its calendar LAST-MODIFIED). */
		updatedAt: async (eventId: string): Promise<Map<string, string>> =>
			new Map(
				(await sql.all<{ id: string; updated_at: string }>(q.updatedAt, [eventId])).map((r) => [
					r.id,
					r.updated_at
				])
			),
		/** How many times each session changed (its calendar SEQUENCE): one per change-log entry naming it. */
		changeCounts: async (eventId: string): Promise<Map<string, number>> =>
			new Map(
				(await sql.all<{ session_id: string; n: number }>(q.changeCounts, [eventId])).map((r) => [
					r.session_id,
					r.n
				])
			),
		changes: async (eventId: string, limit = 100) =>
			(await sql.all<ChangeRow>(q.changes, [eventId, limit])).map(toChange),
		/** Bumps the event's version and records what changed under it. Caller holds the transaction. */
		async recordChange(
			eventId: string,
			kind: ChangeKind,
			sessionId: string | null,
			detail: AgendaChange['detail'],
			now: string,
			announcementId?: number
		): Promise<AgendaChange> {
			const version = await bump(eventId);
			await sql.run(q.insertChange, [
				eventId,
				version,
				now,
				kind,
				sessionId,
				announcementId ?? null,
				JSON.stringify(detail)
			]);
			return {
				version,
				at: now,
				kind,
				sessionId,
				...(announcementId === undefined ? {} : { announcementId }),
				detail
			};
		}
	};
}
export type AgendaStore = ReturnType<typeof createAgendaStore>;
