import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * The event's programme as the attendee pages start from it (the same snapshot the hub sends on join). The pages'
 * load function fetches it, so on the server it is rendered into the page, and in the browser a page opened
 * without a network (the service worker's shell) can fall back to the copy kept on the device.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const event = await locals.ctx.services.events.byCode(params.code.toUpperCase());
	if (!event) error(404, { message: `No event has the code ${params.code}` });
	// Always asked afresh: the programme changes during the day, and the device keeps its own copy for offline.
	return json(await locals.ctx.services.events.snapshot(event.id), {
		headers: { 'cache-control': 'no-cache' }
	});
};
