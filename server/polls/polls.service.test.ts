import { describe, expect, it } from 'vitest';
import { memoryServices } from '../../tests/fixtures/services';
import type { PollAction } from '../../src/lib/protocol';

const whole = { eventId: 'isb26', roomId: null };

function vote(
	s: ReturnType<typeof memoryServices>,
	device: string,
	pollId: string,
	answer: Parameters<typeof s.polls.vote>[3]
) {
	const r = s.db.transaction(() =>
		s.polls.vote('isb26', { hash: device, address: 'test' }, pollId, answer)
	)();
	// Committed: the tally takes the ballot in, as the publisher does after a real commit.
	for (const e of r.effects) if (e.type === 'ballot') s.polls.count(e);
	return r;
}

describe('poll lifecycle and ballots', () => {
	it('ships the sample presets as drafts, rating and ranking over the four objectives', () => {
		const s = memoryServices();
		const polls = s.polls.manage(whole, 'ws-intelligence').polls;
		expect(polls.map((p) => [p.type, p.state])).toEqual([
			['single', 'draft'],
			['rating', 'draft'],
			['ranking', 'draft'],
			['wordcloud', 'draft']
		]);
		expect(polls[2].options.map((o) => o.id)).toEqual([
			'intelligence-sharing',
			'legal-frameworks',
			'victims-rights',
			'root-causes'
		]);
	});

	it('allows only draft -> open -> closed -> reopened; every other transition is refused and changes nothing', () => {
		const s = memoryServices();
		const id = 'p-intelligence-first';
		const state = () => s.polls.get(whole.eventId, id)!.state;
		const refused: [PollAction, string][] = [
			['close', 'draft'],
			['reopen', 'draft']
		];
		for (const [action, from] of refused) {
			expect(state()).toBe(from);
			expect(() => s.polls.transition(whole, id, action, null)).toThrow(
				`cannot ${action} a poll that is ${from}`
			);
			expect(state()).toBe(from);
		}
		s.polls.transition(whole, id, 'open', null);
		expect(() => s.polls.transition(whole, id, 'open', null)).toThrow('cannot open a poll that is open');
		expect(() => s.polls.transition(whole, id, 'reopen', null)).toThrow();
		expect(state()).toBe('open');
		s.polls.transition(whole, id, 'close', null);
		expect(() => s.polls.transition(whole, id, 'close', null)).toThrow();
		expect(() => s.polls.transition(whole, id, 'open', null)).toThrow();
		expect(state()).toBe('closed');
		s.polls.transition(whole, id, 'reopen', 60);
		expect(s.polls.get(whole.eventId, id)).toMatchObject({
			state: 'open',
			closesAt: '2026-12-08T06:01:00.000Z'
		});
	});

	it('keeps one ballot per device: a changed ballot replaces the old one in the tally', () => {
		const s = memoryServices();
		s.polls.transition(whole, 'p-intelligence-first', 'open', null);
		vote(s, 'dev-a', 'p-intelligence-first', { choice: 'legal-frameworks' });
		vote(s, 'dev-b', 'p-intelligence-first', { choice: 'legal-frameworks' });
		vote(s, 'dev-a', 'p-intelligence-first', { choice: 'root-causes' });
		const view = s.polls.manage(whole, 'ws-intelligence').polls[0];
		expect(view.ballots).toBe(2);
		expect(view.results).toMatchObject({ counts: { 'legal-frameworks': 1, 'root-causes': 1 } });
	});

	it('refuses a vote on a closed poll, and ballots that do not fit the poll', () => {
		const s = memoryServices();
		s.polls.transition(whole, 'p-intelligence-urgency', 'open', null);
		expect(() =>
			vote(s, 'd', 'p-intelligence-urgency', { ranking: ['root-causes', 'legal-frameworks'] })
		).toThrow(/every item/);
		expect(() => vote(s, 'd', 'p-intelligence-urgency', { choice: 'root-causes' })).toThrow(/order/);
		s.polls.transition(whole, 'p-intelligence-urgency', 'close', null);
		expect(() =>
			vote(s, 'd', 'p-intelligence-urgency', {
				ranking: ['root-causes', 'legal-frameworks', 'victims-rights', 'intelligence-sharing']
			})
		).toThrow('the poll is closed');
		expect(s.polls.manage(whole, 'ws-intelligence').polls[2].ballots).toBe(0);
	});

	it('hides results from the audience until revealed and until the minimum turnout is reached', () => {
		const s = memoryServices();
		const id = 'p-intelligence-first';
		s.polls.transition(whole, id, 'open', null);
		s.polls.reveal(whole, id, 'everyone');
		const audience = () => s.polls.list('isb26', 'ws-intelligence', 'viewer').polls.find((p) => p.id === id)!;
		for (let i = 0; i < 4; i++) vote(s, `dev-${i}`, id, { choice: 'victims-rights' });
		expect(audience()).toMatchObject({ ballots: 4, results: null });
		expect(s.polls.manage(whole, 'ws-intelligence').polls[0].results).not.toBeNull();
		vote(s, 'dev-4', id, { choice: 'victims-rights' });
		expect(audience().results).toMatchObject({ counts: { 'victims-rights': 5 } });
		s.polls.reveal(whole, id, 'chair');
		expect(audience().results).toBeNull();
	});

	it('shows open-text answers to the room only once published', () => {
		const s = memoryServices();
		const id = 'p-closing-recommendation';
		s.polls.transition(whole, id, 'open', null);
		s.polls.reveal(whole, id, 'everyone');
		for (let i = 0; i < 5; i++) vote(s, `dev-${i}`, id, { text: `Recommendation ${i}` });
		const staff = s.polls.manage(whole, 'closing').polls.find((p) => p.id === id)!;
		if (staff.results?.type !== 'open') throw new Error('open');
		expect(staff.results.answers).toHaveLength(5);
		const audience = () => s.polls.list('isb26', 'closing', 'v').polls.find((p) => p.id === id)!.results;
		expect(audience()).toEqual({ type: 'open', answers: [] });
		s.polls.publishText(whole, id, staff.results.answers[2].id, true);
		expect(audience()).toEqual({
			type: 'open',
			answers: [{ id: staff.results.answers[2].id, text: 'Recommendation 2', published: true }]
		});
	});
});
