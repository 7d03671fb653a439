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

describe('the organiser’s count of halls in session, in every language', () => {
	it('keeps "of 3" together: the total never sits on a line of its own', () => {
		for (const locale of ['en', 'fr', 'ur', 'ar'] as const) {
			const line = m.org_halls_live_count({ live: '2', total: '3' }, { locale });
			// The total is bound to its preposition ("of", "sur", "من"; in Urdu "میں سے" after it) by a no-break space.
			expect(line, locale).toMatch(/\u00a03|3\u00a0/);
		}
	});
});

describe('counts in Arabic', () => {
	it('zero takes the plural noun, as three to ten do: "0 بطاقات اقتراع", never "0 بطاقة اقتراع"', () => {
		expect(m.chair_ballots({ count: 0 }, { locale: 'ar' })).toBe(
			m.chair_ballots({ count: 3 }, { locale: 'ar' })
		);
		expect(m.qa_upvote_name({ count: 0, votes: '0' }, { locale: 'ar' })).toBe(
			m.qa_upvote_name({ count: 3, votes: '0' }, { locale: 'ar' })
		);
	});
});
