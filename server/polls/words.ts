/**
 * Word-cloud entries: one entry per phrase, normalised so that "Trust", "trust " and "TRÚST" count together, in
 * Latin, Arabic and Urdu script alike. Stop-words alone never make an entry.
 */
const STOP = new Set([
	// English
	...'a an and are as at be by for from in is it of on or the to with we our they their this that'.split(' '),
	// French, Spanish
	...'le la les des du de et un une el los las y en'.split(' '),
	// Arabic
	...['في', 'من', 'على', 'إلى', 'الى', 'عن', 'و', 'أو', 'او', 'ان', 'أن', 'هذا', 'هذه', 'مع'],
	// Urdu
	...['کے', 'کی', 'کا', 'اور', 'میں', 'ہے', 'سے', 'کو', 'پر', 'یہ', 'وہ', 'ہیں', 'بھی']
]);

// Arabic-script letters that Urdu and Arabic keyboards type differently for the same word.
const LETTER_VARIANTS: [RegExp, string][] = [
	[/[يى]/g, 'ی'], // Arabic yeh / alef maksura -> Farsi/Urdu yeh
	[/ك/g, 'ک'], // Arabic kaf -> keheh
	[/[ةۃ]/g, 'ہ'], // teh marbuta -> heh goal
	[/ه(?=\s|$)/g, 'ہ'], // word-final Arabic heh -> heh goal
	[/[أإآ]/g, 'ا'], // hamza-carrying alefs -> bare alef
	[/\u0640/g, ''] // tatweel (kashida) is only stretching
];

/** The key under which an entry is counted; null when nothing meaningful is left. */
export function normaliseEntry(raw: string): string | null {
	let s = raw.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC').toLocaleLowerCase('en');
	for (const [re, to] of LETTER_VARIANTS) s = s.replace(re, to);
	const words = s
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean)
		.filter((w) => !STOP.has(w));
	return words.length ? words.join(' ') : null;
}

/** The distinct entries of one ballot (a person cannot weight a word by typing it three times). */
export function ballotEntries(words: string[]): string[] {
	return [...new Set(words.map(normaliseEntry).filter((w): w is string => w !== null))];
}
