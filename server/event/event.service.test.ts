import { describe, expect, it } from 'vitest';
import { fixedClock, memoryServices, SAMPLE_TEXT, tableCounts } from '../../tests/fixtures/services';
import { createAgendaStore } from '../agenda/agenda.store';
import { openTestSql } from '../../tests/fixtures/storage';
import { DomainError } from '../errors';
import { createEventService, EventChangesError, ImportError } from './event.service';
import { createEventStore } from './event.store';
import { EventFile } from './event-file';

const EVENT = 'isb26';
const ALL = { eventId: EVENT, roomId: null };

interface SampleJson {
	event: {
		id: string;
		code: string;
		title: string;
		startsOn: string;
		endsOn: string;
		timezone: string;
		organisers: string[];
		timeZoneNames: Record<string, string>;
	};
	rooms: { id: string; name: string }[];
	sessions: { id: string; title: string; roomId: string; startsAt: string; endsAt: string }[];
	polls: { sessionId: string }[];
}
const sample = () => JSON.parse(SAMPLE_TEXT) as SampleJson;
const text = (file: SampleJson) => JSON.stringify(file, null, '\t');

/** What a merge of `file` without confirmation was refused with (undefined if it went through). */
async function mergeRefusal(
	s: Awaited<ReturnType<typeof memoryServices>>,
	file: SampleJson
): Promise<unknown> {
	try {
		await s.events.importText(text(file), 'merge');
	} catch (e) {
		return e;
	}
	return undefined;
}

async function importError(run: () => unknown): Promise<ImportError> {
	try {
		await run();
	} catch (e) {
		if (e instanceof ImportError) return e;
		throw e;
	}
	throw new Error('the import was accepted');
}

describe('event import', () => {
	it('keeps the names of the event’s time per language and sends them with the snapshot', async () => {
		const s = await memoryServices();
		expect((await s.events.snapshot(EVENT)).event.timeZoneNames).toMatchObject({
			en: 'Islamabad time',
			fr: 'heure d’Islamabad',
			ar: 'توقيت إسلام آباد'
		});
	});

	it('replace drops sessions the file no longer has, adds new ones and bumps the version by one', async () => {
		const s = await memoryServices();
		const before = await s.events.snapshot(EVENT);
		const file = sample();
		file.sessions = file.sessions.filter((x) => x.id !== 'lunch-2');
		file.sessions.push({ ...file.sessions[0], id: 'farewell', title: 'Farewell dinner' });

		const result = await s.events.importText(text(file), 'replace');

		const after = await s.events.snapshot(EVENT);
		expect(result).toEqual({
			eventId: EVENT,
			code: 'ISB26',
			version: before.version + 1,
			sessions: file.sessions.length,
			eventChanges: []
		});
		expect(after.sessions.map((x) => x.id).sort()).toEqual(file.sessions.map((x) => x.id).sort());
		expect(after.changes[0]).toMatchObject({
			version: before.version + 1,
			kind: 'imported',
			sessionId: null
		});
		// The sample's seeding created the event and recorded no change; this import is the one.
		expect(after.changes.filter((c) => c.kind === 'imported')).toHaveLength(1);
	});

	it('replace drops rooms the file no longer has', async () => {
		const s = await memoryServices();
		const file = sample();
		file.rooms = file.rooms.filter((r) => r.id !== 'hall-b');
		file.sessions = file.sessions.filter((x) => x.roomId !== 'hall-b');
		file.polls = file.polls.filter((p) => file.sessions.some((x) => x.id === p.sessionId));
		await s.events.importText(text(file), 'replace');
		expect((await s.events.snapshot(EVENT)).rooms.map((r) => r.id)).toEqual(['plenary', 'hall-a']);
	});

	it('merge keeps sessions the file does not mention, with their live changes', async () => {
		const s = await memoryServices();
		await s.agenda.delay(ALL, 'closing', 20);
		const file = sample();
		file.sessions = file.sessions.filter((x) => x.id === 'opening').map((x) => ({ ...x, title: 'Welcome' }));
		file.polls = [];

		await s.events.importText(text(file), 'merge');

		const after = await s.events.snapshot(EVENT);
		expect(after.sessions).toHaveLength(15);
		expect(after.sessions.find((x) => x.id === 'opening')?.title).toBe('Welcome');
		expect(after.sessions.find((x) => x.id === 'closing')?.delayMinutes).toBe(20);
	});

	it('puts a re-imported session back on its planned time and room', async () => {
		const s = await memoryServices();
		await s.agenda.delay(ALL, 'opening', 15);
		await s.agenda.move(ALL, 'ws-legal', 'plenary');
		await s.agenda.setCancelled(ALL, 'coffee-1', true);
		await s.events.importText(SAMPLE_TEXT, 'replace');
		const sessions = (await s.events.snapshot(EVENT)).sessions;
		expect(sessions.find((x) => x.id === 'opening')).toMatchObject({ delayMinutes: 0 });
		expect(sessions.find((x) => x.id === 'ws-legal')).toMatchObject({
			roomId: 'hall-b',
			movedFromRoomId: null
		});
		expect(sessions.find((x) => x.id === 'coffee-1')).toMatchObject({ cancelled: false });
	});

	it('changes nothing when the file is broken, and names the line', async () => {
		const s = await memoryServices();
		await s.agenda.delay(ALL, 'opening', 5);
		const before = { snapshot: await s.events.snapshot(EVENT), counts: await tableCounts(s) };
		const err = await importError(() =>
			s.events.importText(SAMPLE_TEXT.replace('"rooms": [', '"rooms": ['.slice(0, -1)), 'replace')
		);
		expect(err.problems[0]).toMatchObject({ path: '' });
		expect(err.problems[0].line).toBeGreaterThan(1);
		expect({ snapshot: await s.events.snapshot(EVENT), counts: await tableCounts(s) }).toEqual(before);
	});

	it('changes nothing when the file names a room that does not exist', async () => {
		const s = await memoryServices();
		const before = { snapshot: await s.events.snapshot(EVENT), counts: await tableCounts(s) };
		const err = await importError(() =>
			s.events.importText(SAMPLE_TEXT.replace('"roomId": "hall-a"', '"roomId": "hall-q"'), 'merge')
		);
		expect(err.problems).toEqual([
			expect.objectContaining({ path: expect.stringMatching(/^sessions\.\d+\.roomId$/) })
		]);
		expect({ snapshot: await s.events.snapshot(EVENT), counts: await tableCounts(s) }).toEqual(before);
	});

	it('refuses a file whose event code another event already uses, changing nothing', async () => {
		const s = await memoryServices();
		const before = await tableCounts(s);
		const file = sample();
		file.event.id = 'other';
		const err = await importError(() => s.events.importText(text(file), 'replace'));
		expect(err.problems).toEqual([
			expect.objectContaining({ path: 'event.code', message: expect.stringContaining('ISB26') })
		]);
		expect(await tableCounts(s)).toEqual(before);
	});

	it('refuses a merge with a session outside the event’s days (a mistyped year), naming it and changing nothing', async () => {
		const s = await memoryServices();
		const before = { snapshot: await s.events.snapshot(EVENT), counts: await tableCounts(s) };
		const file = sample();
		file.sessions.push({
			id: 'wrong-year',
			title: 'A session a year early',
			roomId: 'hall-a',
			startsAt: '2025-12-09T10:00:00+05:00',
			endsAt: '2025-12-09T11:00:00+05:00'
		});
		const err = await importError(() => s.events.importText(text(file), 'merge'));
		const written = text(file).split('\n');
		expect(err.problems).toEqual([
			{
				line: written.findIndex((l) => l.includes('"2025-12-09T10:00:00+05:00"')) + 1,
				column: expect.any(Number),
				path: `sessions.${file.sessions.length - 1}.startsAt`,
				message:
					'session "wrong-year" starts on 2025-12-09 (Asia/Karachi), outside the event\'s days, 2026-12-08 to 2026-12-09: check its year and month (phones would show it on a day of its own)',
				reason: 'file-session-off-days',
				params: { id: 'wrong-year', day: '2025-12-09', first: '2026-12-08', last: '2026-12-09' }
			}
		]);
		expect({ snapshot: await s.events.snapshot(EVENT), counts: await tableCounts(s) }).toEqual(before);
	});

	it('refuses a merge that moves the event’s days away from a session it keeps, changing nothing', async () => {
		const s = await memoryServices();
		const before = { snapshot: await s.events.snapshot(EVENT), counts: await tableCounts(s) };
		const file = sample();
		// Day 2 dropped, with its sessions left out of the file: the merge would keep them on a day of their own.
		file.event.endsOn = '2026-12-08';
		file.sessions = file.sessions.filter((x) => x.startsAt.startsWith('2026-12-08'));
		file.polls = file.polls.filter((p) => file.sessions.some((x) => x.id === p.sessionId));
		const err = await importError(() =>
			s.events.importText(text(file), 'merge', { allowEventChanges: true })
		);
		expect(err.problems.length).toBeGreaterThan(0);
		expect(err.problems[0]).toMatchObject({
			path: 'event.startsOn',
			reason: 'file-session-off-days',
			params: { day: '2026-12-09', first: '2026-12-08', last: '2026-12-08' }
		});
		expect(err.problems[0].message).toContain('kept by this merge');
		expect({ snapshot: await s.events.snapshot(EVENT), counts: await tableCounts(s) }).toEqual(before);
	});

	it('refuses a merge that moves the event, naming the change and writing nothing, and applies it when allowed', async () => {
		const s = await memoryServices();
		const file = sample();
		file.event.timezone = 'Asia/Dubai';
		file.sessions[0].title = 'Registration (moved zone)';
		const before = { snapshot: JSON.stringify(s.events.snapshot(EVENT)), counts: await tableCounts(s) };
		const refusal = await mergeRefusal(s, file);
		expect(refusal).toBeInstanceOf(EventChangesError);
		expect((refusal as EventChangesError).code).toBe('conflict');
		expect((refusal as EventChangesError).changes).toEqual([
			{ field: 'timezone', from: 'Asia/Karachi', to: 'Asia/Dubai' }
		]);
		expect({ snapshot: JSON.stringify(s.events.snapshot(EVENT)), counts: await tableCounts(s) }).toEqual(
			before
		);

		const done = await s.events.importText(text(file), 'merge', { allowEventChanges: true });
		expect(done.eventChanges).toEqual([{ field: 'timezone', from: 'Asia/Karachi', to: 'Asia/Dubai' }]);
		expect((await s.events.snapshot(EVENT)).event.timezone).toBe('Asia/Dubai');
	});

	it('refuses a merge that would change the event’s own details (organisers emptied, zone names cut), and lists them', async () => {
		const s = await memoryServices();
		const file = sample();
		file.event.organisers = [];
		file.event.timeZoneNames = { en: 'Islamabad time' };
		file.event.title = 'Countering the Smuggling of Migrants';
		const refusal = await mergeRefusal(s, file);
		expect(refusal).toBeInstanceOf(EventChangesError);
		const changes = (refusal as EventChangesError).changes;
		expect(changes.map((c) => c.field)).toEqual(['title', 'organisers', 'timeZoneNames']);
		expect(changes[1]).toEqual({
			field: 'organisers',
			from: 'Ministry of Interior, Government of Pakistan, UNODC Pakistan, IOM Pakistan',
			to: ''
		});
		expect(changes[2].from).toBe(
			'ar: توقيت إسلام آباد · en: Islamabad time · fr: heure d’Islamabad · ur: اسلام آباد کا وقت'
		);
		expect((await s.events.snapshot(EVENT)).event.organisers).toHaveLength(3);

		await s.events.importText(text(file), 'merge', { allowEventChanges: true });
		expect((await s.events.snapshot(EVENT)).event.organisers).toEqual([]);
	});

	it('lets a replace move the event without asking, and reports the change', async () => {
		const s = await memoryServices();
		const file = sample();
		file.event.startsOn = '2026-12-07';
		const done = await s.events.importText(text(file), 'replace');
		expect(done.eventChanges).toEqual([{ field: 'startsOn', from: '2026-12-08', to: '2026-12-07' }]);
		expect((await s.events.snapshot(EVENT)).event.startsOn).toBe('2026-12-07');
	});

	it('merges a file with the event unchanged without asking', async () => {
		const s = await memoryServices();
		expect((await s.events.importText(SAMPLE_TEXT, 'merge')).eventChanges).toEqual([]);
	});

	it('refuses a file for another event than the one expected', async () => {
		const s = await memoryServices();
		const file = sample();
		file.event = { ...file.event, id: 'other', code: 'OTHER1' };
		const err = await importError(() => s.events.importText(text(file), 'replace', { expectEventId: EVENT }));
		expect(err.problems).toEqual([
			expect.objectContaining({ path: 'event.id', reason: 'file-other-event', params: { id: 'other' } })
		]);
		expect(await s.events.count()).toBe(1);
	});

	it('refuses a second event with the first one’s code, naming the code', async () => {
		const s = await memoryServices();
		const file = sample();
		file.event = { ...file.event, id: 'lhr27' };
		const err = await importError(() => s.events.importText(text(file), 'replace'));
		expect(err.problems).toEqual([
			expect.objectContaining({ path: 'event.code', reason: 'code-taken', params: { code: 'ISB26' } })
		]);
		expect(await s.events.count()).toBe(1);
	});

	it('names a taken code with the file’s other problems, at its line, in one import', async () => {
		const s = await memoryServices();
		const file = sample();
		file.event = { ...file.event, id: 'lhr27', code: 'isb26', endsOn: '2026-12-01' };
		const body = text(file);
		const err = await importError(() => s.events.importText(body, 'replace'));
		const codeLine = body.split('\n').findIndex((l) => l.includes('"code": "isb26"')) + 1;
		expect(err.problems).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ path: 'event.endsOn', reason: 'file-ends-before-start' }),
				expect.objectContaining({
					line: codeLine,
					path: 'event.code',
					reason: 'code-taken',
					params: { code: 'ISB26' }
				})
			])
		);
		expect(await s.events.count()).toBe(1);
	});

	it('imports a second event beside the first, each with its own programme and version', async () => {
		const s = await memoryServices();
		const file = sample();
		file.event = { ...file.event, id: 'lhr27', code: 'LHR27', title: 'Lahore follow-up' };
		file.sessions = file.sessions.slice(0, 2);
		file.polls = [];
		await s.events.importText(text(file), 'replace');
		expect(await s.events.count()).toBe(2);
		expect((await s.events.byCode('lhr27'))?.id).toBe('lhr27');
		expect((await s.events.snapshot('lhr27')).sessions).toHaveLength(2);
		expect((await s.events.snapshot('lhr27')).version).toBe(1);
		expect((await s.events.snapshot(EVENT)).sessions).toHaveLength(15);
	});

	it('rolls back every write of an import when a later step fails', async () => {
		const sql = await openTestSql();
		const deps = { sql, events: createEventStore(sql), agenda: createAgendaStore(sql), clock: fixedClock() };
		const ok = createEventService(deps);
		await ok.importText(SAMPLE_TEXT, 'replace');
		const counts = () =>
			sql.get('SELECT (SELECT count(*) FROM sessions) AS s, (SELECT version FROM events) AS v');
		const before = await counts();
		const failing = createEventService({
			...deps,
			onImport: () => {
				throw new Error('a later step failed');
			}
		});
		const file = sample();
		file.sessions = file.sessions.slice(0, 1);
		file.polls = [];
		await expect(failing.importText(text(file), 'replace')).rejects.toThrow('a later step failed');
		expect(await counts()).toEqual(before);
		await sql.close();
	});

	it('answers the snapshot of an unknown event with not-found', async () => {
		const s = await memoryServices();
		await expect(s.events.snapshot('nope')).rejects.toThrow(DomainError);
		await expect(s.events.snapshot('nope')).rejects.toThrow('no such event');
	});
});

describe('the sample conference', () => {
	it('puts day 1 on today in Asia/Karachi even while it is still yesterday in UTC', async () => {
		// 20:30 UTC on 10 March is 01:30 on 11 March in Karachi (UTC+5).
		const s = await memoryServices({ clock: fixedClock('2025-03-10T20:30:00Z'), seed: false });
		const file = s.events.sampleFile('today');
		expect(file.event).toMatchObject({ startsOn: '2025-03-11', endsOn: '2025-03-12' });
		const opening = file.sessions.find((x) => x.id === 'opening')!;
		// Planned 09:30-10:15 Karachi time on day 1.
		expect(opening.startsAt).toBe('2025-03-11T04:30:00.000Z');
		expect(opening.endsAt).toBe('2025-03-11T05:15:00.000Z');
		const closing = file.sessions.find((x) => x.id === 'closing')!;
		expect(closing.startsAt).toBe('2025-03-12T09:00:00.000Z');
	});

	it('keeps day 1 on the Karachi date late in the Karachi evening', async () => {
		// 18:59 UTC is 23:59 in Karachi, still 10 March there.
		const s = await memoryServices({ clock: fixedClock('2025-03-10T18:59:00Z'), seed: false });
		expect(s.events.sampleFile('today').event.startsOn).toBe('2025-03-10');
	});

	/** The sample's days in Islamabad time, and whether every session is on the day of the programme it was on. */
	function dayShape(file: EventFile) {
		const day = (t: string | number) =>
			new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Karachi' }).format(
				typeof t === 'number' ? t : Date.parse(t)
			);
		const days = (f: { sessions: { startsAt: string; endsAt: string }[] }) =>
			[...new Set(f.sessions.flatMap((x) => [day(x.startsAt), day(Date.parse(x.endsAt) - 1)]))].sort();
		const moved = days(file);
		const planned = days(sample());
		const own = file.sessions.every((x, i) => {
			const was = sample().sessions[i];
			return (
				moved.indexOf(day(x.startsAt)) === planned.indexOf(day(was.startsAt)) &&
				moved.indexOf(day(Date.parse(x.endsAt) - 1)) === planned.indexOf(day(Date.parse(was.endsAt) - 1))
			);
		});
		return { days: moved, own };
	}

	it.each([
		// 11:02 and 04:59 in Karachi: Hall A's first working session, the first with preset polls.
		['2025-07-01T06:02:00Z', 'ws-intelligence'],
		['2025-12-31T23:59:00Z', 'ws-intelligence'],
		// 01:30: day 1's would start the evening before; day 2's first, in Hall A, keeps both days whole.
		['2025-03-10T20:30:00Z', 'ws-victims'],
		// 20:23 (a tester's start-up): only the closing session, at 14:00 on day 2, can be on without day 1's or day
		// 2's sessions running past midnight into a third day.
		['2026-12-07T15:23:00Z', 'closing']
	])(
		'puts a session with preset polls live at start-up (%s: %s), 10-15 minutes in, with every session on its own day of two',
		async (at, expected) => {
			const s = await memoryServices({ clock: fixedClock(at), seed: false });
			const file = s.events.sampleFile('now');
			const now = Date.parse(at);
			const live = file.sessions.filter((x) => Date.parse(x.startsAt) <= now && now < Date.parse(x.endsAt));
			const polled = live.filter((x) => file.polls.some((p) => p.sessionId === x.id));
			expect(polled.map((x) => x.id)).toContain(expected);
			const anchor = polled.find((x) => x.id === expected)!;
			const minutesIn = (now - Date.parse(anchor.startsAt)) / 60_000;
			expect(minutesIn).toBeGreaterThanOrEqual(10);
			expect(minutesIn).toBeLessThan(15);
			expect(new Date(anchor.startsAt).getUTCMinutes() % 5).toBe(0);
			// The programme keeps its shape: every session moved by the same amount.
			const moved = file.sessions.map(
				(x, i) => Date.parse(x.startsAt) - Date.parse(sample().sessions[i].startsAt)
			);
			expect(new Set(moved).size).toBe(1);
			// Two days, each session on its own, and the event's days are those.
			const shape = dayShape(file);
			expect(shape).toMatchObject({ own: true });
			expect(shape.days).toHaveLength(2);
			expect([file.event.startsOn, file.event.endsOn]).toEqual(shape.days);
			expect(EventFile.safeParse(file).success).toBe(true);
		}
	);

	it.each([
		// 22:00 in Karachi on 7 Dec: no session with polls can be on without running past midnight; the conference
		// starts on the 8th, times as planned.
		['2026-12-07T17:00:00Z', '2026-12-08'],
		// 00:30 on 8 Dec in Karachi: it starts this morning.
		['2026-12-07T19:30:00Z', '2026-12-08']
	])(
		'late at night (%s) starts the conference on the coming morning (%s), times as planned',
		async (at, first) => {
			const s = await memoryServices({ clock: fixedClock(at), seed: false });
			const file = s.events.sampleFile('now');
			expect(file.event.startsOn).toBe(first);
			expect(dayShape(file)).toEqual({ days: [first, file.event.endsOn], own: true });
			const opening = file.sessions.find((x) => x.id === 'opening')!;
			expect(new Date(opening.startsAt).toISOString().slice(11, 16)).toBe('04:30');
			expect(Date.parse(opening.startsAt)).toBeGreaterThan(Date.parse(at));
		}
	);

	it('never runs the sample past midnight into a third day, at any time of day', async () => {
		for (let minute = 0; minute < 24 * 60; minute += 15) {
			const at = new Date(Date.parse('2026-12-06T19:00:00Z') + minute * 60_000).toISOString();
			const s = await memoryServices({ clock: fixedClock(at), seed: false });
			const shape = dayShape(s.events.sampleFile('now'));
			expect({ at, ...shape, days: shape.days.length }).toEqual({ at, days: 2, own: true });
		}
	});

	it('keeps the file’s own dates when asked for fixed dates', async () => {
		const s = await memoryServices({ clock: fixedClock('2025-03-10T20:30:00Z'), seed: false });
		const file = s.events.sampleFile('fixed');
		expect(file.event.startsOn).toBe('2026-12-08');
		expect(file.sessions.map((x) => x.startsAt)).toEqual(sample().sessions.map((x) => x.startsAt));
	});

	it('is seeded once into an empty database, with one sign-in link per staff role', async () => {
		const s = await memoryServices({ seed: false });
		const seeded = await s.seedIfEmpty();
		expect(seeded?.code).toBe('ISB26');
		expect(seeded?.links.map((l) => l.role)).toEqual(['organiser', 'moderator', 'chair', 'screen']);
		for (const link of seeded!.links) {
			const token = new URL(link.path, 'http://x').searchParams.get('token')!;
			expect(await s.signIns.preview(token)).toMatchObject({ status: 'ok', credential: { role: link.role } });
		}
		const counts = await tableCounts(s);
		expect(await s.seedIfEmpty()).toBeNull();
		expect(await tableCounts(s)).toEqual(counts);
	});
});
