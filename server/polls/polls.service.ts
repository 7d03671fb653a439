import { randomBytes } from 'node:crypto';
import type { DomainDeps } from '../domain-deps';
import { DomainError } from '../errors';
import type { Effect, WithEffects } from '../effects';
import {
	POLL_TRANSITIONS,
	type BallotAnswer,
	type PollAction,
	type PollDefinition,
	type PollFact,
	type PollResults,
	type PollView,
	type ResultsVisibility
} from '../../src/lib/protocol';
import { eventScope, type Scope } from '../access/scope';
import type { PollsStore, StoredPoll } from './polls.store';
import { PollSignals } from './integrity';
import { Tally } from './tally';
import { ballotEntries } from './words';

export type Audience = 'audience' | 'staff';

/** What the polls need to know about the phone that votes, from the devices and badges domains. */
export interface Voters {
	/** The key a verified-only poll counts this device's ballot under (its badge's), or null without a badge. */
	badgeVoter(eventId: string, deviceHash: string | null): string | null;
	/** When the hub issued this device its id. */
	firstSeen(deviceHash: string): string | null;
}

/** The ballot the dispatcher hands over: who casts it, and from which (hashed) source address. */
export interface Caster {
	hash: string;
	address: string;
}

/**
 * Polls: definitions, the draft -> open -> closed lifecycle, one ballot per device (or per badge in a verified-only
 * poll), incremental tallies, and the chair's integrity signals.
 */
export function createPollsService(deps: DomainDeps & { polls: PollsStore; voters: Voters }) {
	const { polls, events, clock, requireAccess, voters } = deps;
	const now = () => clock.now().toISOString();
	// Keyed by event and poll: a poll id is unique only within its event.
	const tallies = new Map<string, Tally>();
	const signals = new Map<string, PollSignals>();
	const key = (eventId: string, pollId: string) => `${eventId}\u0000${pollId}`;
	const changed = <T>(data: T, poll: StoredPoll): WithEffects<T> => ({
		data,
		effects: [{ type: 'poll', poll }]
	});

	function tallyOf(p: StoredPoll): Tally {
		let t = tallies.get(key(p.eventId, p.id));
		if (!t) {
			t = new Tally(
				p.type,
				p.options.map((o) => o.id)
			);
			for (const b of polls.ballots(p.eventId, p.id)) t.add(b.answer);
			tallies.set(key(p.eventId, p.id), t);
		}
		return t;
	}

	function signalsOf(p: StoredPoll): PollSignals {
		let s = signals.get(key(p.eventId, p.id));
		if (!s) {
			s = new PollSignals(p.firstOpenedAt ? polls.freshVoters(p.eventId, p.id, p.firstOpenedAt) : []);
			signals.set(key(p.eventId, p.id), s);
		}
		return s;
	}

	/** Whether the hub first issued this device its id after the poll first opened. */
	const freshDevice = (p: StoredPoll, deviceHash: string) => {
		const seen = voters.firstSeen(deviceHash);
		return Boolean(seen && p.firstOpenedAt && seen > p.firstOpenedAt);
	};

	/** Rating and ranking polls without their own items rate or rank the event's objectives. */
	function resolveOptions(eventId: string, def: PollDefinition) {
		if ((def.type === 'rating' || def.type === 'ranking') && def.options.length === 0) {
			const options = events.objectives(eventId).map((o) => ({ id: o.id, label: o.name }));
			if (options.length < 2)
				throw new DomainError('invalid-payload', 'this event has no objectives to rate or rank');
			return options;
		}
		if ((def.type === 'ranking' || def.type === 'rating') && def.options.length < 2) {
			throw new DomainError('invalid-payload', 'give at least two items');
		}
		return def.type === 'wordcloud' || def.type === 'open' ? [] : def.options;
	}

	function checkAnswer(p: StoredPoll, a: BallotAnswer): void {
		const items = new Set(p.options.map((o) => o.id));
		const bad = (msg: string): never => {
			throw new DomainError('invalid-payload', msg);
		};
		switch (p.type) {
			case 'single':
				if (!('choice' in a) || !items.has(a.choice)) bad('pick one of the choices');
				return;
			case 'multiple': {
				if (!('choices' in a)) return bad('pick from the choices');
				const set = new Set(a.choices);
				if (set.size !== a.choices.length || a.choices.some((c) => !items.has(c)))
					bad('pick from the choices, once each');
				if (p.maxChoices !== null && set.size > p.maxChoices) bad(`pick at most ${p.maxChoices}`);
				return;
			}
			case 'rating': {
				if (!('ratings' in a)) return bad('rate every item from 1 to 5');
				const keys = Object.keys(a.ratings);
				if (keys.length !== items.size || keys.some((k) => !items.has(k))) bad('rate every item from 1 to 5');
				return;
			}
			case 'ranking': {
				if (!('ranking' in a)) return bad('put every item in order');
				if (
					a.ranking.length !== items.size ||
					new Set(a.ranking).size !== items.size ||
					a.ranking.some((k) => !items.has(k))
				) {
					bad('put every item in order, once each');
				}
				return;
			}
			case 'wordcloud':
				if (!('words' in a) || ballotEntries(a.words).length === 0) bad('give one to three words');
				return;
			case 'open':
				if (!('text' in a)) bad('write an answer');
				return;
		}
	}

	function results(p: StoredPoll, audience: Audience): PollResults | null {
		const t = tallyOf(p);
		const visible = audience === 'staff' || (p.visibility === 'everyone' && t.ballots >= p.minBallots);
		if (!visible) return null;
		if (p.type !== 'open') return t.results();
		return {
			type: 'open',
			answers: polls
				.ballots(p.eventId, p.id)
				.filter((b) => audience === 'staff' || b.published)
				.map((b) => ({
					id: b.answerId,
					text: 'text' in b.answer ? b.answer.text : '',
					published: b.published
				}))
		};
	}

	function view(p: StoredPoll, audience: Audience): PollView {
		return {
			id: p.id,
			sessionId: p.sessionId,
			type: p.type,
			question: p.question,
			options: p.options,
			maxChoices: p.maxChoices,
			minBallots: p.minBallots,
			state: p.state,
			visibility: p.visibility,
			closesAt: p.closesAt,
			preset: p.preset,
			verifiedOnly: p.verifiedOnly,
			ballots: tallyOf(p).ballots,
			results: results(p, audience),
			integrity: audience === 'staff' ? signalsOf(p).view : null
		};
	}

	/** A changed poll as one audience sees it; the audience never sees a draft. */
	function pollFact(p: StoredPoll, audience: Audience): PollFact | null {
		return p.state === 'draft' && audience === 'audience' ? null : { type: 'poll', poll: view(p, audience) };
	}

	/** A poll's moved results as one audience sees them. */
	function resultsFact(p: StoredPoll, audience: Audience): PollFact {
		return {
			type: 'results',
			sessionId: p.sessionId,
			pollId: p.id,
			ballots: tallyOf(p).ballots,
			results: results(p, audience),
			integrity: audience === 'staff' ? signalsOf(p).view : null
		};
	}

	function define(scope: Scope, sessionId: string, id: string, def: PollDefinition, preset = false) {
		requireAccess.session(scope, sessionId);
		polls.upsert(
			{
				id,
				eventId: scope.eventId,
				sessionId,
				type: def.type,
				question: def.question,
				options: resolveOptions(scope.eventId, def),
				maxChoices: def.type === 'multiple' ? def.maxChoices : null,
				minBallots: def.minBallots,
				verifiedOnly: def.verifiedOnly,
				preset
			},
			now()
		);
		tallies.delete(key(scope.eventId, id));
		signals.delete(key(scope.eventId, id));
		return polls.get(scope.eventId, id)!;
	}

	return {
		view,
		pollFact,
		resultsFact,
		get: (eventId: string, id: string) => polls.get(eventId, id),

		list(eventId: string, sessionId: string, deviceHash: string | null) {
			requireAccess.session(eventScope(eventId), sessionId);
			return {
				sessionId,
				polls: polls
					.bySession(eventId, sessionId)
					.filter((p) => p.state !== 'draft')
					.map((p) => view(p, 'audience')),
				mine: polls.mine(eventId, sessionId, {
					device: deviceHash,
					badge: voters.badgeVoter(eventId, deviceHash)
				})
			};
		},

		manage(scope: Scope, sessionId: string) {
			requireAccess.session(scope, sessionId);
			return { sessionId, polls: polls.bySession(scope.eventId, sessionId).map((p) => view(p, 'staff')) };
		},

		create(scope: Scope, sessionId: string, def: PollDefinition) {
			const p = define(scope, sessionId, `p-${randomBytes(6).toString('hex')}`, def);
			return changed({ poll: view(p, 'staff') }, p);
		},

		/** Presets from an event file: created as drafts; a poll that already ran is left as it is. */
		definePreset(scope: Scope, sessionId: string, id: string, def: PollDefinition) {
			define(scope, sessionId, id, def, true);
		},

		edit(scope: Scope, id: string, def: PollDefinition) {
			const p = requireAccess.poll(scope, id);
			if (p.state !== 'draft')
				throw new DomainError('conflict', `only a draft can be edited; this poll is ${p.state}`);
			const next = define(scope, p.sessionId, id, def, p.preset);
			return changed({ poll: view(next, 'staff') }, next);
		},

		remove(scope: Scope, id: string) {
			const p = requireAccess.poll(scope, id);
			if (!polls.delete(scope.eventId, id))
				throw new DomainError('conflict', `only a draft can be deleted; this poll is ${p.state}`);
			tallies.delete(key(scope.eventId, id));
			signals.delete(key(scope.eventId, id));
			const removed: Effect = {
				type: 'poll-removed',
				eventId: p.eventId,
				sessionId: p.sessionId,
				pollId: id
			};
			return { data: { pollId: id }, effects: [removed] };
		},

		/** A named transition of the state machine; any other is refused and leaves the poll as it was. */
		transition(scope: Scope, id: string, action: PollAction, countdownSeconds: number | null) {
			const p = requireAccess.poll(scope, id);
			const from: readonly string[] = POLL_TRANSITIONS[action];
			if (!from.includes(p.state)) {
				throw new DomainError('conflict', `cannot ${action} a poll that is ${p.state}`);
			}
			const state = action === 'close' ? 'closed' : 'open';
			const closesAt =
				state === 'open' && countdownSeconds
					? new Date(clock.now().getTime() + countdownSeconds * 1000).toISOString()
					: null;
			polls.setState(scope.eventId, id, state, closesAt, now());
			const next = polls.get(scope.eventId, id)!;
			return changed({ poll: view(next, 'staff') }, next);
		},

		reveal(scope: Scope, id: string, visibility: ResultsVisibility) {
			requireAccess.poll(scope, id);
			polls.setVisibility(scope.eventId, id, visibility);
			const next = polls.get(scope.eventId, id)!;
			return changed({ poll: view(next, 'staff') }, next);
		},

		publishText(scope: Scope, id: string, answerId: string, published: boolean) {
			const p = requireAccess.poll(scope, id);
			if (p.type !== 'open')
				throw new DomainError('conflict', 'only open-text answers are published one by one');
			if (!polls.publishAnswer(scope.eventId, id, answerId, published))
				throw new DomainError('not-found', 'no such answer');
			return changed({ poll: view(p, 'staff') }, p);
		},

		/**
		 * One ballot per device per poll, or in a verified-only poll one per badge (whichever phone holds it); a new
		 * ballot replaces the voter's old one in the tally.
		 */
		vote(
			eventId: string,
			device: Caster,
			pollId: string,
			answer: BallotAnswer
		): WithEffects<{ pollId: string; answer: BallotAnswer }> {
			const p = polls.get(eventId, pollId);
			if (!p || p.state === 'draft') throw new DomainError('not-found', 'no such poll');
			if (p.state !== 'open') throw new DomainError('conflict', 'the poll is closed');
			const voter = p.verifiedOnly ? voters.badgeVoter(eventId, device.hash) : device.hash;
			if (!voter)
				throw new DomainError(
					'badge-required',
					'only verified attendees vote in this poll: redeem the code on your badge first'
				);
			checkAnswer(p, answer);
			// The tally and signals are read before the ballot is stored, so taking it in later cannot count it twice.
			tallyOf(p);
			signalsOf(p);
			const previous = polls.ballot(eventId, pollId, voter) ?? null;
			const answerId = randomBytes(6).toString('hex');
			polls.saveBallot(eventId, { pollId, voter, deviceHash: device.hash, answer, answerId }, now());
			const ballot: Effect = {
				type: 'ballot',
				poll: p,
				previous,
				answer,
				voter,
				deviceHash: device.hash,
				address: device.address
			};
			return { data: { pollId, answer }, effects: [ballot] };
		},

		/**
		 * Takes a committed ballot into the poll's running tally. Only once the write stands: the transaction holding
		 * it may still fail. A tally not in memory is built from the database later, ballot included.
		 */
		count(ballot: Extract<Effect, { type: 'ballot' }>) {
			const { poll, voter, deviceHash, address } = ballot;
			signals.get(key(poll.eventId, poll.id))?.add(voter, freshDevice(poll, deviceHash), address);
			const t = tallies.get(key(poll.eventId, poll.id));
			if (!t) return;
			if (ballot.previous) t.remove(ballot.previous);
			t.add(ballot.answer);
		},

		openPolls: (eventId: string) =>
			polls.openInEvent(eventId).map((p) => ({ sessionId: p.sessionId, pollId: p.id, question: p.question })),

		/** Polls whose countdown is running, to re-arm their timers after a restart. */
		countdowns: () => polls.withCountdown(),

		/** Forgets one poll's cached tally: other hubs stored ballots (cluster mode), so it is read again when next needed. */
		forgetTally: (eventId: string, pollId: string) => {
			tallies.delete(key(eventId, pollId));
		},

		/** Forgets cached tallies (after an import or in tests that write ballots behind the service's back). */
		resetTallies: () => {
			tallies.clear();
			signals.clear();
		}
	};
}
export type PollsService = ReturnType<typeof createPollsService>;
