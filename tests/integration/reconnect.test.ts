import { describe, expect, vi } from 'vitest';
import { PROTOCOL_VERSION, type AgendaFact, type JoinResult, type Ack } from '../../src/lib/protocol';
import {
	cid,
	collect,
	EVENT_ID,
	expectOk,
	itWithOwnHub as it,
	joinEvent,
	EVENT_CODE,
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
		const startVersion = attendee.joined.snapshot.version;
		attendee.socket.disconnect();

		const { delayed, moved } = await twoChanges(organiser);
		expect(moved.version).toBe(startVersion + 2);

		attendee.socket.connect();
		await new Promise<void>((resolve) => attendee.socket.once('connect', () => resolve()));
		const { snapshot } = expectOk(await joinEvent(attendee.socket));

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

	it('tells a socket the version it joined at, after the answer, with an offset; one that heard nothing else is recovered', async ({
		organiser,
		open
	}) => {
		const { socket } = await open({ reconnection: true });
		const order: string[] = [];
		socket.onAny((name: string, ...args: unknown[]) => order.push(`${name} ${String(args.at(-1))}`));
		const marker = nextEvent(socket, 'event:joined');
		// Told in the order the frames arrive: the ack's callback runs as its frame is read.
		const answered = await new Promise<Ack<JoinResult>>((resolve) =>
			socket.emit('event:join', { code: EVENT_CODE, protocol: PROTOCOL_VERSION }, (res) => {
				order.push('answered');
				resolve(res);
			})
		);
		const { snapshot } = expectOk(answered);
		expect(await marker).toEqual({ eventId: EVENT_ID, version: snapshot.version });
		// The answer first; then the marker, its recovery offset (a string) last among its arguments.
		expect(order).toEqual(['answered', expect.stringMatching(/^event:joined \w+$/)]);

		const facts: AgendaFact[] = collect(socket, 'agenda:changed');
		socket.io.engine.close();
		await vi.waitFor(() => expect(socket.connected).toBe(false));
		const { delayed, moved } = await twoChanges(organiser);
		await vi.waitFor(() => expect(facts).toHaveLength(2), { timeout: 3000 });
		expect(socket.recovered).toBe(true);
		expect(facts.map((f) => f.version)).toEqual([delayed.version, moved.version]);
	});
});
