import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/** Personal agenda commands: identity is the connection's device, never a payload field. */
export function personalHandlers(services: Services): HandlerTable {
	const { personal } = services;
	return {
		'star:set': (p, { socket }) => ({
			data: personal.setStar(p.eventId, socket.data.deviceHash, p.sessionId, p.starred)
		}),
		'star:list': (p, { socket }) => ({ data: personal.stars(p.eventId, socket.data.deviceHash) }),
		'feed:link': (p, { socket }) => {
			const { result, ledger } = personal.newFeed(p.eventId, socket.data.deviceHash);
			return { data: result, ledger };
		},
		'feed:status': (p, { socket }) => ({ data: personal.feedStatus(p.eventId, socket.data.deviceHash) }),
		'feed:revoke': (p, { socket }) => ({ data: personal.revokeFeed(p.eventId, socket.data.deviceHash) })
	};
}
