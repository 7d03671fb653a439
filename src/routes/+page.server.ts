import { redirect } from '@sveltejs/kit';
import { eventState } from '../../server/event/host.service';
import type { PageServerLoad } from './$types';

/**
 * With one event, the start page is that event; with several, those on now, then those to come (each with its
 * code), then those that ended, and a code field. Archived events are not listed.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const { services } = locals.ctx;
	const now = services.clock.now();
	const all = [];
	for (const e of await services.events.list())
		all.push({
			event: e,
			state: eventState(e, (await services.events.archived(e.id)) ? 'archived' : null, now)
		});
	const events = all.filter((e) => e.state !== 'archived');
	if (events.length === 1 && !url.searchParams.has('all')) redirect(303, `/e/${events[0].event.code}`);
	const shown = (state: string) =>
		events
			.filter((e) => e.state === state)
			.map(({ event: e }) => ({
				code: e.code,
				title: e.title,
				city: e.city,
				startsOn: e.startsOn,
				endsOn: e.endsOn,
				sample: e.sample
			}));
	return { live: shown('live'), upcoming: shown('upcoming'), ended: shown('ended') };
};
