import { eventScope } from '../access/scope';
import type { Effect } from '../effects';
import { DomainError } from '../errors';
import type { Services } from '../services';
import type { StoredPoll } from './polls.store';

/**
 * One timer per poll with a running countdown: it closes the poll when time is up. Armed again whenever a poll
 * changes (a poll closed by hand, or reopened, drops or replaces its timer) and for every running countdown at start.
 */
export function createCountdowns(
	services: Pick<Services, 'sql' | 'polls' | 'clock'>,
	publish: (effects: Effect[]) => unknown
) {
	const { sql, polls, clock } = services;
	// Keyed by event and poll: a poll id is unique only within its event.
	const timers = new Map<string, NodeJS.Timeout>();
	const key = (p: StoredPoll) => `${p.eventId}\u0000${p.id}`;

	async function close(p: StoredPoll) {
		timers.delete(key(p));
		let effects: Effect[];
		try {
			effects = (await sql.tx(() => polls.transition(eventScope(p.eventId), p.id, 'close', null))).effects;
		} catch (e) {
			// Closed by hand in the meantime: nothing to do.
			if (!(e instanceof DomainError)) throw e;
			return;
		}
		publish(effects);
	}

	function arm(p: StoredPoll) {
		const existing = timers.get(key(p));
		if (existing) clearTimeout(existing);
		timers.delete(key(p));
		if (p.state !== 'open' || !p.closesAt) return;
		const ms = Math.max(0, Date.parse(p.closesAt) - clock.now().getTime());
		timers.set(
			key(p),
			setTimeout(() => void close(p).catch((err: unknown) => console.error('closing a poll failed', err)), ms)
		);
	}

	return {
		arm,
		/** Arms every running countdown (at start, and after a restart). */
		async start() {
			for (const p of await polls.countdowns()) arm(p);
		},
		stop() {
			for (const t of timers.values()) clearTimeout(t);
			timers.clear();
		}
	};
}
