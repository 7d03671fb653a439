import { describe, expect } from 'vitest';
import { cid, EVENT_ID, expectOk, it } from '../fixtures/hub';

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
		expect(after.changes.filter((c) => c.kind === 'imported')).toHaveLength(1);
		expect(await second.services.access.list(EVENT_ID)).toEqual(credentials);

		// The cookie-signing secret lives in the database, so a staff cookie from before the restart still works.
		const again = await second.connect({ cookie: organiser.cookie });
		expect(again.joined.identity.role).toBe('organiser');
		expect(again.joined.snapshot).toEqual(before);
	});
});
