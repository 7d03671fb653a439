import ICAL from 'ical.js';
import { column } from '../db/sql';
import { describe, expect, it } from 'vitest';
import { memoryServices, fixedClock, type TestServices } from '../../tests/fixtures/services';
import { answerFeed } from './calendar.http';

const whole = { eventId: 'isb26', roomId: null };
const BASE = 'https://dais.example.org';

/** Parses a feed with ical.js (an independent RFC 5545 parser) into its events. */
function parse(body: string) {
	const cal = new ICAL.Component(ICAL.parse(body));
	return cal.getAllSubcomponents('vevent').map((v) => {
		const e = new ICAL.Event(v);
		return {
			uid: e.uid,
			summary: e.summary,
			start: e.startDate.toJSDate().toISOString(),
			end: e.endDate.toJSDate().toISOString(),
			sequence: e.sequence,
			status: String(v.getFirstPropertyValue('status')),
			location: e.location,
			lastModified: String(v.getFirstPropertyValue('last-modified'))
		};
	});
}

const fetchFeed = async (
	s: TestServices,
	req: Parameters<typeof answerFeed>[1],
	ifNoneMatch: string | null = null
) => {
	const res = await answerFeed(s, req, { baseUrl: BASE, ifNoneMatch });
	return { res, body: res.status === 200 ? await res.text() : '' };
};

describe('calendar feeds', () => {
	it('carries every session of the programme with stable UIDs, UTC times and the room as location', async () => {
		const s = await memoryServices();
		const { res, body } = await fetchFeed(s, { kind: 'event', code: 'isb26' });
		expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(res.headers.get('etag')).toMatch(/^".+"$/);
		const events = parse(body);
		const sessions = (await s.events.snapshot('isb26')).sessions;
		expect(events.map((e) => e.uid).sort()).toEqual(sessions.map((x) => `${x.id}@isb26.dais`).sort());
		const opening = events.find((e) => e.uid === 'opening@isb26.dais')!;
		const planned = sessions.find((x) => x.id === 'opening')!;
		expect(opening.start).toBe(new Date(planned.startsAt).toISOString());
		expect(opening.end).toBe(new Date(planned.endsAt).toISOString());
		expect(opening.status).toBe('CONFIRMED');
		expect(opening.location).toContain('Plenary Hall');
		// The sample's venue names its city: the city is not said twice.
		expect(opening.location.match(/Islamabad/g)).toHaveLength(1);
		expect(body).toMatch(/DTSTART:\d{8}T\d{6}Z/);
	});

	it('folds every line at 75 octets, never inside a letter, so a long Urdu title reads back whole', async () => {
		const s = await memoryServices();
		const title =
			'پاکستان کا قومی لائحہ عمل اور یونان کی کشتی کے سانحے کے سبق: اسمگلنگ کے نیٹ ورکس کے خلاف علاقائی تعاون';
		await s.sql.tx(() => s.agenda.update(whole, 'nap-greece', { title }));
		const { body } = await fetchFeed(s, { kind: 'event', code: 'isb26' });
		const lines = body.split('\r\n');
		for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
		// The title took several lines, each a continuation starting with one space, and none splits a character.
		expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(2);
		expect(body).not.toContain('\uFFFD');
		expect(parse(body).find((e) => e.uid === 'nap-greece@isb26.dais')!.summary).toBe(title);
	});

	it('applies a delay (new DTSTART, higher SEQUENCE, new ETag) and marks a cancelled session CANCELLED', async () => {
		const clock = fixedClock();
		const s = await memoryServices({ clock });
		const before = await fetchFeed(s, { kind: 'event', code: 'ISB26' });
		const old = parse(before.body).find((e) => e.uid === 'ws-legal@isb26.dais')!;
		clock.set('2026-12-08T06:30:00Z');
		await s.sql.tx(() => s.agenda.delay(whole, 'ws-legal', 20));
		await s.sql.tx(() => s.agenda.setCancelled(whole, 'digital-networks', true));
		const after = await fetchFeed(s, { kind: 'event', code: 'ISB26' });
		expect(after.res.headers.get('etag')).not.toBe(before.res.headers.get('etag'));
		const events = parse(after.body);
		const legal = events.find((e) => e.uid === 'ws-legal@isb26.dais')!;
		expect(Date.parse(legal.start) - Date.parse(old.start)).toBe(20 * 60_000);
		expect(Date.parse(legal.end) - Date.parse(old.end)).toBe(20 * 60_000);
		expect(legal.sequence).toBeGreaterThan(old.sequence);
		expect(legal.lastModified).toContain('2026-12-08T06:30:00');
		expect(events.find((e) => e.uid === 'digital-networks@isb26.dais')!.status).toBe('CANCELLED');
	});

	it('answers 304 to the ETag it gave while the agenda is unchanged', async () => {
		const s = await memoryServices();
		const first = await fetchFeed(s, { kind: 'event', code: 'ISB26' });
		const again = await fetchFeed(s, { kind: 'event', code: 'ISB26' }, first.res.headers.get('etag'));
		expect(again.res.status).toBe(304);
		const second = await fetchFeed(s, { kind: 'event', code: 'ISB26' });
		expect(second.body).toBe(first.body);
	});

	it("lists one hall's sessions in its feed, and 404s a hall or event that does not exist", async () => {
		const s = await memoryServices();
		const { body } = await fetchFeed(s, { kind: 'room', code: 'ISB26', roomId: 'hall-b' });
		const inHallB = (await s.events.snapshot('isb26')).sessions
			.filter((x) => x.roomId === 'hall-b')
			.map((x) => `${x.id}@isb26.dais`);
		expect(
			parse(body)
				.map((e) => e.uid)
				.sort()
		).toEqual(inHallB.sort());
		expect((await fetchFeed(s, { kind: 'room', code: 'ISB26', roomId: 'hall-z' })).res.status).toBe(404);
		expect((await fetchFeed(s, { kind: 'event', code: 'NOPE1' })).res.status).toBe(404);
	});

	it('serves a personal feed of exactly the starred sessions at its token, and nothing once a new token replaces it', async () => {
		const s = await memoryServices();
		// Before any star: a valid calendar with no events, not an error.
		const early = (await s.personal.newFeed('isb26', 'dev-1')).result.path!.match(/\/my\/([^/]+)\.ics$/)![1];
		expect(parse((await fetchFeed(s, { kind: 'personal', code: 'ISB26', token: early })).body)).toEqual([]);
		await s.personal.setStar('isb26', 'dev-1', 'ws-legal', true);
		await s.personal.setStar('isb26', 'dev-1', 'closing', true);
		await s.personal.setStar('isb26', 'dev-2', 'opening', true);
		const first = (await s.personal.newFeed('isb26', 'dev-1')).result.path!;
		const token = first.match(/\/my\/([^/]+)\.ics$/)![1];
		const mine = await fetchFeed(s, { kind: 'personal', code: 'ISB26', token });
		expect(mine.res.headers.get('cache-control')).toContain('private');
		expect(
			parse(mine.body)
				.map((e) => e.uid)
				.sort()
		).toEqual(['closing@isb26.dais', 'ws-legal@isb26.dais']);
		// Starring changes the feed and its ETag though the agenda did not change.
		await s.personal.setStar('isb26', 'dev-1', 'closing', false);
		const fewer = await fetchFeed(s, { kind: 'personal', code: 'ISB26', token });
		expect(fewer.res.headers.get('etag')).not.toBe(mine.res.headers.get('etag'));
		expect(parse(fewer.body).map((e) => e.uid)).toEqual(['ws-legal@isb26.dais']);
		// Only the hash is kept.
		const stored = await column<string>(s.sql, 'SELECT token_hash FROM feed_tokens');
		expect(stored).toHaveLength(1);
		expect(stored[0]).not.toContain(token);
		await s.personal.newFeed('isb26', 'dev-1');
		expect((await fetchFeed(s, { kind: 'personal', code: 'ISB26', token })).res.status).toBe(404);
		expect((await fetchFeed(s, { kind: 'personal', code: 'ISB26', token: 'x'.repeat(32) })).res.status).toBe(
			404
		);
	});
});
