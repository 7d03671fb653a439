import { readFileSync } from 'node:fs';
import type { Sql } from '../db/sql';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import {
	EventCode,
	type EventDetailsPatch,
	type EventInfo,
	type EventSnapshot
} from '../../src/lib/protocol';
import type { Effect, WithEffects } from '../effects';
import { coversEvent, type Scope } from '../access/scope';
import type { AgendaStore } from '../agenda/agenda.store';
import type { EventDetails, EventStore } from './event.store';
import { EventFile, formatProblems, parseEventFile, type FileProblem } from './event-file';
import { eventChanges, type EventChange } from '../../src/lib/organiser/import';
import { dayKey, daysBetween } from '../../src/lib/agenda/time';

export type ImportMode = 'replace' | 'merge';

export class ImportError extends DomainError {
	constructor(
		readonly problems: FileProblem[],
		code: 'invalid-payload' | 'conflict' = 'invalid-payload'
	) {
		super(code, formatProblems(problems));
	}
}

/** A merge that would move the event's dates or time zone, refused until the organiser says so. */
export class EventChangesError extends ImportError {
	constructor(readonly changes: EventChange[]) {
		super(
			changes.map((c) => ({
				line: 1,
				column: 1,
				path: `event.${c.field}`,
				message: `would change the event's ${c.field} from ${c.from} to ${c.to}; a merge keeps the event as it is unless this change is confirmed`
			})),
			'conflict'
		);
	}
}

export interface ImportOptions {
	/** The signed-in organiser's event: a file for another is refused. */
	expectEventId?: string;
	/** A merge may move the event's dates or time zone (a replace always may). */
	allowEventChanges?: boolean;
	/** Runs in the import's transaction once the file is written (its audit entry): both commit, or neither. */
	within?: (result: ImportResult) => Promise<unknown>;
}

/** What an import did: the event, its new version, how many sessions, and the event's own fields it changed. */
export interface ImportResult {
	eventId: string;
	code: string;
	version: number;
	sessions: number;
	eventChanges: EventChange[];
}

const SAMPLE_FILE = new URL('./sample-event.json', import.meta.url);

/** The time's names per language after an edit: an empty name drops its language, one not mentioned stays. */
function namesAfter(before: Record<string, string>, patch: Record<string, string> | undefined) {
	const names = { ...before };
	for (const [language, name] of Object.entries(patch ?? {})) {
		if (name) names[language] = name;
		else delete names[language];
	}
	return names;
}

/** Events, their public snapshot and programme import. */
export function createEventService(deps: {
	sql: Sql;
	events: EventStore;
	agenda: AgendaStore;
	clock: Clock;
	/** Writes what other domains take from an event file (e.g. preset polls), inside the import's transaction. */
	onImport?: (file: EventFile) => Promise<void>;
	/** Whether the event has badge codes (the badges domain's): the snapshot says so. */
	hasBadges?: (eventId: string) => Promise<boolean>;
}) {
	const { sql, events, agenda, clock } = deps;

	// Every phone that (re)connects asks for the snapshot; it only changes when the event's version does.
	// Phones joining together while it is being read share the one read.
	const cache = new Map<string, { version: number; snapshot: Promise<EventSnapshot> }>();

	// What every join and every write reads: shared by the callers of one moment (see db/shared-reads.ts).
	const versionOf = (eventId: string) =>
		sql.shared(`event-version:${eventId}`, () => events.version(eventId));

	async function snapshot(eventId: string): Promise<EventSnapshot> {
		const version = await versionOf(eventId);
		const cached = cache.get(eventId);
		if (cached && version !== undefined && cached.version === version) return cached.snapshot;
		if (version === undefined) throw DomainError.because('not-found', 'event-not-found', 'no such event');
		// One read transaction so the version matches the rows it describes.
		const fresh = sql.tx(async (): Promise<EventSnapshot> => {
			const found = await events.get(eventId);
			if (!found) throw DomainError.because('not-found', 'event-not-found', 'no such event');
			return {
				version: found.version,
				event: found.event,
				objectives: await events.objectives(eventId),
				rooms: await events.rooms(eventId),
				sessions: await agenda.sessions(eventId),
				announcements: await agenda.announcements(eventId),
				changes: await agenda.changes(eventId),
				badges: (await deps.hasBadges?.(eventId)) ?? false
			};
		});
		cache.set(eventId, { version, snapshot: fresh });
		try {
			const read = await fresh;
			// Read under a later version than the one asked about: cache it under what it describes.
			if (read.version !== version && cache.get(eventId)?.snapshot === fresh)
				cache.set(eventId, { version: read.version, snapshot: fresh });
			return read;
		} catch (error) {
			if (cache.get(eventId)?.snapshot === fresh) cache.delete(eventId);
			throw error;
		}
	}

	/** The event holding the code a file's text names, if the text is JSON with a well-formed code at all. */
	async function codeOwnerOf(text: string) {
		let raw: unknown;
		try {
			raw = JSON.parse(text.replace(/^\uFEFF/, ''));
		} catch {
			return undefined;
		}
		const code = EventCode.safeParse((raw as { event?: { code?: unknown } } | null)?.event?.code);
		if (!code.success) return undefined;
		const owner = await events.getByCode(code.data);
		return owner && { code: code.data, eventId: owner.event.id };
	}

	/** Validates a whole file, then writes it in one transaction: a bad file changes nothing. */
	async function importText(text: string, mode: ImportMode, opts: ImportOptions = {}) {
		// The event it goes into is checked with the file's own problems, so one import names them all.
		const parsed = parseEventFile(text, {
			expectEventId: opts.expectEventId,
			codeOwner: await codeOwnerOf(text)
		});
		if (!parsed.ok) throw new ImportError(parsed.problems);
		return importFile(parsed.file, mode, opts);
	}

	async function importFile(file: EventFile, mode: ImportMode, opts: ImportOptions = {}) {
		const { expectEventId, allowEventChanges = false, within } = opts;
		// Every problem found before the write, reported together (a file for another event whose code is taken too).
		const problems: FileProblem[] = [];
		if (expectEventId && file.event.id !== expectEventId) {
			problems.push({
				line: 1,
				column: 1,
				path: 'event.id',
				message: `this file is for event "${file.event.id}", not "${expectEventId}"`,
				reason: 'file-other-event',
				params: { id: file.event.id }
			});
		}
		const other = await events.getByCode(file.event.code);
		if (other && other.event.id !== file.event.id) {
			problems.push({
				line: 1,
				column: 1,
				path: 'event.code',
				message: `code ${file.event.code} is already used by another event`,
				reason: 'code-taken',
				params: { code: file.event.code }
			});
		}
		if (problems.length) throw new ImportError(problems);
		const now = clock.now().toISOString();
		return sql.tx(async (): Promise<ImportResult> => {
			// Read inside the transaction, so what is compared is what the write replaces.
			const before = await events.get(file.event.id);
			const changes = eventChanges(before?.event, file.event);
			if (mode === 'merge' && changes.length && !allowEventChanges) throw new EventChangesError(changes);
			if (mode === 'merge' && before) {
				// Sessions kept from before must still point at rooms and objectives that exist.
				const rooms = new Set([
					...(await events.rooms(file.event.id)).map((r) => r.id),
					...file.rooms.map((r) => r.id)
				]);
				const kept: FileProblem[] = file.sessions.flatMap((s, n) =>
					rooms.has(s.roomId)
						? []
						: [
								{
									line: 1,
									column: 1,
									path: `sessions.${n}.roomId`,
									message: `no room ${s.roomId}`,
									reason: 'file-unknown-room' as const,
									params: { id: s.roomId }
								}
							]
				);
				// A merge that moves the event's days or zone must not strand a session it keeps on a day of its own.
				if (changes.some((c) => c.field === 'startsOn' || c.field === 'endsOn' || c.field === 'timezone')) {
					const days = daysBetween(file.event.startsOn, file.event.endsOn);
					const inFile = new Set(file.sessions.map((s) => s.id));
					const stranded = (await agenda.sessions(file.event.id)).filter(
						(s) => !inFile.has(s.id) && !days.includes(dayKey(Date.parse(s.startsAt), file.event.timezone))
					);
					for (const s of stranded) {
						const day = dayKey(Date.parse(s.startsAt), file.event.timezone);
						kept.push({
							line: 1,
							column: 1,
							path: 'event.startsOn',
							message: `session "${s.id}", kept by this merge, starts on ${day} (${file.event.timezone}), outside the file's days, ${file.event.startsOn} to ${file.event.endsOn}: add it to the file with its new times`,
							reason: 'file-session-off-days',
							params: { id: s.id, day, first: file.event.startsOn, last: file.event.endsOn }
						});
					}
				}
				if (kept.length) throw new ImportError(kept);
			}
			await events.writeFile(file, mode, now);
			await deps.onImport?.(file);
			// A new event's first file is its creation, not a change to a programme anyone has seen: no "Programme
			// updated" line in its "what changed" (the version still moves on, past the event's row).
			const version = before
				? (
						await agenda.recordChange(
							file.event.id,
							'imported',
							null,
							{ title: `${file.sessions.length} sessions (${mode})` },
							now
						)
					).version
				: await agenda.bumpVersion(file.event.id);
			const result: ImportResult = {
				eventId: file.event.id,
				code: file.event.code,
				version,
				sessions: file.sessions.length,
				eventChanges: changes
			};
			await within?.(result);
			return result;
		});
	}

	/**
	 * The sample conference, moved in time when asked to. `now`: so that this moment falls 10-15 minutes into a working
	 * session with preset polls, its start on a 5-minute mark, so a newcomer sees a live session with polls to launch;
	 * the first such session (the first hall first) that can be on now with every session kept on its own day of the
	 * two (not run past midnight into a third). Late in the evening and just after midnight none can: the conference
	 * then starts on the coming morning, times as planned. `today`: day 1 is today in the event's zone, times as
	 * planned; `fixed`: the file's own dates.
	 */
	function sampleFile(dates: 'now' | 'today' | 'fixed'): EventFile {
		const file = EventFile.parse(JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')));
		if (dates === 'fixed') return file;
		const zone = file.event.timezone;
		const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(t);
		const DAY = 86_400_000;
		const now = clock.now().getTime();
		/** The whole days from the file's first day to the one holding `t`, the event's zone. */
		const daysTo = (t: number) => Math.round((Date.parse(day(t)) - Date.parse(file.event.startsOn)) / DAY);
		const startingOn = (t: number) => daysTo(t) * DAY;
		/** Whether moving every session by `ms` leaves each on its own day of the programme, none past midnight. */
		const keepsDays = (ms: number) => {
			const offset =
				daysTo(Date.parse(file.sessions[0].startsAt) + ms) - daysTo(Date.parse(file.sessions[0].startsAt));
			return file.sessions.every((x) =>
				[Date.parse(x.startsAt), Date.parse(x.endsAt) - 1].every((t) => daysTo(t + ms) === daysTo(t) + offset)
			);
		};
		let shiftMs: number;
		if (dates === 'today') {
			shiftMs = startingOn(now);
		} else {
			const polled = new Set(file.polls.map((p) => p.sessionId));
			const roomOrder = (roomId: string) => file.rooms.findIndex((r) => r.id === roomId);
			const anchors = file.sessions
				.filter((x) => polled.has(x.id))
				.sort(
					(a, b) =>
						Date.parse(a.startsAt) - Date.parse(b.startsAt) || roomOrder(a.roomId) - roomOrder(b.roomId)
				);
			if (!anchors.length) return file;
			const FIVE_MINUTES = 5 * 60_000;
			const start = Math.floor((now - 10 * 60_000) / FIVE_MINUTES) * FIVE_MINUTES;
			const live = anchors.map((a) => start - Date.parse(a.startsAt)).find(keepsDays);
			// Before noon the coming morning is today's; after it, tomorrow's.
			const hour = Number(
				new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now)
			);
			shiftMs = live ?? startingOn(now + (hour >= 12 ? DAY : 0));
		}
		const shift = (iso: string) => new Date(Date.parse(iso) + shiftMs).toISOString();
		const sessions = file.sessions.map((x) => ({
			...x,
			startsAt: shift(x.startsAt),
			endsAt: shift(x.endsAt)
		}));
		const days = sessions.flatMap((x) => [day(Date.parse(x.startsAt)), day(Date.parse(x.endsAt) - 1)]).sort();
		const shiftDate = (d: string) => shift(`${d}T00:00:00Z`).slice(0, 10);
		return {
			...file,
			event: {
				...file.event,
				startsOn: dates === 'today' ? shiftDate(file.event.startsOn) : days[0],
				endsOn: dates === 'today' ? shiftDate(file.event.endsOn) : days[days.length - 1]
			},
			sessions
		};
	}

	/**
	 * The event's own words, changed by an organiser of the whole event: every open page takes them as a fact of the
	 * programme's next version (a few hundred bytes, not a resync). Fields left out stay; nothing else changes.
	 */
	async function updateDetails(
		scope: Scope,
		patch: EventDetailsPatch
	): Promise<WithEffects<{ version: number; event: EventInfo }>> {
		if (!coversEvent(scope))
			throw DomainError.because(
				'forbidden',
				'other-hall',
				"your staff link covers one hall; the event's details are for an organiser of the whole event"
			);
		return sql.tx(async () => {
			const before = (await events.get(scope.eventId))?.event;
			if (!before) throw DomainError.because('not-found', 'event-not-found', 'no such event');
			const next: EventDetails = {
				title: patch.title ?? before.title,
				subtitle: patch.subtitle ?? before.subtitle,
				city: patch.city ?? before.city,
				venue: patch.venue ?? before.venue,
				description: patch.description ?? before.description,
				organisers: patch.organisers ?? before.organisers,
				funders: patch.funders ?? before.funders,
				timeZoneNames: namesAfter(before.timeZoneNames, patch.timeZoneNames)
			};
			await events.setDetails(scope.eventId, next);
			const version = await agenda.bumpVersion(scope.eventId);
			const event: EventInfo = { ...before, ...next };
			return {
				data: { version, event },
				effects: [{ type: 'agenda', eventId: scope.eventId, fact: { type: 'event', version, event } }]
			};
		});
	}

	/**
	 * A new version of the event for a change the snapshot carries outside the programme (archived or restored, its
	 * first badge codes): every open page takes a fresh snapshot. In the caller's transaction.
	 */
	async function replaced(eventId: string): Promise<Effect> {
		const version = await agenda.bumpVersion(eventId);
		return { type: 'agenda', eventId, fact: { type: 'replaced', version } };
	}

	return {
		snapshot,
		updateDetails,
		replaced,
		list: () => events.list(),
		count: () => events.count(),
		/** The event's agenda version: it moves with every change to the programme, from whichever process. */
		version: versionOf,
		byCode: async (code: string) => {
			const normal = code.trim().toUpperCase();
			return (await sql.shared(`event-code:${normal}`, () => events.getByCode(normal)))?.event;
		},
		byId: async (id: string) => (await events.get(id))?.event,
		/** Whether the event is archived (read-only); an unknown event is not. Asked before every write. */
		archived: async (id: string) =>
			Boolean(await sql.shared(`event-archived:${id}`, () => events.archivedAt(id))),
		room: (eventId: string, roomId: string) =>
			sql.shared(`event-room:${eventId}\n${roomId}`, () => events.room(eventId, roomId)),
		importText,
		importFile,
		sampleFile
	};
}
export type EventService = ReturnType<typeof createEventService>;
