import { describe, expect } from 'vitest';
import { column, value } from '../../server/db/sql';
import {
	STAFF_COMMANDS,
	type BallotAnswer,
	type CommandInput,
	type CommandName,
	type PollAction
} from '../../src/lib/protocol';
import { cid, collect, expectOk, itWithOwnHub, joinEvent, nextEvent, type Client } from '../fixtures/hub';
import { SAMPLE_TEXT } from '../fixtures/services';

const E = 'isb26';
const S = 'ws-intelligence';
const OBJECTIVES = ['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes'];

const vote = (c: Client, pollId: string, answer: BallotAnswer, clientId = cid('vote')) =>
	c.send('poll:vote', { clientId, eventId: E, pollId, answer });

// Polls change state in every test, so each test gets a hub of its own.
const it = itWithOwnHub
	.extend('hubOptions', { voteIntervalMs: 50 })
	.extend('chair', async ({ connect }) => {
		const chair = await connect({ role: 'chair' });
		expectOk(await chair.send('poll:manage', { eventId: E, sessionId: S }));
		return chair;
	})
	.extend(
		'act',
		({ chair }) =>
			(pollId: string, action: PollAction, countdownSeconds: number | null = null) =>
				chair.send('poll:transition', { clientId: cid(), eventId: E, pollId, action, countdownSeconds })
	)
	.extend('voters', ({ connect }) => async (n: number) => {
		const list: Client[] = [];
		for (let i = 0; i < n; i++) {
			const c = await connect();
			expectOk(await c.send('poll:list', { eventId: E, sessionId: S }));
			list.push(c);
		}
		return list;
	})
	.extend(
		'staffView',
		({ chair }) =>
			async (pollId: string) =>
				expectOk(await chair.send('poll:manage', { eventId: E, sessionId: S })).polls.find(
					(p) => p.id === pollId
				)!
	);

describe('live polls over real sockets', () => {
	it('tallies a ranking by Borda score with the position distribution', async ({
		act,
		voters,
		staffView
	}) => {
		expectOk(await act('p-intelligence-urgency', 'open'));
		const [a, b, c] = await voters(3);
		const [i, l, v, r] = OBJECTIVES;
		expectOk(await vote(a, 'p-intelligence-urgency', { ranking: [i, l, v, r] }));
		expectOk(await vote(b, 'p-intelligence-urgency', { ranking: [l, i, r, v] }));
		expectOk(await vote(c, 'p-intelligence-urgency', { ranking: [i, v, l, r] }));
		const results = (await staffView('p-intelligence-urgency')).results;
		expect(results).toEqual({
			type: 'ranking',
			items: {
				[i]: { borda: 8, positions: [2, 1, 0, 0] },
				[l]: { borda: 6, positions: [1, 1, 1, 0] },
				[v]: { borda: 3, positions: [0, 1, 1, 1] },
				[r]: { borda: 1, positions: [0, 0, 1, 2] }
			}
		});
	});

	it('tallies single choice, multiple choice, rating and word cloud from real ballots', async ({
		act,
		voters,
		staffView,
		connect
	}) => {
		const [a, b] = await voters(2);
		expectOk(await act('p-intelligence-first', 'open'));
		expectOk(await vote(a, 'p-intelligence-first', { choice: 'root-causes' }));
		expectOk(await vote(b, 'p-intelligence-first', { choice: 'root-causes' }));
		expect((await staffView('p-intelligence-first')).results).toMatchObject({
			counts: { 'root-causes': 2, 'legal-frameworks': 0 }
		});

		expectOk(await act('p-intelligence-capacity', 'open'));
		const rate = (x: number) => Object.fromEntries(OBJECTIVES.map((o, k) => [o, ((x + k) % 5) + 1]));
		expectOk(await vote(a, 'p-intelligence-capacity', { ratings: rate(0) }));
		expectOk(await vote(b, 'p-intelligence-capacity', { ratings: rate(1) }));
		expect((await staffView('p-intelligence-capacity')).results).toMatchObject({
			type: 'rating',
			items: { 'intelligence-sharing': { mean: 1.5, distribution: [1, 1, 0, 0, 0] } }
		});

		expectOk(await act('p-intelligence-obstacle', 'open'));
		expectOk(await vote(a, 'p-intelligence-obstacle', { words: ['Trust', 'the bureaucracy'] }));
		expectOk(await vote(b, 'p-intelligence-obstacle', { words: ['TRÚST ', 'Bureaucracy', 'بدعنواني'] }));
		const c = (await voters(1))[0];
		expectOk(await vote(c, 'p-intelligence-obstacle', { words: ['بدعنوانی'] }));
		expect((await staffView('p-intelligence-obstacle')).results).toEqual({
			type: 'wordcloud',
			// Grouped by the folded form, shown as typed: on a tie, the spelling that came first.
			words: [
				{ word: 'the bureaucracy', count: 2 },
				{ word: 'Trust', count: 2 },
				{ word: 'بدعنواني', count: 2 }
			]
		});

		const closing = await connect({ role: 'chair' });
		expectOk(
			await closing.send('poll:transition', {
				clientId: cid(),
				eventId: E,
				pollId: 'p-closing-priorities',
				action: 'open',
				countdownSeconds: null
			})
		);
		expectOk(
			await a.send('poll:vote', {
				clientId: cid(),
				eventId: E,
				pollId: 'p-closing-priorities',
				answer: { choices: ['model-law', 'livelihoods'] }
			})
		);
		const tooMany = await b.send('poll:vote', {
			clientId: cid(),
			eventId: E,
			pollId: 'p-closing-priorities',
			answer: { choices: ['model-law', 'livelihoods', 'data-channel'] }
		});
		expect(tooMany).toMatchObject({ ok: false, error: 'invalid-payload', message: 'pick at most 2' });
	});

	it('replaces a changed ballot, counts a retried one once, and refuses votes on a closed poll', async ({
		act,
		voters,
		staffView
	}) => {
		const [a] = await voters(1);
		expectOk(await act('p-intelligence-first', 'open'));
		const retryId = cid('retry');
		expectOk(await vote(a, 'p-intelligence-first', { choice: 'legal-frameworks' }, retryId));
		expectOk(await vote(a, 'p-intelligence-first', { choice: 'legal-frameworks' }, retryId));
		expect((await staffView('p-intelligence-first')).ballots).toBe(1);
		expectOk(await vote(a, 'p-intelligence-first', { choice: 'victims-rights' }));
		const view = await staffView('p-intelligence-first');
		expect(view.ballots).toBe(1);
		expect(view.results).toMatchObject({ counts: { 'legal-frameworks': 0, 'victims-rights': 1 } });

		expectOk(await act('p-intelligence-first', 'close'));
		expect(await vote(a, 'p-intelligence-first', { choice: 'root-causes' })).toMatchObject({
			ok: false,
			error: 'conflict',
			message: 'the poll is closed',
			// The page words it from this key in its own language; the message stays English for logs.
			reason: 'poll-closed'
		});
		expect((await staffView('p-intelligence-first')).results).toMatchObject({
			counts: { 'victims-rights': 1, 'root-causes': 0 }
		});
	});

	it('keeps no history of how a device changed its ballot: every earlier write is answered with the one that stands', async ({
		act,
		voters,
		hub
	}) => {
		const [a, b] = await voters(2);
		expectOk(await act('p-intelligence-first', 'open'));
		const first = cid('first');
		expectOk(await vote(a, 'p-intelligence-first', { choice: 'legal-frameworks' }, first));
		expectOk(await vote(a, 'p-intelligence-first', { choice: 'root-causes' }));
		expectOk(await vote(b, 'p-intelligence-first', { choice: 'legal-frameworks' }));
		const last = cid('last');
		expectOk(await vote(a, 'p-intelligence-first', { choice: 'victims-rights' }, last));
		const ledger = await hub.services.sql.all<{ client_id: string; writer: string; result: string }>(
			"SELECT client_id, writer, result FROM client_writes WHERE command = 'poll:vote'"
		);
		const ofA = ledger.filter((r) => r.writer === ledger.find((x) => x.client_id === first)!.writer);
		expect(ofA).toHaveLength(3);
		for (const r of ofA)
			expect(JSON.parse(r.result)).toEqual({
				pollId: 'p-intelligence-first',
				answer: { choice: 'victims-rights' }
			});
		// The other device's ballot is its own.
		expect(ledger.filter((r) => !ofA.includes(r)).map((r) => JSON.parse(r.result).answer)).toEqual([
			{ choice: 'legal-frameworks' }
		]);
		// A late retry of the first ballot changes nothing and is told the ballot that stands.
		expect(expectOk(await vote(a, 'p-intelligence-first', { choice: 'legal-frameworks' }, first))).toEqual({
			pollId: 'p-intelligence-first',
			answer: { choice: 'victims-rights' }
		});
		const stored = await hub.services.sql.all<{ answer: string }>(
			"SELECT answer FROM ballots WHERE poll_id = 'p-intelligence-first' ORDER BY answer"
		);
		expect(stored.map((r) => JSON.parse(r.answer))).toEqual([
			{ choice: 'legal-frameworks' },
			{ choice: 'victims-rights' }
		]);
	});

	it('refuses every invalid transition and leaves the poll as it was', async ({ act, staffView }) => {
		const id = 'p-intelligence-first';
		const cases: [PollAction, 'draft' | 'open' | 'closed'][] = [];
		for (const [setup, state] of [
			[[], 'draft'],
			[['open'], 'open'],
			[['close'], 'closed']
		] as [PollAction[], 'draft' | 'open' | 'closed'][]) {
			for (const a of setup) expectOk(await act(id, a));
			for (const action of ['open', 'close', 'reopen', 'countdown'] as PollAction[]) {
				const allowed = { draft: ['open'], open: ['close', 'countdown'], closed: ['reopen'] }[state];
				if (allowed.includes(action)) continue;
				cases.push([action, state]);
				const before = await staffView(id);
				expect(await act(id, action)).toMatchObject({
					ok: false,
					error: 'conflict',
					message: `cannot ${action} a poll that is ${state}`,
					reason: 'poll-state'
				});
				expect(await staffView(id)).toEqual(before);
			}
		}
		expect(cases).toHaveLength(8);
	});

	it('says what a chair must fix in a poll it defines: too few choices or items, the same choice twice, more to pick than there are, an opened poll', async ({
		chair,
		act,
		staffView
	}) => {
		const create = (poll: CommandInput<'poll:create'>['poll']) =>
			chair.send('poll:create', { clientId: cid(), eventId: E, sessionId: S, poll });
		const choice = (id: string) => ({ id, label: id.toUpperCase() });
		const before = expectOk(await chair.send('poll:manage', { eventId: E, sessionId: S }));
		expect(await create({ type: 'single', question: 'Only one way?', options: [choice('a')] })).toMatchObject(
			{
				ok: false,
				error: 'invalid-payload',
				message: 'give at least two choices',
				reason: 'poll-too-few-choices',
				params: { min: 2 },
				issues: [{ path: 'options' }]
			}
		);
		expect(
			await create({ type: 'ranking', question: 'Rank one item?', options: [choice('a')] })
		).toMatchObject({
			ok: false,
			error: 'invalid-payload',
			reason: 'poll-too-few-items',
			params: { min: 2 }
		});
		expect(
			await create({ type: 'single', question: 'Twice the same?', options: [choice('a'), choice('a')] })
		).toMatchObject({ ok: false, error: 'invalid-payload', reason: 'poll-duplicate-choices' });
		expect(
			await create({
				type: 'multiple',
				question: 'Pick three of two?',
				options: [choice('a'), choice('b')],
				maxChoices: 3
			})
		).toMatchObject({
			ok: false,
			error: 'invalid-payload',
			message: 'more than there are choices',
			reason: 'poll-max-choices',
			params: { max: 2 },
			issues: [{ path: 'maxChoices' }]
		});
		expect(expectOk(await chair.send('poll:manage', { eventId: E, sessionId: S }))).toEqual(before);

		const id = 'p-intelligence-first';
		expectOk(await act(id, 'open'));
		const opened = await staffView(id);
		const poll = {
			type: 'single' as const,
			question: 'Edited once open?',
			options: [choice('a'), choice('b')]
		};
		expect(await chair.send('poll:edit', { clientId: cid(), eventId: E, pollId: id, poll })).toMatchObject({
			ok: false,
			error: 'conflict',
			reason: 'poll-not-draft'
		});
		expect(await chair.send('poll:delete', { clientId: cid(), eventId: E, pollId: id })).toMatchObject({
			ok: false,
			error: 'conflict',
			reason: 'poll-not-draft'
		});
		expect(await staffView(id)).toEqual(opened);
	});

	it('keeps results from the room below the minimum turnout, then shows them live', async ({
		chair,
		act,
		voters
	}) => {
		const id = 'p-intelligence-first';
		expectOk(await act(id, 'open'));
		expectOk(
			await chair.send('poll:reveal', { clientId: cid(), eventId: E, pollId: id, visibility: 'everyone' })
		);
		const people = await voters(5);
		const watcher = people[0];
		const frames = collect(watcher.socket, 'poll:changed');
		for (const p of people.slice(0, 4)) expectOk(await vote(p, id, { choice: 'root-causes' }));
		await new Promise((r) => setTimeout(r, 120));
		const hidden = frames.filter((f) => f.type === 'results');
		expect(hidden.length).toBeGreaterThan(0);
		expect(hidden.every((f) => f.type === 'results' && f.results === null)).toBe(true);
		expect(
			expectOk(await watcher.send('poll:list', { eventId: E, sessionId: S })).polls[0].results
		).toBeNull();

		const shown = nextEvent(
			watcher.socket,
			'poll:changed',
			(f) => f.type === 'results' && f.results !== null
		);
		expectOk(await vote(people[4], id, { choice: 'root-causes' }));
		expect(await shown).toMatchObject({ ballots: 5, results: { counts: { 'root-causes': 5 } } });

		const final = nextEvent(
			watcher.socket,
			'poll:changed',
			(f) => f.type === 'poll' && f.poll.state === 'closed'
		);
		expectOk(await act(id, 'close'));
		expect(await final).toMatchObject({
			poll: { state: 'closed', ballots: 5, results: { counts: { 'root-causes': 5 } } }
		});
	});

	it('closes a poll by itself when its countdown runs out', async ({ act, voters }) => {
		const [a] = await voters(1);
		const closed = nextEvent(
			a.socket,
			'poll:changed',
			(f) => f.type === 'poll' && f.poll.state === 'closed',
			15_000
		);
		const opened = expectOk(await act('p-intelligence-first', 'open', 10));
		expect(opened.poll.closesAt).not.toBeNull();
		expect(await closed).toMatchObject({
			poll: { id: 'p-intelligence-first', state: 'closed', closesAt: null }
		});
	}, 20_000);

	it('starts a countdown on a poll already open, stops it, and closes the poll when a new one runs out', async ({
		act,
		voters
	}) => {
		const [a] = await voters(1);
		const id = 'p-intelligence-first';
		expect(expectOk(await act(id, 'open')).poll.closesAt).toBeNull();
		expectOk(await vote(a, id, { choice: 'root-causes' }));
		const started = Date.now();
		const counting = expectOk(await act(id, 'countdown', 60)).poll;
		expect(counting.state).toBe('open');
		expect(Date.parse(counting.closesAt!) - started).toBeGreaterThan(58_000);
		expect(Date.parse(counting.closesAt!) - started).toBeLessThan(62_000);
		// The phones hear of it.
		const stopped = nextEvent(a.socket, 'poll:changed', (f) => f.type === 'poll' && f.poll.closesAt === null);
		expect(expectOk(await act(id, 'countdown', null)).poll).toMatchObject({ state: 'open', closesAt: null });
		await stopped;
		const closed = nextEvent(
			a.socket,
			'poll:changed',
			(f) => f.type === 'poll' && f.poll.state === 'closed',
			15_000
		);
		expectOk(await act(id, 'countdown', 10));
		expect(await closed).toMatchObject({ poll: { id, state: 'closed', closesAt: null, ballots: 1 } });
		// Once closed, there is nothing to count down.
		expect(await act(id, 'countdown', 30)).toMatchObject({
			ok: false,
			error: 'conflict',
			reason: 'poll-state'
		});
	}, 20_000);

	it('refuses every chair action from an attendee and changes nothing', async ({ chair, voters }) => {
		const [a] = await voters(1);
		const before = expectOk(await chair.send('poll:manage', { eventId: E, sessionId: S }));
		const id = 'p-intelligence-first';
		const def = {
			type: 'single' as const,
			question: 'Hijacked?',
			options: [
				{ id: 'a', label: 'A' },
				{ id: 'b', label: 'B' }
			]
		};
		const attempts: { [C in CommandName]?: CommandInput<C> } = {
			'poll:manage': { eventId: E, sessionId: S },
			'poll:create': { clientId: cid(), eventId: E, sessionId: S, poll: def },
			'poll:edit': { clientId: cid(), eventId: E, pollId: id, poll: def },
			'poll:delete': { clientId: cid(), eventId: E, pollId: id },
			'poll:transition': { clientId: cid(), eventId: E, pollId: id, action: 'open' },
			'poll:reveal': { clientId: cid(), eventId: E, pollId: id, visibility: 'everyone' },
			'poll:publish-text': { clientId: cid(), eventId: E, pollId: id, answerId: 'x', published: true }
		};
		const pollStaffCommands = (Object.keys(STAFF_COMMANDS) as CommandName[]).filter((c) =>
			c.startsWith('poll:')
		);
		expect(Object.keys(attempts).sort()).toEqual(pollStaffCommands.sort());
		for (const [name, payload] of Object.entries(attempts)) {
			expect(await a.send(name as CommandName, payload as never), name).toMatchObject({
				ok: false,
				error: 'forbidden'
			});
		}
		expect(expectOk(await chair.send('poll:manage', { eventId: E, sessionId: S }))).toEqual(before);
	});

	it('gives a second event the presets of its file even when their ids are the first event’s, and keeps their ballots apart', async ({
		hub,
		act,
		voters,
		connect
	}) => {
		const file = JSON.parse(SAMPLE_TEXT) as { event: Record<string, unknown>; polls: { id: string }[] };
		file.event = { ...file.event, id: 'lhr27', code: 'LHR27', sample: false };
		await hub.services.events.importText(JSON.stringify(file), 'replace');
		const presetIds = file.polls.map((p) => p.id).sort();
		const presets = (eventId: string) =>
			column(hub.services.sql, 'SELECT id FROM polls WHERE event_id = ? AND preset = 1 ORDER BY id', [
				eventId
			]);
		expect(await presets('lhr27')).toEqual(presetIds);
		expect(await presets(E)).toEqual(presetIds);

		const id = 'p-intelligence-first';
		expectOk(await act(id, 'open'));
		const [voter] = await voters(1);
		expectOk(await vote(voter, id, { choice: 'legal-frameworks' }));
		// The same poll id in the other event is still its own draft, which no attendee can vote in.
		const elsewhere = await connect();
		expectOk(await joinEvent(elsewhere.socket, 'LHR27'));
		expect(
			await elsewhere.send('poll:vote', {
				clientId: cid(),
				eventId: 'lhr27',
				pollId: id,
				answer: { choice: 'legal-frameworks' }
			})
		).toMatchObject({ ok: false, error: 'not-found' });
		expect(await hub.services.polls.get('lhr27', id)).toMatchObject({ state: 'draft', preset: true });
		expect(await hub.services.polls.get(E, id)).toMatchObject({ state: 'open' });
		const ballots = (eventId: string) =>
			value(hub.services.sql, 'SELECT count(*) FROM ballots WHERE event_id = ?', [eventId]);
		expect([await ballots(E), await ballots('lhr27')]).toEqual([1, 0]);
	});
});
