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
