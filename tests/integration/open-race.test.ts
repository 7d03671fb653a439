import { afterEach, describe, expect, vi } from 'vitest';
import type { Sql } from '../../server/db/sql';
import {
	cid,
	collect,
	EVENT_ID,
	expectOk,
	itWithOwnHub as it,
	joinEvent,
	type TestHub
} from '../fixtures/hub';

/**
 * A change committed while the hub reads a page's state, after the read that would have held it, must still reach
 * that page: the hub puts the socket in the room before it reads, so the change's fact finds it. (When the room came
 * after the read, such a change was in neither the answer nor any fact, and the page showed it only after a reload.)
 */
describe('a change committed while a page opens its state reaches that page', () => {
	afterEach(() => vi.restoreAllMocks());

	/**
	 * The first time storage answers `query` (matched by its text), `meanwhile` runs after the answer was read and
	 * before the hub sees it: a change that the answer cannot hold.
	 */
	function afterRead(hub: TestHub, method: 'all' | 'get', query: RegExp, meanwhile: () => Promise<unknown>) {
		const sql = hub.services.sql as Sql;
		const original = sql[method].bind(sql) as Sql['all'];
		let done = false;
		vi.spyOn(sql, method).mockImplementation((async (text: string, params?: unknown) => {
			const rows = await original(text, params as never);
			if (!done && query.test(text)) {
				done = true;
				await meanwhile();
			}
			return rows;
		}) as never);
		return () => done;
	}

	it('Q&A: a question the moderator publishes during the read', async ({ hub }) => {
		const moderator = await hub.connect({ role: 'moderator' });
		const asker = await hub.connect();
		const sessionId = 'ws-intelligence';
		const asked = expectOk(
			await asker.send('question:ask', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId,
				text: 'Who keeps the shared watch list up to date?',
				objectiveId: null
			})
		);
		const phone = await hub.connect();
		const facts = collect(phone.socket, 'qa:changed');
		const happened = afterRead(hub, 'all', /published/i, async () =>
			expectOk(
				await moderator.send('question:approve', {
					clientId: cid(),
					eventId: EVENT_ID,
					questionIds: [asked.question.id]
				})
			)
		);
		const state = expectOk(await phone.send('qa:open', { eventId: EVENT_ID, sessionId }));
		expect(happened()).toBe(true);
		// The answer was read before the question was published: only the fact can bring it.
		expect(state.questions.map((q) => q.id)).not.toContain(asked.question.id);
		await vi.waitFor(() =>
			expect(
				facts.some((f) => f.type === 'question' && f.question.id === asked.question.id && f.question.text)
			).toBe(true)
		);
	});

	it('polls: a poll the chair opens during the read', async ({ hub }) => {
		const chair = await hub.connect({ role: 'chair' });
		const sessionId = 'ws-legal';
		const pollId = 'p-legal-first';
		const phone = await hub.connect();
		const facts = collect(phone.socket, 'poll:changed');
		const happened = afterRead(hub, 'all', /FROM polls WHERE event_id = \? AND session_id = \?/, async () =>
			expectOk(
				await chair.send('poll:transition', {
					clientId: cid(),
					eventId: EVENT_ID,
					pollId,
					action: 'open',
					countdownSeconds: null
				})
			)
		);
		const list = expectOk(await phone.send('poll:list', { eventId: EVENT_ID, sessionId }));
		expect(happened()).toBe(true);
		expect(list.polls.find((p) => p.id === pollId)?.state).not.toBe('open');
		await vi.waitFor(() =>
			expect(facts.some((f) => f.type === 'poll' && f.poll.id === pollId && f.poll.state === 'open')).toBe(
				true
			)
		);
	});

	it('agenda: an announcement posted while a page joins, after its version was read', async ({ hub }) => {
		const organiser = await hub.connect({ role: 'organiser' });
		const page = await hub.open();
		const facts = collect(page.socket, 'agenda:changed');
		let posted = 0;
		const happened = afterRead(hub, 'get', /SELECT version FROM events/, async () => {
			posted = expectOk(
				await organiser.send('announcement:post', {
					clientId: cid(),
					eventId: EVENT_ID,
					text: 'The plenary starts ten minutes late',
					roomId: null
				})
			).version;
		});
		const joined = expectOk(await joinEvent(page.socket));
		expect(happened()).toBe(true);
		// Either the snapshot holds it or the fact reached the page.
		if (joined.snapshot!.version < posted)
			await vi.waitFor(() => expect(facts.map((f) => f.version)).toContain(posted));
	});
});
