import { m } from '$lib/paraglide/messages';
import { importProgramme, refuse } from '$lib/server/programme-import';
import { coversEvent, credentialScope } from '../../../../server/access/scope';
import type { RequestHandler } from './$types';

/**
 * Imports a programme file (its JSON text as the body) into the signed-in organiser's own event, then tells every
 * connected page to fetch a fresh snapshot. Only an organiser whose link covers the whole event may do this.
 */
export const POST: RequestHandler = async ({ request, url, locals }) => {
	// SvelteKit checks the origin of form posts only; a JSON body needs the same cross-site guard.
	if (request.headers.get('origin') !== url.origin) return refuse('forbidden', m.org_import_cross_site());
	const staff = locals.staff;
	if (!staff || staff.role !== 'organiser') return refuse('unauthenticated', m.org_signin_needed());
	if (!coversEvent(credentialScope(staff))) return refuse('forbidden', m.org_import_whole_event_only());
	return importProgramme({ request, url, locals }, staff.eventId, staff);
};
