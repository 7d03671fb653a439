import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { answerAttendance } from '../../../../server/report/report.http';
import type { RequestHandler } from './$types';

/** Head counts per hall, sampled once a minute, for the organiser's attendance chart. */
export const GET: RequestHandler = async ({ locals }) =>
	(await answerAttendance(locals.ctx.services, locals.staff)) ??
	error(401, { message: m.org_signin_needed() });
