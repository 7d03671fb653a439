/** A time zone as a host picks it: its IANA name and the city people know it by. */
export interface ZoneOption {
	id: string;
	city: string;
}

/** "America/Argentina/Buenos_Aires" -> "Buenos Aires": the last part of an IANA name, with spaces. */
export const cityOf = (zone: string) => (zone.split('/').pop() ?? zone).replace(/_/g, ' ');

/** Every IANA zone the browser knows, with its city, sorted by city; UTC is kept for events with no one place. */
export function timeZoneOptions(zones: readonly string[] = Intl.supportedValuesOf('timeZone')): ZoneOption[] {
	const list = zones.filter((z) => z.includes('/') || z === 'UTC').map((id) => ({ id, city: cityOf(id) }));
	if (!list.some((z) => z.id === 'UTC')) list.push({ id: 'UTC', city: 'UTC' });
	return list.sort((a, b) => a.city.localeCompare(b.city, 'en'));
}

/** The zone a host typed or picked: an exact IANA name, else the one zone whose city matches (any case). */
export function resolveZone(input: string, options: readonly ZoneOption[]): string | null {
	const typed = input.trim();
	if (!typed) return null;
	const exact = options.find((z) => z.id === typed);
	if (exact) return exact.id;
	const lower = typed.toLowerCase();
	const byCity = options.filter(
		(z) => z.city.toLowerCase() === lower || `${z.city} — ${z.id}`.toLowerCase() === lower
	);
	return byCity.length === 1 ? byCity[0].id : null;
}
