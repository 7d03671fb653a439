/** A list of names as a form shows it: one per line. */
export const namesToText = (names: readonly string[]) => names.join('\n');

/** One name per line, each trimmed; blank lines are left out, and a name given twice is kept once. */
export function namesFromText(text: string): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const line of text.split(/\r?\n/)) {
		const name = line.trim();
		if (!name || seen.has(name)) continue;
		seen.add(name);
		out.push(name);
	}
	return out;
}
