import { describe, expect, it } from 'vitest';
import { cityOf, resolveZone, timeZoneOptions } from './time-zones';

describe('time zones for a new event', () => {
	it('names each zone by its city, spaces for underscores', () => {
		expect(cityOf('Asia/Karachi')).toBe('Karachi');
		expect(cityOf('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
	});

	it("lists the runtime's IANA zones by city, Brussels and Karachi among them", () => {
		const options = timeZoneOptions();
		expect(options.find((z) => z.id === 'Europe/Brussels')?.city).toBe('Brussels');
		expect(options.find((z) => z.id === 'Asia/Karachi')?.city).toBe('Karachi');
		const cities = options.map((z) => z.city);
		expect([...cities].sort((a, b) => a.localeCompare(b, 'en'))).toEqual(cities);
	});

	it('takes an exact zone, a city in any case, or the shown "city — zone" text, and nothing vague', () => {
		const options = timeZoneOptions(['Europe/Brussels', 'Asia/Karachi', 'America/Indiana/Vincennes']);
		expect(resolveZone('Europe/Brussels', options)).toBe('Europe/Brussels');
		expect(resolveZone('brussels', options)).toBe('Europe/Brussels');
		expect(resolveZone('Karachi — Asia/Karachi', options)).toBe('Asia/Karachi');
		expect(resolveZone('Brus', options)).toBeNull();
		expect(resolveZone('', options)).toBeNull();
	});
});
