import { foldWords } from '../../src/lib/text/fold';

/**
 * Urdu and Arabic profanity the moderator should see flagged (English is the `obscenity` package's). Small and
 * curated on purpose: a flag only holds a question for review, but a word that is also innocent in the other language
 * would hold every question that uses it, so each entry was checked against both languages.
 *
 * Sources:
 * - Arabic: picked from the LDNOOBW list `ar` (github.com/LDNOOBW/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words,
 *   file `ar`), keeping sexual insults and slurs only. Left out on purpose: words a conference on smuggling uses in
 *   earnest (اغتصاب rape, عاهرة / دعارة prostitution, حيوان, كذاب), and نيك and خول, which are the ordinary Urdu
 *   words نیک (good) and خول (shell) once folded.
 * - Urdu: the Hindustani insults of LDNOOBW `hi` and of the Roman-Urdu moderation lists in common use, written in
 *   Urdu script (Nastaliq spellings with ہ and ی), plus their usual Roman-Urdu spellings. Left out: کس (which), کتی,
 *   کمینہ (mild), and anything that is also a place or trade name (لنڈا بازار is why لنڈ matches only on its own).
 * Entries are folded like the text (see `foldWords`), so Arabic/Urdu letter variants, harakat and tatweel all hit.
 */
const ARABIC = [
	'كس امك',
	'كسمك',
	'كس اختك',
	'شرموط',
	'شرموطة',
	'قحبة',
	'ابن القحبة',
	'ولد القحبة',
	'منيوك',
	'متناك',
	'متناكة',
	'انيك',
	'انيكك',
	'زب',
	'طيز',
	'عرص',
	'ابن الكلب',
	'ابن كلب',
	'ديوث'
];

const URDU = [
	'مادرچود',
	'مادر چود',
	'بہن چود',
	'بہنچود',
	'چوتیا',
	'گانڈ',
	'گانڈو',
	'حرامزادہ',
	'حرامزادے',
	'حرامی',
	'کتیا',
	'رنڈی',
	'بھڑوا',
	'لنڈ',
	'لوڑا',
	'madarchod',
	'behenchod',
	'bhenchod',
	'chutiya',
	'gandu',
	'haramzada',
	'randi',
	'bhosdi'
];

const PHRASES = [...ARABIC, ...URDU].map(foldWords);
const FIRST_WORDS = new Set(PHRASES.map((p) => p[0]));

/** Whether the text contains one of the listed Urdu or Arabic insults, as whole words, in any spelling variant. */
export function hasUrduOrArabicProfanity(text: string): boolean {
	const words = foldWords(text);
	return words.some(
		(w, i) => FIRST_WORDS.has(w) && PHRASES.some((p) => p[0] === w && p.every((pw, j) => words[i + j] === pw))
	);
}
