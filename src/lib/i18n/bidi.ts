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
