import type { PageServerLoad } from './$types';

/**
 * The organiser console. Without an organiser's cookie the page says how to sign in and loads nothing else, so
 * nothing about the event leaks to a stranger or to another kind of staff link.
 */
export const load: PageServerLoad = async ({ locals }) => {
	const staff = locals.staff;
	if (!staff || staff.role !== 'organiser') {
		return { signedIn: false as const, otherRole: staff?.role ?? null };
	}
	const event = await locals.ctx.services.events.byId(staff.eventId);
	if (!event) return { signedIn: false as const, otherRole: null };
	return {
		signedIn: true as const,
		snapshot: await locals.ctx.services.events.snapshot(staff.eventId),
		credential: { id: staff.id, roomId: staff.roomId, label: staff.label },
		publicUrl: locals.ctx.publicUrl
	};
};
