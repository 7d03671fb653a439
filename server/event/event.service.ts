import { readFileSync } from 'node:fs';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type { EventSnapshot } from '../../src/lib/protocol';
import type { AgendaStore } from '../agenda/agenda.store';
import type { EventStore } from './event.store';
import { EventFile, formatProblems, parseEventFile, type FileProblem } from './event-file';

export type ImportMode = 'replace' | 'merge';

export class ImportError extends DomainError {
	constructor(readonly problems: FileProblem[]) {
		super('invalid-payload', formatProblems(problems));
	}
}

const SAMPLE_FILE = new URL('./sample-event.json', import.meta.url);

/** Events, their public snapshot and programme import. */
export function createEventService(deps: {
	db: Db;
	events: EventStore;
	agenda: AgendaStore;
	clock: Clock;
	/** Writes what other domains take from an event file (e.g. preset polls), inside the import's transaction. */
	onImport?: (file: EventFile) => void;
}) {
	const { db, events, agenda, clock } = deps;

	// Every phone that (re)connects asks for the snapshot; it only changes when the event's version does.
	const cache = new Map<string, EventSnapshot>();

	function snapshot(eventId: string): EventSnapshot {
		const version = events.version(eventId);
		const cached = cache.get(eventId);
		if (cached && version !== undefined && cached.version === version) return cached;
		// One read transaction so the version matches the rows it describes.
		const fresh = db.transaction(() => {
			const found = events.get(eventId);
			if (!found) throw new DomainError('not-found', 'no such event');
			return {
				version: found.version,
				event: found.event,
				objectives: events.objectives(eventId),
				rooms: events.rooms(eventId),
				sessions: agenda.sessions(eventId),
				announcements: agenda.announcements(eventId),
				changes: agenda.changes(eventId)
			};
		})();
		cache.set(eventId, fresh);
		return fresh;
	}

	/** Validates a whole file, then writes it in one transaction: a bad file changes nothing. */
	function importText(text: string, mode: ImportMode, expectEventId?: string) {
		const parsed = parseEventFile(text);
		if (!parsed.ok) throw new ImportError(parsed.problems);
		return importFile(parsed.file, mode, expectEventId);
	}

	function importFile(file: EventFile, mode: ImportMode, expectEventId?: string) {
		if (expectEventId && file.event.id !== expectEventId) {
			throw new ImportError([
				{
					line: 1,
					column: 1,
					path: 'event.id',
					message: `this file is for event "${file.event.id}", not "${expectEventId}"`
				}
			]);
		}
		const other = events.getByCode(file.event.code);
		if (other && other.event.id !== file.event.id) {
			throw new ImportError([
				{
					line: 1,
					column: 1,
					path: 'event.code',
					message: `code ${file.event.code} is already used by another event`
				}
			]);
		}
		const now = clock.now().toISOString();
		return db.transaction(() => {
			if (mode === 'merge' && events.get(file.event.id)) {
				// Sessions kept from before must still point at rooms and objectives that exist.
				const rooms = new Set([
					...events.rooms(file.event.id).map((r) => r.id),
					...file.rooms.map((r) => r.id)
				]);
				for (const s of file.sessions)
					if (!rooms.has(s.roomId)) throw new DomainError('invalid-payload', `no room ${s.roomId}`);
			}
			events.writeFile(file, mode, now);
			deps.onImport?.(file);
			const change = agenda.recordChange(
				file.event.id,
				'imported',
				null,
				{ title: `${file.sessions.length} sessions (${mode})` },
				now
			);
			return {
				eventId: file.event.id,
				code: file.event.code,
				version: change.version,
				sessions: file.sessions.length
			};
		})();
	}

	/** The sample conference, shifted so that its first day is today in its own time zone when asked to. */
	function sampleFile(dates: 'today' | 'fixed'): EventFile {
		const file = EventFile.parse(JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')));
		if (dates === 'fixed') return file;
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: file.event.timezone }).format(clock.now());
		const shiftDays = Math.round((Date.parse(today) - Date.parse(file.event.startsOn)) / 86_400_000);
		const shift = (iso: string) => new Date(Date.parse(iso) + shiftDays * 86_400_000).toISOString();
		const shiftDate = (d: string) => shift(`${d}T00:00:00Z`).slice(0, 10);
		return {
			...file,
			event: {
				...file.event,
				startsOn: shiftDate(file.event.startsOn),
				endsOn: shiftDate(file.event.endsOn)
			},
			sessions: file.sessions.map((s) => ({ ...s, startsAt: shift(s.startsAt), endsAt: shift(s.endsAt) }))
		};
	}

	return {
		snapshot,
		list: () => events.list(),
		count: () => events.count(),
		/** The event's agenda version: it moves with every change to the programme, from whichever process. */
		version: (eventId: string) => events.version(eventId),
		byCode: (code: string) => events.getByCode(code.trim().toUpperCase())?.event,
		byId: (id: string) => events.get(id)?.event,
		room: (eventId: string, roomId: string) => events.room(eventId, roomId),
		importText,
		importFile,
		sampleFile
	};
}
export type EventService = ReturnType<typeof createEventService>;
