import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';

describe('counts in English', () => {
	it('the chair’s note on a poll that shows results from one ballot says no “1 ballots”', () => {
		const note = m.chair_visibility_waiting_note({ min: 1, missing: 1 }, { locale: 'en' });
		expect(note).not.toMatch(/\b1 ballots\b/);
		expect(note).toContain('1');
	});
});
