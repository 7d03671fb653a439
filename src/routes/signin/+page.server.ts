import { fail, redirect } from '@sveltejs/kit';
import type { StaffRole } from '$lib/protocol';
import { STAFF_COOKIE } from '../../../server/access/access.service';
import { staffCookieOptions } from '../../../server/access/staff-cookie';
import type { Actions, PageServerLoad } from './$types';

/** Where each role's console is. */
function landing(c: { role: StaffRole | 'host'; roomId: string | null }): string {
	if (c.role === 'host') return '/host';
	if (c.role === 'organiser') return '/organiser';
	if (c.role === 'moderator') return '/moderator';
	if (c.role === 'chair') return '/chair';
	return c.roomId ? `/screen/${c.roomId}` : '/screen';
}

/**
 * A staff link shows what it would sign in as and a button; opening it (a GET, which any site can cause) signs
 * nobody in and uses nothing up.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	const found = await locals.ctx.services.signIns.preview(token);
	if (found.status !== 'ok') return { status: found.status };
	const c = found.credential;
	// A host's link covers every event on this installation, not one.
	if (c.role === 'host')
		return { status: 'ok' as const, token, role: c.role, label: c.label, event: null, room: null };
	const snapshot = await locals.ctx.services.events.snapshot(c.eventId);
	return {
		status: 'ok' as const,
		token,
		role: c.role,
		label: c.label,
		event: snapshot.event.title,
		room: c.roomId ? (snapshot.rooms.find((r) => r.id === c.roomId)?.name ?? c.roomId) : null
	};
};

export const actions: Actions = {
	/**
	 * Signing in: a form post, which SvelteKit accepts only from the pages' own origin. The link is used up; this
	 * browser gets a new sign-in (any it had before ends), and goes to its console.
	 */
	default: async ({ request, url, locals, cookies }) => {
		// A body that is not a form (a broken upload, a script's guess) is a link that does not work, not a crash.
		const form = await request.formData().catch(() => null);
		if (!form) return fail(400, { status: 'invalid' as const });
		const token = form.get('token');
		const result = await locals.ctx.services.signIns.exchange(typeof token === 'string' ? token : '');
		if (result.status !== 'ok') return fail(result.status === 'used' ? 410 : 400, { status: result.status });
		if (locals.signInId) {
			await locals.ctx.services.signIns.signOut(locals.signInId);
			locals.ctx.publish([{ type: 'signin-ended', signInId: locals.signInId, reason: 'signed-out' }]);
		}
		cookies.set(STAFF_COOKIE, result.secret, staffCookieOptions(locals.ctx, url, result.maxAgeSeconds));
		redirect(303, landing(result.credential));
	}
};
