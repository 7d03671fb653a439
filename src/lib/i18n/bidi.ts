import { m } from '$lib/paraglide/messages';

/**
 * Wraps text someone typed (a title, a name, a room) for use inside a message: Unicode's first-strong isolate
 * (FSI … PDI) is a <bdi> in plain text, so "Hall B" in an Urdu sentence, or an Urdu title in an English one, keeps
 * its own direction and does not drag the sentence's punctuation to the wrong end. Also for attributes and <title>.
 */
export const isolate = (text: string) => `\u2068${bidiText(text)}\u2069`;

/**
 * Pieces people typed (name, organisation, country) in one line: each isolated, joined by the language's comma, laid
 * out in the page's direction.
 */
export const isolatedList = (parts: (string | null | undefined)[]) =>
	parts
		.filter((p): p is string => Boolean(p))
		.map(isolate)
		.join(m.list_separator());

/** Letters of the scripts written right to left (Arabic and Urdu, Hebrew, Syriac, Thaana, N'Ko). */
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const WORD = /\p{L}[\p{L}\p{M}]*/gu;
/** A Latin acronym (UNODC, FIA, EU): as often set in an Urdu or Arabic phrase as in an English one. */
const ACRONYM = /^\p{Lu}{2,6}$/u;

/**
 * The direction of text someone typed, or null when it has no letter: that of most of its words (a Latin acronym
 * counting half a word), and on a tie that of its first letter. Unicode's first-strong rule (what `dir="auto"` does on
 * its own) reads an Urdu sentence that opens with an acronym, "FIA اور UNODC کے ساتھ …", as left to right, and
 * scrambles it: this conference's Urdu and Arabic open with FIA, UNODC, IOM or the EU all the time, and a short
 * label such as "UNODC پورٹل" is an Urdu one.
 */
export function textDirection(text: string): 'ltr' | 'rtl' | null {
	let rtl = 0;
	let ltr = 0;
	for (const [word] of text.matchAll(WORD)) {
		if (RTL_LETTER.test(word[0])) rtl++;
		else ltr += ACRONYM.test(word) ? 0.5 : 1;
	}
	if (rtl !== ltr) return rtl > ltr ? 'rtl' : 'ltr';
	return firstStrong(text);
}

function firstStrong(text: string): 'ltr' | 'rtl' | null {
	const first = /\p{L}/u.exec(text)?.[0];
	if (!first) return null;
	return RTL_LETTER.test(first) ? 'rtl' : 'ltr';
}

/** Digits of any script (ASCII, Arabic-Indic, Urdu's extended Arabic-Indic). */
const D = '[0-9\u0660-\u0669\u06F0-\u06F9]';
/**
 * A number written in groups: a phone number ("051-111-345-786", "0300 1234567", "+92 51 9201234"), an ID or a date
 * in three parts. Two groups of up to four digits joined by a hyphen are a range ("2026-2030") and left alone: in an
 * Arabic or Urdu sentence a range reads from right to left like its words.
 */
const GROUPED = new RegExp(`\\+${D}+(?:[ .\\-]${D}+)*|${D}+(?:[ .\\-]${D}+)+`, 'gu');
const isRange = (n: string) => /^[^ .-]{1,4}[-][^ .-]{1,4}$/u.test(n);
const digitCount = (n: string) => n.replace(/[^0-9\u0660-\u0669\u06F0-\u06F9]/gu, '').length;

/** Unicode's left-to-right isolate, its pop, and the two marks. */
const LRI = '\u2066';
const PDI = '\u2069';
const LRM = '\u200E';
const RLM = '\u200F';

/**
 * Text someone typed, made ready to show in an element with `dir="auto"`:
 * - when most of its words run the other way from its first letter, it opens with an invisible mark of their direction
 *   (`dir="auto"` then follows the mark), so an Urdu question that starts with "UNODC" is laid out right to left;
 * - a number in groups is isolated left to right: after Arabic letters, Unicode's rules take "051-111-345-786" for
 *   four Arabic numbers and show them in the sentence's order, "786-345-111-051", which a reader would dial.
 * Nothing else changes; text without a letter or such a number comes back as it was.
 */
export function bidiText(text: string): string {
	const numbered = RTL_LETTER.test(text)
		? text.replace(GROUPED, (n) => (isRange(n) || digitCount(n) < 7 ? n : `${LRI}${n}${PDI}`))
		: text;
	const dir = textDirection(text);
	if (!dir || dir === firstStrong(text)) return numbered;
	return (dir === 'rtl' ? RLM : LRM) + numbered;
}

/** A piece of typed text as it is shown: words, or a number-like run kept whole and left to right (see `bidiRuns`). */
export interface TextRun {
	text: string;
	number: boolean;
}

/**
 * Digits in groups joined by + - / . or a space, optionally after a Latin code and a hyphen: "+92-300-1234567",
 * "FIA-2026-0412", "FIR-123/2024", "12/08/2026", "0300 1234567". Which of them are runs is `isRun`'s call.
 */
const RUN = new RegExp(`(?:(?<![\\p{L}\\p{N}])\\p{Lu}{1,8}-)?\\+?${D}+(?:[ ./\\-]${D}+)*`, 'gu');

/**
 * Whether a match of RUN is one thing a reader dials, files or copies, never to be split: a case number with its
 * letters, a number in groups (as `bidiText` isolates them: a space-separated one from 7 digits, so "12 3" is two
 * numbers); not a lone number, nor a range of two short groups ("2026-2030"), which in Arabic or Urdu reads from
 * right to left like its words.
 */
function isRun(n: string): boolean {
	const grouped = /[./-]/u.test(n);
	if (/^\p{L}/u.test(n)) return true;
	// "12 051-111-345" is a number and a phone number, not one number: only groups of bare digits join by a space,
	// or anything after a country code ("+212 661-234567", "+44 20 7946 0958").
	if (n.includes(' '))
		return digitCount(n) >= 7 && (n.startsWith('+') || !n.split(' ').some((part) => /[./-]/u.test(part)));
	if (n.startsWith('+')) return grouped || digitCount(n) >= 7;
	return grouped && !isRange(n);
}

/**
 * Text someone typed, cut into what `UserText` draws: number-like runs (`isRun`) each shown in a left-to-right
 * isolate that does not break inside, and the words between them. Like `bidiText`, it opens with an invisible mark of
 * the direction most words take when the first letter `dir="auto"` sees (outside the runs, which it skips) says
 * otherwise. Joined, the pieces are the text (with that mark).
 */
export function bidiRuns(text: string): TextRun[] {
	const runs: TextRun[] = [];
	let at = 0;
	const push = (piece: string, number: boolean) => {
		if (!piece) return;
		const last = runs.at(-1);
		if (last && !last.number && !number) last.text += piece;
		else runs.push({ text: piece, number });
	};
	for (const match of text.matchAll(RUN)) {
		const n = match[0];
		push(text.slice(at, match.index), false);
		at = match.index + n.length;
		if (isRun(n)) push(n, true);
		// A space-separated match that is not one number may still hold one: "12 051-111-345".
		else for (const part of n.split(/( )/u)) push(part, part !== ' ' && isRun(part));
	}
	push(text.slice(at), false);
	const dir = textDirection(text);
	const seen = firstStrong(
		runs
			.filter((r) => !r.number)
			.map((r) => r.text)
			.join('')
	);
	if (dir && dir !== seen) {
		const mark = dir === 'rtl' ? RLM : LRM;
		if (runs[0] && !runs[0].number) runs[0].text = mark + runs[0].text;
		else runs.unshift({ text: mark, number: false });
	}
	return runs;
}
