import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { credentialScope } from '../../../../../server/access/scope';
import { outcomeReport } from '../../../../../server/report/report.service';
import type { PageServerLoad } from './$types';

/**
 * A refusal from the hub's rules. Matched by its code, not `instanceof`: the services are created by the hub process
 * while this route is bundled with its own copy of the error class.
 */
const refused = (e: unknown) =>
	e instanceof Error && 'code' in e && (e.code === 'not-found' || e.code === 'forbidden');

/** One session's outcome report: its questions by votes, its polls and counts. Organisers only. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const staff = locals.staff;
	if (!staff || staff.role !== 'organiser') return { signedIn: false as const };
	try {
		const report = await outcomeReport(locals.ctx.services, credentialScope(staff), params.sessionId);
		return { signedIn: true as const, report, origin: locals.ctx.publicUrl ?? url.origin };
	} catch (e) {
		// A session that does not exist, or lies outside this link's hall, is simply not there.
		if (refused(e)) error(404, { message: m.session_not_found() });
		throw e;
	}
};
