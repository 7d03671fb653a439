import type { Speaker } from '$lib/protocol';
import { speakerComma } from '$lib/agenda/speaker';

/** The comma that ends a name: the Latin one or the Arabic one (،) that Urdu and Arabic keyboards type. */
const COMMA = /[,،]/;

/** Speakers as the form shows them: one per line, "Name, role" (or "نام، کردار" for a name in Arabic script). */
export const speakersToText = (speakers: Speaker[]) =>
	speakers.map((s) => (s.role ? `${s.name}${speakerComma(s.name)}${s.role}` : s.name)).join('\n');

/** Reads "Name, role" lines; the role is everything after the first comma (, or ،), and may be left out. */
export function speakersFromText(text: string): Speaker[] {
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const comma = line.search(COMMA);
			if (comma < 0) return { name: line };
			const name = line.slice(0, comma).trim();
			const role = line.slice(comma + 1).trim();
			return role ? { name, role } : { name };
		});
}
