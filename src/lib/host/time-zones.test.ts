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

describe("a zone typed in the host's language", () => {
	const options = timeZoneOptions(['Europe/Brussels', 'Asia/Karachi', 'Africa/Casablanca', 'Europe/Paris']);

	it('takes the country of a country with one zone, in French, Arabic and Urdu', () => {
		expect(resolveZone('Belgique', options, 'fr')).toBe('Europe/Brussels');
		expect(resolveZone('maroc', options, 'fr')).toBe('Africa/Casablanca');
		expect(resolveZone('باكستان', options, 'ar')).toBe('Asia/Karachi');
		expect(resolveZone('پاکستان', options, 'ur')).toBe('Asia/Karachi');
	});

	it('still takes English cities and zones on a French page, and nothing vague', () => {
		expect(resolveZone('Brussels', options, 'fr')).toBe('Europe/Brussels');
		expect(resolveZone('Europe/Paris', options, 'fr')).toBe('Europe/Paris');
		expect(resolveZone('Europe', options, 'fr')).toBeNull();
		expect(resolveZone('heure', options, 'fr')).toBeNull();
	});
});
