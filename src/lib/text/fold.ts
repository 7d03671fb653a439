/**
 * Text folded for matching, the same on the hub and in the browser: lower case, no accents or harakat, one spelling of
 * the Arabic/Urdu letters that the two languages' keyboards type differently, split into words on anything that is
 * not a letter or a digit. Used for the word cloud's grouping, the profanity lists and the moderator's search.
 */
const LETTER_VARIANTS: [RegExp, string][] = [
	[/[يى]/g, 'ی'], // Arabic yeh / alef maksura -> Farsi/Urdu yeh
	[/ك/g, 'ک'], // Arabic kaf -> keheh
	[/[ةۃ]/g, 'ہ'], // teh marbuta -> heh goal
	[/ه(?=\s|$)/g, 'ہ'], // word-final Arabic heh -> heh goal
	[/[أإآ]/g, 'ا'], // hamza-carrying alefs -> bare alef
	[/\u0640/g, ''] // tatweel (kashida) is only stretching
];

/**
 * Invisible format characters: the joiners (ZWNJ, ZWJ) that user text keeps for Urdu and Persian spelling (the
 * protocol removes the others, see text-clean.ts) only shape letters, so a word is the same word with or without
 * them, and one typed inside an insult does not hide it.
 */
const FORMAT = /\p{Cf}/gu;

export function foldWords(raw: string): string[] {
	let s = raw
		.replace(FORMAT, '')
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.normalize('NFC')
		.toLocaleLowerCase('en');
	for (const [re, to] of LETTER_VARIANTS) s = s.replace(re, to);
	return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}
