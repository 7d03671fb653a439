import { redirect } from '@sveltejs/kit';
import { STAFF_COOKIE } from '../../../server/access/access.service';
import { staffCookieOptions } from '../../../server/access/staff-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: locals.staff !== null });

export const actions: Actions = {
	/** Ends this browser's sign-in (its open staff pages are disconnected) and clears the cookie. */
	default: async ({ locals, cookies, url }) => {
		if (locals.signInId) {
			await locals.ctx.services.signIns.signOut(locals.signInId);
			locals.ctx.publish([{ type: 'signin-ended', signInId: locals.signInId, reason: 'signed-out' }]);
		}
		cookies.delete(STAFF_COOKIE, staffCookieOptions(locals.ctx, url, 0));
		redirect(303, '/signout');
	}
};
