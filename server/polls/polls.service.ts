import { randomBytes } from 'node:crypto';
import type { DomainDeps } from '../domain-deps';
import { DomainError } from '../errors';
import type { Effect, WithEffects } from '../effects';
import {
	POLL_TRANSITIONS,
	type BallotAnswer,
	type PollAction,
	pollDefinitionProblems,
	type PollDefinition,
	type PollFact,
	type PollIntegrity,
	type PollResults,
	type PollView,
	type ResultsVisibility
} from '../../src/lib/protocol';
import { eventScope, type Scope } from '../access/scope';
import type { PollsStore, StoredPoll } from './polls.store';
import { PollSignals, type SharedSignals } from './integrity';
import { Tally } from './tally';
import { ballotEntries } from './words';
import type { SharedRead } from '../db/shared-reads';

export type Audience = 'audience' | 'staff';

/** A committed ballot as a tally takes it in. */
type Ballot = Pick<
	Extract<Effect, { type: 'ballot' }>,
	'voter' | 'answerId' | 'answer' | 'fresh' | 'address'
>;

/** A poll's running tally and each voter's ballot in it. */
interface Counted {
	tally: Tally;
	answers: Map<string, { answerId: string; answer: BallotAnswer }>;
}

/** What the polls need to know about the phone that votes, from the devices and badges domains. */
export interface Voters {
	/** The key a verified-only poll counts this device's ballot under (its badge's), or null without a badge. */
	badgeVoter(eventId: string, deviceHash: string | null): Promise<string | null>;
	/** When the hub issued this device its id. */
	firstSeen(deviceHash: string): Promise<string | null>;
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
export function createPollsService(
	deps: DomainDeps & {
		polls: PollsStore;
		voters: Voters;
		/** Cluster mode: the integrity signals kept in Redis, counted and read by every hub. */
		shared?: SharedSignals;
		/** Reads made once for the callers of one moment (see db/shared-reads.ts). */
		sharedRead: SharedRead;
	}
) {
	const { polls, events, clock, requireAccess, voters, shared } = deps;
	const now = () => clock.now().toISOString();
	// Keyed by event and poll: a poll id is unique only within its event. A tally knows each voter's ballot, so a
	// committed ballot taken in twice (once from the database, once as it commits) counts once.
	const tallies = new Map<string, Counted>();
	const signals = new Map<string, PollSignals>();
	// Tallies and signals being read from the database, and the ballots that committed meanwhile (replayed onto
	// them once read: whether the read saw a ballot or not, it then counts exactly once).
	const building = new Map<string, Promise<Counted>>();
	const buildingSignals = new Map<string, Promise<PollSignals>>();
	const meanwhile = new Map<string, Ballot[]>();
	const key = (eventId: string, pollId: string) => `${eventId}\u0000${pollId}`;
	const changed = <T>(data: T, poll: StoredPoll): WithEffects<T> => ({
		data,
		effects: [{ type: 'poll', poll }]
	});

	/** Takes a committed ballot into a tally, once; a changed ballot replaces the voter's earlier one. */
	function countInto(c: Counted, b: Pick<Ballot, 'voter' | 'answerId' | 'answer'>) {
		const before = c.answers.get(b.voter);
		if (before?.answerId === b.answerId) return;
		if (before) c.tally.remove(before.answer);
		c.tally.add(b.answer);
		c.answers.set(b.voter, { answerId: b.answerId, answer: b.answer });
	}

	/** Reads one thing for a poll once however many ask together, and keeps it unless the poll was forgotten meanwhile. */
	function once<T>(
		ready: Map<string, T>,
		pending: Map<string, Promise<T>>,
		k: string,
		read: () => Promise<T>,
		settle: (value: T) => void
	): Promise<T> {
		const found = ready.get(k);
		if (found) return Promise.resolve(found);
		let p = pending.get(k);
		if (!p) {
			const reading = read().then(
				(value) => {
					if (pending.get(k) === reading) {
						pending.delete(k);
						settle(value);
						ready.set(k, value);
						if (!building.has(k) && !buildingSignals.has(k)) meanwhile.delete(k);
					}
					return value;
				},
				(error: unknown) => {
					if (pending.get(k) === reading) pending.delete(k);
					throw error;
				}
			);
			pending.set(k, (p = reading));
		}
		return p;
	}

	async function tallyOf(p: StoredPoll): Promise<Tally> {
		const k = key(p.eventId, p.id);
		const counted = await once(
			tallies,
			building,
			k,
			async () => {
				const c: Counted = {
					tally: new Tally(
						p.type,
						p.options.map((o) => o.id)
					),
					answers: new Map()
				};
				for (const b of await polls.ballots(p.eventId, p.id)) countInto(c, b);
				return c;
			},
			(c) => {
				for (const b of meanwhile.get(k) ?? []) countInto(c, b);
			}
		);
		return counted.tally;
	}

	function signalsOf(p: StoredPoll): Promise<PollSignals> {
		const k = key(p.eventId, p.id);
		return once(
			signals,
			buildingSignals,
			k,
			async () =>
				new PollSignals(p.firstOpenedAt ? await polls.freshVoters(p.eventId, p.id, p.firstOpenedAt) : []),
			(s) => {
				for (const b of meanwhile.get(k) ?? []) s.add(b.voter, b.fresh, b.address);
			}
		);
	}

	// Cluster mode: the polls whose stored fresh voters this hub has added to the shared signals (once per hub).
	const freshShared = new Map<string, Promise<void>>();
	function sharedFresh(p: StoredPoll, s: SharedSignals): Promise<void> {
		const k = key(p.eventId, p.id);
		let done = freshShared.get(k);
		if (!done) {
			done = (async () => {
				if (p.firstOpenedAt)
					await s.addFresh(p.eventId, p.id, await polls.freshVoters(p.eventId, p.id, p.firstOpenedAt));
			})();
			freshShared.set(k, done);
			done.catch(() => freshShared.delete(k));
		}
		return done;
	}

	/** The chair's integrity signals: this hub's own, or in cluster mode every hub's (from Redis). */
	async function integrityOf(p: StoredPoll): Promise<PollIntegrity> {
		if (!shared) return (await signalsOf(p)).view;
		await sharedFresh(p, shared);
		return shared.view(p.eventId, p.id);
	}

	/** Whether the hub first issued this device its id after the poll first opened. */
	const freshDevice = async (p: StoredPoll, deviceHash: string) => {
		const seen = await voters.firstSeen(deviceHash);
		return Boolean(seen && p.firstOpenedAt && seen > p.firstOpenedAt);
	};

	/** Drops what is held in memory for one poll (it is read again when next needed). */
	function forget(k: string) {
		tallies.delete(k);
		signals.delete(k);
		building.delete(k);
		buildingSignals.delete(k);
		meanwhile.delete(k);
		freshShared.delete(k);
	}

	/** Forgets one poll's cached tally: other hubs stored ballots (cluster mode), so it is read again when next needed. */
	function forgetTally(eventId: string, pollId: string) {
		const k = key(eventId, pollId);
		tallies.delete(k);
		building.delete(k);
		if (!buildingSignals.has(k)) meanwhile.delete(k);
	}

	/** Rating and ranking polls without their own items rate or rank the event's objectives. */
	async function resolveOptions(eventId: string, def: PollDefinition) {
		if ((def.type === 'rating' || def.type === 'ranking') && def.options.length === 0) {
			const options = (await events.objectives(eventId)).map((o) => ({ id: o.id, label: o.name }));
			if (options.length < 2)
				throw DomainError.because(
					'invalid-payload',
					'poll-no-objectives',
					'this event has no objectives to rate or rank'
				);
			return options;
		}
		if ((def.type === 'ranking' || def.type === 'rating') && def.options.length < 2) {
			throw DomainError.because('invalid-payload', 'poll-too-few-items', 'give at least two items', {
				min: 2
			});
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

	async function results(p: StoredPoll, audience: Audience, tally?: Tally): Promise<PollResults | null> {
		const t = tally ?? (await tallyOf(p));
		const visible = audience === 'staff' || (p.visibility === 'everyone' && t.ballots >= p.minBallots);
		if (!visible) return null;
		if (p.type !== 'open') return t.results();
		return {
			type: 'open',
			answers: (await polls.ballots(p.eventId, p.id))
				.filter((b) => audience === 'staff' || b.published)
				.map((b) => ({
					id: b.answerId,
					text: 'text' in b.answer ? b.answer.text : '',
					published: b.published
				}))
		};
	}

	async function view(p: StoredPoll, audience: Audience): Promise<PollView> {
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
			closedAt: p.state === 'closed' ? p.closedAt : null,
			preset: p.preset,
			verifiedOnly: p.verifiedOnly,
			ballots: (await tallyOf(p)).ballots,
			results: await results(p, audience),
			integrity: audience === 'staff' ? await integrityOf(p) : null
		};
	}

	/** A changed poll as one audience sees it; the audience never sees a draft. */
	async function pollFact(p: StoredPoll, audience: Audience): Promise<PollFact | null> {
		return p.state === 'draft' && audience === 'audience'
			? null
			: { type: 'poll', poll: await view(p, audience) };
	}

	/** A poll's moved results as one audience sees them. */
	/** `tally`: one read for this fact alone (see `storedResultsFacts`); by default the running tally. */
	async function resultsFact(p: StoredPoll, audience: Audience, tally?: Tally): Promise<PollFact> {
		return {
			type: 'results',
			sessionId: p.sessionId,
			pollId: p.id,
			ballots: (tally ?? (await tallyOf(p))).ballots,
			results: await results(p, audience, tally),
			integrity: audience === 'staff' ? await integrityOf(p) : null
		};
	}

	async function define(scope: Scope, sessionId: string, id: string, def: PollDefinition, preset = false) {
		await requireAccess.session(scope, sessionId);
		const problems = pollDefinitionProblems(def);
		if (problems.length) {
			const [{ reason, message, params }] = problems;
			const issues = problems.map((p) => ({ path: p.path, message: p.message }));
			throw DomainError.because('invalid-payload', reason, message, params, issues);
		}
		await polls.upsert(
			{
				id,
				eventId: scope.eventId,
				sessionId,
				type: def.type,
				question: def.question,
				options: await resolveOptions(scope.eventId, def),
				maxChoices: def.type === 'multiple' ? def.maxChoices : null,
				minBallots: def.minBallots,
				verifiedOnly: def.verifiedOnly,
				preset
			},
			now()
		);
		forget(key(scope.eventId, id));
		return (await polls.get(scope.eventId, id))!;
	}

	return {
		view,
		pollFact,
		resultsFact,

		/**
		 * Cluster mode: the results as storage holds them (every hub's ballots), for both audiences. The database
		 * counts the ballots (one row per distinct answer), so a flush costs the same at 100 ballots as at 10,000 in
		 * what crosses to the hub; the running tally here is forgotten, as it missed the other hubs' ballots.
		 */
		async storedResultsFacts(p: StoredPoll): Promise<{ audience: PollFact; staff: PollFact }> {
			forgetTally(p.eventId, p.id);
			// Open answers are listed one by one, not counted: those read the ballots themselves.
			if (p.type === 'open')
				return { audience: await resultsFact(p, 'audience'), staff: await resultsFact(p, 'staff') };
			const t = new Tally(
				p.type,
				p.options.map((o) => o.id)
			);
			for (const { answer, n } of await polls.answerCounts(p.eventId, p.id)) t.add(answer, n);
			return { audience: await resultsFact(p, 'audience', t), staff: await resultsFact(p, 'staff', t) };
		},
		get: (eventId: string, id: string) => polls.get(eventId, id),

		/**
		 * A session's polls as an attendee's page shows them, with this device's ballots.
		 * `follow` runs once access is granted and before anything is read: where the socket joins the room whose facts
		 * keep this state current, so a change committed while it is read is either in the answer or reaches the socket.
		 */
		async list(eventId: string, sessionId: string, deviceHash: string | null, follow?: () => void) {
			await requireAccess.session(eventScope(eventId), sessionId);
			follow?.();
			// Every phone opening the session asks for the same polls: read once for those asking together.
			const [all, mine] = await Promise.all([
				deps.sharedRead(`polls:${eventId}\n${sessionId}`, () => polls.bySession(eventId, sessionId)),
				(async () =>
					polls.mine(eventId, sessionId, {
						device: deviceHash,
						badge: await voters.badgeVoter(eventId, deviceHash)
					}))()
			]);
			const views: PollView[] = [];
			for (const p of all) if (p.state !== 'draft') views.push(await view(p, 'audience'));
			return { sessionId, polls: views, mine };
		},

		/** A session's polls as its chair sees them; `follow` as for `list`. */
		async manage(scope: Scope, sessionId: string, follow?: () => void) {
			await requireAccess.session(scope, sessionId);
			follow?.();
			const views: PollView[] = [];
			for (const p of await polls.bySession(scope.eventId, sessionId)) views.push(await view(p, 'staff'));
			return { sessionId, polls: views };
		},

		async create(scope: Scope, sessionId: string, def: PollDefinition) {
			const p = await define(scope, sessionId, `p-${randomBytes(6).toString('hex')}`, def);
			return changed({ poll: await view(p, 'staff') }, p);
		},

		/** Presets from an event file: created as drafts; a poll that already ran is left as it is. */
		async definePreset(scope: Scope, sessionId: string, id: string, def: PollDefinition) {
			await define(scope, sessionId, id, def, true);
		},

		async edit(scope: Scope, id: string, def: PollDefinition) {
			const p = await requireAccess.poll(scope, id);
			if (p.state !== 'draft')
				throw DomainError.because(
					'conflict',
					'poll-not-draft',
					`only a draft can be edited; this poll is ${p.state}`
				);
			const next = await define(scope, p.sessionId, id, def, p.preset);
			return changed({ poll: await view(next, 'staff') }, next);
		},

		async remove(scope: Scope, id: string) {
			const p = await requireAccess.poll(scope, id);
			if (!(await polls.delete(scope.eventId, id)))
				throw DomainError.because(
					'conflict',
					'poll-not-draft',
					`only a draft can be deleted; this poll is ${p.state}`
				);
			forget(key(scope.eventId, id));
			const removed: Effect = {
				type: 'poll-removed',
				eventId: p.eventId,
				sessionId: p.sessionId,
				pollId: id
			};
			return { data: { pollId: id }, effects: [removed] };
		},

		/** A named transition of the state machine; any other is refused and leaves the poll as it was. */
		async transition(scope: Scope, id: string, action: PollAction, countdownSeconds: number | null) {
			const p = await requireAccess.poll(scope, id);
			const from: readonly string[] = POLL_TRANSITIONS[action];
			if (!from.includes(p.state)) {
				throw DomainError.because('conflict', 'poll-state', `cannot ${action} a poll that is ${p.state}`);
			}
			const state = action === 'close' ? 'closed' : 'open';
			const closesAt =
				state === 'open' && countdownSeconds
					? new Date(clock.now().getTime() + countdownSeconds * 1000).toISOString()
					: null;
			// A countdown started (or stopped) on an open poll leaves when it opened, and so its ballots' signals, as is.
			if (action === 'countdown') await polls.setCountdown(scope.eventId, id, closesAt);
			else await polls.setState(scope.eventId, id, state, closesAt, now());
			const next = (await polls.get(scope.eventId, id))!;
			return changed({ poll: await view(next, 'staff') }, next);
		},

		/**
		 * A countdown ran out: closes the poll if it is still open on that countdown. Null when it is not (closed by
		 * hand, reopened, or closed by another hub's timer first), so only one close commits and is published.
		 */
		async closeDue(eventId: string, id: string, closesAt: string) {
			if (!(await polls.closeDue(eventId, id, closesAt, now()))) return null;
			const next = (await polls.get(eventId, id))!;
			return changed({ poll: await view(next, 'staff') }, next);
		},

		async reveal(scope: Scope, id: string, visibility: ResultsVisibility) {
			await requireAccess.poll(scope, id);
			await polls.setVisibility(scope.eventId, id, visibility);
			const next = (await polls.get(scope.eventId, id))!;
			return changed({ poll: await view(next, 'staff') }, next);
		},

		async publishText(scope: Scope, id: string, answerId: string, published: boolean) {
			const p = await requireAccess.poll(scope, id);
			if (p.type !== 'open')
				throw new DomainError('conflict', 'only open-text answers are published one by one');
			if (!(await polls.publishAnswer(scope.eventId, id, answerId, published)))
				throw new DomainError('not-found', 'no such answer');
			return changed({ poll: await view(p, 'staff') }, p);
		},

		/**
		 * One ballot per device per poll, or in a verified-only poll one per badge (whichever phone holds it); a new
		 * ballot replaces the voter's old one in the tally.
		 */
		async vote(
			eventId: string,
			device: Caster,
			pollId: string,
			answer: BallotAnswer
		): Promise<WithEffects<{ pollId: string; answer: BallotAnswer }>> {
			const p = await polls.get(eventId, pollId);
			if (!p || p.state === 'draft') throw DomainError.because('not-found', 'poll-not-found', 'no such poll');
			if (p.state !== 'open') throw DomainError.because('conflict', 'poll-closed', 'the poll is closed');
			// Its countdown ran out: closed as far as anyone can tell, whether or not its timer has fired yet.
			if (p.closesAt && Date.parse(p.closesAt) <= clock.now().getTime())
				throw DomainError.because('conflict', 'poll-closed', 'the poll is closed');
			const voter = p.verifiedOnly ? await voters.badgeVoter(eventId, device.hash) : device.hash;
			if (!voter)
				throw DomainError.because(
					'badge-required',
					'badge-required',
					'only verified attendees vote in this poll: redeem the code on your badge first'
				);
			checkAnswer(p, answer);
			// The integrity signals are read before the ballot is stored, so each ballot's source address is taken in as
			// it commits (addresses live in memory only). The tally is not: it is read from storage when first shown, and
			// a ballot counted both ways counts once, so the vote path does not read every ballot of the poll (with
			// several hubs, each forgets its tally whenever another one sends a fresh one).
			// In cluster mode the signals are in Redis, and each committed ballot is added there as it commits.
			if (!shared) await signalsOf(p);
			const answerId = randomBytes(6).toString('hex');
			await polls.saveBallot(eventId, { pollId, voter, deviceHash: device.hash, answer, answerId }, now());
			const ballot: Effect = {
				type: 'ballot',
				poll: p,
				answer,
				answerId,
				fresh: await freshDevice(p, device.hash),
				voter,
				deviceHash: device.hash,
				address: device.address
			};
			return { data: { pollId, answer }, effects: [ballot] };
		},

		/**
		 * Takes a committed ballot into the poll's running tally. Only once the write stands: the transaction holding
		 * it may still fail. A tally not in memory is built from the database later, ballot included. In cluster mode
		 * the ballot's signals go to Redis: the promise settles once they are there.
		 */
		async count(ballot: Extract<Effect, { type: 'ballot' }>): Promise<void> {
			const { poll } = ballot;
			const k = key(poll.eventId, poll.id);
			if (building.has(k) || buildingSignals.has(k)) {
				const waiting = meanwhile.get(k) ?? [];
				waiting.push(ballot);
				meanwhile.set(k, waiting);
			}
			signals.get(k)?.add(ballot.voter, ballot.fresh, ballot.address);
			const t = tallies.get(k);
			if (t) countInto(t, ballot);
			if (shared) await shared.add(poll.eventId, poll.id, ballot.voter, ballot.fresh, ballot.address);
		},

		openPolls: async (eventId: string) =>
			(await deps.sharedRead(`open-polls:${eventId}`, () => polls.openInEvent(eventId))).map((p) => ({
				sessionId: p.sessionId,
				pollId: p.id,
				question: p.question
			})),

		/** Polls whose countdown is running, to re-arm their timers after a restart. */
		countdowns: () => polls.withCountdown(),

		/** Forgets one poll's cached tally: other hubs stored ballots (cluster mode), so it is read again when next needed. */
		forgetTally,

		/** Forgets cached tallies (after an import or in tests that write ballots behind the service's back). */
		resetTallies: () => {
			tallies.clear();
			signals.clear();
			building.clear();
			buildingSignals.clear();
			meanwhile.clear();
			freshShared.clear();
		}
	};
}
export type PollsService = ReturnType<typeof createPollsService>;
