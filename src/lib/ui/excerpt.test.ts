import { describe, expect, it } from 'vitest';
import { excerpt } from './excerpt';

describe('excerpt', () => {
	it('keeps a text that fits as it is', () => {
		expect(excerpt('Lunch is served', 20)).toBe('Lunch is served');
		expect(excerpt('x'.repeat(20), 20)).toBe('x'.repeat(20));
	});

	it('cuts at the end of a word, with an ellipsis, within the limit', () => {
		const text =
			'Bienvenue à Bruxelles ! Le badge est obligatoire à l’entrée du bâtiment Charlemagne. Wi-Fi : EU-Guest.';
		const cut = excerpt(text, 80);
		expect(cut).toBe('Bienvenue à Bruxelles ! Le badge est obligatoire à l’entrée du bâtiment…');
		expect(cut.length).toBeLessThanOrEqual(80);
	});

	it('cuts inside a long word when no word ends near the limit', () => {
		const cut = excerpt(`See ${'https://example.org/'.padEnd(120, 'a')}`, 40);
		expect(cut).toHaveLength(40);
		expect(cut.endsWith('a…')).toBe(true);
	});

	it('cuts Urdu and Arabic at a word too', () => {
		expect(excerpt('ہال بی میں دوپہر کے کھانے کے بعد ورکنگ سیشن دو', 20)).toBe('ہال بی میں دوپہر کے…');
	});

	it('never leaves half of a character outside the BMP', () => {
		const cut = excerpt(`${'a'.repeat(8)}😀😀😀`, 10);
		expect(cut).toBe(`${'a'.repeat(8)}…`);
		expect(cut.isWellFormed()).toBe(true);
	});
});
