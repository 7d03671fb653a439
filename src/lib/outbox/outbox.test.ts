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
	const page = async (o: Parameters<typeof openPage>[1] = {}) => {
		const opened = await openPage(t, o);
		pages.push(opened.live);
		return opened;
	};

	beforeEach(async () => {
		// Each test on an empty device: a fresh in-memory IndexedDB.
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

	it('keeps a question asked offline through a reload and sends it once back online, with the same client id', async () => {
		const offline = await page();
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
		const reloaded = await page({ device: offline.device });
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
		const again = await page({ device: offline.device });
		await again.live.outbox.flush();
		expect(again.live.outbox.items).toEqual([]);
	});

	it('lets a newer write with the same key replace one still waiting', async () => {
		const { live } = await page();
		const vote = (up: boolean) =>
			live.outbox.submit('question:vote', 'vote:q1', { eventId: live.eventId, questionId: 'q1', up });
		await vote(true);
		await vote(false);
		expect(live.outbox.waiting('question:vote', 'vote:q1').map((i) => i.payload)).toMatchObject([
			{ up: false }
		]);
	});

	it('reports a refused write only to its own command and keeps a refused ballot, with its choice, until dismissed', async () => {
		const { live } = await page();
		const qa = new QaRoom(live, SESSION);
		const polls = new PollRoom(live, SESSION);
		const asks = vi.fn();
		const ballots = vi.fn();
		live.outbox.onSettled('question:ask', asks);
		live.outbox.onSettled('poll:vote', ballots);
		const joined = nextJoin(live);
		live.start();
		await joined;

		const ranking = ['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes'];
		// Kept on the device: the ballot form has nothing more to say; the refusal shows beside the poll.
		expect(await polls.vote(DRAFT_POLL, { ranking })).toEqual({ ok: true });
		expect(ballots).toHaveBeenCalledOnce();
		expect(ballots.mock.calls[0][1]).toMatchObject({ ok: false, error: 'not-found' });
		expect(asks).not.toHaveBeenCalled();
		expect(polls.error).toBeNull();
		expect(qa.error).toBeNull();
		const refused = polls.refused(DRAFT_POLL);
		expect(refused).toMatchObject({ answer: { ranking }, refusal: { error: 'not-found' } });
		expect(polls.waiting(DRAFT_POLL)).toBeUndefined();

		// A refused write is not sent again by itself: only the person's retry sends it.
		await live.outbox.flush();
		expect(ballots).toHaveBeenCalledOnce();
		await polls.retry(refused!.id);
		expect(ballots).toHaveBeenCalledTimes(2);
		expect(ballots.mock.calls[1][0].id).toBe(refused!.id);

		await polls.discard(refused!.id);
		expect(polls.refused(DRAFT_POLL)).toBeUndefined();
		expect(live.outbox.items).toEqual([]);
		qa.destroy();
		polls.destroy();
	});

	it('keeps a refused question on the device with its reason until it is edited, retried or discarded', async () => {
		const { live, device } = await page();
		const qa = new QaRoom(live, SESSION);
		const joined = nextJoin(live);
		live.start();
		await joined;
		const ask = (text: string) => qa.ask({ text, objectiveId: 'no-such-objective' });

		expect(await ask('Who funds the regional task force?')).toMatchObject({ error: 'invalid-payload' });
		expect(await ask('Which courts hear smuggling cases?')).toMatchObject({ error: 'invalid-payload' });
		expect(qa.error).toBeNull();
		expect(qa.waiting).toMatchObject([
			{
				text: 'Who funds the regional task force?',
				refused: { error: 'invalid-payload' },
				secondsLeft: null
			},
			{ text: 'Which courts hear smuggling cases?', refused: { error: 'invalid-payload' } }
		]);
		expect(qa.waiting[0].refused?.message).toContain('no-such-objective');

		// Through a reload: the refused questions are still on the device, still refused, and not sent again.
		const reloaded = await page({ device });
		const settled = vi.fn();
		reloaded.live.outbox.onSettled('question:ask', settled);
		const rejoined = nextJoin(reloaded.live);
		reloaded.live.start();
		await rejoined;
		await reloaded.live.outbox.flush();
		expect(settled).not.toHaveBeenCalled();
		const again = new QaRoom(reloaded.live, SESSION);
		await again.load();
		expect(again.waiting.map((w) => [w.text, w.refused?.error])).toEqual([
			['Who funds the regional task force?', 'invalid-payload'],
			['Which courts hear smuggling cases?', 'invalid-payload']
		]);

		// Retry sends it as it was (same client id) and it is refused again; discard removes it from the device.
		const [first, second] = again.waiting;
		expect(await again.retry(first.id)).toMatchObject({ ok: false, error: 'invalid-payload' });
		expect(settled.mock.calls[0][0].id).toBe(first.id);
		await again.discard(first.id);
		// Edited (here: without the unknown objective) it is a new write, and the hub takes it.
		const edited = await reloaded.live.outbox.edit<'question:ask'>(second.id, {
			text: 'Which courts hear smuggling cases in Sindh?',
			objectiveId: null
		});
		expect(edited).toMatchObject({
			ok: true,
			data: { question: { text: 'Which courts hear smuggling cases in Sindh?' } }
		});
		expect(again.waiting).toEqual([]);
		expect(again.state?.mine.map((q) => q.text)).toEqual(['Which courts hear smuggling cases in Sindh?']);
		expect(reloaded.live.outbox.items).toEqual([]);
		qa.destroy();
		again.destroy();
	});

	it('shows a question once, as the hub has it, when another tab of the device sent it, and lets it go from the device', async () => {
		const { live, device } = await page();
		const qa = new QaRoom(live, SESSION);
		const joined = nextJoin(live);
		live.start();
		await joined;
		await vi.waitFor(() => expect(qa.state).not.toBeNull());
		// This tab cannot send just now (its connection is between two joins): the question waits on the device.
		live.joined = false;
		const text = 'Which border posts will share passenger data first?';
		const kept = await live.outbox.submit('question:ask', 'ask:other-tab', {
			eventId: live.eventId,
			sessionId: SESSION,
			text,
			objectiveId: null
		});
		expect(kept).toBeNull();
		const [item] = live.outbox.items;
		expect(qa.waiting.map((q) => q.text)).toEqual([text]);

		// Another tab of the same browser sends that very write (same device, same client id).
		const other = await t.connect({ cookie: t.deviceCookie(device) });
		const res = await other.send('question:ask', item.payload as never);
		expect(res).toMatchObject({ ok: true, data: { question: { text, clientId: item.id } } });

		// The hub's news to the device reaches this tab: the question shows once, as received, and leaves the device.
		await vi.waitFor(() => expect(qa.state?.mine.map((q) => q.text)).toEqual([text]));
		expect(qa.waiting).toEqual([]);
		await vi.waitFor(() => expect(live.outbox.items).toEqual([]));
		await live.outbox.settled();
		expect(await entries(createStore(`dais-outbox-${live.eventId}`, 'writes'))).toEqual([]);
		// Sent again by this tab later, it would be applied once: the hub answers with the same question.
		live.joined = true;
		qa.destroy();
	});

	it('says when everything asked for is on the device, so a reload at that moment loses nothing', async () => {
		const { live } = await page();
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

describe('Outbox with a rate-limited hub (scheduled resends)', () => {
	let t: TestHub;
	const pages: LiveEvent[] = [];

	beforeEach(async () => {
		globalThis.indexedDB = new IDBFactory();
		// One question per device per second: the second one is asked to wait about a second.
		t = await startHub({
			rateLimits: { questionsPerMinute: 1, questionWindowSeconds: 1, votesPerMinute: 120 }
		});
	});
	afterEach(async () => {
		for (const live of pages.splice(0)) {
			live.outbox.close();
			live.tabs.close();
			live.connection.close();
		}
		await t.stop();
	});

	it('sends a rate-limited question again by itself when the wait is over, with the same client id and a countdown', async () => {
		const { live } = await openPage(t);
		pages.push(live);
		const qa = new QaRoom(live, SESSION);
		const settled = vi.fn();
		live.outbox.onSettled('question:ask', settled);
		const joined = nextJoin(live);
		live.start();
		await joined;

		expect(
			await qa.ask({ text: 'What does the new border protocol change?', objectiveId: null })
		).toMatchObject({
			ok: true
		});
		const limited = await qa.ask({ text: 'Who trains the coast guard?', objectiveId: null });
		expect(limited).toMatchObject({ ok: false, error: 'rate-limited' });
		expect(limited && !limited.ok && limited.retryAfterMs).toBeGreaterThan(0);
		const [waiting] = qa.waiting;
		expect(waiting).toMatchObject({ text: 'Who trains the coast guard?', refused: null });
		expect(waiting.secondsLeft).toBeGreaterThanOrEqual(1);
		expect(waiting.secondsLeft).toBeLessThanOrEqual(2);

		// Nobody presses anything: the outbox's own timer sends it once the hub's window has passed.
		await vi.waitFor(() => expect(settled).toHaveBeenCalledTimes(3), { timeout: 4000 });
		const [item, res] = settled.mock.calls[2];
		expect(item.id).toBe(waiting.id);
		expect(res).toMatchObject({ ok: true, data: { question: { text: 'Who trains the coast guard?' } } });
		expect(qa.waiting).toEqual([]);
		expect(live.outbox.items).toEqual([]);
		qa.destroy();
	});
});
