import { browser } from '$app/environment';
import { getLocale } from '$lib/paraglide/runtime';
import { loadMessages, messageAreas } from '$lib/i18n/packs.svelte';
// Sets Paraglide's locale to the page's before the first message is looked up.
import '$lib/i18n/locale.svelte';
import type { LayoutLoad } from './$types';

/**
 * The page's language is in before it hydrates (so the browser renders the text the server did). A pack that cannot
 * be fetched (offline before the service worker kept it) leaves the page in English rather than broken.
 */
export const load: LayoutLoad = async ({ route }) => {
	if (browser) await loadMessages(getLocale(), ...messageAreas(route.id)).catch(() => undefined);
};
