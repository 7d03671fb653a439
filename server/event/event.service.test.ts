import { describe, expect, it } from 'vitest';
import { fixedClock, memoryServices, SAMPLE_TEXT, tableCounts } from '../../tests/fixtures/services';
import { createAgendaStore } from '../agenda/agenda.store';
import { openDatabase } from '../db/connection';
import { DomainError } from '../errors';
import { createEventService, ImportError } from './event.service';
import { createEventStore } from './event.store';

const EVENT = 'isb26';
const ALL = { eventId: EVENT, roomId: null };

interface SampleJson {
	event: { id: string; code: string; title: string };
	rooms: { id: string; name: string }[];
	sessions: { id: string; title: string; roomId: string; startsAt: string; endsAt: string }[];
	polls: { sessionId: string }[];
}
const sample = () => JSON.parse(SAMPLE_TEXT) as SampleJson;
const text = (file: SampleJson) => JSON.stringify(file, null, '\t');

function importError(run: () => unknown): ImportError {
	try {
		run();
	} catch (e) {
		if (e instanceof ImportError) return e;
		throw e;
	}
	throw new Error('the import was accepted');
}

describe('event import', () => {
	it('keeps the names of the event’s time per language and sends them with the snapshot', () => {
		const s = memoryServices();
		expect(s.events.snapshot(EVENT).event.timeZoneNames).toMatchObject({
			en: 'Islamabad time',
			fr: 'heure d’Islamabad',
			ar: 'توقيت إسلام آباد'
		});
	});

	it('replace drops sessions the file no longer has, adds new ones and bumps the version by one', () => {
		const s = memoryServices();
		const before = s.events.snapshot(EVENT);
		const file = sample();
		file.sessions = file.sessions.filter((x) => x.id !== 'lunch-2');
		file.sessions.push({ ...file.sessions[0], id: 'farewell', title: 'Farewell dinner' });

		const result = s.events.importText(text(file), 'replace');

		const after = s.events.snapshot(EVENT);
		expect(result).toEqual({
			eventId: EVENT,
			code: 'ISB26',
			version: before.version + 1,
			sessions: file.sessions.length
		});
		expect(after.sessions.map((x) => x.id).sort()).toEqual(file.sessions.map((x) => x.id).sort());
		expect(after.changes[0]).toMatchObject({
			version: before.version + 1,
			kind: 'imported',
			sessionId: null
		});
		expect(after.changes.filter((c) => c.kind === 'imported')).toHaveLength(2);
	});

	it('replace drops rooms the file no longer has', () => {
		const s = memoryServices();
		const file = sample();
		file.rooms = file.rooms.filter((r) => r.id !== 'hall-b');
		file.sessions = file.sessions.filter((x) => x.roomId !== 'hall-b');
		file.polls = file.polls.filter((p) => file.sessions.some((x) => x.id === p.sessionId));
		s.events.importText(text(file), 'replace');
		expect(s.events.snapshot(EVENT).rooms.map((r) => r.id)).toEqual(['plenary', 'hall-a']);
	});

	it('merge keeps sessions the file does not mention, with their live changes', () => {
		const s = memoryServices();
		s.agenda.delay(ALL, 'closing', 20);
		const file = sample();
		file.sessions = file.sessions.filter((x) => x.id === 'opening').map((x) => ({ ...x, title: 'Welcome' }));
		file.polls = [];

		s.events.importText(text(file), 'merge');

		const after = s.events.snapshot(EVENT);
		expect(after.sessions).toHaveLength(15);
		expect(after.sessions.find((x) => x.id === 'opening')?.title).toBe('Welcome');
		expect(after.sessions.find((x) => x.id === 'closing')?.delayMinutes).toBe(20);
	});

	it('puts a re-imported session back on its planned time and room', () => {
		const s = memoryServices();
		s.agenda.delay(ALL, 'opening', 15);
		s.agenda.move(ALL, 'ws-legal', 'plenary');
		s.agenda.setCancelled(ALL, 'coffee-1', true);
		s.events.importText(SAMPLE_TEXT, 'replace');
		const sessions = s.events.snapshot(EVENT).sessions;
		expect(sessions.find((x) => x.id === 'opening')).toMatchObject({ delayMinutes: 0 });
		expect(sessions.find((x) => x.id === 'ws-legal')).toMatchObject({
			roomId: 'hall-b',
			movedFromRoomId: null
		});
		expect(sessions.find((x) => x.id === 'coffee-1')).toMatchObject({ cancelled: false });
	});

	it('changes nothing when the file is broken, and names the line', () => {
		const s = memoryServices();
		s.agenda.delay(ALL, 'opening', 5);
		const before = { snapshot: s.events.snapshot(EVENT), counts: tableCounts(s) };
		const err = importError(() =>
			s.events.importText(SAMPLE_TEXT.replace('"rooms": [', '"rooms": ['.slice(0, -1)), 'replace')
		);
		expect(err.problems[0]).toMatchObject({ path: '' });
		expect(err.problems[0].line).toBeGreaterThan(1);
		expect({ snapshot: s.events.snapshot(EVENT), counts: tableCounts(s) }).toEqual(before);
	});

	it('changes nothing when the file names a room that does not exist', () => {
		const s = memoryServices();
		const before = { snapshot: s.events.snapshot(EVENT), counts: tableCounts(s) };
		const err = importError(() =>
			s.events.importText(SAMPLE_TEXT.replace('"roomId": "hall-a"', '"roomId": "hall-q"'), 'merge')
		);
		expect(err.problems).toEqual([
			expect.objectContaining({ path: expect.stringMatching(/^sessions\.\d+\.roomId$/) })
		]);
		expect({ snapshot: s.events.snapshot(EVENT), counts: tableCounts(s) }).toEqual(before);
	});

	it('refuses a file whose event code another event already uses, changing nothing', () => {
		const s = memoryServices();
		const before = tableCounts(s);
		const file = sample();
		file.event.id = 'other';
		const err = importError(() => s.events.importText(text(file), 'replace'));
		expect(err.problems).toEqual([
			expect.objectContaining({ path: 'event.code', message: expect.stringContaining('ISB26') })
		]);
		expect(tableCounts(s)).toEqual(before);
	});

	it('refuses a file for another event than the one expected', () => {
		const s = memoryServices();
		const file = sample();
		file.event = { ...file.event, id: 'other', code: 'OTHER1' };
		const err = importError(() => s.events.importText(text(file), 'replace', EVENT));
		expect(err.problems).toEqual([expect.objectContaining({ path: 'event.id' })]);
		expect(s.events.count()).toBe(1);
	});

	it('imports a second event beside the first, each with its own programme and version', () => {
		const s = memoryServices();
		const file = sample();
		file.event = { ...file.event, id: 'lhr27', code: 'LHR27', title: 'Lahore follow-up' };
		file.sessions = file.sessions.slice(0, 2);
		file.polls = [];
		s.events.importText(text(file), 'replace');
		expect(s.events.count()).toBe(2);
		expect(s.events.byCode('lhr27')?.id).toBe('lhr27');
		expect(s.events.snapshot('lhr27').sessions).toHaveLength(2);
		expect(s.events.snapshot('lhr27').version).toBe(1);
		expect(s.events.snapshot(EVENT).sessions).toHaveLength(15);
	});

	it('rolls back every write of an import when a later step fails', () => {
		const db = openDatabase(':memory:');
		const deps = { db, events: createEventStore(db), agenda: createAgendaStore(db), clock: fixedClock() };
		const ok = createEventService(deps);
		ok.importText(SAMPLE_TEXT, 'replace');
		const counts = () =>
			db.prepare('SELECT (SELECT count(*) FROM sessions) AS s, (SELECT version FROM events) AS v').get();
		const before = counts();
		const failing = createEventService({
			...deps,
			onImport: () => {
				throw new Error('a later step failed');
			}
		});
		const file = sample();
		file.sessions = file.sessions.slice(0, 1);
		file.polls = [];
		expect(() => failing.importText(text(file), 'replace')).toThrow('a later step failed');
		expect(counts()).toEqual(before);
		db.close();
	});

	it('answers the snapshot of an unknown event with not-found', () => {
		const s = memoryServices();
		expect(() => s.events.snapshot('nope')).toThrow(DomainError);
		expect(() => s.events.snapshot('nope')).toThrow('no such event');
	});
});

describe('the sample conference', () => {
	it('puts day 1 on today in Asia/Karachi even while it is still yesterday in UTC', () => {
		// 20:30 UTC on 10 March is 01:30 on 11 March in Karachi (UTC+5).
		const s = memoryServices({ clock: fixedClock('2025-03-10T20:30:00Z'), seed: false });
		const file = s.events.sampleFile('today');
		expect(file.event).toMatchObject({ startsOn: '2025-03-11', endsOn: '2025-03-12' });
		const opening = file.sessions.find((x) => x.id === 'opening')!;
		// Planned 09:30-10:15 Karachi time on day 1.
		expect(opening.startsAt).toBe('2025-03-11T04:30:00.000Z');
		expect(opening.endsAt).toBe('2025-03-11T05:15:00.000Z');
		const closing = file.sessions.find((x) => x.id === 'closing')!;
		expect(closing.startsAt).toBe('2025-03-12T09:00:00.000Z');
	});

	it('keeps day 1 on the Karachi date late in the Karachi evening', () => {
		// 18:59 UTC is 23:59 in Karachi, still 10 March there.
		const s = memoryServices({ clock: fixedClock('2025-03-10T18:59:00Z'), seed: false });
		expect(s.events.sampleFile('today').event.startsOn).toBe('2025-03-10');
	});

	it('keeps the file’s own dates when asked for fixed dates', () => {
		const s = memoryServices({ clock: fixedClock('2025-03-10T20:30:00Z'), seed: false });
		const file = s.events.sampleFile('fixed');
		expect(file.event.startsOn).toBe('2026-12-08');
		expect(file.sessions.map((x) => x.startsAt)).toEqual(sample().sessions.map((x) => x.startsAt));
	});

	it('is seeded once into an empty database, with one sign-in link per staff role', () => {
		const s = memoryServices({ seed: false });
		const seeded = s.seedIfEmpty();
		expect(seeded?.code).toBe('ISB26');
		expect(seeded?.links.map((l) => l.role)).toEqual(['organiser', 'moderator', 'chair', 'screen']);
		for (const link of seeded!.links) {
			const token = new URL(link.path, 'http://x').searchParams.get('token')!;
			expect(s.signIns.preview(token)).toMatchObject({ status: 'ok', credential: { role: link.role } });
		}
		const counts = tableCounts(s);
		expect(s.seedIfEmpty()).toBeNull();
		expect(tableCounts(s)).toEqual(counts);
	});
});
