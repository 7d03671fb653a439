import type { Db } from '../db/connection';
import type { EventInfo, Objective, Room } from '../../src/lib/protocol';
import type { EventFile } from './event-file';

interface EventRow {
	id: string;
	code: string;
	title: string;
	subtitle: string;
	city: string;
	venue: string;
	timezone: string;
	time_zone_names: string;
	starts_on: string;
	ends_on: string;
	sample: number;
	organisers: string;
	funders: string;
	description: string;
	version: number;
}

const toEvent = (r: EventRow): EventInfo => ({
	id: r.id,
	code: r.code,
	title: r.title,
	subtitle: r.subtitle,
	city: r.city,
	venue: r.venue,
	timezone: r.timezone,
	timeZoneNames: JSON.parse(r.time_zone_names) as Record<string, string>,
	startsOn: r.starts_on,
	endsOn: r.ends_on,
	sample: r.sample === 1,
	organisers: JSON.parse(r.organisers) as string[],
	funders: JSON.parse(r.funders) as string[],
	description: r.description
});

/** SQL for events, their objectives and rooms, and hub-wide settings. */
export function createEventStore(db: Db) {
	// A replaced programme starts afresh; a merged one keeps the live changes (delays, cancellations, moves).
	const upsertSession = (resetLive: boolean) =>
		db.prepare(
			`INSERT INTO sessions (event_id, id, title, description, kind, room_id, starts_at, ends_at, speakers, objectives, updated_at)
			 VALUES (@eventId, @id, @title, @description, @kind, @roomId, @startsAt, @endsAt, @speakers, @objectives, @now)
			 ON CONFLICT(event_id, id) DO UPDATE SET title = excluded.title, description = excluded.description,
			   kind = excluded.kind, room_id = excluded.room_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
			   speakers = excluded.speakers, objectives = excluded.objectives, updated_at = excluded.updated_at` +
				(resetLive ? ', delay_minutes = 0, cancelled = 0, moved_from_room = NULL' : '')
		);
	const q = {
		byId: db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
		byCode: db.prepare<[string], EventRow>('SELECT * FROM events WHERE code = ?'),
		version: db.prepare<[string], { version: number }>('SELECT version FROM events WHERE id = ?'),
		all: db.prepare<[], EventRow>('SELECT * FROM events ORDER BY starts_on, title'),
		count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
		objectives: db.prepare<[string], Objective>(
			'SELECT id, name, description FROM objectives WHERE event_id = ? ORDER BY position'
		),
		rooms: db.prepare<[string], Room>('SELECT id, name FROM rooms WHERE event_id = ? ORDER BY position'),
		room: db.prepare<[string, string], Room>('SELECT id, name FROM rooms WHERE event_id = ? AND id = ?'),
		insertEvent: db.prepare(
			`INSERT INTO events (id, code, title, subtitle, city, venue, timezone, time_zone_names, starts_on, ends_on, sample, organisers, funders, description, created_at)
			 VALUES (@id, @code, @title, @subtitle, @city, @venue, @timezone, @timeZoneNames, @startsOn, @endsOn, @sample, @organisers, @funders, @description, @now)
			 ON CONFLICT(id) DO UPDATE SET code = excluded.code, title = excluded.title, subtitle = excluded.subtitle,
			   city = excluded.city, venue = excluded.venue, timezone = excluded.timezone,
			   time_zone_names = excluded.time_zone_names, starts_on = excluded.starts_on,
			   ends_on = excluded.ends_on, sample = excluded.sample, organisers = excluded.organisers,
			   funders = excluded.funders, description = excluded.description`
		),
		// "Replace" removes only what the new file no longer has, so questions and polls of kept sessions survive.
		deleteOtherSessions: db.prepare<[string, string]>(
			'DELETE FROM sessions WHERE event_id = ? AND id NOT IN (SELECT value FROM json_each(?))'
		),
		deleteOtherRooms: db.prepare<[string, string]>(
			'DELETE FROM rooms WHERE event_id = ? AND id NOT IN (SELECT value FROM json_each(?))'
		),
		deleteOtherObjectives: db.prepare<[string, string]>(
			'DELETE FROM objectives WHERE event_id = ? AND id NOT IN (SELECT value FROM json_each(?))'
		),
		upsertObjective: db.prepare(
			`INSERT INTO objectives (event_id, id, position, name, description) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT(event_id, id) DO UPDATE SET position = excluded.position, name = excluded.name, description = excluded.description`
		),
		upsertRoom: db.prepare(
			`INSERT INTO rooms (event_id, id, position, name) VALUES (?, ?, ?, ?)
			 ON CONFLICT(event_id, id) DO UPDATE SET position = excluded.position, name = excluded.name`
		),
		upsertSession: upsertSession(true),
		mergeSession: upsertSession(false),
		getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
		setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING')
	};

	return {
		get: (id: string) => {
			const r = q.byId.get(id);
			return r && { event: toEvent(r), version: r.version };
		},
		getByCode: (code: string) => {
			const r = q.byCode.get(code);
			return r && { event: toEvent(r), version: r.version };
		},
		list: () => q.all.all().map(toEvent),
		version: (id: string) => q.version.get(id)?.version,
		count: () => q.count.get()!.n,
		objectives: (eventId: string) => q.objectives.all(eventId),
		rooms: (eventId: string) => q.rooms.all(eventId),
		room: (eventId: string, roomId: string) => q.room.get(eventId, roomId),

		/** Writes an imported file. `replace` drops the programme first; `merge` upserts by id. Caller holds the transaction. */
		writeFile(file: EventFile, mode: 'replace' | 'merge', now: string) {
			const e = file.event;
			q.insertEvent.run({
				...e,
				sample: e.sample ? 1 : 0,
				timeZoneNames: JSON.stringify(e.timeZoneNames),
				organisers: JSON.stringify(e.organisers),
				funders: JSON.stringify(e.funders),
				now
			});
			const ids = (items: { id: string }[]) => JSON.stringify(items.map((x) => x.id));
			file.objectives.forEach((o, n) => q.upsertObjective.run(e.id, o.id, n, o.name, o.description));
			file.rooms.forEach((r, n) => q.upsertRoom.run(e.id, r.id, n, r.name));
			if (mode === 'replace') q.deleteOtherSessions.run(e.id, ids(file.sessions));
			const saveSession = mode === 'replace' ? q.upsertSession : q.mergeSession;
			for (const s of file.sessions) {
				saveSession.run({
					eventId: e.id,
					id: s.id,
					title: s.title,
					description: s.description,
					kind: s.kind,
					roomId: s.roomId,
					startsAt: new Date(s.startsAt).toISOString(),
					endsAt: new Date(s.endsAt).toISOString(),
					speakers: JSON.stringify(s.speakers),
					objectives: JSON.stringify(s.objectives),
					now
				});
			}
			if (mode === 'replace') {
				q.deleteOtherRooms.run(e.id, ids(file.rooms));
				q.deleteOtherObjectives.run(e.id, ids(file.objectives));
			}
		},

		/** A value that is created once and then kept (e.g. the cookie-signing secret). */
		setting(key: string, create: () => string): string {
			q.setSetting.run(key, create());
			return q.getSetting.get(key)!.value;
		}
	};
}
export type EventStore = ReturnType<typeof createEventStore>;
