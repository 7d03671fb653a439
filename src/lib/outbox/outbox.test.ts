import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createStore, entries } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHub, type TestHub } from '../../../tests/fixtures/hub';
import { nextJoin, openPage } from '$lib/testing/live-hub';
import { QaRoom } from '$lib/qa/qa-room.svelte';
import { PollRoom } from '$lib/polls/poll-room.svelte';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';

const SESSION = 'ws-intelligence';
/** A prepared poll of the sample session, still a draft: attendees cannot see it, so the hub refuses a ballot. */
const DRAFT_POLL = 'p-intelligence-urgency';

describe('Outbox (attendee writes kept on the device until the hub answers)', () => {
	let t: TestHub;
	const pages: LiveEvent[] = [];
	const page = (o: Parameters<typeof openPage>[1] = {}) => {
		const opened = openPage(t, o);
		pages.push(opened.live);
		return opened;
	};

	beforeEach(async () => {
		// Each test on an empty device: a fresh in-memory IndexedDB.
		globalThis.indexedDB = new IDBFactory();
		t = await startHub();
	});
	afterEach(async () => {
		for (const live of pages.splice(0)) live.connection.close();
		await t.stop();
	});

	it('keeps a question asked offline through a reload and sends it once back online, with the same client id', async () => {
		const offline = page();
		const text = 'Will the joint task force publish its findings?';
		const kept = await offline.live.outbox.submit('question:ask', 'ask:1', {
			eventId: offline.live.eventId,
			sessionId: SESSION,
			text,
			objectiveId: null
		});
		expect(kept).toBeNull();
		const [waiting] = offline.live.outbox.items;
		expect(waiting.payload).toMatchObject({ clientId: waiting.id });
		offline.live.connection.close();

		// The reloaded page finds the question on the device and delivers it as soon as it has joined.
		const reloaded = page({ device: offline.device });
		const settled = vi.fn();
		reloaded.live.outbox.onSettled('question:ask', settled);
		reloaded.live.start();
		await vi.waitFor(() => expect(settled).toHaveBeenCalledOnce());
		const [item, res] = settled.mock.calls[0];
		expect(item.id).toBe(waiting.id);
		expect(item.payload.clientId).toBe(waiting.id);
		expect(res).toMatchObject({ ok: true, data: { question: { text } } });
		expect(reloaded.live.outbox.items).toEqual([]);

		// Delivered means gone from the device: a third load has nothing left to send.
		const again = page({ device: offline.device });
		await again.live.outbox.flush();
		expect(again.live.outbox.items).toEqual([]);
	});

	it('lets a newer write with the same key replace one still waiting', async () => {
		const { live } = page();
		const vote = (up: boolean) =>
			live.outbox.submit('question:vote', 'vote:q1', { eventId: live.eventId, questionId: 'q1', up });
		await vote(true);
		await vote(false);
		expect(live.outbox.waiting('question:vote', 'vote:q1').map((i) => i.payload)).toMatchObject([
			{ up: false }
		]);
	});

	it('reports a refused write only to its own command: a refused ballot never shows in the Q&A panel', async () => {
		const { live } = page();
		const qa = new QaRoom(live, SESSION);
		const polls = new PollRoom(live, SESSION);
		const asks = vi.fn();
		const ballots = vi.fn();
		live.outbox.onSettled('question:ask', asks);
		live.outbox.onSettled('poll:vote', ballots);
		const joined = nextJoin(live);
		live.start();
		await joined;

		const res = await polls.vote(DRAFT_POLL, {
			ranking: ['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes']
		});
		expect(res).toMatchObject({ ok: false, error: 'not-found' });
		expect(ballots).toHaveBeenCalledOnce();
		expect(asks).not.toHaveBeenCalled();
		expect(polls.error).not.toBeNull();
		expect(qa.error).toBeNull();
		// The refusal is final: the ballot leaves the device rather than being sent again and again.
		expect(live.outbox.items).toEqual([]);
		qa.destroy();
		polls.destroy();
	});
	it('says when everything asked for is on the device, so a reload at that moment loses nothing', async () => {
		const { live } = page();
		const vote = (up: boolean) =>
			live.outbox.submit('question:vote', 'vote:q1', { eventId: live.eventId, questionId: 'q1', up });
		await vote(true);
		// A change of mind, not awaited: the page reloads as soon as the outbox says its writes are kept.
		void vote(false);
		await live.outbox.settled();
		const kept = await entries(createStore(`dais-outbox-${live.eventId}`, 'writes'));
		expect(kept.map(([, item]) => (item as { payload: { up: boolean } }).payload.up)).toEqual([false]);
	});
});
