import type { PageServerLoad } from './$types';

/**
 * The host's console. Without a host's sign-in the page says how to get one and loads nothing else; the list of
 * events comes over the socket, from the host commands.
 */
export const load: PageServerLoad = ({ locals }) => {
	const host = locals.host;
	if (!host) return { signedIn: false as const, otherRole: locals.staff?.role ?? null };
	return {
		signedIn: true as const,
		label: host.label,
		publicUrl: locals.ctx.publicUrl,
		// The hub's clock (a rehearsal may set it), for a new event's default dates.
		today: locals.ctx.services.clock.now().toISOString().slice(0, 10)
	};
};
