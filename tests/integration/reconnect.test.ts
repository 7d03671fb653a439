import { describe, expect, vi } from 'vitest';
import { RESUME_FROM_JOIN, type AgendaFact } from '../../src/lib/protocol';
import {
	cid,
	collect,
	EVENT_ID,
	expectOk,
	itWithOwnHub as it,
	joinEvent,
	nextEvent,
	type Client
} from '../fixtures/hub';

/** Two agenda changes made while a client is away. */
async function twoChanges(organiser: Client) {
	const delayed = expectOk(
		await organiser.send('session:delay', {
			clientId: cid(),
			eventId: EVENT_ID,
			sessionId: 'opening',
			minutes: 25
		})
	);
	const moved = expectOk(
		await organiser.send('session:move', {
			clientId: cid(),
			eventId: EVENT_ID,
			sessionId: 'ws-legal',
			roomId: 'plenary'
		})
	);
	return { delayed, moved };
}

describe('reconnecting', () => {
	it('gives a client that missed two changes a snapshot at the server version containing both when it rejoins', async ({
		hub,
		organiser,
		connect
	}) => {
		const attendee = await connect();
		const startVersion = attendee.joined.snapshot!.version;
		attendee.socket.disconnect();

		const { delayed, moved } = await twoChanges(organiser);
		expect(moved.version).toBe(startVersion + 2);

		attendee.socket.connect();
		await new Promise<void>((resolve) => attendee.socket.once('connect', () => resolve()));
		const snapshot = expectOk(await joinEvent(attendee.socket)).snapshot!;

		expect(snapshot.version).toBe((await hub.snapshot()).version);
		expect(snapshot.version).toBe(moved.version);
		expect(snapshot.sessions.find((s) => s.id === 'opening')).toMatchObject({ delayMinutes: 25 });
		expect(snapshot.sessions.find((s) => s.id === 'ws-legal')).toMatchObject({
			roomId: 'plenary',
			movedFromRoomId: 'hall-b'
		});
		expect(snapshot.changes.map((c) => c.version)).toEqual(
			expect.arrayContaining([delayed.version, moved.version])
		);
	});

	it('replays the facts missed during a short connection drop, in order, without a rejoin', async ({
		organiser,
		connect
	}) => {
		const attendee = await connect({ reconnection: true });
		// Recovery resumes from the last broadcast the client saw, so it needs to have seen one.
		const first = nextEvent(attendee.socket, 'agenda:changed');
		expectOk(
			await organiser.send('session:cancel', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'coffee-1',
				cancelled: true
			})
		);
		await first;

		const facts: AgendaFact[] = collect(attendee.socket, 'agenda:changed');
		// Closing the transport, not the socket, is what a dropped network looks like to the hub.
		attendee.socket.io.engine.close();
		await vi.waitFor(() => expect(attendee.socket.connected).toBe(false));
		const { delayed, moved } = await twoChanges(organiser);
		await vi.waitFor(() => expect(facts).toHaveLength(2), { timeout: 3000 });

		expect(attendee.socket.recovered).toBe(true);
		expect(facts.map((f) => f.version)).toEqual([delayed.version, moved.version]);
	});

	it('answers a join with nothing else; a socket that heard nothing since comes back from its join, as the page asks', async ({
		organiser,
		open
	}) => {
		const { socket } = await open({ reconnection: true });
		const heard: string[] = [];
		socket.onAny((name: string) => heard.push(name));
		expectOk(await joinEvent(socket));
		// One hub sends no broadcast only to give a joined socket a recovery offset (cluster mode does: event:joined).
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(heard).toEqual([]);

		const facts: AgendaFact[] = collect(socket, 'agenda:changed');
		// What the page sends when its connection has heard no broadcast (socket.io-client would send no offset).
		socket.auth = { offset: RESUME_FROM_JOIN };
		socket.io.engine.close();
		await vi.waitFor(() => expect(socket.connected).toBe(false));
		const { delayed, moved } = await twoChanges(organiser);
		await vi.waitFor(() => expect(facts).toHaveLength(2), { timeout: 3000 });
		expect(socket.recovered).toBe(true);
		expect(facts.map((f) => f.version)).toEqual([delayed.version, moved.version]);
	});

	it('does not recover a socket that comes back with no offset at all: it joins again', async ({ open }) => {
		const { socket } = await open({ reconnection: true });
		expectOk(await joinEvent(socket));
		socket.io.engine.close();
		await vi.waitFor(() => expect(socket.connected).toBe(false));
		await vi.waitFor(() => expect(socket.connected).toBe(true), { timeout: 3000 });
		expect(socket.recovered).toBe(false);
	});
});
