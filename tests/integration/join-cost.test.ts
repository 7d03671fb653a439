import { afterEach, describe, expect, vi } from 'vitest';
import type { Sql } from '../../server/db/sql';
import { EVENT_ID, expectOk, itWithOwnHub as it, type Client, type TestHub } from '../fixtures/hub';

/**
 * What a room of phones opening one session costs storage. On PostgreSQL every statement is a round trip that costs
 * the hub and the server CPU, and 200 phones a second arriving at a hall made joins queue for seconds when each page
 * ran its 16 statements alone. What is the same for every phone in the room (the event's version, the session, its
 * published questions, its polls, the open polls) is now read once for the phones asking together.
 */
describe('phones opening one session together share what is the same for all of them', () => {
	afterEach(() => vi.restoreAllMocks());

	/** Counts storage statements from now on; each takes `latencyMs` more, as a round trip to a database server would. */
	function countStatements(hub: TestHub, latencyMs: number) {
		const sql = hub.services.sql as Sql;
		let n = 0;
		for (const method of ['get', 'all', 'run'] as const) {
			const original = sql[method].bind(sql) as Sql['all'];
			vi.spyOn(sql, method).mockImplementation((async (text: string, params?: unknown) => {
				n++;
				await new Promise((r) => setTimeout(r, latencyMs));
				return original(text, params as never);
			}) as never);
		}
		return () => n;
	}

	/** What the session page does once connected and joined (see load-process.ts in bench/lib). */
	async function openSession(c: Client) {
		expectOk(await c.send('presence:set', { eventId: EVENT_ID, roomId: 'hall-a' }));
		const session = { eventId: EVENT_ID, sessionId: 'ws-intelligence' };
		const [qa, polls] = await Promise.all([c.send('qa:open', session), c.send('poll:list', session)]);
		return { qa: expectOk(qa), polls: expectOk(polls) };
	}

	it('twenty phones cost far fewer statements than twenty times one, and each gets its own answer', async ({
		hub
	}) => {
		const alone = countStatements(hub, 5);
		const first = await hub.connect();
		await openSession(first);
		const one = alone();
		vi.restoreAllMocks();

		const together = countStatements(hub, 5);
		const phones = await Promise.all(Array.from({ length: 20 }, () => hub.connect()));
		const pages = await Promise.all(phones.map(openSession));
		const twenty = together();
		// Each phone's own part (its badge, stars, votes, questions, ballots) is still read for it alone: 169 of 320
		// here, where every phone reading alone made 320.
		expect(twenty, `one phone: ${one} statements; twenty together: ${twenty}`).toBeLessThan(20 * one * 0.6);
		for (const [i, page] of pages.entries()) {
			expect(phones[i].joined.snapshot!.version).toBe(first.joined.snapshot!.version);
			expect(page.qa.mine).toEqual([]);
			expect(page.polls.polls.map((p) => p.id)).toEqual(
				(await openSession(first)).polls.polls.map((p) => p.id)
			);
		}
	});
});
