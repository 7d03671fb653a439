import type { AgendaSession } from '$lib/protocol';
import { dayKey, effectiveEnd, effectiveStart, sessionState } from '$lib/agenda/time';

// Which session a hall screen is about, as pure functions: the hall screen, the moderator's console and the
// attendee's session page (whether a question "on screen" is on it) all decide it the same way.

/** How long after its end a session that ran over keeps the screen with its open poll or pinned question. */
export const OVERRUN_MS = 30 * 60_000;

/** How long before its start a session's open poll or pinned question may take the screen (a chair starting early). */
export const EARLY_MS = 30 * 60_000;

/**
 * Which of a hall's sessions the screen is about. The session the programme has on now keeps the screen while it
 * has an open poll or a pinned question of its own: a later session's chair who launched a poll hours ahead took
 * the screen from the question the hall was discussing. Otherwise a session with an open poll or a pinned question
 * wins whatever the programme clock says, from half an hour before its start (the chair started early) or while it
 * runs over without a delay being entered; else the session on now, or one waited for past its planned start (its
 * delay entered). Among several, the earliest. An open poll or a
 * pinned question holds the screen for half an hour after its session's end and no longer: a poll its chair forgot
 * to close kept "Vote now on your phone" on Hall B's screen from 12:40 to past 16:50, and one left pinned kept the
 * morning's session up as "now" through lunch.
 */
export function focusSession(
	inHall: AgendaSession[],
	now: number,
	busy: (sessionId: string) => { openPoll: boolean; pinned: boolean }
): AgendaSession | undefined {
	const current = inHall.find((s) => sessionState(s, now) === 'live');
	if (current && (busy(current.id).openPoll || busy(current.id).pinned)) return current;
	const overrun = (s: AgendaSession) => effectiveEnd(s) + OVERRUN_MS < now;
	const near = inHall.filter((s) => s !== current && !overrun(s) && effectiveStart(s) - EARLY_MS <= now);
	return (
		near.find((s) => busy(s.id).openPoll) ??
		near.find((s) => busy(s.id).pinned) ??
		current ??
		startingLate(inHall, now)
	);
}

/**
 * A session past its planned start whose entered delay has not run out yet: its hall is waiting for it (or it has
 * begun and the organiser entered how late it runs). The hall screen shows it, not "No session in this hall right
 * now", which it said for twenty minutes when a session already under way was marked 20 minutes late.
 */
export function startingLate(inHall: AgendaSession[], now: number): AgendaSession | undefined {
	return inHall.find(
		(s) => !s.cancelled && s.delayMinutes > 0 && Date.parse(s.startsAt) <= now && now < effectiveStart(s)
	);
}

/**
 * The sessions a hall screen considers: today's (in the event's zone), so a poll left open on another day does not
 * take the screen, and the one on now even if it began yesterday (a session over midnight kept its pinned question
 * and poll on screen only until 00:00).
 */
export function screenDay(inHall: AgendaSession[], now: number, timeZone: string): AgendaSession[] {
	const today = dayKey(now, timeZone);
	return inHall.filter(
		(s) => dayKey(effectiveStart(s), timeZone) === today || sessionState(s, now) === 'live'
	);
}

/** Where a pinned question stands with its hall's screen, as far as the moderator's page can tell (see `pinOnScreen`). */
export type PinOnScreen =
	| { kind: 'now' }
	/** Too early: the screen takes it from half an hour before its session (`at`). */
	| { kind: 'later'; at: number }
	/** Its session ended more than half an hour ago, or on another day. */
	| { kind: 'over' }
	/** Another of the hall's sessions holds the screen with an open poll. */
	| { kind: 'behind'; session: AgendaSession }
	| { kind: 'cancelled' };

/**
 * Whether the hall screen shows the question pinned in `session`, by the screen's own rule (`focusSession`), for a
 * moderator who was told "On screen now" while the screen showed another session: a question pinned an hour before
 * its session, or left pinned after it. What the page knows of the hall's other sessions is their open polls
 * (`openPoll`), not their pins: one of those sessions with a pinned question of its own can still hold the screen.
 */
export function pinOnScreen(
	session: AgendaSession,
	sessions: AgendaSession[],
	now: number,
	timeZone: string,
	openPoll: (sessionId: string) => boolean
): PinOnScreen {
	if (session.cancelled) return { kind: 'cancelled' };
	const inHall = screenDay(
		sessions
			.filter((s) => s.roomId === session.roomId && !s.cancelled)
			.sort((a, b) => effectiveStart(a) - effectiveStart(b)),
		now,
		timeZone
	);
	const later = (): PinOnScreen =>
		effectiveStart(session) > now
			? { kind: 'later', at: effectiveStart(session) - EARLY_MS }
			: { kind: 'over' };
	if (!inHall.some((s) => s.id === session.id)) return later();
	const focus = focusSession(inHall, now, (id) => ({
		openPoll: openPoll(id),
		pinned: id === session.id
	}));
	if (focus?.id === session.id) return { kind: 'now' };
	if (
		focus &&
		openPoll(focus.id) &&
		effectiveStart(session) - EARLY_MS <= now &&
		effectiveEnd(session) + OVERRUN_MS >= now
	)
		return { kind: 'behind', session: focus };
	return later();
}

/**
 * `pinOnScreen` for a session of a live event as a page holds it (its programme and the event's open polls); null for
 * a session the programme no longer has.
 */
export function pinOnScreenIn(
	live: {
		snapshot: { sessions: AgendaSession[]; event: { timezone: string } };
		openPolls: { sessionId: string }[];
	},
	sessionId: string,
	now: number
): PinOnScreen | null {
	const { sessions, event } = live.snapshot;
	const session = sessions.find((s) => s.id === sessionId);
	if (!session) return null;
	return pinOnScreen(session, sessions, now, event.timezone, (id) =>
		live.openPolls.some((p) => p.sessionId === id)
	);
}
