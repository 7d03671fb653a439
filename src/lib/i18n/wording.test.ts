import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';

describe('counts in English', () => {
	it('the chair’s note on a poll that shows results from one ballot says no “1 ballots”', () => {
		const note = m.chair_visibility_waiting_note({ min: 1, missing: 1 }, { locale: 'en' });
		expect(note).not.toMatch(/\b1 ballots\b/);
		expect(note).toContain('1');
	});
});

describe('the Q&A counts line, in every language', () => {
	const counts = { received: '12', published: '7', answered: '3', merged: '1', notPublished: '1' };
	it('breaks only after a "·": a count never ends up on another line than its label, nor a line starts with "·"', () => {
		for (const locale of ['en', 'fr', 'ur', 'ar'] as const)
			for (const line of [m.qa_counts(counts, { locale }), m.mod_counts(counts, { locale })]) {
				// Every breaking space follows a "·".
				const breaks = [...line.matchAll(/ /g)].map((b) => line[b.index - 1]);
				expect(new Set(breaks), `${locale}: ${line}`).toEqual(new Set(['·']));
			}
	});
});
