import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, getTextDirection } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

/** The icons made from static/favicon.svg by scripts/icons.ts. */
const ICONS = [
	{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
	{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
	{ src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
	{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
	{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }
];

/**
 * The web app manifest of one event: added to a phone's home screen, Dais opens on that event's programme, in its
 * own window, and stays within the event's pages.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const event = await locals.ctx.services.events.byCode(params.code.toUpperCase());
	if (!event) error(404, { message: `No event has the code ${params.code}` });
	const home = `/e/${event.code}`;
	const manifest = {
		id: home,
		name: event.title,
		short_name: `Dais ${event.code}`,
		description: m.app_tagline(),
		lang: getLocale(),
		dir: getTextDirection(),
		start_url: home,
		scope: home,
		display: 'standalone',
		background_color: '#f5f7f9',
		theme_color: '#0f3b5f',
		icons: ICONS
	};
	return new Response(JSON.stringify(manifest), {
		headers: { 'content-type': 'application/manifest+json', 'cache-control': 'no-cache' }
	});
};
