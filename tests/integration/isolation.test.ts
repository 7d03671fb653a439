import { describe, expect } from 'vitest';
import { rooms } from '../../server/realtime/rooms';
import {
	cid,
	EVENT_ID,
	expectOk,
	it as base,
	joinEvent,
	send,
	signInWith,
	type TestHub
} from '../fixtures/hub';
import { SAMPLE_TEXT } from '../fixtures/services';

const OTHER = 'lhr27';
const SESSION = 'ws-intelligence';
const POLL = 'p-intelligence-first';

const it = base.extend(
	'hubOptions',
	{ scope: 'file' },
	{ rateLimits: { questionsPerMinute: 2, votesPerMinute: 1000 } }
);

/** A second event with the same programme and the same preset poll ids: only the event tells them apart. */
async function importOther(hub: TestHub) {
	const file = JSON.parse(SAMPLE_TEXT) as { event: Record<string, unknown> };
	file.event = { ...file.event, id: OTHER, code: 'LHR27', sample: false };
	await hub.services.events.importText(JSON.stringify(file), 'replace');
}

/** One device (one cookie), with a socket in each event, as two tabs of one phone would be. */
async function oneDeviceInBoth(hub: TestHub, open: (o: { cookie: string }) => ReturnType<TestHub['open']>) {
	const cookie = hub.deviceCookie();
	const a = (await open({ cookie })).socket;
	expectOk(await joinEvent(a, 'ISB26'));
	const b = (await open({ cookie })).socket;
	expectOk(await joinEvent(b, 'LHR27'));
	return { a, b };
}

describe('two events on one hub, one device in both', () => {
	it.beforeAll(({ hub }) => importOther(hub));

	it("keeps a device's questions and its question rate limit per event", async ({ hub, open }) => {
		const { a, b } = await oneDeviceInBoth(hub, open);
		const ask = (socket: typeof a, eventId: string, text: string) =>
			send(socket, 'question:ask', { clientId: cid(), eventId, sessionId: SESSION, text });
		expectOk(await ask(a, EVENT_ID, 'First question in Islamabad?'));
		expectOk(await ask(a, EVENT_ID, 'Second question in Islamabad?'));
		expect(await ask(a, EVENT_ID, 'A third, over the limit?')).toMatchObject({
			ok: false,
			error: 'rate-limited'
		});
		// The same device, in the other event, has its own budget and none of its questions from the first.
		const before = expectOk(await send(b, 'qa:open', { eventId: OTHER, sessionId: SESSION }));
		expect(before.mine).toEqual([]);
		expectOk(await ask(b, OTHER, 'A question in the second event?'));
		const mineA = expectOk(await send(a, 'qa:open', { eventId: EVENT_ID, sessionId: SESSION })).mine;
		const mineB = expectOk(await send(b, 'qa:open', { eventId: OTHER, sessionId: SESSION })).mine;
		expect(mineA.map((q) => q.text).sort()).toEqual([
			'First question in Islamabad?',
			'Second question in Islamabad?'
		]);
		expect(mineB.map((q) => q.text)).toEqual(['A question in the second event?']);
	});

	it("keeps a device's ballot in one event's poll out of the other event's poll of the same id", async ({
		hub,
		open
	}) => {
		const chairA = await hub.mintCookie('chair');
		const chairB = await hub.mintCookie('chair', null, OTHER);
		for (const [cookie, code, eventId] of [
			[chairA.cookie, 'ISB26', EVENT_ID],
			[chairB.cookie, 'LHR27', OTHER]
		] as const) {
			const chair = (await open({ cookie })).socket;
			expectOk(await joinEvent(chair, code));
			expectOk(
				await send(chair, 'poll:transition', {
					clientId: cid(),
					eventId,
					pollId: POLL,
					action: 'open',
					countdownSeconds: null
				})
			);
		}
		const { a, b } = await oneDeviceInBoth(hub, open);
		expectOk(
			await send(a, 'poll:vote', {
				clientId: cid(),
				eventId: EVENT_ID,
				pollId: POLL,
				answer: { choice: 'intelligence-sharing' }
			})
		);
		const inA = expectOk(await send(a, 'poll:list', { eventId: EVENT_ID, sessionId: SESSION }));
		const inB = expectOk(await send(b, 'poll:list', { eventId: OTHER, sessionId: SESSION }));
		expect(inA.mine[POLL]).toEqual({ choice: 'intelligence-sharing' });
		expect(inB.mine).toEqual({});
		// And the other event's poll counts no ballot.
		const host = await hub.services.access.mintHost('isolation host');
		const hostSocket = (await open({ cookie: (await signInWith(hub.services, host.token)).cookie })).socket;
		const list = expectOk(await send(hostSocket, 'event:list', { archived: true }));
		const openPolls = Object.fromEntries(list.events.map((r) => [r.event.id, r.openPolls]));
		expect(openPolls).toEqual({ [EVENT_ID]: 1, [OTHER]: 1 });
		expect(await hub.services.polls.openPolls(OTHER)).toHaveLength(1);
	});

	it('counts attendees per event', async ({ hub, open }) => {
		const host = await hub.services.access.mintHost('presence host');
		const hostSocket = (await open({ cookie: (await signInWith(hub.services, host.token)).cookie })).socket;
		const counts = async () =>
			Object.fromEntries(
				expectOk(await send(hostSocket, 'event:list', { archived: true })).events.map((r) => [
					r.event.id,
					r.connected
				])
			);
		const start = await counts();
		const phone = (await open({ cookie: hub.deviceCookie() })).socket;
		expectOk(await joinEvent(phone, 'LHR27'));
		expect(await counts()).toEqual({ [EVENT_ID]: start[EVENT_ID], [OTHER]: start[OTHER] + 1 });
	});
});

describe('room names', () => {
	it('name the event in every room that belongs to one', () => {
		expect(rooms.event(OTHER)).toContain(OTHER);
		expect(rooms.organisers(OTHER)).toContain(OTHER);
		expect(rooms.hall(OTHER, 'hall-a')).toContain(OTHER);
		expect(rooms.session(OTHER, SESSION)).toContain(OTHER);
		expect(rooms.sessionStaff(OTHER, SESSION)).toContain(OTHER);
		expect(rooms.session(OTHER, SESSION)).not.toBe(rooms.session(EVENT_ID, SESSION));
	});
});
