import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectOk, startHub, type TestHub } from '../../../tests/fixtures/hub';
import { nextJoin, openPage } from '$lib/testing/live-hub';
import { QaRoom } from '$lib/qa/qa-room.svelte';
import { PollRoom } from '$lib/polls/poll-room.svelte';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';

const SESSION = 'ws-intelligence';
const POLL = 'p-intelligence-first';

describe('Tabs (two tabs of one browser stay in step)', () => {
	let t: TestHub;
	const pages: LiveEvent[] = [];

	/** Two tabs of one phone: the same device cookie and the same IndexedDB, each with its own socket. */
	async function twoTabs() {
		const first = await openPage(t);
		const second = await openPage(t, { device: first.device });
		for (const { live } of [first, second]) {
			pages.push(live);
			const joined = nextJoin(live);
			live.start();
			await joined;
		}
		return [first.live, second.live] as const;
	}

	beforeEach(async () => {
		globalThis.indexedDB = new IDBFactory();
		t = await startHub();
	});
	afterEach(async () => {
		for (const live of pages.splice(0)) {
			live.outbox.close();
			live.tabs.close();
			live.connection.close();
		}
		await t.stop();
	});

	it('shows a ballot cast in one tab as cast in the other, which no longer offers the vote', async () => {
		const chair = await t.connect({ role: 'chair' });
		expectOk(
			await chair.send('poll:transition', {
				clientId: 'tabs-open-poll-1',
				eventId: 'isb26',
				pollId: POLL,
				action: 'open',
				countdownSeconds: null
			})
		);
		const [one, two] = await twoTabs();
		const voter = new PollRoom(one, SESSION);
		const watcher = new PollRoom(two, SESSION);
		await Promise.all([voter.load(), watcher.load()]);
		expect(watcher.state?.mine[POLL]).toBeUndefined();

		await voter.vote(POLL, { choice: 'victims-rights' });
		await vi.waitFor(() => expect(watcher.state?.mine[POLL]).toEqual({ choice: 'victims-rights' }));
		voter.destroy();
		watcher.destroy();
	});

	it('shows an upvote, an asked question and the outbox of one tab in the other', async () => {
		const [one, two] = await twoTabs();
		const asker = new QaRoom(one, SESSION);
		const watcher = new QaRoom(two, SESSION);
		await Promise.all([asker.load(), watcher.load()]);

		expect(
			await asker.ask({ text: 'How are returnees protected on arrival?', objectiveId: null })
		).toMatchObject({
			ok: true
		});
		await vi.waitFor(() =>
			expect(watcher.state?.mine.map((q) => q.text)).toEqual(['How are returnees protected on arrival?'])
		);

		// Another phone's question, published by a moderator with this one's, so both tabs list both and can upvote
		// the other phone's (not their own).
		const other = await t.connect();
		const theirs = expectOk(
			await other.send('question:ask', {
				clientId: 'tabs-other-ask',
				eventId: 'isb26',
				sessionId: SESSION,
				text: 'Which courts hear smuggling cases first?'
			})
		).question.id;
		const moderator = await t.connect({ role: 'moderator' });
		expectOk(
			await moderator.send('question:approve', {
				clientId: 'tabs-approve-1',
				eventId: 'isb26',
				questionIds: [watcher.state!.mine[0].id, theirs]
			})
		);
		await vi.waitFor(() => expect(watcher.state?.questions).toHaveLength(2));
		const question = watcher.state!.questions.find((q) => q.id === theirs)!;
		expect(watcher.hasVoted(question.id)).toBe(false);
		asker.toggleVote(question);
		await vi.waitFor(() => expect(watcher.hasVoted(question.id)).toBe(true));

		// A question kept on the device (the first tab has lost its connection) shows as waiting in both tabs.
		one.connection.close();
		await asker.ask({ text: 'Who pays for shelters at the border?', objectiveId: null });
		await vi.waitFor(() =>
			expect(watcher.waiting.map((w) => w.text)).toEqual(['Who pays for shelters at the border?'])
		);
		asker.destroy();
		watcher.destroy();
	});
});
