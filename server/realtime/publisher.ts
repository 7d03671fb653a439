import type { QaCounts, QaVotes, SignInEnd } from '../../src/lib/protocol';
import type { Effect } from '../effects';
import { createCountdowns } from '../polls/countdowns';
import type { StoredPoll } from '../polls/polls.store';
import type { Services } from '../services';
import type { SharedCounts } from './cluster';
import { DaisAdapter } from './adapter';
import { createCoalescer } from './coalescer';
import type { Fanout } from './fanout';
import { createBusyGauge, gatherMs } from './pacing';
import { rooms } from './rooms';
import type { DaisServer } from './types';

/** The coalesced Q&A update's field for the transparency counts (question ids never contain a NUL). */
const COUNTS = '\u0000counts';
/** A key for something unique within its event (a session, a poll). */
const eventKey = (eventId: string, id: string) => `${eventId}\u0000${id}`;
/** The fan-out's keys for a poll's audience tally and a session's coalesced vote counts (from their `eventKey`). */
const audienceKey = (key: string) => `audience\u0000${key}`;
const votesTag = (key: string) => `votes\u0000${key}`;
/** Coalesced counts whose votes have stopped for this long go without waiting out the rest of their time. */
const QUIET_MS = 20;

/**
 * The one step that sends what changed: every effect of a committed write (and of presence and countdowns) comes
 * here, and goes to its rooms. High-rate effects (vote counts, poll results) go coalesced, a few frames a second
 * per session or poll however fast they arrive.
 */
export function createPublisher(deps: {
	io: DaisServer;
	fanout: Fanout;
	services: Pick<Services, 'sql' | 'polls' | 'clock'>;
	/** Where a failure to send is reported (the write it describes has committed all the same). */
	onError?: (err: unknown) => void;
	/** How often coalesced vote counts and poll results go out. */
	intervalMs?: number;
	/** Cluster mode: tallies and vote counts read from the shared storage and sent by one hub at a time. */
	shared?: SharedCounts;
}) {
	const { io, fanout, services, shared } = deps;
	const { polls } = services;
	const intervalMs = deps.intervalMs ?? 250;
	/**
	 * How long a room's coalesced counts may gather while votes keep coming (`pacing.ts`): the interval for a small
	 * hall, then longer in step with its phones, those connected and those away that will be replayed the counts on
	 * their return, and with what a frame has lately cost the fan-out (10,000 phones at 10 µs a frame: 500 ms, or 1 s
	 * while the hub is nearly always busy; never over 2 s). When the votes stop, the counts go 20 ms later
	 * (QUIET_MS) whatever the room's size, so the result on the phones is never behind the last vote by more than
	 * that and one fan-out.
	 */
	const load = createBusyGauge();
	/**
	 * Whether a joined socket must be sent a broadcast to have a recovery offset: not on one hub, whose adapter resumes
	 * a client that heard nothing from where it joined; in cluster mode the Redis adapter resumes from an offset only.
	 */
	const marksJoins = !(io.of('/').adapter instanceof DaisAdapter);
	const gatherFor = (rooms: string[]) => gatherMs(fanout.audience(rooms), load.busy(), fanout.frameMs());

	// One room update per session per interval carries every vote count that moved and, when they changed, the
	// transparency counts: a few frames a second to the hall however many votes and questions arrive.
	const qaUpdates = createCoalescer<string, number | QaCounts>(
		(key, values) => {
			const [eventId, sessionId] = key.split('\u0000');
			const update: QaVotes = { sessionId, votes: {} };
			for (const [field, value] of values) {
				if (field === COUNTS) update.counts = value as QaCounts;
				else update.votes[field] = value as number;
			}
			fanout.emit(
				[rooms.session(eventId, sessionId), rooms.sessionStaff(eventId, sessionId)],
				'qa:votes',
				update,
				undefined,
				votesTag(key)
			);
		},
		intervalMs,
		(key) => !fanout.waiting(votesTag(key)),
		{
			gatherMs: (key) => {
				const [eventId, sessionId] = key.split('\u0000');
				return gatherFor([rooms.session(eventId, sessionId), rooms.sessionStaff(eventId, sessionId)]);
			},
			quietMs: QUIET_MS
		}
	);

	// Facts go out in the order their writes committed: each publish waits for the one before it (most of which
	// send at once; a poll's view may need its tally read first).
	let sending: Promise<void> = Promise.resolve();
	const onError = deps.onError ?? ((err: unknown) => console.error('publishing failed', err));
	const inOrder = (send: () => Promise<void> | void) => {
		sending = sending.then(send).catch(onError);
		return sending;
	};

	// Keyed by event and poll, as a poll id is unique only within its event. Tallies do not wait for the last one to
	// leave, as vote counts do: a newer tally rides with an older one still going out, or replaces one still queued
	// (fanout.ts), so they cannot pile up, and the last one of a storm is not held behind the one before it.
	// The value kept is the poll's session, whose room the tally goes to.
	const results = createCoalescer<string, string>(
		(key) => {
			const [eventId, pollId] = key.split('\u0000');
			void inOrder(async () => {
				// Read the poll afresh: it may have been closed or revealed since the ballot that queued this.
				const p = await polls.get(eventId, pollId);
				if (p) await pollResults(p);
			});
		},
		intervalMs,
		undefined,
		{
			gatherMs: (key, values) => {
				const [eventId] = key.split('\u0000');
				const sessionId = values.get('');
				return sessionId ? gatherFor([rooms.session(eventId, sessionId)]) : 0;
			},
			quietMs: QUIET_MS
		}
	);

	// In cluster mode every hub arms every countdown (told by the hub that changed the poll, and re-reading them every
	// 30 s in case a word was lost), so a countdown still closes its poll when the hub that started it is gone.
	const countdowns = createCountdowns(services, publish, {
		resyncMs: shared ? 30_000 : undefined,
		onError
	});
	if (shared)
		io.on('dais:countdown', (eventId, pollId) => void countdowns.armStored(eventId, pollId).catch(onError));
	// Set once the staff-access watcher exists (it publishes through this publisher, so it comes after it).
	let rehome: (eventId: string, sessionId: string) => Promise<void> | void = () => {};

	// A tally is the whole state of the results: a newer one replaces one still waiting to go out (per audience).
	async function pollResults(p: StoredPoll) {
		const key = eventKey(p.eventId, p.id);
		const audience = await polls.resultsFact(p, 'audience');
		const staff = await polls.resultsFact(p, 'staff');
		fanout.emit(rooms.session(p.eventId, p.sessionId), 'poll:changed', audience, audienceKey(key));
		fanout.emit(rooms.sessionStaff(p.eventId, p.sessionId), 'poll:staff-changed', staff, `staff\u0000${key}`);
	}

	async function pollChanged(p: StoredPoll) {
		const { eventId, sessionId } = p;
		// The moving results go first, so the final result follows them rather than the other way round.
		if (p.state === 'closed' && results.drop(eventKey(eventId, p.id))) await pollResults(p);
		const audience = await polls.pollFact(p, 'audience');
		if (audience) fanout.emit(rooms.session(eventId, sessionId), 'poll:changed', audience);
		// Attendees elsewhere in the event learn that a poll opened or closed, so any page can point to it.
		if (p.state === 'open') {
			fanout.emit(rooms.event(eventId), 'poll:opened', { sessionId, pollId: p.id, question: p.question });
		} else if (p.state === 'closed') fanout.emit(rooms.event(eventId), 'poll:closed', { pollId: p.id });
		const staff = await polls.pollFact(p, 'staff');
		if (staff) fanout.emit(rooms.sessionStaff(eventId, sessionId), 'poll:staff-changed', staff);
		countdowns.arm(p);
		if (shared) io.serverSideEmit('dais:countdown', eventId, p.id);
	}

	function route(e: Effect): Promise<void> | void {
		switch (e.type) {
			case 'agenda':
				return fanout.emit(rooms.event(e.eventId), 'agenda:changed', e.fact);
			case 'question-room':
				// A question only the moderators can see yet changes nothing in the room but its counts: those go
				// coalesced, like votes, rather than one frame to the whole hall per question asked.
				if (e.fact.type === 'counts') {
					if (shared) return shared.votes(e.eventId, e.fact.sessionId);
					return qaUpdates.set(eventKey(e.eventId, e.fact.sessionId), COUNTS, e.fact.counts);
				}
				// With several hubs, transactions on different hubs each counted the session's questions before the
				// others committed, so the counts a fact carries may be short of the last one's: the session is marked
				// for the shared coalescer, whose read comes after every commit and sends the counts if they moved.
				if (shared && 'counts' in e.fact) void shared.votes(e.eventId, e.fact.sessionId);
				// This fact's counts are newer than any still gathering for the session (a question asked a moment before
				// this one was approved): those would arrive after it and put the room's counts back.
				else if ('counts' in e.fact) qaUpdates.unset(eventKey(e.eventId, e.fact.sessionId), COUNTS);
				return fanout.emit(rooms.session(e.eventId, e.fact.sessionId), 'qa:changed', e.fact);
			case 'question-staff':
				return fanout.emit(rooms.sessionStaff(e.eventId, e.fact.sessionId), 'qa:mod-changed', e.fact);
			case 'question-asker':
				return fanout.emit(rooms.device(e.deviceHash), 'qa:mine-changed', e.question);
			case 'question-votes':
				if (shared) return shared.votes(e.eventId, e.sessionId);
				return qaUpdates.set(eventKey(e.eventId, e.sessionId), e.questionId, e.votes);
			case 'poll':
				// Other hubs' ballots are in storage, not in this hub's running tally.
				if (shared) polls.forgetTally(e.poll.eventId, e.poll.id);
				return pollChanged(e.poll);
			case 'poll-removed':
				// A removed poll was a draft, which the audience never saw.
				return fanout.emit(rooms.sessionStaff(e.eventId, e.sessionId), 'poll:staff-changed', {
					type: 'removed',
					sessionId: e.sessionId,
					pollId: e.pollId
				});
			case 'ballot':
				if (shared) return shared.ballot(e.poll.eventId, e.poll.id);
				return results.set(eventKey(e.poll.eventId, e.poll.id), '', e.poll.sessionId);
			case 'credential-revoked':
				return endAccess(rooms.credential(e.credentialId), 'revoked');
			case 'signin-ended':
				return endAccess(rooms.signIn(e.signInId), e.reason);
			case 'event-removed':
				for (const id of e.credentialIds) endAccess(rooms.credential(id), 'event-deleted');
				return removeEvent(e.eventId);
			case 'session-rehomed':
				return rehome(e.eventId, e.sessionId);
			case 'joined':
				if (!marksJoins) return;
				return fanout.emit(rooms.socket(e.socketId), 'event:joined', {
					eventId: e.eventId,
					version: e.version
				});
			case 'presence':
				return fanout.emit(
					e.socketId ? rooms.socket(e.socketId) : rooms.organisers(e.counts.eventId),
					'presence:updated',
					e.counts
				);
		}
	}

	/**
	 * Tells a revoked link's or ended sign-in's sockets why, then disconnects them: straight to the sockets, not
	 * through the fan-out queue, so the notice arrives before the disconnect. Each hub does it for its own sockets (a
	 * cluster broadcast would reach them after the disconnect, which is not sent through the stream).
	 */
	function endLocally(room: string, reason: SignInEnd) {
		io.local.to(room).emit('credential:revoked', { reason });
		io.local.in(room).disconnectSockets(true);
	}
	function endAccess(room: string, reason: SignInEnd) {
		endLocally(room, reason);
		if (shared) io.serverSideEmit('dais:end-access', room, reason);
	}
	if (shared) io.on('dais:end-access', endLocally);

	/** Tells every page still following a deleted event (attendees, and any staff page the links missed), then lets it go. */
	function removeEventLocally(eventId: string) {
		const room = rooms.event(eventId);
		io.local.to(room).emit('event:removed', { eventId });
		io.local.in(room).disconnectSockets(true);
	}
	function removeEvent(eventId: string) {
		removeEventLocally(eventId);
		if (shared) io.serverSideEmit('dais:event-removed', eventId);
	}
	if (shared) io.on('dais:event-removed', removeEventLocally);

	/** Sends effects in order; called only once the writes they describe have committed. */
	function publish(effects: readonly Effect[]) {
		// A committed ballot is taken into the running tally at once, before anything reads that tally again.
		const counted: Promise<void>[] = [];
		for (const e of effects) if (e.type === 'ballot') counted.push(polls.count(e));
		return inOrder(async () => {
			// Cluster mode: a ballot's integrity signals are in Redis before any hub is told to read them (a failure
			// there is reported, and the ballot's results go out all the same).
			if (counted.length) await Promise.all(counted).catch(onError);
			for (const e of effects) await route(e);
		});
	}

	return {
		publish,
		/** Arms the timers of polls whose countdown is running (at start, after a restart). */
		startCountdowns: () => countdowns.start(),
		/** Who re-derives a session's staff room when the session may have changed halls. */
		onRehome(fn: (eventId: string, sessionId: string) => Promise<void> | void) {
			rehome = fn;
		},
		/** Sends what is still coalescing and stops the countdowns (on shutdown). */
		async stop() {
			qaUpdates.flush();
			results.flush();
			await sending;
			countdowns.stop();
			load.stop();
			await shared?.stop();
		}
	};
}
export type Publisher = ReturnType<typeof createPublisher>;
