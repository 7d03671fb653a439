import type { AgendaSession } from '$lib/protocol';
import { effectiveEnd, effectiveStart } from '$lib/agenda/time';
import { isolate } from '$lib/i18n/bidi';
import { timeRange } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages';

/** What a clash is worked out from: where a session is, and when. */
type Placed = Pick<AgendaSession, 'id' | 'roomId' | 'startsAt' | 'endsAt' | 'delayMinutes' | 'cancelled'>;

/**
 * For each session that shares its hall with another at the same time (their times, delays included, overlap), the
 * others, earliest first. Cancelled sessions take no hall. The hub allows it (an organiser moving sessions about
 * passes through such states, and an import may mean it), but a hall screen can show only one session as "now":
 * the programme editor flags each clash, whichever way it came (a save, a move, a delay, an import, another
 * organiser).
 */
export function hallClashes<S extends Placed>(sessions: readonly S[]): Map<string, S[]> {
	const byRoom = new Map<string, S[]>();
	for (const s of sessions) {
		if (s.cancelled) continue;
		let list = byRoom.get(s.roomId);
		if (!list) byRoom.set(s.roomId, (list = []));
		list.push(s);
	}
	const clashes = new Map<string, S[]>();
	const note = (s: S, other: S) => {
		const list = clashes.get(s.id);
		if (list) list.push(other);
		else clashes.set(s.id, [other]);
	};
	for (const list of byRoom.values()) {
		list.sort((a, b) => effectiveStart(a) - effectiveStart(b));
		for (let i = 0; i < list.length; i++) {
			const a = list[i];
			for (let j = i + 1; j < list.length && effectiveStart(list[j]) < effectiveEnd(a); j++) {
				note(a, list[j]);
				note(list[j], a);
			}
		}
	}
	for (const list of clashes.values()) list.sort((a, b) => effectiveStart(a) - effectiveStart(b));
	return clashes;
}

/**
 * The sessions `candidate` (a session being edited, or a new one) would share its hall with at the same time, were
 * it saved as it is: the form says so before the save, as the programme's rows do after it.
 */
export function clashesOf(candidate: Placed, sessions: readonly AgendaSession[]): AgendaSession[] {
	const others: Placed[] = sessions.filter((s) => s.id !== candidate.id);
	return (hallClashes([...others, candidate]).get(candidate.id) ?? []) as AgendaSession[];
}

/** "Same hall, same time as …": the sessions named with their times, in the event's zone. */
export function clashText(clashWith: readonly AgendaSession[], timeZone: string): string {
	return m.org_clash({
		sessions: clashWith
			.map((c) => `${isolate(c.title)} (${timeRange(effectiveStart(c), effectiveEnd(c), timeZone)})`)
			.join(m.list_separator())
	});
}
