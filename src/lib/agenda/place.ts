/**
 * Hall, venue and city, each once, in that order: a part already named by one before it is left out, so a venue
 * that names its city ("Serena Hotel, Islamabad") is not followed by the city again.
 */
export function placeParts(...parts: (string | null | undefined)[]): string[] {
	const kept: string[] = [];
	for (const part of parts) {
		const p = part?.trim();
		if (p && !kept.some((k) => k.toLocaleLowerCase().includes(p.toLocaleLowerCase()))) kept.push(p);
	}
	return kept;
}

/** The same parts as one line, as a calendar's LOCATION gives it. */
export const placeOf = (...parts: (string | null | undefined)[]): string => placeParts(...parts).join(', ');
