import { redirect } from '@sveltejs/kit';
import { EventCode } from '$lib/protocol';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

/** The code form posts here with GET, so joining works before any script has loaded. */
export const load: PageServerLoad = ({ url, locals }) => {
	const raw = url.searchParams.get('code') ?? '';
	const parsed = EventCode.safeParse(raw);
	if (!parsed.success) return { code: raw.slice(0, 16), error: m.join_invalid() };
	const event = locals.ctx.services.events.byCode(parsed.data);
	if (!event) return { code: parsed.data, error: m.join_not_found({ code: parsed.data }) };
	redirect(303, `/e/${event.code}`);
};
