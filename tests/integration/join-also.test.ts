import { describe, expect } from 'vitest';
import { PROTOCOL_VERSION, type Ack, type CommandInput } from '../../src/lib/protocol';
import { storedRows } from '../fixtures/services';
import {
	cid,
	EVENT_CODE,
	EVENT_ID,
	expectOk,
	it,
	nextEvent,
	openPoll,
	sendRaw,
	type DaisClient
} from '../fixtures/hub';

const SESSION = 'ws-intelligence';
const POLL = 'p-intelligence-urgency';
const session = { eventId: EVENT_ID, sessionId: SESSION };

/** The session page's join: its hall, and its Q&A and poll panels' reads, sent with the join. */
const pageJoin = (also: unknown[] = pageReads()) => ({
	code: EVENT_CODE,
	protocol: PROTOCOL_VERSION,
	also
});
const pageReads = () => [
	{ name: 'presence:set', payload: { eventId: EVENT_ID, roomId: 'hall-a' } },
	{ name: 'qa:open', payload: session },
	{ name: 'poll:list', payload: session }
];

function joinWith(socket: DaisClient, payload: unknown) {
	return sendRaw(socket, 'event:join', payload) as Promise<Ack<{ snapshot: unknown; also?: Ack<unknown>[] }>>;
}

describe('the reads a page sends with its join (event:join `also`)', () => {
	it('answers each in the join’s answer, as it answers the read sent after the join, and puts the socket in its rooms', async ({
		hub,
		open,
		connect
	}) => {
		const { socket } = await open();
		const joined = expectOk(await joinWith(socket, pageJoin()));
		expect(joined.snapshot).toEqual(await hub.snapshot());
		const [presence, qa, polls] = joined.also!;

		const alone = await connect();
		expect(presence).toEqual(await alone.send('presence:set', { eventId: EVENT_ID, roomId: 'hall-a' }));
		expect(qa).toEqual(await alone.send('qa:open', session));
		expect(polls).toEqual(await alone.send('poll:list', session));
		expect(hub.io.sockets.sockets.get(socket.id!)!.data.hallId).toBe('hall-a');

		// In the session's rooms: the poll opened next reaches it.
		const chair = await connect({ role: 'chair' });
		const opened = nextEvent(socket, 'poll:changed', (f) => f.type === 'poll' && f.poll.id === POLL);
		await openPoll(chair, POLL);
		await opened;
	});

	it('refuses a read in its own ack and keeps the join', async ({ open }) => {
		const { socket } = await open();
		const joined = expectOk(
			await joinWith(
				socket,
				pageJoin([
					{ name: 'presence:set', payload: { eventId: EVENT_ID, roomId: 'no-such-hall' } },
					{ name: 'qa:open', payload: { eventId: EVENT_ID, sessionId: 42 } },
					{ name: 'poll:list', payload: { eventId: 'brussels-27', sessionId: SESSION } }
				])
			)
		);
		expect(joined.also).toMatchObject([
			{ ok: false, error: 'not-found' },
			{ ok: false, error: 'invalid-payload' },
			// another event than the one joined
			{ ok: false, error: 'not-joined' }
		]);
		// joined all the same
		expectOk(await sendRaw(socket, 'poll:list', session));
	});

	it('refuses, changing nothing and joining nothing, a join whose `also` names a write or anything else, or too many reads', async ({
		hub,
		open
	}) => {
		const before = await storedRows(hub.services);
		const { socket } = await open();
		const ask: CommandInput<'question:ask'> = {
			clientId: cid(),
			eventId: EVENT_ID,
			sessionId: SESSION,
			text: 'Who funds the regional task force?',
			objectiveId: null
		};
		for (const also of [
			[{ name: 'question:ask', payload: ask }],
			[{ name: 'event:join', payload: pageJoin() }],
			[{ name: 'constructor', payload: {} }],
			[...pageReads(), pageReads()[0]],
			[{ name: 'poll:list', payload: session, extra: true }],
			{ name: 'poll:list', payload: session },
			'poll:list'
		]) {
			const res = await joinWith(socket, pageJoin(also as unknown[]));
			expect(res, JSON.stringify(also)).toMatchObject({ ok: false, error: 'invalid-payload' });
		}
		// not joined by any of them
		expect(await sendRaw(socket, 'poll:list', session)).toMatchObject({ ok: false, error: 'not-joined' });
		expect(await storedRows(hub.services)).toEqual(before);
	});

	it('answers an empty `also` as a join without it', async ({ open }) => {
		const { socket } = await open();
		const joined = expectOk(await joinWith(socket, pageJoin([])));
		expect(joined.also).toBeUndefined();
		expect(joined.snapshot).not.toBeNull();
	});
});
