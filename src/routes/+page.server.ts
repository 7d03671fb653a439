import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** With one event, the start page is that event; with several, a list and a code field. */
export const load: PageServerLoad = ({ locals, url }) => {
	const events = locals.ctx.services.events.list();
	if (events.length === 1 && !url.searchParams.has('all')) redirect(303, `/e/${events[0].code}`);
	return {
		events: events.map((e) => ({
			code: e.code,
			title: e.title,
			city: e.city,
			startsOn: e.startsOn,
			endsOn: e.endsOn,
			sample: e.sample
		}))
	};
};
