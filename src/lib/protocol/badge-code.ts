/** Badge codes as pages handle them: no zod here, so a phone's page need not load the schemas. */

/** Crockford's base32: no I, L, O or U, so a code read off a badge cannot be mistyped into another letter. */
export const BADGE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 characters of base32: 50 bits, far beyond guessing at any rate the hub allows. */
export const BADGE_CODE_LENGTH = 10;
/** The most badge codes made at once (one printed batch). */
export const BADGE_BATCH_MAX = 2000;

/**
 * A code as a phone keyboard may type it, in Latin letters and digits: full-width forms folded (NFKC), and the digits an
 * Arabic ("٢٦") or Urdu ("۲۶") keyboard types read as the digits they are.
 */
export function latinDigits(input: string): string {
	return input
		.normalize('NFKC')
		.replace(/[\u0660-\u0669]/gu, (d) => String(d.charCodeAt(0) - 0x0660))
		.replace(/[\u06f0-\u06f9]/gu, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** Spaces and the dashes of any keyboard, which a code read off a badge or a screen may be typed with. */
const SPACES_AND_DASHES = /[\s\u00ad\u2010-\u2015\u2212-]/gu;

/** A code as typed: upper case, without spaces or dashes, with O read as 0 and I or L as 1. */
export function normaliseBadgeCode(input: string): string {
	return latinDigits(input)
		.toUpperCase()
		.replace(SPACES_AND_DASHES, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
}

/**
 * An event code as typed on the start page: in Latin digits, without the spaces a code read off the hall screen's
 * spaced-out letters is typed with ("ISB 26"). A code's own dashes stay.
 */
export const typedEventCode = (input: string) => latinDigits(input).replace(/\s+/gu, '');

/** A code as printed: two groups of five ("K7P2M-9XQ4T"). */
export const formatBadgeCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/** Where a badge's QR code points: the event page, with the code in the fragment (never sent to a server or logged). */
export const badgeJoinPath = (eventCode: string, code: string) =>
	`/e/${eventCode}#badge=${formatBadgeCode(code)}`;

export const BADGE_CODE = new RegExp(`^[${BADGE_ALPHABET}]{${BADGE_CODE_LENGTH}}$`);

/** Whether a normalised code has the shape of a badge code (for a page to check before sending it). */
export const isBadgeCode = (normalised: string) => BADGE_CODE.test(normalised);
