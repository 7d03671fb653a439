import type { StaffRole } from '$lib/protocol';
import type { PageServerLoad } from './$types';

/** Who may run a session's polls from the podium. */
const CHAIR_ROLES: readonly StaffRole[] = ['chair', 'organiser'];

/** The snapshot is rendered on the server so the console shows its sessions before the socket is up. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = locals.staff;
	if (!staff || !CHAIR_ROLES.includes(staff.role))
		return { signedIn: false as const, role: staff?.role ?? null };
	return {
		signedIn: true as const,
		snapshot: await locals.ctx.services.events.snapshot(staff.eventId),
		// A hall's chair sees only that hall's sessions; the hub enforces it too.
		staff: { role: staff.role, roomId: staff.roomId, label: staff.label },
		requestedSession: url.searchParams.get('session'),
		// Countdowns end by the hub's clock; the page corrects the phone's clock by this.
		serverNow: locals.ctx.services.clock.now().getTime()
	};
};
