import { describe, expect, it } from 'vitest';
import { ballotEntries, normaliseEntry } from './words';

describe('word-cloud normalisation', () => {
	it('folds case, accents and spacing into one entry', () => {
		expect(normaliseEntry('  Trust ')).toBe('trust');
		expect(normaliseEntry('TRÚST')).toBe('trust');
		expect(normaliseEntry('Réseau   criminel')).toBe('reseau criminel');
	});

	it('drops stop-words, and an entry made only of them', () => {
		expect(normaliseEntry('the corruption')).toBe('corruption');
		expect(normaliseEntry('of the')).toBeNull();
		expect(normaliseEntry('!!!')).toBeNull();
	});

	it('treats Arabic-script spelling variants of one word as the same entry', () => {
		// Arabic yeh vs Farsi/Urdu yeh, Arabic kaf vs keheh, and harakat (vowel marks) that some keyboards add.
		expect(normaliseEntry('بدعنواني')).toBe(normaliseEntry('بدعنوانی'));
		expect(normaliseEntry('كرپشن')).toBe(normaliseEntry('کرپشن'));
		expect(normaliseEntry('ثِقَة')).toBe(normaliseEntry('ثقة'));
		expect(normaliseEntry('اعتماد میں')).toBe('اعتماد');
	});

	it('counts a word once per ballot however often it is typed', () => {
		expect(ballotEntries(['Trust', 'trust', ' TRUST '])).toEqual(['trust']);
		expect(ballotEntries(['data', 'the', 'laws'])).toEqual(['data', 'laws']);
	});
});
