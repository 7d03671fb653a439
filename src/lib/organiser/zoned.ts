import { offsetMinutes } from '$lib/agenda/time';

const MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** "+05:00" / "-04:00" for an offset in minutes east of UTC. */
export function offsetText(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The value for an `<input type="datetime-local">` showing an instant as wall-clock time in the event's zone. */
export function toZonedInput(iso: string, timeZone: string): string {
	const t = Date.parse(iso);
	if (Number.isNaN(t)) return '';
	return new Date(t + offsetMinutes(t, timeZone) * MINUTE).toISOString().slice(0, 16);
}

/**
 * Reads a datetime-local value ("2026-12-08T09:30") as wall-clock time in the event's zone and returns it as an ISO
 * instant with that zone's offset ("2026-12-08T09:30:00+05:00"); null when the value is not a date and time.
 * The browser's own zone plays no part: an organiser abroad still types the event's local times.
 */
export function fromZonedInput(value: string, timeZone: string): string | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
	const asUtc = Date.parse(`${value.slice(0, 16)}:00Z`);
	if (Number.isNaN(asUtc)) return null;
	// Two passes settle the offset even when the guess falls on the other side of a DST change.
	const first = offsetMinutes(asUtc - offsetMinutes(asUtc, timeZone) * MINUTE, timeZone);
	const t = asUtc - first * MINUTE;
	// A wall time skipped by a DST jump is normalised to the instant it names, in the offset in force then.
	const offset = offsetMinutes(t, timeZone);
	return `${toZonedInput(new Date(t).toISOString(), timeZone)}:00${offsetText(offset)}`;
}
