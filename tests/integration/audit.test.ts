import { describe, expect } from 'vitest';
import { value } from '../../server/db/sql';
import { exportEvent } from '../../server/event/export';
import { auditCsv } from '../../server/report/files';
import { cid, EVENT_ID, expectOk, itWithOwnHub as it } from '../fixtures/hub';

const S = 'ws-intelligence'; // in Hall A
const OTHER = 'ws-legal'; // in Hall B

describe('the staff audit log', () => {
	it('records a moderator’s approve once: who by link label and role, what, when, on which session and questions', async ({
		hub,
		organiser,
		connect
	}) => {
		const attendee = await connect();
		const mod = await connect({ role: 'moderator' });
		const asked = expectOk(
			await attendee.send('question:ask', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: S,
				text: 'A question from a named delegate?',
				name: 'Delegate Named'
			})
		).question;
		const approve = { clientId: cid(), eventId: EVENT_ID, questionIds: [asked.id] };
		expectOk(await mod.send('question:approve', approve));
		// A retry of the same write (a lost ack) is answered from the ledger and not audited twice.
		expectOk(await mod.send('question:approve', approve));

		const { entries, next } = expectOk(await organiser.send('audit:list', { eventId: EVENT_ID }));
		expect(next).toBeNull();
		expect(entries).toEqual([
			{
				id: expect.any(Number),
				at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				credentialId: mod.credentialId,
				role: 'moderator',
				label: 'test moderator',
				command: 'question:approve',
				sessionId: S,
				target: { questionIds: [asked.id] }
			}
		]);
		// Nothing of the attendee: not their words, name or device.
		const stored = JSON.stringify(await hub.services.sql.all('SELECT * FROM audit_log'));
		const device = await value(hub.services.sql, 'SELECT device_hash FROM questions WHERE id = ?', [
			asked.id
		]);
		for (const secret of ['A question from a named delegate?', 'Delegate Named', String(device)])
			expect(stored).not.toContain(secret);
	});

	it('records what a programme change did without its text: a delay’s minutes, cancelled or restored, an edit’s field names', async ({
		organiser
	}) => {
		const write = () => ({ clientId: cid(), eventId: EVENT_ID });
		expectOk(await organiser.send('session:delay', { ...write(), sessionId: OTHER, minutes: 25 }));
		expectOk(await organiser.send('session:cancel', { ...write(), sessionId: OTHER, cancelled: true }));
		expectOk(await organiser.send('session:cancel', { ...write(), sessionId: OTHER, cancelled: false }));
		expectOk(
			await organiser.send('session:update', {
				...write(),
				sessionId: OTHER,
				fields: { title: 'A new title nobody should find in the log', endsAt: '2026-12-08T13:30:00+05:00' }
			})
		);
		const { entries } = expectOk(await organiser.send('audit:list', { eventId: EVENT_ID }));
		expect(entries.map((e) => [e.command, e.sessionId, e.target])).toEqual([
			['session:update', OTHER, { fields: ['endsAt', 'title'] }],
			['session:cancel', OTHER, { cancelled: false }],
			['session:cancel', OTHER, { cancelled: true }],
			['session:delay', OTHER, { minutes: 25 }]
		]);
		expect(JSON.stringify(entries)).not.toContain('nobody should find');
	});

	it('records what a poll’s change and a pin did: opened with its countdown, closed, reopened, revealed, on or off screen', async ({
		hub,
		organiser,
		connect
	}) => {
		const chair = await connect({ role: 'chair' });
		const mod = await connect({ role: 'moderator' });
		const attendee = await connect();
		const write = () => ({ clientId: cid(), eventId: EVENT_ID });
		const pollId = 'p-intelligence-first';
		const move = (action: 'open' | 'close' | 'reopen' | 'countdown', countdownSeconds: number | null) =>
			chair.send('poll:transition', { ...write(), pollId, action, countdownSeconds });
		expectOk(await move('open', 60));
		expectOk(await move('countdown', null));
		expectOk(await move('close', null));
		expectOk(await move('reopen', null));
		expectOk(await chair.send('poll:reveal', { ...write(), pollId, visibility: 'everyone' }));
		const text = 'Who audits the shared watch lists?';
		const { question } = expectOk(await attendee.send('question:ask', { ...write(), sessionId: S, text }));
		expectOk(await mod.send('question:approve', { ...write(), questionIds: [question.id] }));
		expectOk(await mod.send('question:pin', { ...write(), sessionId: S, questionId: question.id }));
		expectOk(await mod.send('question:pin', { ...write(), sessionId: S, questionId: null }));

		const { entries } = expectOk(await organiser.send('audit:list', { eventId: EVENT_ID }));
		expect(entries.map((e) => [e.command, e.sessionId, e.target]).reverse()).toEqual([
			['poll:transition', S, { pollId, transition: 'open', countdownSeconds: 60 }],
			['poll:transition', S, { pollId, transition: 'countdown' }],
			['poll:transition', S, { pollId, transition: 'close' }],
			['poll:transition', S, { pollId, transition: 'reopen' }],
			['poll:reveal', S, { pollId, visibility: 'everyone' }],
			['question:approve', S, { questionIds: [question.id] }],
			['question:pin', S, { questionId: question.id, pinned: true }],
			['question:pin', S, { pinned: false }]
		]);
		// The export's CSV carries it too; never the attendee's words.
		const csv = auditCsv(
			await exportEvent(hub.services, { eventId: EVENT_ID, roomId: null }, { audit: true })
		);
		expect(csv).toContain('""transition"":""open"",""countdownSeconds"":60');
		expect(csv).toContain('""pinned"":false');
		expect(csv).not.toContain(text);
	});

	it('records nothing for a refused staff write, an attendee’s write, or a read', async ({
		hub,
		organiser,
		connect
	}) => {
		const attendee = await connect();
		const chair = await connect({ role: 'chair' });
		expect(
			await chair.send('poll:transition', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId: 'p-intelligence-first',
				action: 'close',
				countdownSeconds: null
			})
		).toMatchObject({ ok: false, error: 'conflict' });
		expect(
			await attendee.send('session:delay', { clientId: cid(), eventId: EVENT_ID, sessionId: S, minutes: 5 })
		).toMatchObject({ ok: false, error: 'forbidden' });
		expectOk(
			await attendee.send('question:ask', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: S,
				text: 'Not audited?'
			})
		);
		expectOk(await chair.send('poll:manage', { eventId: EVENT_ID, sessionId: S }));
		expectOk(await organiser.send('staff:list', { eventId: EVENT_ID }));

		expect(await value(hub.services.sql, 'SELECT count(*) FROM audit_log')).toBe(0);
	});

	it('pages newest first, filters by session, and shows a hall’s organiser only what was done in its hall', async ({
		hub,
		organiser,
		connect
	}) => {
		const chair = await connect({ role: 'chair' });
		const delay = (sessionId: string, minutes: number) =>
			organiser.send('session:delay', { clientId: cid(), eventId: EVENT_ID, sessionId, minutes });
		for (let n = 1; n <= 60; n++) expectOk(await delay(n % 2 ? S : OTHER, n));
		expectOk(
			await chair.send('poll:transition', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId: 'p-intelligence-first',
				action: 'open',
				countdownSeconds: null
			})
		);

		const first = expectOk(await organiser.send('audit:list', { eventId: EVENT_ID }));
		expect(first.entries).toHaveLength(50);
		expect(first.entries[0]).toMatchObject({
			command: 'poll:transition',
			role: 'chair',
			sessionId: S,
			target: { pollId: 'p-intelligence-first' }
		});
		const second = expectOk(await organiser.send('audit:list', { eventId: EVENT_ID, before: first.next }));
		expect(second.entries).toHaveLength(11);
		expect(second.next).toBeNull();
		const ids = [...first.entries, ...second.entries].map((e) => e.id);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
		expect(new Set(ids).size).toBe(61);

		const inS = expectOk(await organiser.send('audit:list', { eventId: EVENT_ID, sessionId: S }));
		expect(inS.entries).toHaveLength(31);
		expect(inS.entries.every((e) => e.sessionId === S)).toBe(true);

		const hallB = await connect({ role: 'organiser', roomId: 'hall-b' });
		const seenInB = expectOk(await hallB.send('audit:list', { eventId: EVENT_ID }));
		expect(seenInB.entries.map((e) => e.sessionId)).toEqual(Array(30).fill(OTHER));
		expect(await hallB.send('audit:list', { eventId: EVENT_ID, sessionId: S })).toMatchObject({
			ok: false,
			error: 'forbidden'
		});
		// The organiser export carries the whole log as far as the link reaches.
		expect((await exportEvent(hub.services, { eventId: EVENT_ID, roomId: null })).auditLog).toHaveLength(61);
	});
});
