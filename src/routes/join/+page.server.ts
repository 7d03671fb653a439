import { redirect } from '@sveltejs/kit';
import { EventCode } from '$lib/protocol';
import { typedEventCode } from '$lib/protocol/badge-code';
import type { PageServerLoad } from './$types';

/** The code form posts here with GET, so joining works before any script has loaded. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const raw = url.searchParams.get('code') ?? '';
	const parsed = EventCode.safeParse(typedEventCode(raw));
	// The page words the problem itself, in the reader's language (and again after a language switch).
	if (!parsed.success) return { code: raw.slice(0, 16), problem: 'invalid' as const };
	const event = await locals.ctx.services.events.byCode(parsed.data);
	if (!event) return { code: parsed.data, problem: 'not-found' as const };
	redirect(303, `/e/${event.code}`);
};
