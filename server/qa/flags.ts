import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import type { QuestionFlag } from '../../src/lib/protocol';

const profanity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
// Seven or more digits once spaces, dots, dashes and brackets are ignored: phone numbers in any national format.
const PHONE = /(?:\+|\b)\d(?:[\s.\-()]*\d){6,}/;
// Passport, ID-card and case numbers: letters and digits mixed, e.g. "AB1234567", "FIR 123/2024", "case no. 4471".
const ID_NUMBER =
	/\b(?:[A-Z]{1,3}\d{6,9}|\d{5}-\d{7}-\d)\b|\b(?:case|file|fir|passport|cnic|ref)\s*(?:no\.?|number|#)?\s*[:#]?\s*[A-Z0-9][A-Z0-9/-]{2,}/i;

/** What a moderator should look at before a question is published. Never blocks on its own. */
export function flagText(text: string): QuestionFlag[] {
	const flags: QuestionFlag[] = [];
	if (profanity.hasMatch(text)) flags.push('profanity');
	if (EMAIL.test(text)) flags.push('email');
	if (PHONE.test(text)) flags.push('phone');
	if (ID_NUMBER.test(text)) flags.push('id-number');
	return flags;
}
