import type { AgendaSession } from '$lib/protocol';
import { effectiveEnd, effectiveStart } from '$lib/agenda/time';

/**
 * For each session that shares its hall with another at the same time (their times, delays included, overlap), the
 * others, earliest first. Cancelled sessions take no hall. The hub allows it (an organiser moving sessions about
 * passes through such states, and an import may mean it), but a hall screen can show only one session as "now":
 * the programme editor flags each clash, whichever way it came (a save, a move, a delay, an import, another
 * organiser).
 */
export function hallClashes(sessions: readonly AgendaSession[]): Map<string, AgendaSession[]> {
	const byRoom = new Map<string, AgendaSession[]>();
	for (const s of sessions) {
		if (s.cancelled) continue;
		let list = byRoom.get(s.roomId);
		if (!list) byRoom.set(s.roomId, (list = []));
		list.push(s);
	}
	const clashes = new Map<string, AgendaSession[]>();
	const note = (s: AgendaSession, other: AgendaSession) => {
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
