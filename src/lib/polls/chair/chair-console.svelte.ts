import type {
	CommandInput,
	CommandName,
	CommandResults,
	ModQuestion,
	PollAction,
	PollDefinition,
	PollFact,
	PollView,
	QaModFact,
	QaModState,
	QaVotes,
	ResultsVisibility
} from '$lib/protocol';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import { newClientId, type Connection } from '$lib/realtime/connection.svelte';

export type Outcome<T> = { ok: true; data: T } | { ok: false; message: string; error?: string };

/** The input of a write command without its client id, which `Writes` adds. */
type WriteInput<C extends CommandName> = Omit<CommandInput<C>, 'clientId'>;

/**
 * Sends writes. A write whose ack never came keeps its client id under its key, so pressing the same button again
 * is the same write and the hub applies it once; any answer from the hub (yes or no) forgets it.
 */
class Writes {
	readonly #unanswered = new Map<string, { clientId: string; fingerprint: string }>();
	constructor(
		private readonly connection: Connection,
		private readonly timeoutMessage: () => string
	) {}

	async send<C extends CommandName>(
		key: string,
		name: C,
		input: WriteInput<C>
	): Promise<Outcome<CommandResults[C]>> {
		const fingerprint = JSON.stringify([name, input]);
		const prior = this.#unanswered.get(key);
		const clientId = prior?.fingerprint === fingerprint ? prior.clientId : newClientId();
		const res = await this.connection.call(name, { ...input, clientId } as CommandInput<C>);
		if (!res.ok && res.error === 'timeout') {
			this.#unanswered.set(key, { clientId, fingerprint });
			return { ok: false, message: this.timeoutMessage(), error: 'timeout' };
		}
		this.#unanswered.delete(key);
		return res.ok
			? { ok: true, data: res.data }
			: { ok: false, message: res.message ?? res.error, error: res.error };
	}
}

/**
 * Server time as this phone can best tell it, for countdowns: the hub sets `closesAt` by its own clock, and a
 * phone's clock can be minutes off. Started from the page's server render, refined by every countdown we start.
 */
export class ServerClock {
	#skew = 0;
	constructor(serverNow: number) {
		this.#skew = serverNow - Date.now();
	}
	now = () => Date.now() + this.#skew;
	/** A poll we just opened with a countdown tells us the hub's time: its closing instant less the countdown. */
	learn(closesAt: string, countdownSeconds: number) {
		this.#skew = Date.parse(closesAt) - countdownSeconds * 1000 - Date.now();
	}
}

/**
 * One session's polls as the chair console sees them (the staff view: results always included). The hub's list
 * replaces it on every (re)join and session switch; facts and acks keep it current in between. Nothing moves
 * optimistically: a card stays busy until the hub answers, and a refusal shows the hub's reason on the card.
 */
export class ChairPolls {
	sessionId = $state<string | null>(null);
	polls = $state<PollView[] | null>(null);
	loadError = $state<string | null>(null);
	/** Poll id -> the action on its way (e.g. `open`, `countdown-30`, `reveal-everyone`, `delete`). */
	busy = $state<Record<string, string>>({});
	/** Poll id -> the hub's refusal of the last action on it. */
	errors = $state<Record<string, string>>({});
	/** Open-text answer ids whose publish toggle is on its way. */
	publishing = $state<Record<string, boolean>>({});
	#request = 0;

	constructor(
		private readonly connection: Connection,
		private readonly eventId: string,
		private readonly writes: Writes,
		private readonly clock: ServerClock
	) {}

	select(sessionId: string) {
		this.sessionId = sessionId;
		this.polls = null;
		this.loadError = null;
		this.busy = {};
		this.errors = {};
		this.publishing = {};
	}

	async load() {
		const sessionId = this.sessionId;
		if (!sessionId) return;
		const request = ++this.#request;
		const res = await this.connection.call('poll:manage', { eventId: this.eventId, sessionId });
		// A switch (or a newer load) while this one was on its way wins.
		if (request !== this.#request || sessionId !== this.sessionId) return;
		if (res.ok) {
			this.polls = res.data.polls;
			this.loadError = null;
		} else this.loadError = res.message ?? res.error;
	}

	apply(f: PollFact) {
		if (!this.polls) return;
		if (f.type === 'poll') return this.#upsert(f.poll);
		if (f.sessionId !== this.sessionId) return;
		if (f.type === 'removed') this.polls = this.polls.filter((p) => p.id !== f.pollId);
		else {
			const p = this.polls.find((x) => x.id === f.pollId);
			if (p) {
				p.ballots = f.ballots;
				if (f.results) p.results = f.results;
			}
		}
	}

	#upsert(poll: PollView) {
		if (!this.polls || poll.sessionId !== this.sessionId) return;
		const i = this.polls.findIndex((p) => p.id === poll.id);
		if (i >= 0) this.polls[i] = poll;
		else this.polls.push(poll);
	}

	async #act<C extends CommandName>(
		poll: PollView,
		action: string,
		name: C,
		input: WriteInput<C>,
		then: (data: CommandResults[C]) => void
	): Promise<Outcome<CommandResults[C]>> {
		if (this.busy[poll.id]) return { ok: false, message: '' };
		this.busy[poll.id] = action;
		delete this.errors[poll.id];
		const res = await this.writes.send(`${poll.id}:${action}`, name, input);
		delete this.busy[poll.id];
		if (res.ok) then(res.data);
		else {
			this.errors[poll.id] = res.message;
			// Refused because the poll moved on (another chair, a countdown): show it as the hub has it now.
			if (res.error === 'conflict' || res.error === 'not-found') void this.load();
		}
		return res;
	}

	transition(poll: PollView, action: PollAction, countdownSeconds: number | null = null) {
		const key = countdownSeconds ? `countdown-${countdownSeconds}` : action;
		return this.#act(
			poll,
			key,
			'poll:transition',
			{ eventId: this.eventId, pollId: poll.id, action, countdownSeconds },
			(d) => {
				if (countdownSeconds && d.poll.closesAt) this.clock.learn(d.poll.closesAt, countdownSeconds);
				this.#upsert(d.poll);
			}
		);
	}

	reveal(poll: PollView, visibility: ResultsVisibility) {
		return this.#act(
			poll,
			`reveal-${visibility}`,
			'poll:reveal',
			{ eventId: this.eventId, pollId: poll.id, visibility },
			(d) => this.#upsert(d.poll)
		);
	}

	remove(poll: PollView) {
		return this.#act(poll, 'delete', 'poll:delete', { eventId: this.eventId, pollId: poll.id }, (d) => {
			if (this.polls) this.polls = this.polls.filter((p) => p.id !== d.pollId);
		});
	}

	edit(poll: PollView, def: PollDefinition) {
		return this.#act(poll, 'edit', 'poll:edit', { eventId: this.eventId, pollId: poll.id, poll: def }, (d) =>
			this.#upsert(d.poll)
		);
	}

	async publish(poll: PollView, answerId: string, published: boolean) {
		if (this.publishing[answerId]) return;
		this.publishing[answerId] = true;
		delete this.errors[poll.id];
		const res = await this.writes.send(`${poll.id}:publish:${answerId}`, 'poll:publish-text', {
			eventId: this.eventId,
			pollId: poll.id,
			answerId,
			published
		});
		delete this.publishing[answerId];
		if (res.ok) this.#upsert(res.data.poll);
		else this.errors[poll.id] = res.message;
	}

	/** The form keeps its own client id across a lost ack, so a second tap of "Create" makes one poll, not two. */
	async create(def: PollDefinition, formKey: string): Promise<Outcome<CommandResults['poll:create']>> {
		const sessionId = this.sessionId;
		if (!sessionId) return { ok: false, message: '' };
		const res = await this.writes.send(`create:${formKey}`, 'poll:create', {
			eventId: this.eventId,
			sessionId,
			poll: def
		});
		if (res.ok) this.#upsert(res.data.poll);
		return res;
	}
}

const publishedAt = (q: ModQuestion) => q.publishedAt ?? q.createdAt;

/** The session's Q&A as a chair sees it: read-only apart from pinning and marking answered. */
export class ChairQuestions {
	sessionId = $state<string | null>(null);
	state = $state<QaModState | null>(null);
	loadError = $state<string | null>(null);
	/** `questionId:pin|answer` of commands on their way. */
	busy = $state<Record<string, boolean>>({});
	error = $state<string | null>(null);
	#request = 0;

	constructor(
		private readonly connection: Connection,
		private readonly eventId: string,
		private readonly writes: Writes
	) {}

	select(sessionId: string) {
		this.sessionId = sessionId;
		this.state = null;
		this.loadError = null;
		this.busy = {};
		this.error = null;
	}

	async load() {
		const sessionId = this.sessionId;
		if (!sessionId) return;
		const request = ++this.#request;
		const res = await this.connection.call('qa:moderate', { eventId: this.eventId, sessionId });
		if (request !== this.#request || sessionId !== this.sessionId) return;
		if (res.ok) {
			this.state = res.data;
			this.loadError = null;
		} else this.loadError = res.message ?? res.error;
	}

	apply(f: QaModFact) {
		const s = this.state;
		if (!s || f.sessionId !== this.sessionId) return;
		if (f.type === 'question') {
			this.#upsert(f.question);
			s.counts = f.counts;
		} else if (f.type === 'pinned') this.#pin(f.questionId);
		else if (f.type === 'settings') s.premoderated = f.premoderated;
	}

	applyVotes(v: QaVotes) {
		const s = this.state;
		if (!s || v.sessionId !== this.sessionId) return;
		for (const q of s.questions) if (q.id in v.votes) q.votes = v.votes[q.id];
	}

	#upsert(q: ModQuestion) {
		const s = this.state;
		if (!s || q.sessionId !== this.sessionId) return;
		const i = s.questions.findIndex((x) => x.id === q.id);
		if (i >= 0) s.questions[i] = q;
		else s.questions.push(q);
	}

	#pin(questionId: string | null) {
		for (const q of this.state?.questions ?? []) q.pinned = q.id === questionId;
	}

	/** The question on the hall screen, if it is still published. */
	get pinned(): ModQuestion | null {
		return this.state?.questions.find((q) => q.pinned && q.state === 'published') ?? null;
	}

	/** Published, unanswered questions by votes (the earlier published first on a tie), the pinned one aside. */
	top(n: number): ModQuestion[] {
		return (this.state?.questions ?? [])
			.filter((q) => q.state === 'published' && !q.answered && !q.pinned)
			.sort((a, b) => b.votes - a.votes || publishedAt(a).localeCompare(publishedAt(b)))
			.slice(0, n);
	}

	get waiting(): number {
		return (this.state?.questions ?? []).filter((q) => q.state === 'pending').length;
	}

	async pin(questionId: string | null, key: string) {
		const sessionId = this.sessionId;
		if (!sessionId || this.busy[key]) return;
		this.busy[key] = true;
		this.error = null;
		const res = await this.writes.send(`pin:${sessionId}`, 'question:pin', {
			eventId: this.eventId,
			sessionId,
			questionId
		});
		delete this.busy[key];
		if (res.ok) this.#pin(res.data.questionId);
		else this.error = res.message;
	}

	async answer(q: ModQuestion, answered: boolean) {
		const key = `${q.id}:answer`;
		if (this.busy[key]) return;
		this.busy[key] = true;
		this.error = null;
		const res = await this.writes.send(key, 'question:answer', {
			eventId: this.eventId,
			questionId: q.id,
			answered
		});
		delete this.busy[key];
		if (res.ok) this.#upsert(res.data.question);
		else this.error = res.message;
	}
}

/**
 * The chair console's live state: the selected session's polls and questions. Both are fetched afresh on every
 * (re)join and session switch, which is also what subscribes this socket to the session's staff facts.
 */
export class ChairConsole {
	readonly polls: ChairPolls;
	readonly questions: ChairQuestions;
	readonly clock: ServerClock;
	/** Set when the organiser withdrew this staff link. */
	revoked = $state(false);
	readonly #off: (() => void)[] = [];
	readonly #connection: Connection;

	constructor(live: LiveEvent, opts: { serverNow: number; timeoutMessage: () => string }) {
		const connection = (this.#connection = live.connection);
		const writes = new Writes(connection, opts.timeoutMessage);
		this.clock = new ServerClock(opts.serverNow);
		this.polls = new ChairPolls(connection, live.eventId, writes, this.clock);
		this.questions = new ChairQuestions(connection, live.eventId, writes);

		const socket = connection.socket;
		const onPoll = (f: PollFact) => this.polls.apply(f);
		const onQa = (f: QaModFact) => this.questions.apply(f);
		const onVotes = (v: QaVotes) => this.questions.applyVotes(v);
		const onRevoked = () => (this.revoked = true);
		socket.on('poll:staff-changed', onPoll);
		socket.on('qa:mod-changed', onQa);
		socket.on('qa:votes', onVotes);
		socket.on('credential:revoked', onRevoked);
		this.#off.push(
			live.onJoin(() => void this.load()),
			() => socket.off('poll:staff-changed', onPoll),
			() => socket.off('qa:mod-changed', onQa),
			() => socket.off('qa:votes', onVotes),
			() => socket.off('credential:revoked', onRevoked)
		);
	}

	get sessionId() {
		return this.polls.sessionId;
	}

	select(sessionId: string) {
		if (sessionId === this.polls.sessionId) return;
		this.polls.select(sessionId);
		this.questions.select(sessionId);
		if (this.#connection.socket.connected) void this.load();
	}

	async load() {
		// 'qa:moderate' moves this socket's staff subscription to the session; 'poll:manage' then joins the same room.
		await this.questions.load();
		await this.polls.load();
	}

	destroy() {
		for (const off of this.#off) off();
	}
}
