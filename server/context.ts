import type { Effect } from './effects';
import type { Services } from './services';

/**
 * What SvelteKit's server code (hooks, loads, endpoints) needs from the hub. The SvelteKit build is a separate
 * bundle, so the hub hands it over through a well-known global instead of a module import.
 */
export interface AppContext {
	services: Services;
	/** The hub's one publisher: sends effects of a committed change to their rooms. */
	publish(effects: readonly Effect[]): void;
	/** The configured public address for join links and QR codes; null means "the address the page was loaded from". */
	publicUrl: string | null;
	/** Whether cookies are marked Secure: true when PUBLIC_URL is https, false when http, null: as the request came in. */
	secureCookies: boolean | null;
}

/** Whether a cookie set on a request to `url` must be marked Secure (PUBLIC_URL decides, when it is set). */
export const secureCookie = (ctx: AppContext, url: URL) => ctx.secureCookies ?? url.protocol === 'https:';

const KEY = Symbol.for('dais.app-context');

export function setAppContext(ctx: AppContext | undefined) {
	(globalThis as Record<symbol, unknown>)[KEY] = ctx;
}

export function getAppContext(): AppContext {
	const ctx = (globalThis as Record<symbol, unknown>)[KEY] as AppContext | undefined;
	if (!ctx) throw new Error('Dais hub context is not set: start the app with `npm start` or `npm run dev`');
	return ctx;
}
