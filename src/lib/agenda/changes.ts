import { m } from '$lib/paraglide/messages';
import { isolate } from '$lib/i18n/bidi';
import { clock, dayAndClock, formatNumber } from '$lib/i18n/format';
import type { AgendaChange } from '$lib/protocol';
import { dayKey } from './time';

/**
 * A programme change as one line in the reader's language ("Working session 2 delayed by 20 min"), its times in the
 * event's zone (`timeZone`).
 */
export function describeChange(
	c: AgendaChange,
	roomName: (id: string | null) => string,
	timeZone: string
): string {
	const title = isolate(c.detail.title ?? '');
	switch (c.kind) {
		case 'created':
			return m.change_created({ title });
		case 'edited':
			return describeEdit(c, title, roomName, timeZone);
		case 'delayed':
			return c.detail.minutes
				? m.change_delayed({ title, minutes: formatNumber(c.detail.minutes) })
				: m.change_ontime({ title });
		case 'moved':
			return m.change_moved({ title, room: isolate(roomName(c.detail.roomId ?? null)) });
		case 'cancelled':
			return m.change_cancelled({ title });
		case 'restored':
			return m.change_restored({ title });
		case 'announced':
			return m.change_announced({ title });
		case 'imported':
			return m.change_imported();
	}
}

/** An edit that moved the session's start or hall says where and when it went; any other edit, that it changed. */
function describeEdit(
	c: AgendaChange,
	title: string,
	roomName: (id: string | null) => string,
	timeZone: string
): string {
	const { startsAt, fromStartsAt, roomId } = c.detail;
	const room = roomId ? isolate(roomName(roomId)) : null;
	if (!startsAt) return room ? m.change_moved({ title, room }) : m.change_edited({ title });
	const start = Date.parse(startsAt);
	// Another day than before reads with its day ("Sat 5 Dec, 09:30"); the same day, with its time alone.
	const sameDay = fromStartsAt && dayKey(start, timeZone) === dayKey(Date.parse(fromStartsAt), timeZone);
	const time = sameDay ? clock(start, timeZone) : dayAndClock(start, timeZone);
	return room ? m.change_moved_retimed({ title, room, time }) : m.change_retimed({ title, time });
}
