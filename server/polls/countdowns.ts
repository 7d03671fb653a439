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
	services: Pick<Services, 'db' | 'polls' | 'clock'>,
	publish: (effects: Effect[]) => void
) {
	const { db, polls, clock } = services;
	// Keyed by event and poll: a poll id is unique only within its event.
	const timers = new Map<string, NodeJS.Timeout>();
	const key = (p: StoredPoll) => `${p.eventId}\u0000${p.id}`;

	function close(p: StoredPoll) {
		timers.delete(key(p));
		let effects: Effect[];
		try {
			effects = db.transaction(() => polls.transition(eventScope(p.eventId), p.id, 'close', null))().effects;
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
			setTimeout(() => close(p), ms)
		);
	}

	for (const p of polls.countdowns()) arm(p);

	return {
		arm,
		stop() {
			for (const t of timers.values()) clearTimeout(t);
			timers.clear();
		}
	};
}
