import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cid, expectOk, startHub, type Client, type TestHub } from '../../../tests/fixtures/hub';
import { nextJoin, openPage } from '$lib/testing/live-hub';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import { QaRoom } from './qa-room.svelte';

const SESSION = 'ws-legal';

describe('QaRoom announcements (what a screen reader hears of the Q&A)', () => {
	let t: TestHub;
	let live: LiveEvent;
	let room: QaRoom;
	let moderator: Client;

	beforeEach(async () => {
		t = await startHub();
		moderator = await t.connect({ role: 'moderator' });
		live = (await openPage(t)).live;
		room = new QaRoom(live, SESSION);
		const joined = nextJoin(live);
		live.start();
		await joined;
		await vi.waitFor(() => expect(room.state).not.toBeNull());
	});
	afterEach(async () => {
		room.destroy();
		live.connection.close();
		await t.stop();
	});

	it('announces a question once, when it is published to the room; its votes, edit and answer are not news', async () => {
		const announce = vi.spyOn(live.announcer, 'announce');
		const asker = await t.connect();
		const text = 'How will the model law treat the people who were smuggled?';
		const { question } = expectOk(
			await asker.send('question:ask', {
				clientId: cid(),
				eventId: live.eventId,
				sessionId: SESSION,
				text,
				objectiveId: null
			})
		);
		expectOk(
			await moderator.send('question:approve', {
				clientId: cid(),
				eventId: live.eventId,
				questionIds: [question.id]
			})
		);
		await vi.waitFor(() => expect(announce).toHaveBeenCalledWith(expect.stringContaining(text)));
		expect(announce).toHaveBeenCalledOnce();

		const voters = await Promise.all([t.connect(), t.connect(), t.connect()]);
		for (const v of voters)
			expectOk(
				await v.send('question:vote', {
					clientId: cid(),
					eventId: live.eventId,
					questionId: question.id,
					up: true
				})
			);
		await vi.waitFor(() => expect(room.state?.questions.find((q) => q.id === question.id)?.votes).toBe(3));
		const edited = 'How will the model law treat people who were smuggled?';
		expectOk(
			await moderator.send('question:edit', {
				clientId: cid(),
				eventId: live.eventId,
				questionId: question.id,
				text: edited
			})
		);
		expectOk(
			await moderator.send('question:answer', {
				clientId: cid(),
				eventId: live.eventId,
				questionId: question.id,
				answered: true
			})
		);
		await vi.waitFor(() =>
			expect(room.state?.questions.find((q) => q.id === question.id)?.answered).toBe(true)
		);
		expect(room.state?.questions.find((q) => q.id === question.id)?.text).toBe(edited);
		expect(announce).toHaveBeenCalledOnce();
	});
});

describe('QaRoom withdrawing this phone’s own question', () => {
	let t: TestHub;
	const rooms: QaRoom[] = [];
	const lives: LiveEvent[] = [];

	beforeEach(async () => {
		t = await startHub();
	});
	afterEach(async () => {
		for (const r of rooms.splice(0)) r.destroy();
		for (const l of lives.splice(0)) l.connection.close();
		await t.stop();
	});

	/** A tab of the phone `device` (a new phone by default) with the session's Q&A open. */
	async function tab(device?: string) {
		const page = await openPage(t, { device });
		const room = new QaRoom(page.live, SESSION);
		rooms.push(room);
		lives.push(page.live);
		const joined = nextJoin(page.live);
		page.live.start();
		await joined;
		await vi.waitFor(() => expect(room.state).not.toBeNull());
		return { ...page, room };
	}

	it('waits on the phone while offline, shown as withdrawing, and deletes the question once back; the other tab drops it too', async () => {
		const phone = await tab();
		const other = await tab(phone.device);
		const asked = await phone.room.ask({ text: 'Does my question show where I live?', objectiveId: null });
		if (!asked?.ok) throw new Error('not asked');
		const id = asked.data.question.id;
		await vi.waitFor(() => expect(other.room.state?.mine.map((q) => q.id)).toEqual([id]));
		expect(other.room.kept.list.map((q) => q.id)).toEqual([id]);

		phone.socket.disconnect();
		expect(await phone.room.withdraw(id)).toBeNull();
		expect(phone.room.withdrawing(id)).toBe(true);
		expect(phone.room.state?.mine.map((q) => q.id)).toEqual([id]);
		const moderator = await t.connect({ role: 'moderator' });
		const queue = async () =>
			expectOk(await moderator.send('qa:moderate', { eventId: phone.live.eventId, sessionId: SESSION }))
				.questions;
		expect((await queue()).map((q) => q.id)).toEqual([id]);

		const back = nextJoin(phone.live);
		phone.socket.connect();
		await back;
		await vi.waitFor(() => expect(phone.room.state?.mine).toEqual([]));
		expect(phone.room.withdrawing(id)).toBe(false);
		expect(await queue()).toEqual([]);
		// The phone's other tab hears it from the hub, and neither keeps it as a question "asked earlier".
		await vi.waitFor(() => expect(other.room.state?.mine).toEqual([]));
		expect(phone.room.earlier).toEqual([]);
		expect(other.room.earlier).toEqual([]);
		expect(other.room.kept.list).toEqual([]);
	});
});

describe('QaRoom taking back a question on its way', () => {
	let t: TestHub;
	beforeEach(async () => {
		t = await startHub();
	});
	afterEach(async () => {
		await t.stop();
	});

	it('withdraws it from the hub too when the hub turns out to have had it, rather than show it again as asked', async () => {
		const page = await openPage(t);
		const room = new QaRoom(page.live, SESSION);
		const joined = nextJoin(page.live);
		page.live.start();
		await joined;
		await vi.waitFor(() => expect(room.state).not.toBeNull());
		// The question is on its way (the page is sending it) when the person takes it back: it still reaches the hub.
		const connection = page.live.connection;
		const call = connection.call.bind(connection);
		let release = () => {};
		const held = new Promise<void>((r) => (release = r));
		let sending = false;
		const sent: string[] = [];
		connection.call = (async (name: string, payload: unknown) => {
			sent.push(name);
			if (name === 'question:ask') {
				sending = true;
				await held;
			}
			return (call as (n: string, p: unknown) => Promise<unknown>)(name, payload);
		}) as typeof connection.call;
		const moderator = await t.connect({ role: 'moderator' });
		const queue = async () =>
			expectOk(await moderator.send('qa:moderate', { eventId: page.live.eventId, sessionId: SESSION }))
				.questions;

		void room.ask({ text: 'Can I take this back before it is sent?', objectiveId: null });
		await vi.waitFor(() => expect(sending).toBe(true));
		expect(room.waiting).toHaveLength(1);
		await room.discard(room.waiting[0].id);
		release();

		// It reached the hub, and the page withdrew it there: gone from the moderator's queue and from this phone.
		await vi.waitFor(() => expect(sent).toContain('question:withdraw'));
		await vi.waitFor(async () => expect(await queue()).toEqual([]));
		await vi.waitFor(() => expect(room.state?.mine).toEqual([]));
		expect(room.waiting).toEqual([]);
		room.destroy();
		page.live.connection.close();
	});
});
