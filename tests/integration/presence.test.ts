import { describe, expect, vi } from 'vitest';
import type { PresenceCounts } from '../../src/lib/protocol';
import {
	cid,
	collect,
	disconnected,
	EVENT_ID,
	expectOk,
	it as base,
	joinEvent,
	nextEvent,
	type Client,
	type TestHub
} from '../fixtures/hub';

const it = base.extend('hubOptions', { scope: 'file' }, { presenceIntervalMs: 50 });

const counts = (total: number, byRoom: Record<string, number>) => (c: PresenceCounts) =>
	c.total === total &&
	JSON.stringify(Object.entries(c.byRoom).sort()) === JSON.stringify(Object.entries(byRoom).sort());
/** The live counts, as a newly joined organiser is sent them (not coalesced). */
async function currentCounts(open: TestHub['open']) {
	const { socket } = await open({ role: 'organiser' });
	const first = nextEvent(socket, 'presence:updated');
	expectOk(await joinEvent(socket));
	const counts = await first;
	socket.close();
	return counts;
}
const here = (client: Client, roomId: string | null) =>
	client.send('presence:set', { eventId: EVENT_ID, roomId });

describe('presence counts', () => {
	it('sends an organiser the current counts when they join', async ({ open }) => {
		const { socket } = await open({ role: 'organiser' });
		const first = nextEvent(socket, 'presence:updated');
		expectOk(await joinEvent(socket));
		expect(await first).toEqual({ eventId: EVENT_ID, total: 0, byRoom: {} });
	});

	it('gives the organiser per-room attendee counts after attendees say which hall they are in', async ({
		organiser,
		connect
	}) => {
		const [a, b, c] = await Promise.all([connect(), connect(), connect()]);
		const update = nextEvent(organiser.socket, 'presence:updated', counts(3, { 'hall-a': 2, 'hall-b': 1 }));
		expectOk(await here(a, 'hall-a'));
		expectOk(await here(b, 'hall-a'));
		expectOk(await here(c, 'hall-b'));
		expect(await update).toEqual({ eventId: EVENT_ID, total: 3, byRoom: { 'hall-a': 2, 'hall-b': 1 } });

		const left = nextEvent(organiser.socket, 'presence:updated', counts(2, { 'hall-a': 1 }));
		expectOk(await here(a, null));
		c.socket.disconnect();
		await left;

		b.socket.disconnect();
		a.socket.disconnect();
		await nextEvent(organiser.socket, 'presence:updated', counts(0, {}));
	});

	it('does not count staff sockets as attendees', async ({ organiser, connect }) => {
		const moderator = await connect({ role: 'moderator' });
		const attendee = await connect();
		const update = nextEvent(organiser.socket, 'presence:updated', (c) => c.byRoom['plenary'] !== undefined);
		expectOk(await here(moderator, 'plenary'));
		expectOk(await here(attendee, 'plenary'));
		expect(await update).toEqual({ eventId: EVENT_ID, total: 1, byRoom: { plenary: 1 } });
		attendee.socket.disconnect();
		await nextEvent(organiser.socket, 'presence:updated', counts(0, {}));
	});

	it('counts a person once however many sockets their device has, and a socket with no device not at all', async ({
		organiser,
		connect,
		open,
		hub
	}) => {
		// Two tabs of one phone, or the phone back on the Wi-Fi before its old connection timed out.
		const cookie = hub.deviceCookie();
		const [tab1, tab2, other] = await Promise.all([connect({ cookie }), connect({ cookie }), connect()]);
		// A script with no cookie, as many times as it likes.
		const scripts = await Promise.all(Array.from({ length: 5 }, () => connect({ cookie: '' })));
		const update = nextEvent(organiser.socket, 'presence:updated', counts(2, { 'hall-a': 1, 'hall-b': 1 }));
		expectOk(await here(tab1, 'hall-a'));
		expectOk(await here(tab2, 'hall-a'));
		expectOk(await here(other, 'hall-b'));
		for (const s of scripts) expectOk(await here(s, 'hall-b'));
		await update;
		expect(await currentCounts(open)).toEqual({
			eventId: EVENT_ID,
			total: 2,
			byRoom: { 'hall-a': 1, 'hall-b': 1 }
		});

		// The phone is still there while one of its sockets is.
		const oneTab = disconnected(tab1.socket);
		tab1.socket.disconnect();
		await oneTab;
		expect(await currentCounts(open)).toEqual({
			eventId: EVENT_ID,
			total: 2,
			byRoom: { 'hall-a': 1, 'hall-b': 1 }
		});

		for (const c of [tab2, other, ...scripts]) c.socket.disconnect();
		await nextEvent(organiser.socket, 'presence:updated', counts(0, {}));
	});

	it('refuses a hall the event does not have as not-found', async ({ organiser, connect }) => {
		const attendee = await connect();
		expect(await here(attendee, 'attic')).toMatchObject({
			ok: false,
			error: 'not-found',
			reason: 'room-not-found'
		});
		attendee.socket.disconnect();
		await nextEvent(organiser.socket, 'presence:updated', counts(0, {}));
	});

	it('keeps the counts from attendees', async ({ organiser, connect }) => {
		const watcher = await connect();
		const seen = collect(watcher.socket, 'presence:updated');
		const other = await connect();
		const update = nextEvent(organiser.socket, 'presence:updated', counts(2, { 'hall-b': 1 }));
		expectOk(await here(other, 'hall-b'));
		await update;
		expect(seen).toEqual([]);
		watcher.socket.disconnect();
		other.socket.disconnect();
		await nextEvent(organiser.socket, 'presence:updated', counts(0, {}));
	});

	it('counts an attendee again when their dropped connection recovers', async ({
		organiser,
		connect,
		open
	}) => {
		const attendee = await connect({ reconnection: true });
		// Recovery resumes from the last broadcast the client saw, so it needs to have seen one.
		const fact = nextEvent(attendee.socket, 'agenda:changed');
		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'opening',
				minutes: 5
			})
		);
		await fact;
		const counted = nextEvent(organiser.socket, 'presence:updated', counts(1, { 'hall-a': 1 }));
		expectOk(await here(attendee, 'hall-a'));
		await counted;

		const back = new Promise<void>((resolve) => attendee.socket.once('connect', () => resolve()));
		attendee.socket.io.engine.close();
		await back;
		expect(attendee.socket.recovered).toBe(true);
		expect(await currentCounts(open)).toEqual({ eventId: EVENT_ID, total: 1, byRoom: { 'hall-a': 1 } });

		// A page rejoins after any reconnect; that must not count the attendee twice.
		expectOk(await joinEvent(attendee.socket));
		expect(await currentCounts(open)).toEqual({ eventId: EVENT_ID, total: 1, byRoom: { 'hall-a': 1 } });
		const gone = disconnected(attendee.socket);
		attendee.socket.disconnect();
		await gone;
		await vi.waitFor(async () =>
			expect(await currentCounts(open)).toEqual({ eventId: EVENT_ID, total: 0, byRoom: {} })
		);
	});
});
