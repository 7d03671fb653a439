import type { HandlerTable } from '../realtime/dispatcher';
import { createCoalescer } from '../realtime/coalescer';
import { rooms } from '../realtime/rooms';
import type { Fanout } from '../realtime/fanout';
import type { Services } from '../services';
import { DomainError } from '../errors';
import type { QaEffects, QaResult } from './qa.service';
import type { QaCounts, QaVotes } from '../../src/lib/protocol';

/** Q&A commands. Facts go to the session's room, its moderators and the asker's devices; votes go coalesced. */
export function qaHandlers(services: Services, fanout: Fanout, voteIntervalMs = 250) {
	const { qa } = services;
	// One room update per session per interval carries every vote count that moved and, when they changed, the
	// transparency counts: a few frames a second to the hall however many votes and questions arrive.
	const updates = createCoalescer<string, number | QaCounts>((key, values) => {
		const [eventId, sessionId] = key.split('\u0000');
		const update: QaVotes = { sessionId, votes: {} };
		for (const [field, value] of values) {
			if (field === COUNTS) update.counts = value as QaCounts;
			else update.votes[field] = value as number;
		}
		fanout.emit(
			[rooms.session(eventId, sessionId), rooms.sessionStaff(eventId, sessionId)],
			'qa:votes',
			update
		);
	}, voteIntervalMs);
	const COUNTS = '\u0000counts';

	function emit(eventId: string, effects: QaEffects[]) {
		for (const e of effects) {
			// A question only the moderators can see yet changes nothing in the room but its counts: those go
			// coalesced, like votes, rather than one frame to the whole hall per question asked.
			if (e.room?.type === 'counts')
				updates.set(`${eventId}\u0000${e.room.sessionId}`, COUNTS, e.room.counts);
			else if (e.room) fanout.emit(rooms.session(eventId, e.room.sessionId), 'qa:changed', e.room);
			if (e.mod) fanout.emit(rooms.sessionStaff(eventId, e.mod.sessionId), 'qa:mod-changed', e.mod);
			if (e.mine) fanout.emit(rooms.device(e.mine.deviceHash), 'qa:mine-changed', e.mine.question);
			if (e.votes) updates.set(`${eventId}\u0000${e.votes.sessionId}`, e.votes.questionId, e.votes.votes);
		}
	}
	const send = <T>(eventId: string, r: QaResult<T>) => ({
		data: r.data,
		after: () => emit(eventId, r.effects)
	});
	const joined = (eventId: string, socketEventId: string | null) => {
		if (socketEventId !== eventId) throw new DomainError('not-joined', 'join the event first');
	};

	const table: HandlerTable = {
		'qa:open': ({ eventId, sessionId }, { socket }) => {
			joined(eventId, socket.data.eventId);
			const state = qa.open(eventId, sessionId, socket.data.deviceHash);
			for (const room of socket.rooms) if (room.startsWith(`session:${eventId}:`)) void socket.leave(room);
			void socket.join(rooms.session(eventId, sessionId));
			return { data: state };
		},
		'question:ask': (p, { socket }) => {
			joined(p.eventId, socket.data.eventId);
			return send(p.eventId, qa.ask(p.eventId, socket.data.deviceHash, p));
		},
		'question:vote': (p, { socket }) => {
			joined(p.eventId, socket.data.eventId);
			return send(p.eventId, qa.vote(p.eventId, socket.data.deviceHash, p.questionId, p.up));
		},
		'qa:moderate': ({ sessionId }, { socket, scope }) => {
			const state = qa.moderate(scope, sessionId);
			for (const room of socket.rooms)
				if (room.startsWith(`session-staff:${scope.eventId}:`)) void socket.leave(room);
			void socket.join(rooms.sessionStaff(scope.eventId, sessionId));
			return { data: state };
		},
		'question:approve': (p, { scope }) => send(p.eventId, qa.approve(scope, p.questionIds)),
		'question:decline': (p, { scope }) => send(p.eventId, qa.decline(scope, p.questionId, p.reason)),
		'question:edit': (p, { scope }) => send(p.eventId, qa.edit(scope, p.questionId, p.text)),
		'question:merge': (p, { scope }) => send(p.eventId, qa.merge(scope, p.questionId, p.intoId)),
		'question:label': (p, { scope }) => send(p.eventId, qa.label(scope, p.questionId, p.objectiveId)),
		'question:pin': (p, { scope }) => send(p.eventId, qa.pin(scope, p.sessionId, p.questionId)),
		'question:answer': (p, { scope }) => send(p.eventId, qa.answer(scope, p.questionId, p.answered)),
		'question:archive': (p, { scope }) => send(p.eventId, qa.archive(scope, p.questionId)),
		'question:reply': (p, { scope }) => send(p.eventId, qa.reply(scope, p.questionId, p.reply)),
		'qa:settings': (p, { scope }) => send(p.eventId, qa.settings(scope, p.sessionId, p.premoderated))
	};
	return {
		table,
		flush: () => updates.flush()
	};
}
