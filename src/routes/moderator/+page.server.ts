import type { StaffRole } from '$lib/protocol';
import type { PageServerLoad } from './$types';

/** Who may open the console; a chair sees it read-only except for pinning and marking answered. */
const CONSOLE_ROLES: readonly StaffRole[] = ['moderator', 'organiser', 'chair'];

/** The snapshot is rendered on the server so the console shows its sessions before the socket is up. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = locals.staff;
	if (!staff || !CONSOLE_ROLES.includes(staff.role)) return { signedIn: false as const };
	return {
		signedIn: true as const,
		snapshot: await locals.ctx.services.events.snapshot(staff.eventId),
		// A hall's link covers only the sessions in that hall; the hub enforces it too.
		staff: { role: staff.role, roomId: staff.roomId, label: staff.label },
		requestedSession: url.searchParams.get('session'),
		// The session on now is chosen by the hub's clock, not the laptop's.
		serverNow: locals.ctx.services.clock.now().getTime()
	};
};
