import { describe, expect, it } from 'vitest';
import { fromZonedInput, offsetText, toZonedInput } from './zoned';

describe('datetime-local values in the event zone', () => {
	it('shows an instant as wall-clock time in the event zone, not the browser zone', () => {
		expect(toZonedInput('2026-12-08T04:30:00Z', 'Asia/Karachi')).toBe('2026-12-08T09:30');
		expect(toZonedInput('2026-12-08T09:30:00+05:00', 'America/New_York')).toBe('2026-12-07T23:30');
	});

	it('reads a typed wall-clock time back as an instant with the zone offset', () => {
		expect(fromZonedInput('2026-12-08T09:30', 'Asia/Karachi')).toBe('2026-12-08T09:30:00+05:00');
		expect(fromZonedInput('2026-07-01T09:30', 'Europe/London')).toBe('2026-07-01T09:30:00+01:00');
		expect(fromZonedInput('2026-01-15T09:30', 'Europe/London')).toBe('2026-01-15T09:30:00+00:00');
		expect(fromZonedInput('2026-03-10T08:00', 'Asia/Kolkata')).toBe('2026-03-10T08:00:00+05:30');
		expect(fromZonedInput('2026-03-10T08:00', 'America/St_Johns')).toBe('2026-03-10T08:00:00-02:30');
	});

	it('round-trips through both directions', () => {
		for (const tz of ['Asia/Karachi', 'Europe/Berlin', 'America/Los_Angeles', 'Australia/Adelaide']) {
			const iso = fromZonedInput('2026-10-04T02:30', tz)!;
			expect(toZonedInput(iso, tz)).toBe(toZonedInput(new Date(Date.parse(iso)).toISOString(), tz));
			expect(fromZonedInput(toZonedInput(iso, tz), tz)).toBe(iso);
		}
	});

	it('moves a time skipped by a daylight-saving jump to the instant it names', () => {
		// Clocks in Berlin jump from 02:00 to 03:00 on 29 March 2026.
		const iso = fromZonedInput('2026-03-29T02:30', 'Europe/Berlin')!;
		expect(iso).toBe('2026-03-29T03:30:00+02:00');
	});

	it('refuses what is not a date and time', () => {
		expect(fromZonedInput('', 'Asia/Karachi')).toBeNull();
		expect(fromZonedInput('2026-12-08', 'Asia/Karachi')).toBeNull();
		expect(fromZonedInput('2026-13-45T99:99', 'Asia/Karachi')).toBeNull();
	});

	it('writes offsets with sign, hours and minutes', () => {
		expect(offsetText(300)).toBe('+05:00');
		expect(offsetText(-150)).toBe('-02:30');
		expect(offsetText(0)).toBe('+00:00');
	});
});
