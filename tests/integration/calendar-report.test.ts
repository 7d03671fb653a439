import ICAL from 'ical.js';
import { parse } from 'csv-parse/sync';
import { describe, expect } from 'vitest';
import { answerFeed } from '../../server/calendar/calendar.http';
import { answerAttendance, answerExport, answerReport } from '../../server/report/report.http';
import type { AttendanceSeries, OutcomeReport } from '../../src/lib/protocol';
import {
	cid,
	collect,
	EVENT_ID,
	expectOk,
	itWithOwnHub as it,
	nextEvent,
	type TestHub
} from '../fixtures/hub';

const BASE = 'http://dais.test';
const ORIGIN = new URL(BASE);

/** Fetches a feed as a calendar app does, through the handler the /e/{code}/… endpoints call. */
async function feed(hub: TestHub, path: string, ifNoneMatch: string | null = null) {
	const personal = path.match(/^\/e\/(\w+)\/my\/(.+)\.ics$/);
	const res = await answerFeed(
		hub.services,
		personal ? { kind: 'personal', code: personal[1], token: personal[2] } : { kind: 'event', code: 'ISB26' },
		{ baseUrl: BASE, ifNoneMatch }
	);
	const body = res.status === 200 ? await res.text() : '';
	const events =
		res.status === 200
			? new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((v) => {
					const e = new ICAL.Event(v);
					return {
						uid: e.uid,
						start: e.startDate.toJSDate().getTime(),
						sequence: e.sequence,
						status: String(v.getFirstPropertyValue('status'))
					};
				})
			: [];
	return { res, events };
}

/** The staff link behind a test cookie, as the SvelteKit hook finds it for an HTTP request. */
/** The event staff credential behind a sign-in cookie (a host's belongs to no event and cannot export). */
async function staffOf(hub: TestHub, cookie: string) {
	const credential = (await hub.services.signIns.fromCookie(cookie.replace(/^dais_staff=/, '')))!.credential;
	if (credential.role === 'host') throw new Error('expected an event staff sign-in');
	return credential;
}

describe('personal agenda and its calendar feed', () => {
	it('lists exactly the two starred sessions, follows a delay (new DTSTART, higher SEQUENCE) and a cancellation', async ({
		hub,
		connect,
		organiser
	}) => {
		const phone = await connect();
		const other = await connect();
		expect(phone.joined.stars).toEqual([]);
		for (const sessionId of ['ws-legal', 'closing']) {
			const starred = expectOk(
				await phone.send('star:set', { clientId: cid(), eventId: EVENT_ID, sessionId, starred: true })
			);
			expect(starred).toMatchObject({ sessionId, starred: true });
		}
		// Idempotent: starring again changes nothing; another device's star is its own.
		expectOk(
			await phone.send('star:set', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'closing',
				starred: true
			})
		);
		expectOk(
			await other.send('star:set', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'opening',
				starred: true
			})
		);
		expect(expectOk(await phone.send('star:list', { eventId: EVENT_ID })).stars).toEqual([
			'ws-legal',
			'closing'
		]);

		const link = expectOk(await phone.send('feed:link', { clientId: cid(), eventId: EVENT_ID }));
		expect(link.path).toMatch(/^\/e\/ISB26\/my\/[A-Za-z0-9_-]{32}\.ics$/);
		expect(expectOk(await phone.send('feed:status', { eventId: EVENT_ID }))).toMatchObject({ active: true });
		const first = await feed(hub, link.path!);
		expect(first.events.map((e) => e.uid).sort()).toEqual(['closing@isb26.dais', 'ws-legal@isb26.dais']);

		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-legal',
				minutes: 25
			})
		);
		expectOk(
			await organiser.send('session:cancel', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'closing',
				cancelled: true
			})
		);
		const next = await feed(hub, link.path!, first.res.headers.get('etag'));
		expect(next.res.status).toBe(200);
		const was = (uid: string) => first.events.find((e) => e.uid === uid)!;
		const now = (uid: string) => next.events.find((e) => e.uid === uid)!;
		expect(now('ws-legal@isb26.dais').start - was('ws-legal@isb26.dais').start).toBe(25 * 60_000);
		expect(now('ws-legal@isb26.dais').sequence).toBeGreaterThan(was('ws-legal@isb26.dais').sequence);
		expect(now('closing@isb26.dais').status).toBe('CANCELLED');
		// Unchanged since: the calendar's conditional request gets a 304.
		expect((await feed(hub, link.path!, next.res.headers.get('etag'))).res.status).toBe(304);

		// A new address revokes the old one, and a retry of the same write does not hand the token out again.
		const retryId = cid();
		const renewed = expectOk(await phone.send('feed:link', { clientId: retryId, eventId: EVENT_ID }));
		expect((await feed(hub, link.path!)).res.status).toBe(404);
		expect((await feed(hub, renewed.path!)).events).toHaveLength(2);
		expect(expectOk(await phone.send('feed:link', { clientId: retryId, eventId: EVENT_ID })).path).toBeNull();
		expect((await feed(hub, renewed.path!)).res.status).toBe(200);
		expectOk(await phone.send('feed:revoke', { clientId: cid(), eventId: EVENT_ID }));
		expect((await feed(hub, renewed.path!)).res.status).toBe(404);

		// Stars come back with the join on the device's next connection.
		const again = await connect({ cookie: phone.cookie });
		expect(again.joined.stars).toEqual(['ws-legal', 'closing']);
	});
});

describe('Chatham House', () => {
	it('never emits a name: not stored on ask, not in facts, the room snapshot, the queue, exports or the report', async ({
		hub,
		connect,
		organiser
	}) => {
		const moderator = await connect({ role: 'moderator' });
		const asker = await connect();
		const room = await connect();
		expectOk(
			await moderator.send('qa:settings', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-legal',
				premoderated: false
			})
		);
		expectOk(await moderator.send('qa:moderate', { eventId: EVENT_ID, sessionId: 'ws-legal' }));
		expectOk(await room.send('qa:open', { eventId: EVENT_ID, sessionId: 'ws-legal' }));

		// Asked before the rule: the name is there, until the rule goes on and erases it.
		const before = expectOk(
			await asker.send('question:ask', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-legal',
				text: 'Asked before the rule went on',
				name: 'Early Asker',
				organisation: 'Early Org',
				country: 'Early Land'
			})
		).question.id;
		// A moderator's edit is answered with the question as moderators see it, name included: the idempotency
		// ledger keeps that answer for a retry.
		expectOk(
			await moderator.send('question:edit', {
				clientId: cid(),
				eventId: EVENT_ID,
				questionId: before,
				text: 'Asked before the rule went on (edited)'
			})
		);
		const ledger = async () => JSON.stringify(await hub.services.sql.all('SELECT result FROM client_writes'));
		expect(await ledger()).toContain('Early Asker');
		const erased = nextEvent(
			room.socket,
			'qa:changed',
			(f) => f.type === 'question' && f.question.id === before && f.question.name === null
		);
		const agenda = nextEvent(
			organiser.socket,
			'agenda:changed',
			(f) => f.type === 'session' && f.session.id === 'ws-legal'
		);
		const on = expectOk(
			await moderator.send('session:chatham', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-legal',
				on: true
			})
		);
		expect(on.session.chathamHouse).toBe(true);
		expect((await agenda).type === 'session' && (await agenda)).toMatchObject({
			session: { chathamHouse: true }
		});
		expect(await erased).toMatchObject({ question: { name: null, organisation: null, country: null } });

		const roomFacts = collect(room.socket, 'qa:changed');
		const staffFacts = collect(moderator.socket, 'qa:mod-changed');
		const asked = await asker.send('question:ask', {
			clientId: cid(),
			eventId: EVENT_ID,
			sessionId: 'ws-legal',
			text: 'Who funds the smugglers?',
			name: 'Secret Delegate',
			organisation: 'Secret Ministry',
			country: 'Secretland'
		});
		// Refuses nothing: the question is taken.
		const id = expectOk(asked).question.id;
		await nextEvent(moderator.socket, 'qa:mod-changed', (f) => f.type === 'question' && f.question.id === id);
		const row = await hub.services.sql.get('SELECT name, organisation, country FROM questions WHERE id = ?', [
			id
		]);
		expect(row).toEqual({ name: null, organisation: null, country: null });

		const secrets = /Secret Delegate|Secret Ministry|Secretland|Early Asker|Early Org|Early Land/;
		expect(JSON.stringify([roomFacts, staffFacts])).not.toMatch(secrets);
		expect(
			JSON.stringify(expectOk(await room.send('qa:open', { eventId: EVENT_ID, sessionId: 'ws-legal' })))
		).not.toMatch(secrets);
		expect(
			JSON.stringify(
				expectOk(await moderator.send('qa:moderate', { eventId: EVENT_ID, sessionId: 'ws-legal' }))
			)
		).not.toMatch(secrets);
		expect(JSON.stringify(hub.snapshot())).not.toMatch(secrets);
		// Nor the answers the ledger keeps for retries.
		expect(await ledger()).not.toMatch(secrets);

		const staff = await staffOf(hub, (await hub.mintCookie('organiser')).cookie);
		const get = async (path: string, fn = answerExport) => {
			const res = (await fn(hub.services, staff, new URL(path, ORIGIN)))!;
			expect(res.status).toBe(200);
			return Buffer.from(await res.arrayBuffer());
		};
		const json = (await get('/organiser/export?format=json')).toString('utf8');
		const csv = (await get('/organiser/export?format=csv&file=questions')).toString('utf8');
		const zip = await get('/organiser/export?format=zip');
		const report = (await get('/organiser/report.json', answerReport)).toString('utf8');
		for (const text of [json, csv, report]) expect(text).not.toMatch(secrets);
		expect(zip.includes(Buffer.from('Secret Delegate'))).toBe(false);
		// The questions themselves are there.
		const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
		expect(rows.filter((r) => r.session_id === 'ws-legal').map((r) => r.question)).toEqual(
			expect.arrayContaining(['Who funds the smugglers?', 'Asked before the rule went on (edited)'])
		);
	});
});

describe('exports over the staff link', () => {
	it('scopes a hall moderator to their hall, gives only organisers the audit log, and counts heads per hall each minute', async ({
		hub,
		connect,
		organiser
	}) => {
		const phones = await Promise.all([connect(), connect(), connect()]);
		for (const [n, p] of phones.entries())
			expectOk(await p.send('presence:set', { eventId: EVENT_ID, roomId: n < 2 ? 'hall-b' : 'hall-a' }));
		// Presence is counted as the acks go out; sample this minute now rather than wait for the timer.
		await new Promise((r) => setTimeout(r, 50));
		expect(await hub.hub.sampleAttendance()).toBe(1);
		const organiserStaff = await staffOf(hub, (await hub.mintCookie('organiser')).cookie);
		const res = (await answerAttendance(hub.services, organiserStaff))!;
		const series = (await res.json()) as AttendanceSeries;
		expect(series.samples.at(-1)).toMatchObject({
			total: 3,
			byRoom: { 'hall-a': 1, 'hall-b': 2, plenary: 0 }
		});
		const stored = await hub.services.sql.all('SELECT total, by_room FROM attendance_samples');
		expect(stored).toEqual([{ total: 3, by_room: JSON.stringify({ 'hall-b': 2, 'hall-a': 1 }) }]);

		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-legal',
				minutes: 5
			})
		);
		const hallA = await staffOf(hub, (await hub.mintCookie('moderator', 'hall-a')).cookie);
		const mine = (await answerExport(hub.services, hallA, new URL('/organiser/export?format=json', ORIGIN)))!;
		const x = (await mine.json()) as { sessions: { roomId: string }[]; auditLog: unknown[] };
		expect(x.sessions.length).toBeGreaterThan(0);
		expect(x.sessions.every((s) => s.roomId === 'hall-a')).toBe(true);
		expect(x.auditLog).toEqual([]);
		expect(
			(await answerExport(hub.services, hallA, new URL('/organiser/export?format=csv&file=audit', ORIGIN)))!
				.status
		).toBe(403);
		expect(
			(await answerExport(hub.services, hallA, new URL('/organiser/export?session=ws-legal', ORIGIN)))!.status
		).toBe(403);
		expect(
			await answerExport(
				hub.services,
				await staffOf(hub, (await hub.mintCookie('screen')).cookie),
				new URL('/organiser/export', ORIGIN)
			)
		).toBeNull();

		const whole = (await answerExport(
			hub.services,
			organiserStaff,
			new URL('/organiser/export?format=csv&file=audit', ORIGIN)
		))!;
		expect(whole.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const audit = parse(await whole.text(), { bom: true, columns: true }) as Record<string, string>[];
		expect(audit.some((r) => r.command === 'session:delay' && r.session_id === 'ws-legal')).toBe(true);

		const report = (await (await answerReport(
			hub.services,
			organiserStaff,
			new URL('/organiser/report.json?session=ws-legal', ORIGIN)
		))!.json()) as OutcomeReport;
		expect(report.sessionId).toBe('ws-legal');
		expect(report.sessions[0]).toMatchObject({ id: 'ws-legal', delayMinutes: 5 });
	});
});
