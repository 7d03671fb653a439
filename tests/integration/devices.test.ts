import { randomBytes } from 'node:crypto';
import { value } from '../../server/db/sql';
import { describe, expect } from 'vitest';
import type { CommandInput, CommandName } from '../../src/lib/protocol';
import { cid, expectOk, itWithOwnHub, joinEvent, send, type TestHub } from '../fixtures/hub';
import { fixedClock, tableCounts } from '../fixtures/services';

const E = 'isb26';
const S = 'ws-intelligence';
const POLL = 'p-intelligence-first';

/** A cookie a script might invent: the right shape, a signature the hub never made. */
const forged = () =>
	`dais_device=${randomBytes(16).toString('base64url')}.${randomBytes(16).toString('base64url')}`;

/** A published question to upvote and an open poll to vote in, set up by staff. */
async function openTargets(hub: TestHub) {
	const chair = await hub.connect({ role: 'chair' });
	const mod = await hub.connect({ role: 'moderator' });
	const asker = await hub.connect();
	const { question } = expectOk(
		await asker.send('question:ask', {
			clientId: cid(),
			eventId: E,
			sessionId: S,
			text: 'Which databases will be connected first?'
		})
	);
	expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [question.id] }));
	expectOk(
		await chair.send('poll:transition', {
			clientId: cid(),
			eventId: E,
			pollId: POLL,
			action: 'open',
			countdownSeconds: null
		})
	);
	return { questionId: question.id };
}

const writes = (questionId: string) =>
	({
		'poll:vote': () => ({
			clientId: cid(),
			eventId: E,
			pollId: POLL,
			answer: { choice: 'legal-frameworks' }
		}),
		'question:vote': () => ({ clientId: cid(), eventId: E, questionId, up: true })
	}) satisfies { [C in CommandName]?: () => CommandInput<C> };

const ballots = (hub: TestHub) =>
	value<number>(hub.services.sql, 'SELECT count(*) FROM ballots WHERE poll_id = ?', [POLL]);
const upvotes = (hub: TestHub, questionId: string) =>
	value<number>(hub.services.sql, 'SELECT votes FROM questions WHERE id = ?', [questionId]);

describe('device ids over HTTP', () => {
	itWithOwnHub(
		'POST /api/device sets a signed, httpOnly cookie that is never cached, and a socket with it may write',
		async ({ hub }) => {
			const res = await hub.requestDevice();
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ ok: true, issued: true });
			expect(res.headers.get('cache-control')).toBe('no-store');
			expect(res.setCookie).toMatch(/^dais_device=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}; /);
			expect(res.setCookie).toMatch(/; HttpOnly/);
			expect(res.setCookie).toMatch(/; SameSite=Lax/);
			expect(res.setCookie).toMatch(/; Path=\//);

			const { questionId } = await openTargets(hub);
			const phone = await hub.connect({ cookie: res.cookie! });
			expectOk(await phone.send('poll:vote', writes(questionId)['poll:vote']()));
			expect(await ballots(hub)).toBe(1);

			// A browser that already has a valid id keeps it.
			const again = await hub.requestDevice({ cookie: res.cookie! });
			expect(again.body).toEqual({ ok: true, issued: false });
			expect(again.setCookie).toBeNull();
		}
	);

	itWithOwnHub('refuses to issue an id to a page of another site', async ({ hub }) => {
		const res = await hub.requestDevice({ origin: 'https://evil.example' });
		expect(res.status).toBe(403);
		expect(res.setCookie).toBeNull();
	});
});

describe('a socket without a device id the hub issued', () => {
	itWithOwnHub(
		'may join and read, but every write as a device is refused with device-required and changes nothing',
		async ({ hub, open }) => {
			const { questionId } = await openTargets(hub);
			const attempts = {
				...writes(questionId),
				'question:ask': () => ({ clientId: cid(), eventId: E, sessionId: S, text: 'Who pays for this?' }),
				'badge:redeem': () => ({ clientId: cid(), eventId: E, code: 'K7P2M9XQ4T' })
			} satisfies { [C in CommandName]?: () => CommandInput<C> };
			for (const cookie of ['', forged(), `dais_device=${randomBytes(16).toString('base64url')}`]) {
				const { socket } = await open({ cookie });
				expectOk(await joinEvent(socket));
				expectOk(await send(socket, 'poll:list', { eventId: E, sessionId: S }));
				const before = await tableCounts(hub.services);
				for (const [name, payload] of Object.entries(attempts)) {
					const ack = await send(socket, name as CommandName, payload() as never);
					expect(ack, `${name} with cookie "${cookie}"`).toMatchObject({
						ok: false,
						error: 'device-required'
					});
				}
				expect(await tableCounts(hub.services)).toEqual(before);
			}
		}
	);
});

describe('a script with 300 cookie-less or forged-cookie sockets', () => {
	const ISSUANCE = 25;
	itWithOwnHub.override('hubOptions', {
		clock: fixedClock('2026-12-08T06:00:00Z'),
		env: { DAIS_DEVICE_BURST: String(ISSUANCE), DAIS_DEVICE_PER_MINUTE: '0' }
	})(
		`casts exactly as many ballots and upvotes as device ids it could obtain (${ISSUANCE})`,
		async ({ hub, open }) => {
			const { questionId } = await openTargets(hub);
			const before = { ballots: await ballots(hub), upvotes: await upvotes(hub, questionId) };
			const attempt = writes(questionId);
			const outcome = { refusedWithoutId: 0, issued: 0, denied: 0, counted: 0 };

			async function attacker(n: number) {
				// Its own cookie: none, or one it made up.
				const first = await open({ cookie: n % 2 ? '' : forged() });
				expectOk(await joinEvent(first.socket));
				for (const name of ['poll:vote', 'question:vote'] as const) {
					const ack = await send(first.socket, name, attempt[name]());
					if (!ack.ok && ack.error === 'device-required') outcome.refusedWithoutId++;
				}
				first.socket.close();
				// Then the way a page recovers: ask the hub for an id, reconnect with it, send again.
				const device = await hub.requestDevice();
				if (!device.cookie) {
					expect(device.status).toBe(429);
					outcome.denied++;
					return;
				}
				outcome.issued++;
				const second = await open({ cookie: device.cookie });
				expectOk(await joinEvent(second.socket));
				for (const name of ['poll:vote', 'question:vote'] as const) {
					if ((await send(second.socket, name, attempt[name]())).ok) outcome.counted++;
				}
				second.socket.close();
			}

			for (let batch = 0; batch < 300; batch += 50)
				await Promise.all(Array.from({ length: 50 }, (_, i) => attacker(batch + i)));

			expect(outcome).toEqual({
				refusedWithoutId: 600,
				issued: ISSUANCE,
				denied: 300 - ISSUANCE,
				counted: 2 * ISSUANCE
			});
			expect((await ballots(hub))! - before.ballots!).toBe(ISSUANCE);
			expect((await upvotes(hub, questionId))! - before.upvotes!).toBe(ISSUANCE);
		}
	);
});

describe('a whole venue behind one NAT address', () => {
	const clock = fixedClock('2026-12-08T03:30:00Z');
	itWithOwnHub.override('hubOptions', { clock })(
		'gets 2,000 device ids over half an hour with the default limits, and the limit still holds after',
		async ({ hub }) => {
			const start = Date.parse('2026-12-08T03:30:00Z');
			const statuses = new Map<number, number>();
			// Arrivals over 30 minutes, ten phones at a time: half in the first five (registration opens), the rest
			// spread evenly over the next 25.
			for (let n = 0; n < 2000; n += 10) {
				const at = n < 1000 ? (n * 5 * 60_000) / 1000 : 5 * 60_000 + ((n - 1000) * 25 * 60_000) / 1000;
				clock.set(new Date(start + at).toISOString());
				for (const res of await Promise.all(Array.from({ length: 10 }, () => hub.requestDevice())))
					statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
			}
			expect(Object.fromEntries(statuses)).toEqual({ 200: 2000 });
			// The records of issued ids ride along with the next group commit: wait for it.
			await hub.services.writes.flush();
			const issued = await value(hub.services.sql, 'SELECT count(*) FROM devices');
			expect(issued).toBe(2000);

			// The same address asking 1,500 more at once runs out, and is told when to come back.
			let refused = 0;
			let retryAfter: string | null = null;
			for (let n = 0; n < 1500; n += 10) {
				for (const res of await Promise.all(Array.from({ length: 10 }, () => hub.requestDevice()))) {
					if (res.status !== 429) continue;
					refused++;
					retryAfter = res.headers.get('retry-after');
				}
			}
			expect(refused).toBeGreaterThanOrEqual(500);
			expect(Number(retryAfter)).toBeGreaterThan(0);
		},
		// 3,500 HTTP requests: seconds on a quiet machine, more when the machine is shared.
		120_000
	);
});
