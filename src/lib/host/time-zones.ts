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

/**
 * Where each zone is, in `locale`'s words, as the platform's own time zone names say it ("heure : Belgique",
 * "توقيت باكستان", "heure : Los Angeles"): the country of a country with one zone, else the zone's city. A zone whose
 * name in `locale` is not of that form (a "Pacific Time") has none.
 */
export function zonePlaces(zones: readonly string[], locale: string): Map<string, string> {
	const places = new Map<string, string>();
	const nameOf = (zone: string) =>
		new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'shortGeneric' })
			.formatToParts(0)
			.find((p) => p.type === 'timeZoneName')?.value ?? '';
	// The locale's pattern, learnt from a zone whose place is a country with one zone: Belgium.
	const belgium = new Intl.DisplayNames([locale], { type: 'region' }).of('BE') ?? '';
	const sample = nameOf('Europe/Brussels');
	const at = belgium ? sample.indexOf(belgium) : -1;
	if (at < 0) return places;
	const [before, after] = [sample.slice(0, at), sample.slice(at + belgium.length)];
	for (const zone of zones) {
		const name = nameOf(zone);
		if (name.length > before.length + after.length && name.startsWith(before) && name.endsWith(after))
			places.set(zone, name.slice(before.length, name.length - after.length).trim());
	}
	return places;
}

/**
 * The zone a host typed or picked: an exact IANA name, else the one zone whose city matches (any case), else, in the
 * page's language, the one zone of the country or city typed ("Belgique", "پاکستان").
 */
export function resolveZone(input: string, options: readonly ZoneOption[], locale = 'en'): string | null {
	const typed = input.trim();
	if (!typed) return null;
	const exact = options.find((z) => z.id === typed);
	if (exact) return exact.id;
	const lower = typed.toLocaleLowerCase(locale);
	const byCity = options.filter(
		(z) => z.city.toLowerCase() === lower || `${z.city} — ${z.id}`.toLowerCase() === lower
	);
	if (byCity.length) return byCity.length === 1 ? byCity[0].id : null;
	let places: Map<string, string>;
	try {
		places = zonePlaces(
			options.map((z) => z.id),
			locale
		);
	} catch {
		return null;
	}
	const byPlace = [...places].filter(([, place]) => place.toLocaleLowerCase(locale) === lower);
	return byPlace.length === 1 ? byPlace[0][0] : null;
}
