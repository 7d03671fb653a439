import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cid, expectOk, startHub, type Client, type TestHub } from '../../../tests/fixtures/hub';
import { nextJoin, openPage } from '$lib/testing/live-hub';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import { m } from '$lib/paraglide/messages';
import { PollRoom } from './poll-room.svelte';

const SESSION = 'ws-legal';
const POLL = 'p-legal-first';

describe('PollRoom announcements (what a screen reader hears of the polls)', () => {
	let t: TestHub;
	let live: LiveEvent;
	let room: PollRoom;
	let chair: Client;

	beforeEach(async () => {
		t = await startHub({ voteIntervalMs: 20 });
		chair = await t.connect({ role: 'chair' });
		live = (await openPage(t)).live;
		room = new PollRoom(live, SESSION);
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

	const vote = async (choice: string) => {
		const phone = await t.connect();
		expectOk(
			await phone.send('poll:vote', {
				clientId: cid(),
				eventId: live.eventId,
				pollId: POLL,
				answer: { choice }
			})
		);
	};

	it('announces the results once, when the room first sees them, and the poll closing; never a tally', async () => {
		const announce = vi.spyOn(live.announcer, 'announce');
		const { polls } = expectOk(
			await chair.send('poll:manage', { eventId: live.eventId, sessionId: SESSION })
		);
		const question = polls.find((p) => p.id === POLL)!.question;
		const said = (text: string) => announce.mock.calls.filter(([t]) => t === text).length;
		expectOk(
			await chair.send('poll:transition', {
				clientId: cid(),
				eventId: live.eventId,
				pollId: POLL,
				action: 'open',
				countdownSeconds: null
			})
		);
		expectOk(
			await chair.send('poll:reveal', {
				clientId: cid(),
				eventId: live.eventId,
				pollId: POLL,
				visibility: 'everyone'
			})
		);
		// Results reach the room from the fifth ballot on.
		for (const choice of [
			'legal-frameworks',
			'legal-frameworks',
			'victims-rights',
			'root-causes',
			'legal-frameworks'
		])
			await vote(choice);
		await vi.waitFor(() => expect(room.state!.polls.find((p) => p.id === POLL)?.results).not.toBeNull());
		expect(said(m.announce_results({ question }))).toBe(1);

		for (const choice of ['victims-rights', 'root-causes', 'legal-frameworks']) await vote(choice);
		await vi.waitFor(() => expect(room.state!.polls.find((p) => p.id === POLL)?.ballots).toBe(8));
		expect(said(m.announce_results({ question }))).toBe(1);

		expectOk(
			await chair.send('poll:transition', {
				clientId: cid(),
				eventId: live.eventId,
				pollId: POLL,
				action: 'close',
				countdownSeconds: null
			})
		);
		await vi.waitFor(() => expect(said(m.announce_poll_closed({ question }))).toBe(1));
		expect(said(m.announce_results({ question }))).toBe(1);
	});
});
