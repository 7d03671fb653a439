import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/**
 * Personal agenda commands: identity is the connection's device (one the hub issued), never a payload field. A
 * browser without a device id has no stars and no feed to read.
 */
export function personalHandlers(services: Services): HandlerTable {
	const { personal } = services;
	return {
		'star:set': (p, { device }) => ({
			data: personal.setStar(p.eventId, device.hash, p.sessionId, p.starred)
		}),
		'star:list': (p, { socket }) => ({
			data: socket.data.deviceHash ? personal.stars(p.eventId, socket.data.deviceHash) : { stars: [] }
		}),
		'feed:link': (p, { device }) => {
			const { result, ledger } = personal.newFeed(p.eventId, device.hash);
			return { data: result, ledger };
		},
		'feed:status': (p, { socket }) => ({
			data: socket.data.deviceHash
				? personal.feedStatus(p.eventId, socket.data.deviceHash)
				: { active: false, createdAt: null }
		}),
		'feed:revoke': (p, { device }) => ({ data: personal.revokeFeed(p.eventId, device.hash) })
	};
}
