import { isLocale, type Locale } from '$lib/paraglide/runtime';

/** The cookie that remembers a hall screen's second language on that screen's browser. */
export const SCREEN_ALSO_COOKIE = 'dais_screen_also';

/** A second language from a URL parameter or the cookie: a known locale, or null for none. */
export const secondLanguage = (value: string | null | undefined): Locale | null =>
	value && isLocale(value) ? value : null;
