import type { AgendaChange, AgendaSession } from '$lib/protocol';
import { effectiveStart } from './time';

/** How long before a starred session starts its reminder shows. */
export const SOON_MS = 10 * 60_000;

/** The change kinds an attendee is told about for a session on their agenda. */
export const NOTIFIED_KINDS = ['delayed', 'moved', 'cancelled'] as const;
export type NotifiedKind = (typeof NOTIFIED_KINDS)[number];

/**
 * A starred session's reminder at `now`: `changed` once it has been delayed, moved or cancelled (today's list of
 * changes says so), else `soon` in the ten minutes before it starts, else nothing.
 */
export function reminderOf(
	session: AgendaSession,
	changes: AgendaChange[],
	now: number
): 'changed' | 'soon' | null {
	const changed =
		session.cancelled ||
		changes.some((c) => c.sessionId === session.id && (NOTIFIED_KINDS as readonly string[]).includes(c.kind));
	if (changed) return 'changed';
	const until = effectiveStart(session) - now;
	return until > 0 && until <= SOON_MS ? 'soon' : null;
}

/** Changes newer than `version` that concern a starred session, oldest first: what to announce. */
export function newsFor(changes: AgendaChange[], starred: string[], version: number): AgendaChange[] {
	return changes
		.filter(
			(c) =>
				c.version > version &&
				c.sessionId !== null &&
				starred.includes(c.sessionId) &&
				(NOTIFIED_KINDS as readonly string[]).includes(c.kind)
		)
		.sort((a, b) => a.version - b.version);
}
