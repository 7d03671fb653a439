import { error, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getTextDirection } from '$lib/paraglide/runtime';
import { getAppContext, secureCookie } from '../server/context';
import { STAFF_COOKIE } from '../server/access/access.service';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S } from '../server/devices/devices.service';
import { staffCookieOptions } from '../server/access/staff-cookie';

/** The staff pages and endpoints: the consoles, the hall screens, sign-in and sign-out, and the organiser's export and import. */
const STAFF_ROUTES = ['/host', '/organiser', '/moderator', '/chair', '/screen', '/signin', '/signout'];

/** Whether a route is a staff route (the route itself or anything under it). */
const isStaffRoute = (routeId: string | null) =>
	routeId !== null && STAFF_ROUTES.some((r) => routeId === r || routeId.startsWith(`${r}/`));

/** Staff pages are personal (event data behind a staff link): no browser or shared cache may keep them. */
const staffNoStore: Handle = ({ event, resolve }) => {
	if (isStaffRoute(event.route.id)) event.setHeaders({ 'cache-control': 'private, no-store' });
	return resolve(event);
};

/**
 * A form post naming `?/default`: SvelteKit reserves that name and throws a plain error for it (a 500 and a stack in
 * the log); it is answered as any other action the page does not have.
 */
const reservedAction: Handle = ({ event, resolve }) => {
	if (event.request.method === 'POST') {
		const named = [...event.url.searchParams.keys()].find((k) => k.startsWith('/'));
		if (named === '/default') error(404, "No action with name 'default' found");
	}
	return resolve(event);
};

/**
 * Gives every browser an anonymous device id the hub signed (httpOnly; the hub stores only a keyed hash of it). A
 * missing or unverifiable one is replaced, within the per-address issuance limit; past it the page still loads,
 * and its writes wait until POST /api/device succeeds.
 */
const identity: Handle = async ({ event, resolve }) => {
	const ctx = getAppContext();
	event.locals.ctx = ctx;
	const secure = secureCookie(ctx, event.url);
	const { devices } = ctx.services;
	if (!devices.verify(event.cookies.get(DEVICE_COOKIE))) {
		// A limit that cannot be checked now (cluster mode, Redis away) is treated as reached: the page still loads.
		const issued = await devices.issue(event.getClientAddress()).catch(() => null);
		if (issued?.ok) {
			event.cookies.set(DEVICE_COOKIE, issued.cookie, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure,
				maxAge: DEVICE_COOKIE_MAX_AGE_S
			});
		}
	}
	return resolve(event);
};

/**
 * The staff sign-in behind the cookie, if it stands. A request renews its secret once it is old enough (the old one
 * keeps working for a short grace, for requests already under way); a cookie whose sign-in is over is cleared.
 */
const staffSignIn: Handle = async ({ event, resolve }) => {
	const ctx = event.locals.ctx;
	const value = event.cookies.get(STAFF_COOKIE);
	const found = await ctx.services.signIns.fromCookie(value);
	const credential = found?.credential ?? null;
	// A host's link belongs to no event: the event consoles never see it as staff.
	event.locals.staff = credential?.role === 'host' ? null : credential;
	event.locals.host = credential?.role === 'host' ? credential : null;
	event.locals.signInId = found?.signIn.id ?? null;
	if (found) {
		const renewed = await ctx.services.signIns.refresh(found, true);
		if (renewed)
			event.cookies.set(
				STAFF_COOKIE,
				renewed.secret,
				staffCookieOptions(ctx, event.url, renewed.maxAgeSeconds)
			);
	} else if (value) {
		event.cookies.delete(STAFF_COOKIE, staffCookieOptions(ctx, event.url, 0));
	}
	return resolve(event);
};

/**
 * The page's language: the language cookie (set by the switcher), else the browser's Accept-Language, else English;
 * written on <html> with its direction (rtl for Urdu and Arabic). Pages differ by both, so caches must tell them apart.
 */
const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, async ({ request, locale }) => {
		event.request = request;
		const response = await resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%paraglide.dir%', getTextDirection(locale))
					// The hub's time, for a page on a phone whose clock is off (src/lib/agenda/hub-clock.ts); not in the
					// app's shell, which the service worker keeps and serves later.
					.replace(
						'%dais.now%',
						event.url.pathname === '/app-shell' ? '' : String(event.locals.ctx.services.clock.now().getTime())
					)
		});
		if (response.headers.get('content-type')?.startsWith('text/html')) {
			response.headers.append('vary', 'Accept-Language, Cookie');
		}
		return response;
	});

export const handle = sequence(reservedAction, staffNoStore, identity, staffSignIn, i18n);
