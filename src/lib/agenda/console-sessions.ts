import type { AgendaSession, Room } from '$lib/protocol';
import { effectiveStart, sessionState } from './time';

/**
 * The sessions a staff console works on: its link's hall's (every hall's for an event-wide link), breaks left out
 * (they have no Q&A and no polls), in start order and then in the event's hall order. The hub enforces the same
 * scope; this is what the console lists.
 */
export function consoleSessions(
	snapshot: { sessions: AgendaSession[]; rooms: Room[] },
	roomId: string | null
): AgendaSession[] {
	const hall = (id: string) => snapshot.rooms.findIndex((r) => r.id === id);
	return snapshot.sessions
		.filter((s) => s.kind !== 'break' && (!roomId || s.roomId === roomId))
		.sort((a, b) => effectiveStart(a) - effectiveStart(b) || hall(a.roomId) - hall(b.roomId));
}

/**
 * The session a console opens on: the one its link asks for (`?session=`) if the console lists it, else the one live
 * now, else the next to start, else the last one; a cancelled session is never chosen unless asked for or last.
 */
export function openingSession(
	sessions: AgendaSession[],
	at: number,
	requested: string | null = null
): string | null {
	if (requested && sessions.some((s) => s.id === requested)) return requested;
	const running = sessions.filter((s) => !s.cancelled);
	return (
		running.find((s) => sessionState(s, at) === 'live')?.id ??
		running.find((s) => effectiveStart(s) > at)?.id ??
		sessions[sessions.length - 1]?.id ??
		null
	);
}
