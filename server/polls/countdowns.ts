import type { Effect } from '../effects';
import type { Services } from '../services';
import type { StoredPoll } from './polls.store';

/**
 * One timer per poll with a running countdown: it closes the poll when time is up. Armed again whenever a poll
 * changes (a poll closed by hand, or reopened, drops or replaces its timer) and for every running countdown at start.
 * In cluster mode every hub arms every countdown (each is told of a change made on another, and re-reads them every
 * `resyncMs`), so a countdown outlives the hub that started it; the close is conditional, so of the hubs whose timers
 * fire only one commits it and publishes.
 */
export function createCountdowns(
	services: Pick<Services, 'sql' | 'polls' | 'clock'>,
	publish: (effects: Effect[]) => unknown,
	opts: { resyncMs?: number; onError?: (err: unknown) => void } = {}
) {
	const { sql, polls, clock } = services;
	const onError = opts.onError ?? ((err: unknown) => console.error('closing a poll failed', err));
	// Keyed by event and poll: a poll id is unique only within its event.
	const timers = new Map<string, NodeJS.Timeout>();
	const key = (eventId: string, pollId: string) => `${eventId}\u0000${pollId}`;
	let resync: NodeJS.Timeout | null = null;
	// Once stopped (the hub closing), a read still on its way arms nothing.
	let stopped = false;

	async function close(p: StoredPoll, closesAt: string) {
		timers.delete(key(p.eventId, p.id));
		// Null when the poll was closed by hand, reopened, or closed by another hub's timer: nothing to send.
		const closed = await sql.tx(() => polls.closeDue(p.eventId, p.id, closesAt));
		if (closed) publish(closed.effects);
	}

	function arm(p: StoredPoll) {
		const k = key(p.eventId, p.id);
		const existing = timers.get(k);
		if (existing) clearTimeout(existing);
		timers.delete(k);
		const closesAt = p.closesAt;
		if (stopped || p.state !== 'open' || !closesAt) return;
		const ms = Math.max(0, Date.parse(closesAt) - clock.now().getTime());
		timers.set(
			k,
			setTimeout(() => void close(p, closesAt).catch(onError), ms)
		);
	}

	/** Arms every running countdown. */
	async function armAll() {
		for (const p of await polls.countdowns()) arm(p);
	}

	return {
		arm,
		/** Another hub changed this poll: arms, re-arms or drops its timer here as the stored poll says. */
		async armStored(eventId: string, pollId: string) {
			const p = await polls.get(eventId, pollId);
			if (p) arm(p);
			else {
				clearTimeout(timers.get(key(eventId, pollId)));
				timers.delete(key(eventId, pollId));
			}
		},
		/** Arms every running countdown (at start, and after a restart), then every `resyncMs` if set. */
		async start() {
			await armAll();
			if (opts.resyncMs && !resync) {
				resync = setInterval(() => void armAll().catch(onError), opts.resyncMs);
				resync.unref();
			}
		},
		stop() {
			stopped = true;
			if (resync) clearInterval(resync);
			resync = null;
			for (const t of timers.values()) clearTimeout(t);
			timers.clear();
		}
	};
}
