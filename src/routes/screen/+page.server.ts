import { redirect } from '@sveltejs/kit';
import { coversEvent, credentialScope } from '../../../server/access/scope';
import type { PageServerLoad } from './$types';

/** A screen link for the whole event first asks which hall the projector is in; a hall's link goes straight there. */
export const load: PageServerLoad = async ({ locals }) => {
	const staff = locals.staff;
	if (!staff || (staff.role !== 'screen' && staff.role !== 'organiser')) return { signedIn: false as const };
	if (!coversEvent(credentialScope(staff))) redirect(303, `/screen/${staff.roomId}`);
	return { signedIn: true as const, rooms: (await locals.ctx.services.events.snapshot(staff.eventId)).rooms };
};
