import type { PresenceCounts } from '../../src/lib/protocol';

/** Sockets per person (a device's keyed hash): a person with two tabs, or with a dropped socket the hub has not
 * noticed yet beside the one they came back on, is one person. */
type People = Map<string, number>;

function add(people: People, who: string, by: 1 | -1) {
	const n = (people.get(who) ?? 0) + by;
	if (n > 0) people.set(who, n);
	else people.delete(who);
}

/**
 * Counts the attendees connected per event and per hall, as people, not connections: each is known by the device
 * the hub issued to their browser, however many sockets it has open (two tabs, or a phone back on the venue Wi-Fi
 * before its old connection timed out). A socket that sent no device the hub can verify (cookies refused, or a
 * script) is not counted: anyone could open hundreds of those and inflate the head counts the outcome report quotes.
 * Organisers get the counts coalesced: at most one update per event per interval, however many phones come and go.
 */
export function createPresence(publish: (counts: PresenceCounts) => void, intervalMs = 1000) {
	const events = new Map<string, { people: People; byRoom: Map<string, People> }>();
	const dirty = new Set<string>();
	let timer: NodeJS.Timeout | null = null;

	const entry = (eventId: string) => {
		let e = events.get(eventId);
		if (!e) events.set(eventId, (e = { people: new Map(), byRoom: new Map() }));
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
		const byRoom: Record<string, number> = {};
		for (const [hallId, people] of e?.byRoom ?? []) byRoom[hallId] = people.size;
		return { eventId, total: e?.people.size ?? 0, byRoom };
	}

	return {
		counts,
		/** Events this process has counted anyone in (some may be at zero now). */
		eventIds: () => [...events.keys()],
		/**
		 * Moves one socket of person `who` from (event, hall) to (event, hall); null means "not there". A socket with no
		 * person (no verified device) is not counted.
		 */
		move(
			from: { eventId: string | null; hallId: string | null },
			to: { eventId: string | null; hallId: string | null },
			who: string | null
		) {
			if (!who || (from.eventId === to.eventId && from.hallId === to.hallId)) return;
			if (from.eventId) {
				const e = entry(from.eventId);
				add(e.people, who, -1);
				const hall = from.hallId ? e.byRoom.get(from.hallId) : undefined;
				if (hall) {
					add(hall, who, -1);
					if (hall.size === 0) e.byRoom.delete(from.hallId!);
				}
				schedule(from.eventId);
			}
			if (to.eventId) {
				const e = entry(to.eventId);
				add(e.people, who, 1);
				if (to.hallId) {
					let hall = e.byRoom.get(to.hallId);
					if (!hall) e.byRoom.set(to.hallId, (hall = new Map()));
					add(hall, who, 1);
				}
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
