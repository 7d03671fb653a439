import { SvelteMap } from 'svelte/reactivity';
import type { AgendaSession, PollView } from '$lib/protocol';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import { dayKey, effectiveEnd, effectiveStart, sessionState } from '$lib/agenda/time';
import { PollRoom } from '$lib/polls/poll-room.svelte';
import { QaRoom } from '$lib/qa/qa-room.svelte';

/**
 * The polls and Q&A of the sessions a hall screen may have to show: the one the programme says is on, the ones
 * either side of it in this hall (a chair who starts early or runs over), and any session of this hall with a poll
 * open. Rooms are opened and closed as that set changes.
 */
export class HallRooms {
	readonly #rooms = new SvelteMap<string, { polls: PollRoom; qa: QaRoom }>();

	constructor(private readonly live: LiveEvent) {}

	/** Keeps a room open for exactly these sessions. */
	sync(sessionIds: string[]) {
		// A lookup, not state: nothing renders from it.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const wanted = new Set(sessionIds);
		for (const [id, room] of this.#rooms) {
			if (wanted.has(id)) continue;
			room.polls.destroy();
			room.qa.destroy();
			this.#rooms.delete(id);
		}
		for (const id of wanted) {
			if (!this.#rooms.has(id))
				this.#rooms.set(id, { polls: new PollRoom(this.live, id), qa: new QaRoom(this.live, id) });
		}
	}

	room(sessionId: string) {
		return this.#rooms.get(sessionId);
	}

	destroy() {
		this.sync([]);
	}
}

/**
 * The poll a screen shows for a session: the one running, else the one that closed last, if its results are out. An
 * older poll's results never come back when a newer one closes with its results kept to the chair: the room would
 * read them as the answer to the question it was just asked.
 */
export function screenPoll(polls: PollView[]): PollView | undefined {
	const open = polls.findLast((p) => p.state === 'open');
	if (open) return open;
	let last: PollView | undefined;
	for (const p of polls)
		if (p.state === 'closed' && (!last || (p.closedAt ?? '') >= (last.closedAt ?? ''))) last = p;
	return last?.results ? last : undefined;
}

/** The sessions a hall screen keeps rooms open for (see HallRooms). */
export function watchedSessions(
	inHall: AgendaSession[],
	now: number,
	openPollSessions: Set<string>
): string[] {
	const sorted = [...inHall].sort((a, b) => effectiveStart(a) - effectiveStart(b));
	const i = sorted.findIndex((s) => sessionState(s, now) !== 'ended');
	// The last one that ended, the one on (or next), and the one after it.
	const around = i < 0 ? sorted.slice(-1) : sorted.slice(Math.max(0, i - 1), i + 2);
	const ids = [...around, ...sorted.filter((s) => openPollSessions.has(s.id))].map((s) => s.id);
	return ids.filter((id, n) => ids.indexOf(id) === n);
}

/** A change people may still come to this hall for: a session moved out of it, or cancelled in it. */
export type HallNotice = { session: AgendaSession; kind: 'moved' | 'cancelled' };

/**
 * Today's changes the hall screen tells the people in the hall of, soonest first and at most `max`: a session of
 * today's planned in this hall and moved out of it (people came for it here), or cancelled, until its time is over.
 */
export function hallNotices(
	sessions: AgendaSession[],
	roomId: string,
	now: number,
	timeZone: string,
	max = 2
): HallNotice[] {
	const today = dayKey(now, timeZone);
	return sessions
		.filter((s) => dayKey(effectiveStart(s), timeZone) === today && effectiveEnd(s) > now)
		.flatMap((s): HallNotice[] => {
			// Planned here (a moved session's planned hall is the one it was moved from).
			if (s.roomId !== roomId && s.movedFromRoomId !== roomId) return [];
			if (s.cancelled) return [{ session: s, kind: 'cancelled' }];
			return s.roomId === roomId ? [] : [{ session: s, kind: 'moved' }];
		})
		.sort((a, b) => effectiveStart(a.session) - effectiveStart(b.session))
		.slice(0, max);
}
