import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/**
 * Personal agenda commands: identity is the connection's device (one the hub issued), never a payload field. A
 * browser without a device id has no stars and no feed to read.
 */
export function personalHandlers(services: Services): HandlerTable {
	const { personal } = services;
	return {
		'star:set': async (p, { device }) => ({
			data: await personal.setStar(p.eventId, device.hash, p.sessionId, p.starred)
		}),
		'star:list': async (p, { socket }) => ({
			data: socket.data.deviceHash ? await personal.stars(p.eventId, socket.data.deviceHash) : { stars: [] }
		}),
		'feed:link': async (p, { device }) => {
			const { result, ledger } = await personal.newFeed(p.eventId, device.hash);
			return { data: result, ledger };
		},
		'feed:status': async (p, { socket }) => ({
			data: socket.data.deviceHash
				? await personal.feedStatus(p.eventId, socket.data.deviceHash)
				: { active: false, createdAt: null }
		}),
		'feed:revoke': async (p, { device }) => ({ data: await personal.revokeFeed(p.eventId, device.hash) })
	};
}
