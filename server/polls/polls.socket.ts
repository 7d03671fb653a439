import type { HandlerTable } from '../realtime/dispatcher';
import { membership } from '../realtime/rooms';
import type { Services } from '../services';

/**
 * Poll commands. Listing a session's polls follows its room; a poll change reaches that room (audience view) and
 * the session's staff (full view) through the publisher, moving results coalesced.
 */
export function pollHandlers(services: Services): HandlerTable {
	const { polls } = services;
	return {
		'poll:list': async ({ eventId, sessionId }, { socket }) => {
			// The room first, then the read: a change committed meanwhile is in the answer or reaches the socket.
			const list = await polls.list(eventId, sessionId, socket.data.deviceHash, () =>
				membership.openSession(socket, eventId, sessionId, false)
			);
			return { data: list };
		},
		// A device's new ballot replaces its old one; the ledger keeps no earlier choice.
		'poll:vote': async (p, { device }) => ({
			...(await polls.vote(p.eventId, device, p.pollId, p.answer)),
			supersedes: p.pollId
		}),
		'poll:manage': async ({ sessionId }, { socket, scope }) => {
			const data = await polls.manage(scope, sessionId, () =>
				membership.openSessionStaff(socket, scope.eventId, sessionId, false)
			);
			return { data };
		},
		'poll:create': (p, { scope }) => polls.create(scope, p.sessionId, p.poll),
		'poll:edit': (p, { scope }) => polls.edit(scope, p.pollId, p.poll),
		'poll:delete': (p, { scope }) => polls.remove(scope, p.pollId),
		'poll:transition': (p, { scope }) => polls.transition(scope, p.pollId, p.action, p.countdownSeconds),
		'poll:reveal': (p, { scope }) => polls.reveal(scope, p.pollId, p.visibility),
		'poll:publish-text': (p, { scope }) => polls.publishText(scope, p.pollId, p.answerId, p.published)
	};
}
