import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { LayoutServerLoad } from './$types';

/** The snapshot is rendered on the server so the programme shows before any script runs on weak Wi-Fi. */
export const load: LayoutServerLoad = ({ params, locals }) => {
	const code = params.code.toUpperCase();
	const event = locals.ctx.services.events.byCode(code);
	if (!event) error(404, { message: m.join_not_found({ code }), missing: { kind: 'event', name: code } });
	if (params.code !== event.code) redirect(308, `/e/${event.code}`);
	return { snapshot: locals.ctx.services.events.snapshot(event.id) };
};
