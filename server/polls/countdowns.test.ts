import { describe, expect, it } from 'vitest';
import { createServices } from '../services';
import type { Effect } from '../effects';
import { fixedClock, memoryServices } from '../../tests/fixtures/services';
import { createCountdowns } from './countdowns';

const whole = { eventId: 'isb26', roomId: null };
const POLL = 'p-intelligence-first';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('poll countdowns', () => {
	it('closes a poll once when three hubs’ timers fire together: the others neither throw nor publish', async () => {
		const clock = fixedClock();
		const a = await memoryServices({ clock });
		// Two more "hubs" on the same storage, each with its own services and timers.
		const others = await Promise.all(
			[0, 1].map(() => createServices(a.sql, { seedSample: false, sampleDates: 'fixed' }, clock))
		);
		await a.polls.transition(whole, POLL, 'open', 30);
		const published: Effect[][] = [];
		const errors: unknown[] = [];
		const hubs = [a, ...others].map((s) =>
			createCountdowns(s, (effects) => published.push(effects), { onError: (e) => errors.push(e) })
		);
		// Time is up on every hub at once.
		clock.set(new Date(clock.now().getTime() + 31_000).toISOString());
		await Promise.all(hubs.map((h) => h.start()));
		for (let i = 0; i < 100 && published.length === 0; i++) await sleep(20);
		await sleep(200);

		expect(errors).toEqual([]);
		expect(published).toHaveLength(1);
		expect(published[0]).toMatchObject([
			{ type: 'poll', poll: { id: POLL, state: 'closed', closesAt: null } }
		]);
		expect((await a.polls.get('isb26', POLL))?.state).toBe('closed');
		for (const h of hubs) h.stop();
	});

	it('does not close a poll closed by hand and reopened with a new countdown when the old one runs out', async () => {
		const clock = fixedClock();
		const s = await memoryServices({ clock });
		await s.polls.transition(whole, POLL, 'open', 30);
		const stale = (await s.polls.get('isb26', POLL))!;
		await s.polls.transition(whole, POLL, 'close', null);
		await s.polls.transition(whole, POLL, 'reopen', 600);
		// A hub that missed both changes still holds the first countdown, and its timer fires.
		const published: Effect[][] = [];
		const countdowns = createCountdowns(s, (effects) => published.push(effects));
		clock.set(new Date(clock.now().getTime() + 31_000).toISOString());
		countdowns.arm(stale);
		await sleep(200);
		expect(published).toEqual([]);
		expect((await s.polls.get('isb26', POLL))?.state).toBe('open');
		countdowns.stop();
	});
});
