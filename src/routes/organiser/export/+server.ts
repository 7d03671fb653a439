import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { credentialScope } from '../../../../server/access/scope';
import { exportEvent, questionsCsv } from '../../../../server/event/export';
import type { RequestHandler } from './$types';

/** Downloads the event's questions and poll results (JSON), or its questions (CSV), for the organiser. */
export const GET: RequestHandler = ({ locals, url }) => {
	const staff = locals.staff;
	if (!staff || staff.role !== 'organiser') error(401, { message: m.org_signin_needed() });
	const report = exportEvent(locals.ctx.services, credentialScope(staff));
	const name = `${report.event.code.toLowerCase()}-${report.exportedAt.slice(0, 10)}`;
	const format = url.searchParams.get('format') ?? 'json';
	if (format === 'csv') {
		return new Response(questionsCsv(report), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${name}-questions.csv"`
			}
		});
	}
	if (format !== 'json') error(400, { message: 'format must be json or csv' });
	return new Response(JSON.stringify(report, null, 2), {
		headers: {
			'content-type': 'application/json',
			'content-disposition': `attachment; filename="${name}.json"`
		}
	});
};
