import { DomainError } from '../errors';
import type { HandlerTable } from '../realtime/dispatcher';
import { createCoalescer } from '../realtime/coalescer';
import { rooms } from '../realtime/rooms';
import type { Fanout } from '../realtime/fanout';
import type { Services } from '../services';
import type { PollEffects } from './polls.service';
import type { StoredPoll } from './polls.store';

/**
 * Poll commands. A poll change reaches the session's room (audience view) and its staff (full view) at once;
 * moving results go coalesced, a few frames a second per poll however fast ballots arrive. Countdowns close
 * polls by themselves, and are re-armed after a restart.
 */
export function pollHandlers(services: Services, fanout: Fanout, resultsIntervalMs = 250) {
	const { polls } = services;
	const timers = new Map<string, NodeJS.Timeout>();

	const results = createCoalescer<string, true>((pollId) => {
		// Read the poll afresh: it may have been closed or revealed since the vote that queued this.
		const p = polls.get(pollId);
		if (p) publish({ results: p });
	}, resultsIntervalMs);

	function publish(e: PollEffects) {
		const where = e.poll ?? e.results ?? e.removed;
		if (!where) return;
		const { eventId, sessionId } = where;
		// A removed poll was a draft, which the audience never saw.
		const audience = e.removed ? null : polls.fact(e, 'audience');
		const staff = polls.fact(e, 'staff');
		if (audience) fanout.emit(rooms.session(eventId, sessionId), 'poll:changed', audience);
		// Attendees elsewhere in the event learn that a poll opened or closed, so any page can point to it.
		if (e.poll?.state === 'open') {
			fanout.emit(rooms.event(eventId), 'poll:opened', {
				sessionId,
				pollId: e.poll.id,
				question: e.poll.question
			});
		} else if (e.poll?.state === 'closed')
			fanout.emit(rooms.event(eventId), 'poll:closed', { pollId: e.poll.id });
		if (staff) fanout.emit(rooms.sessionStaff(eventId, sessionId), 'poll:staff-changed', staff);
	}

	function emit(effects: PollEffects[]) {
		for (const e of effects) {
			if (e.results) results.set(e.results.id, '', true);
			else {
				publish(e);
				if (e.poll) arm(e.poll);
			}
		}
	}

	/** Keeps one timer per poll with a running countdown; a poll that changes state drops or re-arms it. */
	function arm(p: StoredPoll) {
		const existing = timers.get(p.id);
		if (existing) clearTimeout(existing);
		timers.delete(p.id);
		if (p.state !== 'open' || !p.closesAt) return;
		const ms = Math.max(0, Date.parse(p.closesAt) - services.clock.now().getTime());
		timers.set(
			p.id,
			setTimeout(() => {
				timers.delete(p.id);
				try {
					const r = services.db.transaction(() =>
						polls.transition({ eventId: p.eventId, roomId: null }, p.id, 'close', null)
					)();
					results.flush();
					emit(r.effects);
				} catch (e) {
					// Closed by hand in the meantime: nothing to do.
					if (!(e instanceof DomainError)) throw e;
				}
			}, ms)
		);
	}

	for (const p of polls.countdowns()) arm(p);

	const send = <T>(r: { data: T; effects: PollEffects[] }) => ({
		data: r.data,
		after: () => emit(r.effects)
	});

	const table: HandlerTable = {
		'poll:list': ({ eventId, sessionId }, { socket }) => {
			if (socket.data.eventId !== eventId) throw new DomainError('not-joined', 'join the event first');
			const list = polls.list(eventId, sessionId, socket.data.deviceHash);
			void socket.join(rooms.session(eventId, sessionId));
			return { data: list };
		},
		'poll:vote': (p, { socket }) => {
			if (socket.data.eventId !== p.eventId) throw new DomainError('not-joined', 'join the event first');
			const r = polls.vote(p.eventId, socket.data.deviceHash, p.pollId, p.answer);
			return {
				data: r.data,
				after: () => {
					r.apply();
					emit(r.effects);
				}
			};
		},
		'poll:manage': ({ sessionId }, { socket, scope }) => {
			const data = polls.manage(scope, sessionId);
			void socket.join(rooms.sessionStaff(scope.eventId, sessionId));
			return { data };
		},
		'poll:create': (p, { scope }) => send(polls.create(scope, p.sessionId, p.poll)),
		'poll:edit': (p, { scope }) => send(polls.edit(scope, p.pollId, p.poll)),
		'poll:delete': (p, { scope }) => send(polls.remove(scope, p.pollId)),
		'poll:transition': (p, { scope }) => {
			const r = polls.transition(scope, p.pollId, p.action, p.countdownSeconds);
			// Send the moving results first, so the final result follows them rather than the other way round.
			if (p.action === 'close') results.flush();
			return send(r);
		},
		'poll:reveal': (p, { scope }) => send(polls.reveal(scope, p.pollId, p.visibility)),
		'poll:publish-text': (p, { scope }) => send(polls.publishText(scope, p.pollId, p.answerId, p.published))
	};

	return {
		table,
		stop() {
			results.flush();
			for (const t of timers.values()) clearTimeout(t);
			timers.clear();
		}
	};
}
