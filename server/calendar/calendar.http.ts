import type { Services } from '../services';
import { feedResponse, type FeedScope } from './calendar.service';

/** What a feed request names: the event code, and the hall or feed token where the address has one. */
export type FeedRequest =
	| { kind: 'event'; code: string }
	| { kind: 'room'; code: string; roomId: string }
	| { kind: 'personal'; code: string; token: string };

/**
 * Answers a calendar feed request (the SvelteKit endpoints under /e/{code}/ call this). An unknown event, hall or
 * feed token is a plain 404: a revoked personal address looks like one that never existed.
 */
export async function answerFeed(
	services: Services,
	req: FeedRequest,
	http: { baseUrl: string; ifNoneMatch: string | null }
): Promise<Response> {
	const event = await services.events.byCode(req.code.toUpperCase());
	if (!event) return new Response('Not found', { status: 404 });
	let scope: FeedScope;
	if (req.kind === 'personal') {
		const owner = await services.personal.feedOwner(event.id, req.token);
		if (!owner) return new Response('Not found', { status: 404 });
		scope = { kind: 'personal', deviceHash: owner.deviceHash };
	} else scope = req.kind === 'room' ? { kind: 'room', roomId: req.roomId } : { kind: 'event' };
	const feed = await services.calendar.feed(event.id, scope, http.baseUrl);
	return feedResponse(feed, http.ifNoneMatch, req.kind === 'personal');
}
