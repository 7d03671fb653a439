import type { PresenceCounts } from '../../src/lib/protocol';

/**
 * Counts attendees connected per event and per hall. Organisers get the counts coalesced: at most one update
 * per event per interval, however many phones come and go.
 */
export function createPresence(publish: (counts: PresenceCounts) => void, intervalMs = 1000) {
	const events = new Map<string, { total: number; byRoom: Map<string, number> }>();
	const dirty = new Set<string>();
	let timer: NodeJS.Timeout | null = null;

	const entry = (eventId: string) => {
		let e = events.get(eventId);
		if (!e) events.set(eventId, (e = { total: 0, byRoom: new Map() }));
		return e;
	};
	const schedule = (eventId: string) => {
		dirty.add(eventId);
		timer ??= setTimeout(flush, intervalMs);
	};
	function flush() {
		timer = null;
		for (const id of dirty) publish(counts(id));
		dirty.clear();
	}
	function counts(eventId: string): PresenceCounts {
		const e = events.get(eventId);
		return { eventId, total: e?.total ?? 0, byRoom: Object.fromEntries(e?.byRoom ?? []) };
	}

	return {
		counts,
		/** Events this process has counted anyone in (some may be at zero now). */
		eventIds: () => [...events.keys()],
		/** Moves one attendee: from (event, hall) to (event, hall); null means "not there". */
		move(
			from: { eventId: string | null; hallId: string | null },
			to: { eventId: string | null; hallId: string | null }
		) {
			if (from.eventId === to.eventId && from.hallId === to.hallId) return;
			if (from.eventId) {
				const e = entry(from.eventId);
				if (from.eventId !== to.eventId) e.total--;
				if (from.hallId) {
					const n = (e.byRoom.get(from.hallId) ?? 1) - 1;
					if (n > 0) e.byRoom.set(from.hallId, n);
					else e.byRoom.delete(from.hallId);
				}
				schedule(from.eventId);
			}
			if (to.eventId) {
				const e = entry(to.eventId);
				if (from.eventId !== to.eventId) e.total++;
				if (to.hallId) e.byRoom.set(to.hallId, (e.byRoom.get(to.hallId) ?? 0) + 1);
				schedule(to.eventId);
			}
		},
		stop() {
			if (timer) clearTimeout(timer);
			timer = null;
		}
	};
}
export type Presence = ReturnType<typeof createPresence>;
