import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { answerExport } from '../../../../server/report/report.http';
import type { RequestHandler } from './$types';

/**
 * Downloads the record as far as the staff link reaches: JSON (default), one CSV file (`file=questions|polls|
 * audit|attendance`) or a zip of them all with a README; `session=ID` for one session.
 */
export const GET: RequestHandler = async ({ locals, url }) =>
	(await answerExport(locals.ctx.services, locals.staff, url)) ??
	error(401, { message: m.org_signin_needed() });
