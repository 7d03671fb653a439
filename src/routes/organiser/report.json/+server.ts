import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { answerReport } from '../../../../server/report/report.http';
import type { RequestHandler } from './$types';

/** The outcome report's data (by objective: top questions, poll results, turnout, attendance); `session=ID` for one. */
export const GET: RequestHandler = async ({ locals, url }) =>
	(await answerReport(locals.ctx.services, locals.staff, url)) ??
	error(401, { message: m.org_signin_needed() });
