import { describe, expect, it } from 'vitest';
import { namesFromText, namesToText } from './names';

describe('names, one per line', () => {
	it('trims each line and leaves out blank ones and repeats', () => {
		expect(namesFromText('  UNODC Pakistan \r\n\n IOM Pakistan\nUNODC Pakistan\n   \n')).toEqual([
			'UNODC Pakistan',
			'IOM Pakistan'
		]);
	});

	it('keeps names in Urdu and Arabic as typed, in their order', () => {
		const names = ['وزارت داخلہ، حکومت پاکستان', 'الاتحاد الأوروبي', 'European Union'];
		expect(namesFromText(namesToText(names))).toEqual(names);
	});

	it('gives no names for an empty field', () => {
		expect(namesFromText('')).toEqual([]);
		expect(namesToText([])).toBe('');
	});
});
