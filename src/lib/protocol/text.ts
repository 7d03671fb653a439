import { z } from 'zod';
import { cleanText, hasVisibleText, INVISIBLE_TEXT_MESSAGE } from './text-clean';

export * from './text-clean';

export interface UserTextOptions {
	/** Shortest accepted length after cleaning; 0 makes the field optional (empty is fine, invisible is not). */
	min?: number;
	/** The field may hold several lines. */
	multiline?: boolean;
	/** Whether invisible-only text stops the whole payload's checks (default) or lets the other fields be checked too. */
	abort?: boolean;
}

/** A user-text field: cleaned, trimmed, refused if nothing visible is left, then held to its length. */
export function UserText(max: number, opts: UserTextOptions = {}) {
	const min = opts.min ?? 1;
	return z
		.string()
		.overwrite((s) => cleanText(s, opts))
		.trim()
		.refine((s) => (min === 0 && s === '') || hasVisibleText(s), {
			message: INVISIBLE_TEXT_MESSAGE,
			// by default nothing more is said of such a field; a form that must hear every problem at once says false
			abort: opts.abort ?? true
		})
		.min(min)
		.max(max);
}

/** One line of required text (a title, a name, a label). */
export const ShortText = (max: number) => UserText(max);
