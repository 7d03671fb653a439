import { describe, expect } from 'vitest';
import { cid, EVENT_ID, expectOk, it, nextEvent } from '../fixtures/hub';

describe('restarting the hub on the same database file', () => {
	it('keeps delays, moves, announcements and staff sign-ins, and does not seed the sample again', async ({
		startHub
	}) => {
		const first = await startHub();
		expect(first.hub.seeded?.links.map((l) => l.role)).toEqual(['organiser', 'moderator', 'chair', 'screen']);
		const organiser = await first.connect({ role: 'organiser' });
		const send = organiser.send;
		expectOk(
			await send('session:delay', { clientId: cid(), eventId: EVENT_ID, sessionId: 'opening', minutes: 30 })
		);
		expectOk(
			await send('session:move', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-legal',
				roomId: 'plenary'
			})
		);
		expectOk(
			await send('announcement:post', {
				clientId: cid(),
				eventId: EVENT_ID,
				text: 'Buses leave at 18:00',
				roomId: null
			})
		);
		const before = await first.snapshot();
		const credentials = await first.services.access.list(EVENT_ID);
		await first.hub.close();

		const second = await startHub({ dbFile: first.dbFile });
		const after = await second.snapshot();

		expect(second.hub.seeded).toBeNull();
		expect(after).toEqual(before);
		expect(after.sessions.find((s) => s.id === 'opening')?.delayMinutes).toBe(30);
		expect(after.sessions.find((s) => s.id === 'ws-legal')).toMatchObject({
			roomId: 'plenary',
			movedFromRoomId: 'hall-b'
		});
		expect(after.announcements.map((a) => a.text)).toContain('Buses leave at 18:00');
		expect(await second.services.events.count()).toBe(1);
		expect(after.changes.filter((c) => c.kind === 'imported')).toHaveLength(0);
		expect(await second.services.access.list(EVENT_ID)).toEqual(credentials);

		// The cookie-signing secret lives in the database, so a staff cookie from before the restart still works.
		const again = await second.connect({ cookie: organiser.cookie });
		expect(again.joined.identity.role).toBe('organiser');
		expect(again.joined.snapshot).toEqual(before);
	});
});

describe('a poll countdown across a restart', () => {
	it('still closes the poll when it runs out, and no ballot is taken after its closing time', async ({
		startHub
	}) => {
		const first = await startHub();
		const chair = await first.connect({ role: 'chair' });
		const pollId = 'p-intelligence-first';
		const opened = expectOk(
			await chair.send('poll:transition', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId,
				action: 'open',
				countdownSeconds: 10
			})
		).poll;
		await first.hub.close();

		const second = await startHub({ dbFile: first.dbFile });
		const phone = await second.connect();
		expectOk(await phone.send('poll:list', { eventId: EVENT_ID, sessionId: 'ws-intelligence' }));
		const closed = nextEvent(
			phone.socket,
			'poll:changed',
			(f) => f.type === 'poll' && f.poll.id === pollId && f.poll.state === 'closed',
			15_000
		);
		expect(await closed).toMatchObject({ poll: { state: 'closed', closesAt: null } });
		expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(opened.closesAt!));
		expect(
			await phone.send('poll:vote', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId,
				answer: { choice: 'root-causes' }
			})
		).toMatchObject({ ok: false, reason: 'poll-closed' });
	}, 25_000);
});

describe('moving a rehearsal clock', () => {
	it('closes a poll whose countdown the new time has passed', async ({ startHub }) => {
		const { url, connect } = await startHub({
			env: { DAIS_CLOCK_START: '2026-12-08T11:35:00+05:00', DAIS_CLOCK_CONTROL: '1' }
		});
		const chair = await connect({ role: 'chair' });
		const phone = await connect();
		const pollId = 'p-intelligence-first';
		expectOk(await phone.send('poll:list', { eventId: EVENT_ID, sessionId: 'ws-intelligence' }));
		expectOk(
			await chair.send('poll:transition', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId,
				action: 'open',
				countdownSeconds: 600
			})
		);
		const closed = nextEvent(
			phone.socket,
			'poll:changed',
			(f) => f.type === 'poll' && f.poll.id === pollId && f.poll.state === 'closed',
			5000
		);
		const moved = await fetch(`${url}/rehearsal/clock`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ at: '2026-12-08T12:00:00+05:00' })
		});
		expect(moved.status).toBe(200);
		expect(await closed).toMatchObject({ poll: { state: 'closed' } });
	});
});
