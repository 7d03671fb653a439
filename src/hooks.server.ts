import { randomBytes } from 'node:crypto';
import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getTextDirection } from '$lib/paraglide/runtime';
import { getAppContext } from '../server/context';
import { DEVICE_COOKIE, STAFF_COOKIE } from '../server/access/access.service';

const FOUR_HUNDRED_DAYS = 400 * 24 * 3600;

/** Gives every browser an anonymous device id (httpOnly; the hub only ever stores a salted hash of it). */
const identity: Handle = ({ event, resolve }) => {
	const ctx = getAppContext();
	event.locals.ctx = ctx;
	const secure = event.url.protocol === 'https:';
	if (!event.cookies.get(DEVICE_COOKIE)) {
		event.cookies.set(DEVICE_COOKIE, randomBytes(16).toString('base64url'), {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure,
			maxAge: FOUR_HUNDRED_DAYS
		});
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

export const handle = sequence(identity, i18n);
