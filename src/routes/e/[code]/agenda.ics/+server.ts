import { answerFeed } from '../../../../../server/calendar/calendar.http';
import type { RequestHandler } from './$types';

/** The whole programme as an iCalendar feed (RFC 5545), for calendar apps to subscribe to. */
export const GET: RequestHandler = ({ params, request, url, locals }) =>
	answerFeed(
		locals.ctx.services,
		{ kind: 'event', code: params.code },
		{ baseUrl: locals.ctx.publicUrl ?? url.origin, ifNoneMatch: request.headers.get('if-none-match') }
	);
