import { m } from '$lib/paraglide/messages';

/**
 * Wraps text someone typed (a title, a name, a room) for use inside a message: Unicode's first-strong isolate
 * (FSI … PDI) is a <bdi> in plain text, so "Hall B" in an Urdu sentence, or an Urdu title in an English one, keeps
 * its own direction and does not drag the sentence's punctuation to the wrong end. Also for attributes and <title>.
 */
export const isolate = (text: string) => `\u2068${text}\u2069`;

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

/**
 * The direction of text someone typed, by its first letter (Unicode's first-strong rule, what `dir="auto"` does), or
 * null when it has no letter. For a control that cannot take `dir="auto"` on what it shows, such as a closed
 * `<select>`: laid out in its text's own direction, a long text is cut at its end rather than its start.
 */
export function textDirection(text: string): 'ltr' | 'rtl' | null {
	const first = /\p{L}/u.exec(text)?.[0];
	if (!first) return null;
	return RTL_LETTER.test(first) ? 'rtl' : 'ltr';
}
