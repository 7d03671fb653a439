import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getTextDirection } from '$lib/paraglide/runtime';
import { getAppContext } from '../server/context';
import { STAFF_COOKIE } from '../server/access/access.service';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S } from '../server/devices/devices.service';

/** The staff pages and endpoints: the consoles, the hall screens, sign-in, and the organiser's export and import. */
const STAFF_ROUTES = ['/organiser', '/moderator', '/chair', '/screen', '/signin'];

/** Whether a route is a staff route (the route itself or anything under it). */
const isStaffRoute = (routeId: string | null) =>
	routeId !== null && STAFF_ROUTES.some((r) => routeId === r || routeId.startsWith(`${r}/`));

/** Staff pages are personal (event data behind a staff link): no browser or shared cache may keep them. */
const staffNoStore: Handle = ({ event, resolve }) => {
	if (isStaffRoute(event.route.id)) event.setHeaders({ 'cache-control': 'private, no-store' });
	return resolve(event);
};

/**
 * Gives every browser an anonymous device id the hub signed (httpOnly; the hub stores only a keyed hash of it). A
 * missing or unverifiable one is replaced, within the per-address issuance limit; past it the page still loads,
 * and its writes wait until POST /api/device succeeds.
 */
const identity: Handle = ({ event, resolve }) => {
	const ctx = getAppContext();
	event.locals.ctx = ctx;
	const secure = event.url.protocol === 'https:';
	const { devices } = ctx.services;
	if (!devices.verify(event.cookies.get(DEVICE_COOKIE))) {
		const issued = devices.issue(event.getClientAddress());
		if (issued.ok) {
			event.cookies.set(DEVICE_COOKIE, issued.cookie, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure,
				maxAge: DEVICE_COOKIE_MAX_AGE_S
			});
		}
	}
	event.locals.staff = ctx.services.access.fromCookie(event.cookies.get(STAFF_COOKIE)) ?? null;
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

export const handle = sequence(staffNoStore, identity, i18n);
