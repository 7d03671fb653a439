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
	const timers = new Map<string, NodeJS.Timeout>();

	function close(p: StoredPoll) {
		timers.delete(p.id);
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
		const existing = timers.get(p.id);
		if (existing) clearTimeout(existing);
		timers.delete(p.id);
		if (p.state !== 'open' || !p.closesAt) return;
		const ms = Math.max(0, Date.parse(p.closesAt) - clock.now().getTime());
		timers.set(
			p.id,
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
