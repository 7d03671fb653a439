import { describe, expect, it } from 'vitest';
import { memoryServices, tableCounts } from '../../tests/fixtures/services';
import { createPrivacyStore } from './privacy.store';

const whole = { eventId: 'isb26', roomId: null };

describe('retention purge', () => {
	it("deletes an event's questions, upvotes, ballots and write log, and keeps its programme and polls", () => {
		const s = memoryServices();
		const q = s.qa.ask('isb26', 'dev-a', {
			sessionId: 'ws-intelligence',
			text: 'A question to be forgotten',
			name: 'Someone',
			organisation: null,
			country: null,
			objectiveId: null
		}).data.question;
		const dupe = s.qa.ask('isb26', 'dev-b', {
			sessionId: 'ws-intelligence',
			text: 'Another one',
			name: null,
			organisation: null,
			country: null,
			objectiveId: null
		}).data.question;
		s.qa.approve(whole, [q.id, dupe.id]);
		s.qa.vote('isb26', 'dev-b', q.id, true);
		s.qa.merge(whole, dupe.id, q.id);
		s.qa.pin(whole, 'ws-intelligence', q.id);
		s.polls.transition(whole, 'p-intelligence-first', 'open', null);
		s.db.transaction(() =>
			s.polls.vote('isb26', { hash: 'dev-a', address: 'test' }, 'p-intelligence-first', {
				choice: 'root-causes'
			})
		)();
		s.clientWrites.put('isb26', 'client-0001', 'question:ask', {}, new Date().toISOString());

		const store = createPrivacyStore(s.db);
		expect(store.eventsEndedBefore('2026-12-10').map((e) => e.code)).toEqual(['ISB26']);
		expect(store.eventsEndedBefore('2026-12-09')).toEqual([]);
		const before = tableCounts(s);
		expect(store.purge('isb26')).toEqual({ questions: 2, questionVotes: 1, ballots: 1, clientWrites: 1 });
		const after = tableCounts(s);
		expect(after).toMatchObject({ questions: 0, question_votes: 0, ballots: 0, client_writes: 0 });
		for (const kept of ['events', 'sessions', 'polls', 'rooms', 'objectives', 'staff_credentials']) {
			expect(after[kept], kept).toBe(before[kept]);
		}
		expect(JSON.stringify(s.db.prepare('SELECT * FROM questions').all())).not.toContain('Someone');
	});
});
