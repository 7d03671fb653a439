import type { HandlerTable } from '../realtime/dispatcher';
import { membership } from '../realtime/rooms';
import type { Services } from '../services';

/** Q&A commands. Opening a session's Q&A (or its queue) follows that session's room and leaves the others. */
export function qaHandlers(services: Services): HandlerTable {
	const { qa } = services;
	return {
		'qa:open': async ({ eventId, sessionId }, { socket }) => {
			// A hall screen follows the sessions either side of now at once (a pin may come early or late); a phone
			// follows the one it shows. It joins the room before the state is read, so no change falls between.
			const state = await qa.open(eventId, sessionId, socket.data.deviceHash, () =>
				membership.openSession(socket, eventId, sessionId, socket.data.credential?.role !== 'screen')
			);
			return { data: state };
		},
		'question:ask': (p, { device }) => qa.ask(p.eventId, device.hash, p),
		// Taking an upvote back replaces giving it: the ledger keeps where the device stands now, not each tap.
		'question:vote': async (p, { device }) => ({
			...(await qa.vote(p.eventId, device.hash, p.questionId, p.up)),
			supersedes: p.questionId
		}),
		// Whose question it is comes from the connection's device, never from the payload.
		'question:withdraw': (p, { device }) => qa.withdraw(p.eventId, device.hash, p.questionId, p.clientId),
		'qa:moderate': async ({ sessionId }, { socket, scope }) => {
			const state = await qa.moderate(scope, sessionId, () =>
				membership.openSessionStaff(socket, scope.eventId, sessionId, true)
			);
			return { data: state };
		},
		'qa:waiting': async (_p, { scope }) => ({ data: await qa.waiting(scope) }),
		'question:approve': (p, { scope }) => qa.approve(scope, p.questionIds, p.seen),
		'question:decline': (p, { scope }) => qa.decline(scope, p.questionId, p.reason, p.seen),
		'question:edit': (p, { scope }) => qa.edit(scope, p.questionId, p.text, p.seenText),
		'question:merge': (p, { scope }) => qa.merge(scope, p.questionId, p.intoId),
		'question:label': (p, { scope }) => qa.label(scope, p.questionId, p.objectiveId),
		'question:pin': (p, { scope }) => qa.pin(scope, p.sessionId, p.questionId),
		'question:answer': (p, { scope }) => qa.answer(scope, p.questionId, p.answered, p.keepPinned),
		'question:archive': (p, { scope }) => qa.archive(scope, p.questionId),
		'question:restore': (p, { scope }) => qa.restore(scope, p.questionId),
		'question:unmerge': (p, { scope }) => qa.unmerge(scope, p.questionId),
		'question:reply': (p, { scope }) => qa.reply(scope, p.questionId, p.reply, p.seenReply),
		'qa:settings': (p, { scope }) => qa.settings(scope, p.sessionId, p.premoderated),
		'qa:restrict': (p, { scope }) => qa.restrict(scope, p.sessionId, p.verifiedOnly)
	};
}
