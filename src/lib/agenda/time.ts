import type { AgendaSession, Announcement } from '$lib/protocol';

const MINUTE = 60_000;

export const effectiveStart = (s: Pick<AgendaSession, 'startsAt' | 'delayMinutes'>) =>
	Date.parse(s.startsAt) + s.delayMinutes * MINUTE;
export const effectiveEnd = (s: Pick<AgendaSession, 'endsAt' | 'delayMinutes'>) =>
	Date.parse(s.endsAt) + s.delayMinutes * MINUTE;

/** An announcement still shown at `now` (the hub's time): not past its expiry, if it was posted for a while. */
export const isShown = (a: Pick<Announcement, 'expiresAt'>, now: number) =>
	a.expiresAt === null || Date.parse(a.expiresAt) > now;

export type SessionState = 'scheduled' | 'live' | 'ended' | 'cancelled';

export function sessionState(s: AgendaSession, now: number): SessionState {
	if (s.cancelled) return 'cancelled';
	if (now >= effectiveEnd(s)) return 'ended';
	if (now >= effectiveStart(s)) return 'live';
	return 'scheduled';
}

// Fixed-locale formatters for computing (day keys, zone offsets); text for people comes from $lib/i18n/format.
const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = locale + JSON.stringify(options);
	let f = formatters.get(key);
	if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
	return f;
}

/** "2026-12-08": the calendar day of an instant in a zone. */
export const dayKey = (t: number, timeZone: string) =>
	fmt('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

/** Minutes east of UTC of a zone at an instant. */
export function offsetMinutes(t: number, timeZone: string): number {
	const parts = fmt('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(t);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour') % 24,
		get('minute'),
		get('second')
	);
	return Math.round((asUtc - Math.floor(t / 1000) * 1000) / MINUTE);
}

/** The phone's own zone, when it differs from the event's at that instant (else null). */
export function localZoneIfDifferent(t: number, eventZone: string): string | null {
	const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
	if (!local || local === eventZone) return null;
	return offsetMinutes(t, local) === offsetMinutes(t, eventZone) ? null : local;
}

/** Every calendar day from start to end inclusive ("YYYY-MM-DD"). */
export function daysBetween(startsOn: string, endsOn: string): string[] {
	const days: string[] = [];
	for (
		let t = Date.parse(`${startsOn}T00:00:00Z`);
		t <= Date.parse(`${endsOn}T00:00:00Z`) && days.length < 31;
		t += 86_400_000
	) {
		days.push(new Date(t).toISOString().slice(0, 10));
	}
	return days;
}

/** Sessions running now and the ones starting next (all sharing the earliest upcoming start). */
export function nowAndNext(sessions: AgendaSession[], now: number) {
	const active = sessions.filter((s) => !s.cancelled);
	const current = active.filter((s) => sessionState(s, now) === 'live');
	const upcoming = active
		.filter((s) => effectiveStart(s) > now)
		.sort((a, b) => effectiveStart(a) - effectiveStart(b));
	const firstStart = upcoming.length ? effectiveStart(upcoming[0]) : null;
	const next = firstStart === null ? [] : upcoming.filter((s) => effectiveStart(s) === firstStart);
	return { current, next };
}

/**
 * The conference is over: nothing on and nothing to come, on or after its last day (the evening of day 2, not only
 * the day after).
 */
export function eventIsOver(
	event: { startsOn: string; endsOn: string; timezone: string },
	sessions: AgendaSession[],
	now: number
): boolean {
	const days = programmeDays(event, sessions);
	const { current, next } = nowAndNext(sessions, now);
	return dayKey(now, event.timezone) >= days[days.length - 1] && current.length === 0 && next.length === 0;
}

/** The event's planned days, plus any day a (delayed or added) session has moved onto, in order. */
export function programmeDays(
	event: { startsOn: string; endsOn: string; timezone: string },
	sessions: AgendaSession[]
): string[] {
	const planned = daysBetween(event.startsOn, event.endsOn);
	const extra = sessions
		.map((s) => dayKey(effectiveStart(s), event.timezone))
		.filter((d) => !planned.includes(d));
	return [...new Set([...planned, ...extra])].sort();
}

/** Sessions (in start order) grouped by their calendar day in the event's zone, for pickers with one group a day. */
export function groupByDay(sessions: AgendaSession[], timeZone: string) {
	const groups: { day: string; sessions: AgendaSession[] }[] = [];
	for (const s of sessions) {
		const day = dayKey(effectiveStart(s), timeZone);
		const last = groups[groups.length - 1];
		if (last?.day === day) last.sessions.push(s);
		else groups.push({ day, sessions: [s] });
	}
	return groups;
}
