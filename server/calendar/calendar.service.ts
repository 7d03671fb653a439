import { createHash } from 'node:crypto';
import { createEvents, type EventAttributes } from 'ics';
import type { AgendaSession, EventSnapshot } from '../../src/lib/protocol';
import type { AgendaStore } from '../agenda/agenda.store';
import type { PersonalService } from './personal.service';
import { placeOf } from '../../src/lib/agenda/place';

/** Which sessions a feed carries: the whole programme, one hall's, or the ones a device starred. */
export type FeedScope =
	{ kind: 'event' } | { kind: 'room'; roomId: string } | { kind: 'personal'; deviceHash: string };

export interface Feed {
	body: string;
	/** Changes exactly when what the feed says can: the event's version (and, for a personal feed, its stars). */
	etag: string;
}

/** `ics` reads DTSTAMP from `timestamp`, which its types leave out. */
type Attributes = EventAttributes & { timestamp?: number };

const MINUTE = 60_000;
const shifted = (iso: string, minutes: number) => Date.parse(iso) + minutes * MINUTE;

/**
 * RFC 5545 calendars of the programme. Times are UTC (valid in every calendar, no VTIMEZONE to keep right); a
 * session's UID never changes, its SEQUENCE is how often it changed, and a cancelled one stays, marked CANCELLED,
 * so calendars that subscribed take it out rather than keep a stale copy.
 */
export function createCalendarService(deps: {
	snapshot: (eventId: string) => Promise<EventSnapshot>;
	agenda: AgendaStore;
	personal: PersonalService;
}) {
	const { snapshot, agenda, personal } = deps;

	function event(
		snap: EventSnapshot,
		s: AgendaSession,
		meta: { sequence: number; updatedAt: number },
		baseUrl: string,
		calName: string
	): Attributes {
		const room = snap.rooms.find((r) => r.id === s.roomId)?.name ?? s.roomId;
		const speakers = s.speakers.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join('; ');
		const url = `${baseUrl}/e/${snap.event.code}/s/${s.id}`;
		return {
			uid: `${s.id}@${snap.event.id}.dais`,
			title: s.title,
			description: [s.description, speakers, url].filter(Boolean).join('\n\n'),
			location: placeOf(room, snap.event.venue, snap.event.city),
			url,
			start: shifted(s.startsAt, s.delayMinutes),
			startInputType: 'utc',
			startOutputType: 'utc',
			end: shifted(s.endsAt, s.delayMinutes),
			endInputType: 'utc',
			endOutputType: 'utc',
			status: s.cancelled ? 'CANCELLED' : 'CONFIRMED',
			categories: [s.kind],
			sequence: meta.sequence,
			lastModified: meta.updatedAt,
			// Stamped with the session's own last change, so an unchanged feed is byte-for-byte the same.
			timestamp: meta.updatedAt,
			productId: 'dais/calendar',
			calName
		};
	}

	return {
		/** The feed, or null when the room is not in the event. */
		async feed(eventId: string, scope: FeedScope, baseUrl: string): Promise<Feed | null> {
			const snap = await snapshot(eventId);
			let sessions = snap.sessions;
			let tag = `${snap.event.id}-v${snap.version}`;
			let calName = snap.event.title;
			if (scope.kind === 'room') {
				if (!snap.rooms.some((r) => r.id === scope.roomId)) return null;
				sessions = sessions.filter((s) => s.roomId === scope.roomId);
				calName += ` (${snap.rooms.find((r) => r.id === scope.roomId)!.name})`;
				tag += `-${scope.roomId}`;
			} else if (scope.kind === 'personal') {
				const stars = (await personal.stars(eventId, scope.deviceHash)).stars;
				const starred = new Set(stars);
				sessions = sessions.filter((s) => starred.has(s.id));
				tag += `-${createHash('sha256').update(stars.join(',')).digest('hex').slice(0, 16)}`;
			}
			const counts = await agenda.changeCounts(eventId);
			const updated = await agenda.updatedAt(eventId);
			const events = sessions.map((s) =>
				event(
					snap,
					s,
					{
						sequence: counts.get(s.id) ?? 0,
						updatedAt: Date.parse(updated.get(s.id) ?? snap.event.startsOn)
					},
					baseUrl,
					calName
				)
			);
			const { error, value } = events.length
				? createEvents(events)
				: // An empty calendar is still a calendar: a device that starred nothing yet gets one with no events.
					createEvents([], { productId: 'dais/calendar', calName });
			if (error || value === null) throw error ?? new Error('could not write the calendar');
			return { body: foldOctets(value), etag: `"${tag}"` };
		}
	};
}
export type CalendarService = ReturnType<typeof createCalendarService>;

/**
 * Folds every content line at 75 octets, as RFC 5545 (3.1) asks: `ics` folds at 75 characters, so a line of Urdu or
 * Arabic (two octets a letter in UTF-8) ran to 131. Unfolds what `ics` folded, then folds again, never inside a
 * character (a continuation line starts with one space, which counts towards its 75).
 */
export function foldOctets(calendar: string): string {
	const lines = calendar.replace(/\r\n[ \t]/g, '').split('\r\n');
	return lines
		.map((line) => {
			const parts: string[] = [];
			let part = '';
			let octets = 0;
			for (const ch of line) {
				const size = Buffer.byteLength(ch, 'utf8');
				const room = parts.length === 0 ? 75 : 74;
				if (octets + size > room) {
					parts.push(part);
					part = '';
					octets = 0;
				}
				part += ch;
				octets += size;
			}
			parts.push(part);
			return parts.join('\r\n ');
		})
		.join('\r\n');
}

/** The HTTP answer for a feed: text/calendar, revalidated by ETag, a 304 when the caller has this version. */
export function feedResponse(feed: Feed | null, ifNoneMatch: string | null, personal = false): Response {
	if (!feed) return new Response('Not found', { status: 404 });
	const headers = {
		'content-type': 'text/calendar; charset=utf-8',
		etag: feed.etag,
		// Calendars poll; they may keep a copy but must ask again (cheaply, with If-None-Match) before using it.
		'cache-control': `${personal ? 'private' : 'public'}, max-age=0, must-revalidate`
	};
	if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === feed.etag))
		return new Response(null, { status: 304, headers });
	return new Response(feed.body, { headers });
}
