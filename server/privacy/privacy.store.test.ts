import { describe, expect, it } from 'vitest';
import { memoryServices, tableCounts } from '../../tests/fixtures/services';
import { createPrivacyStore } from './privacy.store';

const whole = { eventId: 'isb26', roomId: null };

describe('retention purge', () => {
	it("deletes an event's questions, upvotes, ballots and write log, and keeps its programme and polls", async () => {
		const s = await memoryServices();
		const q = (
			await s.qa.ask('isb26', 'dev-a', {
				sessionId: 'ws-intelligence',
				text: 'A question to be forgotten',
				name: 'Someone',
				organisation: null,
				country: null,
				objectiveId: null
			})
		).data.question;
		const dupe = (
			await s.qa.ask('isb26', 'dev-b', {
				sessionId: 'ws-intelligence',
				text: 'Another one',
				name: null,
				organisation: null,
				country: null,
				objectiveId: null
			})
		).data.question;
		await s.qa.approve(whole, [q.id, dupe.id]);
		await s.qa.vote('isb26', 'dev-b', q.id, true);
		await s.qa.merge(whole, dupe.id, q.id);
		await s.qa.pin(whole, 'ws-intelligence', q.id);
		await s.polls.transition(whole, 'p-intelligence-first', 'open', null);
		await s.sql.tx(() =>
			s.polls.vote('isb26', { hash: 'dev-a', address: 'test' }, 'p-intelligence-first', {
				choice: 'root-causes'
			})
		);
		await s.clientWrites.put(
			'isb26',
			'client-0001',
			{ command: 'question:ask', writer: 'device:d1', result: {} },
			new Date().toISOString()
		);
		await s.personal.setStar('isb26', 'dev-a', 'ws-intelligence', true);
		await s.personal.newFeed('isb26', 'dev-a');
		await s.attendance.record('isb26', '2026-12-08T06:31:00.000Z', 'hub', 12, { 'hall-a': 12 });

		const store = createPrivacyStore(s.sql);
		expect((await store.eventsEndedBefore('2026-12-10')).map((e) => e.code)).toEqual(['ISB26']);
		expect(await store.eventsEndedBefore('2026-12-09')).toEqual([]);
		const before = await tableCounts(s);
		expect(await store.purge('isb26')).toEqual({
			questions: 2,
			questionVotes: 1,
			ballots: 1,
			clientWrites: 1,
			stars: 1,
			feedTokens: 1
		});
		const after = await tableCounts(s);
		expect(after).toMatchObject({
			questions: 0,
			question_votes: 0,
			ballots: 0,
			client_writes: 0,
			stars: 0,
			feed_tokens: 0
		});
		// Head counts per hall are numbers about no one: the attendance chart outlives the purge.
		for (const kept of [
			'events',
			'sessions',
			'polls',
			'rooms',
			'objectives',
			'staff_credentials',
			'attendance_samples'
		]) {
			expect(after[kept], kept).toBe(before[kept]);
		}
		expect(JSON.stringify(await s.sql.all('SELECT * FROM questions'))).not.toContain('Someone');
	});
});
