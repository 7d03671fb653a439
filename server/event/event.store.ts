import { chunks, placeholders, type Sql } from '../db/sql';
import type { EventInfo, Objective, Room } from '../../src/lib/protocol';
import type { EventFile } from './event-file';

/** The fields of an event an organiser edits in the console. */
export type EventDetails = Pick<
	EventInfo,
	'title' | 'subtitle' | 'city' | 'venue' | 'description' | 'organisers' | 'funders' | 'timeZoneNames'
>;

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
	archived_at: string | null;
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
	description: r.description,
	archivedAt: r.archived_at ?? null
});

/** SQL for events, their objectives and rooms, and hub-wide settings. */
export function createEventStore(sql: Sql) {
	// A replaced programme starts afresh; a merged one keeps the live changes (delays, cancellations, moves).
	const upsertSession = (resetLive: boolean) =>
		`INSERT INTO sessions (event_id, id, title, description, kind, room_id, starts_at, ends_at, speakers, objectives, updated_at)
			 VALUES (@eventId, @id, @title, @description, @kind, @roomId, @startsAt, @endsAt, @speakers, @objectives, @now)
			 ON CONFLICT(event_id, id) DO UPDATE SET title = excluded.title, description = excluded.description,
			   kind = excluded.kind, room_id = excluded.room_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
			   speakers = excluded.speakers, objectives = excluded.objectives, updated_at = excluded.updated_at` +
		(resetLive ? ', delay_minutes = 0, cancelled = 0, moved_from_room = NULL' : '');
	const q = {
		byId: 'SELECT * FROM events WHERE id = ?',
		byCode: 'SELECT * FROM events WHERE code = ?',
		version: 'SELECT version FROM events WHERE id = ?',
		all: 'SELECT * FROM events ORDER BY starts_on, title',
		count: 'SELECT count(*) AS n FROM events',
		objectives: 'SELECT id, name, description FROM objectives WHERE event_id = ? ORDER BY position',
		rooms: 'SELECT id, name FROM rooms WHERE event_id = ? ORDER BY position',
		room: 'SELECT id, name FROM rooms WHERE event_id = ? AND id = ?',
		insertEvent: `INSERT INTO events (id, code, title, subtitle, city, venue, timezone, time_zone_names, starts_on, ends_on, sample, organisers, funders, description, created_at)
			 VALUES (@id, @code, @title, @subtitle, @city, @venue, @timezone, @timeZoneNames, @startsOn, @endsOn, @sample, @organisers, @funders, @description, @now)
			 ON CONFLICT(id) DO UPDATE SET code = excluded.code, title = excluded.title, subtitle = excluded.subtitle,
			   city = excluded.city, venue = excluded.venue, timezone = excluded.timezone,
			   time_zone_names = excluded.time_zone_names, starts_on = excluded.starts_on,
			   ends_on = excluded.ends_on, sample = excluded.sample, organisers = excluded.organisers,
			   funders = excluded.funders, description = excluded.description`,
		// "Replace" removes only what the new file no longer has, so questions and polls of kept sessions survive.
		ids: {
			sessions: 'SELECT id FROM sessions WHERE event_id = ?',
			rooms: 'SELECT id FROM rooms WHERE event_id = ?',
			objectives: 'SELECT id FROM objectives WHERE event_id = ?'
		},
		deleteSome: {
			sessions: (n: number) => `DELETE FROM sessions WHERE event_id = ? AND id IN (${placeholders(n)})`,
			rooms: (n: number) => `DELETE FROM rooms WHERE event_id = ? AND id IN (${placeholders(n)})`,
			objectives: (n: number) => `DELETE FROM objectives WHERE event_id = ? AND id IN (${placeholders(n)})`
		},
		upsertObjective: `INSERT INTO objectives (event_id, id, position, name, description) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT(event_id, id) DO UPDATE SET position = excluded.position, name = excluded.name, description = excluded.description`,
		upsertRoom: `INSERT INTO rooms (event_id, id, position, name) VALUES (?, ?, ?, ?)
			 ON CONFLICT(event_id, id) DO UPDATE SET position = excluded.position, name = excluded.name`,
		upsertSession: upsertSession(true),
		mergeSession: upsertSession(false),
		archivedAt: 'SELECT archived_at FROM events WHERE id = ?',
		setArchived: 'UPDATE events SET archived_at = ? WHERE id = ?',
		setDetails: `UPDATE events SET title = @title, subtitle = @subtitle, city = @city, venue = @venue,
			   description = @description, organisers = @organisers, funders = @funders,
			   time_zone_names = @timeZoneNames WHERE id = @id`,
		clearSessions: 'DELETE FROM sessions WHERE event_id = ?',
		deleteEvent: 'DELETE FROM events WHERE id = ?',
		clientWritesOf: 'DELETE FROM client_writes WHERE event_id = ?',
		getSetting: 'SELECT value FROM settings WHERE key = ?',
		setSetting: 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING'
	};
	const withVersion = async (text: string, param: string) => {
		const r = await sql.get<EventRow>(text, [param]);
		return r && { event: toEvent(r), version: r.version };
	};
	/** Deletes the event's rows of one kind whose ids the file no longer has. */
	async function deleteOthers(
		kind: 'sessions' | 'rooms' | 'objectives',
		eventId: string,
		keep: { id: string }[]
	) {
		const kept = new Set(keep.map((x) => x.id));
		const stored = await sql.all<{ id: string }>(q.ids[kind], [eventId]);
		const gone = stored.map((r) => r.id).filter((id) => !kept.has(id));
		for (const chunk of chunks(gone)) await sql.run(q.deleteSome[kind](chunk.length), [eventId, ...chunk]);
	}

	return {
		get: (id: string) => withVersion(q.byId, id),
		getByCode: (code: string) => withVersion(q.byCode, code),
		list: async () => (await sql.all<EventRow>(q.all)).map(toEvent),
		version: async (id: string) => (await sql.get<{ version: number }>(q.version, [id]))?.version,
		count: async () => (await sql.get<{ n: number }>(q.count))!.n,
		objectives: (eventId: string) => sql.all<Objective>(q.objectives, [eventId]),
		rooms: (eventId: string) => sql.all<Room>(q.rooms, [eventId]),
		room: (eventId: string, roomId: string) => sql.get<Room>(q.room, [eventId, roomId]),

		/** Writes an imported file. `replace` drops the programme first; `merge` upserts by id. Caller holds the transaction. */
		async writeFile(file: EventFile, mode: 'replace' | 'merge', now: string) {
			const e = file.event;
			await sql.run(q.insertEvent, {
				...e,
				sample: e.sample ? 1 : 0,
				timeZoneNames: JSON.stringify(e.timeZoneNames),
				organisers: JSON.stringify(e.organisers),
				funders: JSON.stringify(e.funders),
				now
			});
			for (const [n, o] of file.objectives.entries())
				await sql.run(q.upsertObjective, [e.id, o.id, n, o.name, o.description]);
			for (const [n, r] of file.rooms.entries()) await sql.run(q.upsertRoom, [e.id, r.id, n, r.name]);
			if (mode === 'replace') await deleteOthers('sessions', e.id, file.sessions);
			const saveSession = mode === 'replace' ? q.upsertSession : q.mergeSession;
			for (const s of file.sessions) {
				await sql.run(saveSession, {
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
				await deleteOthers('rooms', e.id, file.rooms);
				await deleteOthers('objectives', e.id, file.objectives);
			}
		},

		/** When the event was archived (read-only from then on), or null; undefined for no such event. */
		archivedAt: async (id: string) => {
			const r = await sql.get<{ archived_at: string | null }>(q.archivedAt, [id]);
			return r ? r.archived_at : undefined;
		},
		setArchived: async (id: string, at: string | null) =>
			(await sql.run(q.setArchived, [at, id])).changes === 1,
		/** The event's own words (title, subtitle, city, venue, description, organisers, funders), all at once. */
		setDetails: async (id: string, d: EventDetails) =>
			(
				await sql.run(q.setDetails, {
					...d,
					id,
					organisers: JSON.stringify(d.organisers),
					funders: JSON.stringify(d.funders),
					timeZoneNames: JSON.stringify(d.timeZoneNames)
				})
			).changes === 1,
		/** Removes every session of the event (their questions and polls go with them); rooms and objectives stay. */
		clearSessions: async (id: string) => (await sql.run(q.clearSessions, [id])).changes,
		/** Removes the event and everything in it; the client-write ledger has no foreign key, so it goes by hand. */
		async deleteEvent(id: string) {
			await sql.run(q.clientWritesOf, [id]);
			return (await sql.run(q.deleteEvent, [id])).changes === 1;
		},

		/** A value that is created once and then kept (e.g. the cookie-signing secret). */
		async setting(key: string, create: () => string): Promise<string> {
			await sql.run(q.setSetting, [key, create()]);
			return (await sql.get<{ value: string }>(q.getSetting, [key]))!.value;
		}
	};
}
export type EventStore = ReturnType<typeof createEventStore>;
