import { error, redirect } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { m } from '$lib/paraglide/messages';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import { SCREEN_ALSO_COOKIE, secondLanguage } from '$lib/screen/languages';
import { credentialScope, inScope } from '../../../../server/access/scope';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
	const staff = locals.staff;
	if (!staff || (staff.role !== 'screen' && staff.role !== 'organiser')) redirect(303, '/screen');
	// A hall's screen link shows that hall only.
	if (!inScope(credentialScope(staff), params.room)) redirect(303, `/screen/${staff.roomId}`);

	// A projector is set up once, by its URL (…?lang=ar&also=en): the languages are remembered on this screen's browser
	// and the address is cleaned, so a reload keeps them without the parameters.
	const lang = url.searchParams.get('lang');
	const also = url.searchParams.get('also');
	if (lang !== null || also !== null) {
		const options = {
			path: '/',
			sameSite: 'lax' as const,
			secure: url.protocol === 'https:',
			httpOnly: false
		};
		if (lang !== null && isLocale(lang)) cookies.set(cookieName, lang, { ...options, maxAge: cookieMaxAge });
		if (also !== null) {
			const second = secondLanguage(also);
			if (second) cookies.set(SCREEN_ALSO_COOKIE, second, { ...options, maxAge: cookieMaxAge });
			else cookies.delete(SCREEN_ALSO_COOKIE, options);
		}
		redirect(303, url.pathname);
	}

	const snapshot = await locals.ctx.services.events.snapshot(staff.eventId);
	const room = snapshot.rooms.find((r) => r.id === params.room);
	if (!room)
		error(404, {
			message: m.screen_no_room({ room: params.room }),
			missing: { kind: 'hall', name: params.room }
		});
	const joinUrl = `${locals.ctx.publicUrl ?? url.origin}/e/${snapshot.event.code}`;
	const qr = await QRCode.toDataURL(joinUrl, { errorCorrectionLevel: 'M', margin: 1, width: 600 });
	return { snapshot, roomId: room.id, joinUrl, qr, also: secondLanguage(cookies.get(SCREEN_ALSO_COOKIE)) };
};
