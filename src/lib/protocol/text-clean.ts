/**
 * What people type, made safe to show in a hall: one helper for every user-text field of the protocol, applied
 * before any length check so that a question of 300 zero-width spaces is empty, not 300 characters long.
 *
 * Removed: bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069: they make a line read backwards on
 * every phone and screen) and every other format (Cf) or control (Cc) character, such as zero-width spaces, the
 * byte-order mark and soft hyphens, and half of a surrogate pair (what is left of an emoji cut in two, which
 * SQLite would store as U+FFFD). Kept: ZWNJ and ZWJ (U+200C, U+200D), which Urdu, Arabic and Persian spelling
 * and emoji sequences need, the tags of a subdivision flag's emoji, and newlines in fields that allow several lines
 * (elsewhere a line break becomes a space).
 */

/** Line breaks and tabs, normalised before the invisible characters go. */
const LINE_BREAK = /\r\n?|[\u2028\u2029\u0085]/g;
const TAB = /\t/g;
/**
 * Every format or control character except ZWNJ, ZWJ and the newline (handled per field), and lone surrogates; but a
 * subdivision flag (England, Scotland, Wales: a black flag, three to six tag letters or digits naming the region,
 * and the cancel tag) is kept whole, as the first group. Tag characters anywhere else go: they draw nothing, and can
 * carry a hidden message.
 */
const INVISIBLE =
	/(\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{3,6}\u{E007F})|(?!\u200C|\u200D|\n)[\p{Cf}\p{Cc}\p{Cs}]/gu;
const keepFlag = (_: string, flag: string | undefined) => flag ?? '';
/** Letters that draw nothing (Hangul fillers, the blank Braille pattern): text made only of them is empty. */
const BLANK_LETTERS = /[\u115F\u1160\u3164\uFFA0\u2800]/g;
/** The Hangul fillers, which only pad a name out with blank space; noncharacters, which are never text. */
const FILLERS = /[\u115F\u1160\u3164\uFFA0]|\p{Noncharacter_Code_Point}/gu;
/**
 * Marks stacked on one letter beyond what any script needs (Arabic's shadda with a vowel, Vietnamese's two accents,
 * a Tibetan stack): more is "zalgo" text, which climbs over the lines above it on a phone and the hall screen.
 */
const MARK_PILE = /(\p{M}{6})\p{M}+/gu;
/** Something a reader can see: a letter, digit, punctuation mark or symbol. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

export const INVISIBLE_TEXT_MESSAGE = 'is empty or made only of invisible characters';

/** The text with invisible and direction-changing characters removed; `multiline` keeps newlines (as `\n`). */
export function cleanText(text: string, opts: { multiline?: boolean } = {}): string {
	const breaks = text.replace(LINE_BREAK, '\n').replace(TAB, ' ');
	const lines = opts.multiline ? breaks : breaks.replace(/\n+/g, ' ');
	return lines.replace(INVISIBLE, keepFlag).replace(FILLERS, '').replace(MARK_PILE, '$1');
}

/** Whether a reader would see anything: not only spaces, joiners, fillers or marks. */
export function hasVisibleText(text: string): boolean {
	return VISIBLE.test(text.replace(BLANK_LETTERS, ''));
}
