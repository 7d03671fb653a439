import { answerFeed } from '../../../../../../server/calendar/calendar.http';
import type { RequestHandler } from './$types';

/** One hall's sessions as an iCalendar feed: what a hall's door screen or its team subscribes to. */
export const GET: RequestHandler = ({ params, request, url, locals }) =>
	answerFeed(
		locals.ctx.services,
		{ kind: 'room', code: params.code, roomId: params.room },
		{ baseUrl: locals.ctx.publicUrl ?? url.origin, ifNoneMatch: request.headers.get('if-none-match') }
	);
