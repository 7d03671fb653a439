import { answerFeed } from '../../../../../../server/calendar/calendar.http';
import type { RequestHandler } from './$types';

/** A device's starred sessions as a private iCalendar feed, at an address only that device was given. */
export const GET: RequestHandler = ({ params, request, url, locals }) =>
	answerFeed(
		locals.ctx.services,
		{ kind: 'personal', code: params.code, token: params.token },
		{ baseUrl: locals.ctx.publicUrl ?? url.origin, ifNoneMatch: request.headers.get('if-none-match') }
	);
