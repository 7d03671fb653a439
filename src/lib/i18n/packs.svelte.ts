import { packs as loaders } from 'virtual:dais-message-packs';
import { baseLocale, getLocale } from '$lib/paraglide/runtime';

/**
 * The languages other than English, loaded per language and area (see scripts/locale-packs.ts): the browser build's
 * messages look their text up here and say it in English until the pack is in. Reactive, so a pack that arrives
 * after the first render (a language switched to) re-renders what it translates.
 */
type Message = (inputs: unknown) => string;
type Pack = Record<string, Message>;

let loaded = $state.raw<Record<string, Pack>>({});
// Bookkeeping, not state: what a render reads is `loaded`.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const areas = new Set<string>();
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const pending = new Map<string, Promise<void>>();

/**
 * A message as the browser build compiles it: English in the page's code, the other languages from their pack (in
 * English until it is in). Called like Paraglide's own messages: `m.x(inputs, { locale })`.
 */
export const message =
	(id: string, base: Message) =>
	(inputs?: unknown, options: { locale?: string } = {}): string => {
		const locale = options.locale ?? getLocale();
		return (locale === baseLocale ? undefined : loaded[locale]?.[id])?.(inputs) ?? base(inputs);
	};

/** The packs a page needs: an attendee page's own and the layouts'; any other page, all of them. */
export function messageAreas(routeId: string | null): string[] {
	// every language has the same areas
	const all = Object.keys(Object.values(loaders)[0] ?? {});
	return routeId && all.includes(routeId) ? ['layout', routeId] : all;
}

/** Loads `locale`'s packs for these areas and every area loaded before; resolves at once when they are in. */
export function loadMessages(locale: string, ...more: string[]): Promise<void> {
	for (const a of more) areas.add(a);
	const forLocale = loaders[locale];
	if (!forLocale) return Promise.resolve();
	return Promise.all(
		[...areas].map((a) => {
			const key = `${locale}/${a}`;
			let p = pending.get(key);
			if (!p && forLocale[a]) {
				p = forLocale[a]().then((mod) => {
					loaded = { ...loaded, [locale]: { ...loaded[locale], ...mod.default } };
				});
				// a pack that failed (offline before the service worker kept it) is tried again next time
				p.catch(() => pending.delete(key));
				pending.set(key, p);
			}
			return p ?? Promise.resolve();
		})
	).then(() => undefined);
}
