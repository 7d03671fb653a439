import type { Speaker } from '$lib/protocol';

/** Speakers as the form shows them: one per line, "Name, role". */
export const speakersToText = (speakers: Speaker[]) =>
	speakers.map((s) => (s.role ? `${s.name}, ${s.role}` : s.name)).join('\n');

/** Reads "Name, role" lines; the role is everything after the first comma, and may be left out. */
export function speakersFromText(text: string): Speaker[] {
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.map((line) => {
			const comma = line.indexOf(',');
			if (comma < 0) return { name: line };
			const name = line.slice(0, comma).trim();
			const role = line.slice(comma + 1).trim();
			return role ? { name, role } : { name };
		});
}
