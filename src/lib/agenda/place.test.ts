import { describe, expect, it } from 'vitest';
import { placeOf, placeParts } from './place';

describe('a place, each part once', () => {
	it('leaves out a city the venue already names', () => {
		expect(placeOf('Hall A', 'Serena Hotel, Islamabad', 'Islamabad')).toBe('Hall A, Serena Hotel, Islamabad');
		expect(placeParts('Islamabad', 'islamabad')).toEqual(['Islamabad']);
	});

	it('keeps a city the venue does not name, and skips empty parts', () => {
		expect(placeParts('', 'Egmont Palace', '  ', 'Brussels')).toEqual(['Egmont Palace', 'Brussels']);
		expect(placeParts(null, undefined)).toEqual([]);
	});

	it('compares text in Urdu as it is written', () => {
		expect(placeParts('سرینا ہوٹل، اسلام آباد', 'اسلام آباد')).toEqual(['سرینا ہوٹل، اسلام آباد']);
		expect(placeParts('سرینا ہوٹل', 'اسلام آباد')).toEqual(['سرینا ہوٹل', 'اسلام آباد']);
	});
});
