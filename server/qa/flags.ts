import { DataSet, englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import type { QuestionFlag } from '../../src/lib/protocol';
import { hasUrduOrArabicProfanity } from './profanity';

/**
 * Words of `obscenity`'s English list that this conference's delegates use in earnest: its subject is smuggling and
 * trafficking, and they ask about sex trafficking, rape as a crime, child pornography and incest. Flagged, every such
 * question would be held up as "profanity" (the Urdu and Arabic lists leave out their equivalents for the same reason,
 * see profanity.ts).
 */
const EARNEST = new Set(['sex', 'rape', 'porn', 'incest']);

/**
 * Words that contain a listed one only by accident of spelling: the list's "f?ck" takes "traffick" (trafficking,
 * traffickers) and "Fukushima"; "cum laude", "shiitake", "pussycat" and the town of Penistone are not insults either.
 */
const INNOCENT = ['traffick', 'fukushima', 'cum laude', 'shiitake', 'pussycat', 'penistone'];

const english = new DataSet<{ originalWord: string }>()
	.addAll(englishDataset)
	.removePhrasesIf((phrase) => EARNEST.has(phrase.metadata?.originalWord ?? ''))
	.build();
const profanity = new RegExpMatcher({
	...english,
	whitelistedTerms: [...(english.whitelistedTerms ?? []), ...INNOCENT],
	...englishRecommendedTransformers
});

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
// Passport, ID-card and case numbers: letters and digits mixed, e.g. "AB1234567", "FIR 123/2024", "case no. 4471".
// After a keyword, the number must be a word of its own holding a digit: "referred", "case study", "file a
// complaint" and "passport holders" are not numbers.
const ID_NUMBER =
	/\b(?:[A-Z]{1,3}\d{6,9}|\d{5}-\d{7}-\d)\b|\b(?:case|file|fir|passport|cnic|ref)\b\.?\s*(?:no\b\.?|number\b|#)?\s*[:#]?\s*(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{2,}/i;

// The country whose national numbers ("0300 1234567") a question may hold, from the event's time zone. Zones not
// listed still catch every number written internationally ("+44 20 ...").
const COUNTRY_BY_ZONE: Record<string, CountryCode> = {
	'Asia/Karachi': 'PK',
	'Asia/Kabul': 'AF',
	'Asia/Tehran': 'IR',
	'Asia/Kolkata': 'IN',
	'Asia/Dhaka': 'BD',
	'Asia/Dubai': 'AE',
	'Asia/Riyadh': 'SA',
	'Asia/Qatar': 'QA',
	'Africa/Cairo': 'EG',
	'Africa/Casablanca': 'MA',
	'Africa/Tunis': 'TN',
	'Europe/Istanbul': 'TR',
	'Europe/Brussels': 'BE',
	'Europe/Paris': 'FR',
	'Europe/Berlin': 'DE',
	'Europe/Rome': 'IT',
	'Europe/Madrid': 'ES',
	'Europe/Vienna': 'AT',
	'Europe/Amsterdam': 'NL',
	'Europe/London': 'GB',
	'Europe/Zurich': 'CH'
};

export const phoneCountryOf = (timezone: string): CountryCode | undefined => COUNTRY_BY_ZONE[timezone];

/**
 * What a moderator should look at before a question is published. Never blocks on its own. Phone numbers are what
 * libphonenumber takes for a valid number (national ones of `country`, any written with +), so years, ranges and
 * resolution numbers are not.
 */
export function flagText(typed: string, opts: { country?: CountryCode } = {}): QuestionFlag[] {
	// Read as a person reads it: without the invisible joiners (ZWNJ, ZWJ) that user text may keep, so that one typed
	// inside a word, an address or a number does not hide it from the checks.
	const text = typed.replace(/\p{Cf}/gu, '');
	const flags: QuestionFlag[] = [];
	if (profanity.hasMatch(text) || hasUrduOrArabicProfanity(text)) flags.push('profanity');
	if (EMAIL.test(text)) flags.push('email');
	if (findPhoneNumbersInText(text, { defaultCountry: opts.country }).length) flags.push('phone');
	if (ID_NUMBER.test(text)) flags.push('id-number');
	return flags;
}

/** What stands for a phone number, an e-mail address or an ID number taken out of a question kept on record. */
export const REDACTED = '•••';

/**
 * `typed` without its phone numbers, e-mail addresses and ID numbers (as `flagText` finds them), each replaced by
 * `REDACTED`; unchanged when it has none. For the asker's own words kept on record after a moderator's edit: a
 * number the moderator edited out of a question is not kept behind "show original".
 */
export function redactContacts(typed: string, opts: { country?: CountryCode } = {}): string {
	const text = typed.replace(/\p{Cf}/gu, '');
	const phones = findPhoneNumbersInText(text, { defaultCountry: opts.country });
	const global = (re: RegExp) => new RegExp(re.source, `${re.flags}g`);
	if (!phones.length && !EMAIL.test(text) && !ID_NUMBER.test(text)) return typed;
	let out = text;
	for (const p of [...phones].reverse()) out = out.slice(0, p.startsAt) + REDACTED + out.slice(p.endsAt);
	return out.replace(global(EMAIL), REDACTED).replace(global(ID_NUMBER), REDACTED);
}
