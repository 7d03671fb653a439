import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { credentialScope } from '../../../../../server/access/scope';
import { DomainError } from '../../../../../server/errors';
import type { PageServerLoad } from './$types';
import { outcomeReport } from '../report-data.server';

/** One session's outcome report: all its published questions by votes, its polls and counts. Organisers only. */
export const load: PageServerLoad = ({ locals, url, params }) => {
	const staff = locals.staff;
	if (!staff || staff.role !== 'organiser') return { signedIn: false as const };
	const scope = credentialScope(staff);
	try {
		const report = outcomeReport(locals.ctx.services, scope, params.sessionId);
		if (report.sessions.length === 0) error(404, { message: m.session_not_found() });
		return { signedIn: true as const, report, origin: locals.ctx.publicUrl ?? url.origin };
	} catch (e) {
		// A session that does not exist or lies outside this link's hall is simply not there.
		if (e instanceof DomainError) error(404, { message: m.session_not_found() });
		throw e;
	}
};
