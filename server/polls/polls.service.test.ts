import { describe, expect, it } from 'vitest';
import { memoryServices, SAMPLE_TEXT, type TestServices } from '../../tests/fixtures/services';
import type { PollAction } from '../../src/lib/protocol';

const whole = { eventId: 'isb26', roomId: null };

async function vote(
	s: TestServices,
	device: string,
	pollId: string,
	answer: Parameters<typeof s.polls.vote>[3]
) {
	const r = await s.sql.tx(() => s.polls.vote('isb26', { hash: device, address: 'test' }, pollId, answer));
	// Committed: the tally takes the ballot in, as the publisher does after a real commit.
	for (const e of r.effects) if (e.type === 'ballot') await s.polls.count(e);
	return r;
}

describe('poll lifecycle and ballots', () => {
	it('ships the sample presets as drafts, rating and ranking over the four objectives', async () => {
		const s = await memoryServices();
		const polls = (await s.polls.manage(whole, 'ws-intelligence')).polls;
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

	it('takes no ballot once its countdown has run out, even before the timer that closes it has fired', async () => {
		let at = Date.parse('2026-12-08T07:35:00Z');
		const s = await memoryServices({ clock: { now: () => new Date(at) } });
		const id = 'p-intelligence-first';
		await s.sql.tx(() => s.polls.transition(whole, id, 'open', 30));
		await vote(s, 'early', id, { choice: 'root-causes' });
		at += 30_000;
		await expect(vote(s, 'late', id, { choice: 'root-causes' })).rejects.toMatchObject({
			reason: 'poll-closed'
		});
		expect((await s.polls.get(whole.eventId, id))!.state).toBe('open');
	});

	it('allows only draft -> open -> closed -> reopened; every other transition is refused and changes nothing', async () => {
		const s = await memoryServices();
		const id = 'p-intelligence-first';
		const state = async () => (await s.polls.get(whole.eventId, id))!.state;
		const refused: [PollAction, string][] = [
			['close', 'draft'],
			['reopen', 'draft']
		];
		for (const [action, from] of refused) {
			expect(await state()).toBe(from);
			await expect(s.polls.transition(whole, id, action, null)).rejects.toThrow(
				`cannot ${action} a poll that is ${from}`
			);
			expect(await state()).toBe(from);
		}
		await s.polls.transition(whole, id, 'open', null);
		await expect(s.polls.transition(whole, id, 'open', null)).rejects.toThrow(
			'cannot open a poll that is open'
		);
		await expect(s.polls.transition(whole, id, 'reopen', null)).rejects.toThrow();
		expect(await state()).toBe('open');
		await s.polls.transition(whole, id, 'close', null);
		await expect(s.polls.transition(whole, id, 'close', null)).rejects.toThrow();
		await expect(s.polls.transition(whole, id, 'open', null)).rejects.toThrow();
		expect(await state()).toBe('closed');
		await s.polls.transition(whole, id, 'reopen', 60);
		expect(await s.polls.get(whole.eventId, id)).toMatchObject({
			state: 'open',
			closesAt: '2026-12-08T06:01:00.000Z'
		});
	});

	it('keeps one ballot per device: a changed ballot replaces the old one in the tally', async () => {
		const s = await memoryServices();
		await s.polls.transition(whole, 'p-intelligence-first', 'open', null);
		await vote(s, 'dev-a', 'p-intelligence-first', { choice: 'legal-frameworks' });
		await vote(s, 'dev-b', 'p-intelligence-first', { choice: 'legal-frameworks' });
		await vote(s, 'dev-a', 'p-intelligence-first', { choice: 'root-causes' });
		const view = (await s.polls.manage(whole, 'ws-intelligence')).polls[0];
		expect(view.ballots).toBe(2);
		expect(view.results).toMatchObject({ counts: { 'legal-frameworks': 1, 'root-causes': 1 } });
	});

	it('refuses a vote on a closed poll, and ballots that do not fit the poll', async () => {
		const s = await memoryServices();
		await s.polls.transition(whole, 'p-intelligence-urgency', 'open', null);
		await expect(
			vote(s, 'd', 'p-intelligence-urgency', { ranking: ['root-causes', 'legal-frameworks'] })
		).rejects.toThrow(/every item/);
		await expect(vote(s, 'd', 'p-intelligence-urgency', { choice: 'root-causes' })).rejects.toThrow(/order/);
		await s.polls.transition(whole, 'p-intelligence-urgency', 'close', null);
		await expect(
			vote(s, 'd', 'p-intelligence-urgency', {
				ranking: ['root-causes', 'legal-frameworks', 'victims-rights', 'intelligence-sharing']
			})
		).rejects.toMatchObject({ code: 'conflict', reason: 'poll-closed', message: 'the poll is closed' });
		expect((await s.polls.manage(whole, 'ws-intelligence')).polls[2].ballots).toBe(0);
	});

	it('hides results from the audience until revealed and until the minimum turnout is reached', async () => {
		const s = await memoryServices();
		const id = 'p-intelligence-first';
		await s.polls.transition(whole, id, 'open', null);
		await s.polls.reveal(whole, id, 'everyone');
		const audience = async () =>
			(await s.polls.list('isb26', 'ws-intelligence', 'viewer')).polls.find((p) => p.id === id)!;
		for (let i = 0; i < 4; i++) await vote(s, `dev-${i}`, id, { choice: 'victims-rights' });
		expect(await audience()).toMatchObject({ ballots: 4, results: null });
		expect((await s.polls.manage(whole, 'ws-intelligence')).polls[0].results).not.toBeNull();
		await vote(s, 'dev-4', id, { choice: 'victims-rights' });
		expect((await audience()).results).toMatchObject({ counts: { 'victims-rights': 5 } });
		await s.polls.reveal(whole, id, 'chair');
		expect((await audience()).results).toBeNull();
	});

	it('shows open-text answers to the room only once published', async () => {
		const s = await memoryServices();
		const id = 'p-closing-recommendation';
		await s.polls.transition(whole, id, 'open', null);
		await s.polls.reveal(whole, id, 'everyone');
		for (let i = 0; i < 5; i++) await vote(s, `dev-${i}`, id, { text: `Recommendation ${i}` });
		const staff = (await s.polls.manage(whole, 'closing')).polls.find((p) => p.id === id)!;
		if (staff.results?.type !== 'open') throw new Error('open');
		expect(staff.results.answers).toHaveLength(5);
		const audience = async () =>
			(await s.polls.list('isb26', 'closing', 'v')).polls.find((p) => p.id === id)!.results;
		expect(await audience()).toEqual({ type: 'open', answers: [] });
		// Ballots cast in the same millisecond have no order between them: the answer is found by its text.
		const second = staff.results.answers.find((a) => a.text === 'Recommendation 2')!;
		await s.polls.publishText(whole, id, second.id, true);
		expect(await audience()).toEqual({
			type: 'open',
			answers: [{ id: second.id, text: 'Recommendation 2', published: true }]
		});
	});
});

describe('a poll a chair defines', () => {
	it('refuses to rate the objectives of an event that has fewer than two, saying so', async () => {
		const s = await memoryServices();
		const file = JSON.parse(SAMPLE_TEXT) as {
			objectives: unknown[];
			sessions: { objectives: string[] }[];
			polls: unknown[];
		};
		file.objectives = file.objectives.slice(0, 1);
		for (const session of file.sessions) session.objectives = [];
		file.polls = [];
		await s.events.importText(JSON.stringify(file), 'replace');
		const rating = {
			type: 'rating' as const,
			question: 'How urgent is each objective?',
			options: [],
			maxChoices: null,
			minBallots: 5,
			verifiedOnly: false
		};
		const before = await s.polls.manage(whole, 'ws-intelligence');
		await expect(s.polls.create(whole, 'ws-intelligence', rating)).rejects.toMatchObject({
			code: 'invalid-payload',
			reason: 'poll-no-objectives',
			message: 'this event has no objectives to rate or rank'
		});
		expect(await s.polls.manage(whole, 'ws-intelligence')).toEqual(before);
	});
});

describe('results counted by the database (what a hub of a cluster sends)', () => {
	it('gives the same facts as the running tally for every kind of poll, changed ballots included', async () => {
		const s = await memoryServices();
		const polls = (await s.polls.manage(whole, 'ws-intelligence')).polls;
		const id = (type: string) => polls.find((p) => p.type === type)!.id;
		const objectives = ['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes'];
		const multiple = await s.polls.create(whole, 'ws-intelligence', {
			type: 'multiple',
			question: 'Which two should the task force take up first?',
			options: objectives.map((o) => ({ id: o, label: o })),
			maxChoices: 2,
			minBallots: 0,
			verifiedOnly: false
		});
		const answers: [string, (i: number) => Parameters<typeof s.polls.vote>[3]][] = [
			[id('single'), (i) => ({ choice: objectives[i % 4] })],
			[multiple.data.poll.id, (i) => ({ choices: [objectives[i % 4], objectives[(i * 3 + 1) % 4]] })],
			[
				id('rating'),
				(i) => ({ ratings: Object.fromEntries(objectives.map((o, k) => [o, ((i + k) % 5) + 1])) })
			],
			[id('ranking'), (i) => ({ ranking: i % 2 ? objectives : [...objectives].reverse() })],
			[id('wordcloud'), (i) => ({ words: [['Trust', 'trust', 'données', 'اعتماد'][i % 4], 'Courts'] })]
		];
		for (const [pollId, answer] of answers) {
			await s.polls.transition(whole, pollId, 'open', null);
			for (let i = 0; i < 9; i++) await vote(s, `dev-${i}`, pollId, answer(i));
			// Two people change their minds: the database holds their last ballot only.
			await vote(s, 'dev-0', pollId, answer(5));
			await vote(s, 'dev-3', pollId, answer(8));
			const p = (await s.polls.get(whole.eventId, pollId))!;
			const running = {
				audience: await s.polls.resultsFact(p, 'audience'),
				staff: await s.polls.resultsFact(p, 'staff')
			};
			expect(running.staff).toMatchObject({ ballots: 9 });
			expect(await s.polls.storedResultsFacts(p)).toEqual(running);
		}
	});
});
