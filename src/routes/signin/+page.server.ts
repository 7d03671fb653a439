import { redirect } from '@sveltejs/kit';
import { STAFF_COOKIE } from '../../../server/access/access.service';
import type { PageServerLoad } from './$types';

const THIRTY_DAYS = 30 * 24 * 3600;

/** A staff link: swaps its one-time token for a signed httpOnly cookie, then leaves the URL so it is not bookmarked. */
export const load: PageServerLoad = ({ url, locals, cookies }) => {
	const token = url.searchParams.get('token') ?? '';
	const credential = locals.ctx.services.access.verifyToken(token);
	if (!credential) return { ok: false as const };
	cookies.set(STAFF_COOKIE, locals.ctx.services.access.cookieFor(credential.id), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: THIRTY_DAYS
	});
	const event = locals.ctx.services.events.byId(credential.eventId);
	if (credential.role === 'organiser') redirect(303, '/organiser');
	if (credential.role === 'moderator') redirect(303, '/moderator');
	if (credential.role === 'chair') redirect(303, '/chair');
	if (credential.role === 'screen')
		redirect(303, credential.roomId ? `/screen/${credential.roomId}` : '/screen');
	redirect(303, event ? `/e/${event.code}` : '/');
};
