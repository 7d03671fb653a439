import {
	baseLocale,
	cookieMaxAge,
	cookieName,
	getLocale,
	getTextDirection,
	isLocale,
	locales,
	overwriteGetLocale,
	overwriteSetLocale,
	type Locale
} from '$lib/paraglide/runtime';
import { loadMessages } from './packs.svelte';

export { locales, type Locale };

/** "rtl" for Urdu and Arabic. */
export const textDirection = (locale: Locale): 'ltr' | 'rtl' => getTextDirection(locale);

/**
 * The page's language in the browser, as reactive state. Paraglide's messages read it through `getLocale()`, so every
 * template and `$derived` that shows a message re-renders when it changes: a switch keeps half-typed questions,
 * open forms and the live connection, where Paraglide's own `setLocale()` would reload the page.
 */
class PageLocale {
	current = $state<Locale>(baseLocale);
}
const page = new PageLocale();

if (typeof document !== 'undefined') {
	// The server chose the language (cookie, then Accept-Language) and wrote it on <html>: start from the same one, so
	// hydration renders what the server rendered. The offline shell (the only page without the hub's time on it) was
	// rendered when the service worker kept it, perhaps before a switch: it starts in the language chosen since.
	const html = document.documentElement;
	page.current = isLocale(html.lang) ? html.lang : baseLocale;
	overwriteGetLocale(() => page.current);
	overwriteSetLocale((locale) => switchLocale(locale));
	const chosen = html.dataset.hubNow ? null : chosenLocale(document.cookie);
	if (chosen && chosen !== page.current) show(chosen);
}

// The other tabs of this browser follow a switch made in one (the cookie they would read on their next load is
// already the new one); where the browser has no BroadcastChannel they follow at their next load.
const tabs =
	typeof document === 'undefined' || typeof BroadcastChannel === 'undefined'
		? null
		: new BroadcastChannel('dais-locale');
tabs?.addEventListener('message', (e: MessageEvent<unknown>) => {
	if (isLocale(e.data) && e.data !== page.current) show(e.data);
});

/** The language Paraglide's cookie holds, if it holds one. */
export function chosenLocale(cookies: string): Locale | null {
	for (const part of cookies.split(';')) {
		const [name, value] = part.trim().split('=');
		if (name === cookieName && isLocale(value)) return value;
	}
	return null;
}

/** The language the page is shown in (on the server, the request's). */
export const currentLocale = (): Locale => getLocale();

/** Shows the page in another language at once and remembers the choice in Paraglide's cookie for the next visit. */
export function switchLocale(locale: Locale) {
	if (typeof document === 'undefined') return;
	const secure = location.protocol === 'https:' ? '; secure' : '';
	document.cookie = `${cookieName}=${locale}; path=/; max-age=${cookieMaxAge}; samesite=lax${secure}`;
	tabs?.postMessage(locale);
	show(locale);
}

/** Turns the page when the language's messages are in (at once once fetched; English if they cannot be). */
function show(locale: Locale) {
	void loadMessages(locale)
		.catch(() => undefined)
		.then(() => {
			const html = document.documentElement;
			html.lang = locale;
			html.dir = textDirection(locale);
			page.current = locale;
		});
}
