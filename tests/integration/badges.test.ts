import { describe, expect } from 'vitest';
import type { BallotAnswer, PollDefinition } from '../../src/lib/protocol';
import { cid, collect, expectOk, itWithOwnHub, nextEvent, type Client } from '../fixtures/hub';
import { fixedClock } from '../fixtures/services';

const E = 'isb26';
const S = 'ws-intelligence';

const clock = fixedClock('2026-12-08T05:00:00Z');
const it = itWithOwnHub
	.override('hubOptions', { clock, voteIntervalMs: 20 })
	.extend('chair', async ({ connect }) => {
		const chair = await connect({ role: 'chair' });
		expectOk(await chair.send('poll:manage', { eventId: E, sessionId: S }));
		return chair;
	})
	.extend('codes', async ({ organiser }) => {
		const generated = expectOk(
			await organiser.send('badge:generate', { clientId: cid(), eventId: E, count: 3 })
		);
		return generated.badges.map((b) => b.code);
	});

const question: PollDefinition = {
	type: 'single',
	question: 'Which objective should the regional task force take first?',
	options: [
		{ id: 'intelligence', label: 'Intelligence sharing' },
		{ id: 'legal', label: 'Legal frameworks' }
	],
	maxChoices: null,
	minBallots: 1,
	verifiedOnly: true
};

async function openPoll(chair: Client, def: PollDefinition = question) {
	const { poll } = expectOk(
		await chair.send('poll:create', { clientId: cid(), eventId: E, sessionId: S, poll: def })
	);
	expectOk(
		await chair.send('poll:transition', {
			clientId: cid(),
			eventId: E,
			pollId: poll.id,
			action: 'open',
			countdownSeconds: null
		})
	);
	return poll.id;
}

const vote = (c: Client, pollId: string, answer: BallotAnswer) =>
	c.send('poll:vote', { clientId: cid(), eventId: E, pollId, answer });
const redeem = (c: Client, code: string) => c.send('badge:redeem', { clientId: cid(), eventId: E, code });
const staffView = async (chair: Client, pollId: string) =>
	expectOk(await chair.send('poll:manage', { eventId: E, sessionId: S })).polls.find((p) => p.id === pollId)!;

describe('badge codes over real sockets', () => {
	it('tells every open page when the event gets its first codes, and only then', async ({
		hub,
		organiser,
		connect
	}) => {
		const phone = await connect();
		const before = await hub.snapshot();
		expect(before.badges).toBe(false);
		expect(phone.joined.snapshot?.badges).toBe(false);

		const told = nextEvent(phone.socket, 'agenda:changed', (f) => f.type === 'replaced');
		expectOk(await organiser.send('badge:generate', { clientId: cid(), eventId: E, count: 2 }));
		expect(await told).toEqual({ type: 'replaced', version: before.version + 1 });
		const after = await hub.snapshot();
		expect(after.badges).toBe(true);
		expect(after.version).toBe(before.version + 1);

		// More codes change nothing a phone shows: no new version.
		expectOk(await organiser.send('badge:generate', { clientId: cid(), eventId: E, count: 2 }));
		expect((await hub.snapshot()).version).toBe(after.version);
	});

	it('tells a phone whether it is verified when it joins, and after it redeems', async ({
		connect,
		codes
	}) => {
		const phone = await connect();
		expect(phone.joined.verified).toBe(false);
		expect(expectOk(await redeem(phone, codes[0]))).toEqual({ verified: true });
		expect(expectOk(await phone.send('event:join', { code: 'ISB26', protocol: 1 })).verified).toBe(true);
	});

	it('refuses an unknown code and a code already used on another phone, with clear messages', async ({
		connect,
		codes
	}) => {
		const [one, two] = [await connect(), await connect()];
		expect(await redeem(one, 'ABCDE-FGHJK')).toMatchObject({
			ok: false,
			error: 'not-found',
			message: expect.stringMatching(/no badge has this code/)
		});
		expectOk(await redeem(one, codes[0]));
		expect(await redeem(two, codes[0])).toMatchObject({
			ok: false,
			error: 'conflict',
			message: 'this badge code is already in use on another phone'
		});
	});

	it('counts every wrong guess at a code against the phone: the eleventh in ten minutes is refused unread', async ({
		connect,
		codes
	}) => {
		const phone = await connect();
		// Ten wrong codes, each refused as unknown (a refusal gives a point back elsewhere; not for a guess).
		for (let i = 0; i < 10; i++)
			expect(await redeem(phone, `WRONG-${String(i).padStart(5, '0')}`)).toMatchObject({
				ok: false,
				error: 'not-found'
			});
		// The eleventh attempt is not even looked up, right code or not.
		expect(await redeem(phone, codes[0])).toMatchObject({ ok: false, error: 'rate-limited' });
		// Another phone is not held back by this one.
		expectOk(await redeem(await connect(), codes[0]));
	});

	it('counts a verified-only poll one ballot per badge code, across two phones', async ({
		connect,
		organiser,
		chair,
		codes
	}) => {
		const pollId = await openPoll(chair);
		const [phone1, phone2, phone3] = [await connect(), await connect(), await connect()];

		expect(await vote(phone1, pollId, { choice: 'legal' })).toMatchObject({
			ok: false,
			error: 'badge-required',
			reason: 'badge-required'
		});
		expectOk(await redeem(phone1, codes[0]));
		expectOk(await vote(phone1, pollId, { choice: 'legal' }));

		// The attendee moves to another phone: an organiser releases the badge, the new phone redeems it.
		expect(await redeem(phone2, codes[0])).toMatchObject({ ok: false, error: 'conflict' });
		expect(
			expectOk(
				await organiser.send('badge:release', { clientId: cid(), eventId: E, badge: { code: codes[0] } })
			)
		).toEqual({ serial: 1, released: true });
		expectOk(await redeem(phone2, codes[0]));
		expectOk(await vote(phone2, pollId, { choice: 'intelligence' }));
		// The old phone no longer holds a badge.
		expect(await vote(phone1, pollId, { choice: 'legal' })).toMatchObject({
			ok: false,
			error: 'badge-required'
		});

		let view = await staffView(chair, pollId);
		expect(view.ballots).toBe(1);
		expect(view.results).toEqual({ type: 'single', counts: { intelligence: 1, legal: 0 } });
		// The new phone sees the badge's ballot as its own.
		const listed = expectOk(await phone2.send('poll:list', { eventId: E, sessionId: S }));
		expect(listed.mine[pollId]).toEqual({ choice: 'intelligence' });

		expectOk(await redeem(phone3, codes[1]));
		expectOk(await vote(phone3, pollId, { choice: 'legal' }));
		view = await staffView(chair, pollId);
		expect(view.ballots).toBe(2);
		expect(view.verifiedOnly).toBe(true);
	});

	it('restricts a session’s Q&A to verified attendees when the chair asks, and the room learns it', async ({
		connect,
		chair,
		codes
	}) => {
		const [verified, other] = [await connect(), await connect()];
		expectOk(await verified.send('qa:open', { eventId: E, sessionId: S }));
		const told = nextEvent(verified.socket, 'qa:changed', (f) => f.type === 'settings');
		expectOk(
			await chair.send('qa:restrict', { clientId: cid(), eventId: E, sessionId: S, verifiedOnly: true })
		);
		expect(await told).toMatchObject({ type: 'settings', sessionId: S, verifiedOnly: true });
		expect(expectOk(await other.send('qa:open', { eventId: E, sessionId: S })).verifiedOnly).toBe(true);

		const ask = (c: Client) =>
			c.send('question:ask', {
				clientId: cid(),
				eventId: E,
				sessionId: S,
				text: 'Who funds the task force?'
			});
		expect(await ask(other)).toMatchObject({ ok: false, error: 'badge-required', reason: 'badge-required' });
		expectOk(await redeem(verified, codes[2]));
		expectOk(await ask(verified));
	});
});

describe('integrity signals for the chair', () => {
	it('counts ballots from devices first seen after the poll opened and the largest share from one address', async ({
		hub,
		chair,
		connect
	}) => {
		// Two phones got their ids at 10:00, before the poll; three more at 10:20, after it opened at 10:10.
		const phone = async () => {
			const { cookie } = await hub.requestDevice();
			return connect({ cookie: cookie! });
		};
		clock.set('2026-12-08T05:00:00Z');
		const early = [await phone(), await phone()];
		clock.set('2026-12-08T05:10:00Z');
		const pollId = await openPoll(chair, { ...question, verifiedOnly: false });
		clock.set('2026-12-08T05:20:00Z');
		const late = [await phone(), await phone(), await phone()];

		const moved = collect(chair.socket, 'poll:staff-changed');
		for (const p of [...early, ...late]) expectOk(await vote(p, pollId, { choice: 'legal' }));
		const view = await staffView(chair, pollId);
		// Every test phone connects from 127.0.0.1: one address cast all five.
		expect(view.integrity).toEqual({ newDevices: 3, topAddress: { ballots: 5, of: 5 } });
		await expect
			.poll(() => moved.some((f) => f.type === 'results' && f.integrity?.newDevices === 3))
			.toBe(true);

		// The audience never sees them.
		const listed = expectOk(await early[0].send('poll:list', { eventId: E, sessionId: S }));
		expect(listed.polls.find((p) => p.id === pollId)?.integrity).toBeNull();
	});
});
