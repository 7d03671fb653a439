import { m } from '$lib/paraglide/messages';
import { importProgramme, refuse } from '$lib/server/programme-import';
import type { RequestHandler } from './$types';

/**
 * Imports a programme file into the event named by `?event=` for a signed-in host: the organiser's import, with its
 * located problems, for any event of this installation.
 */
export const POST: RequestHandler = async ({ request, url, locals }) => {
	// SvelteKit checks the origin of form posts only; a JSON body needs the same cross-site guard.
	if (request.headers.get('origin') !== url.origin) return refuse('forbidden', m.org_import_cross_site());
	if (!locals.host) return refuse('unauthenticated', m.host_signin_needed());
	const eventId = url.searchParams.get('event') ?? '';
	const services = locals.ctx.services;
	if (!(await services.events.byId(eventId))) return refuse('not-found', m.host_no_such_event());
	return importProgramme({ request, url, locals }, eventId, locals.host);
};
