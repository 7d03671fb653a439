import { credentialScope } from '../../../../server/access/scope';
import type { PageServerLoad } from './$types';
import { outcomeReport } from '../../../../server/report/report.service';

/** The whole event's outcome report, for an organiser only; anyone else is told how to sign in and sees nothing. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const staff = locals.staff;
	if (!staff || staff.role !== 'organiser') return { signedIn: false as const };
	return {
		signedIn: true as const,
		report: await outcomeReport(locals.ctx.services, credentialScope(staff), null),
		origin: locals.ctx.publicUrl ?? url.origin
	};
};
