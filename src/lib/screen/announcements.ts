import type { Announcement } from '$lib/protocol';
import { isShown } from '$lib/agenda/time';

/** How long each of several announcements stays on a hall screen before the next takes its place. */
export const ANNOUNCEMENT_TURN_MS = 9_000;

/**
 * The announcements a hall's screen shows at `now`: every current one for the whole event or for this hall, newest
 * first. The screen took the first it found, so with an event-wide one and the hall's own both current, one of them
 * never reached the hall (phones showed both); with several the screen takes them in turn.
 */
export function screenAnnouncements(
	announcements: Announcement[],
	roomId: string,
	now: number
): Announcement[] {
	return (
		announcements
			.filter((a) => (a.roomId === null || a.roomId === roomId) && isShown(a, now))
			// Newest by the order they were posted (the hub numbers them), not by their time: a clock set back (a rehearsal)
			// would put an earlier one first.
			.sort((a, b) => b.id - a.id)
	);
}
