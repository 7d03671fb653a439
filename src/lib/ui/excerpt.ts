/**
 * The start of `text` in at most `max` characters, ending in "…" when cut: at the end of a word where one ends in the
 * last third (an announcement listed as "…à l’entrée du bâtiment Charlema" read as a typing mistake), and never
 * between the two halves of a character outside the Basic Multilingual Plane.
 */
export function excerpt(text: string, max: number): string {
	if (text.length <= max) return text;
	let end = max - 1;
	const space = text.slice(0, end + 1).search(/\s\S*$/);
	if (space >= Math.ceil((max * 2) / 3)) end = space;
	else if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
	return `${text.slice(0, end).trimEnd()}…`;
}
