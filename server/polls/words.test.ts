import { describe, expect, it } from 'vitest';
import { ballotEntries, ballotSpellings, normaliseEntry, Spellings } from './words';

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
		// A word with or without the joiner (ZWNJ) that Urdu and Persian keyboards put inside some words.
		expect(normaliseEntry('نیم\u200Cشب')).toBe(normaliseEntry('نیمشب'));
	});

	it('counts a word once per ballot however often it is typed', () => {
		expect(ballotEntries(['Trust', 'trust', ' TRUST '])).toEqual(['trust']);
		expect(ballotEntries(['data', 'the', 'laws'])).toEqual(['data', 'laws']);
	});

	it('keeps the spelling each entry was typed in, trimmed, beside its folded key', () => {
		expect(ballotSpellings(['  Réseau   criminel ', 'RESEAU CRIMINEL', 'الثقة'])).toEqual([
			['reseau criminel', 'Réseau criminel'],
			[normaliseEntry('الثقة'), 'الثقة']
		]);
	});
});

describe('the spelling a folded entry is shown in', () => {
	it('is the most frequent one typed', () => {
		const s = new Spellings();
		s.bump('trust', 'trust', 1);
		s.bump('trust', 'Trust', 1);
		s.bump('trust', 'Trust', 1);
		expect(s.label('trust')).toBe('Trust');
	});

	it('goes to the first seen on a tie, whatever order the later ones come in', () => {
		const s = new Spellings();
		s.bump('reseau', 'Réseau', 1);
		s.bump('reseau', 'reseau', 1);
		s.bump('reseau', 'RESEAU', 1);
		expect(s.label('reseau')).toBe('Réseau');
		s.bump('reseau', 'reseau', 1);
		expect(s.label('reseau')).toBe('reseau');
		s.bump('reseau', 'reseau', -1);
		expect(s.label('reseau')).toBe('Réseau');
	});

	it('forgets a spelling whose ballots were all withdrawn', () => {
		const s = new Spellings();
		s.bump('الثقہ', 'الثقة', 1);
		s.bump('الثقہ', 'الثقہ', 1);
		s.bump('الثقہ', 'الثقة', -1);
		expect(s.label('الثقہ')).toBe('الثقہ');
	});
});
