import { hubClock, type HubClock } from '$lib/agenda/hub-clock';
import '$lib/i18n/failure-text-staff';
import { failureText } from '$lib/i18n/failure-text';
import type {
	CommandName,
	CommandResults,
	PollAction,
	PollDefinition,
	PollFact,
	PollView,
	ResultsVisibility
} from '$lib/protocol';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import type { Connection } from '$lib/realtime/connection.svelte';
import { Writes, type Outcome, type SendInput } from '$lib/realtime/writes.svelte';
import { ModerationState } from '$lib/moderation/moderation.svelte';
import { CatchUp } from '$lib/realtime/catch-up';
import { m } from '$lib/paraglide/messages';
import { SvelteSet } from 'svelte/reactivity';
import { pinOnScreenIn, type PinOnScreen } from '$lib/screen/focus';

export type { Outcome } from '$lib/realtime/writes.svelte';

/**
 * Server time as this phone can best tell it, for countdowns: the hub sets `closesAt` by its own clock, and a
 * phone's clock can be minutes off. Started from the page's server render, refined by every countdown we start.
 */
export class ServerClock {
	#skew = 0;
	/** When the skew was last learnt (device time): the newer of it and the hub clock's reading wins. */
	#learntAt = 0;
	#hubAt = 0;
	constructor(
		serverNow: number,
		private readonly hub: HubClock = hubClock
	) {
		this.#skew = serverNow - Date.now();
		// The page's hub clock (read at every join, and afresh when a rehearsal moves the hub's clock) is the better
		// reading once it has one.
		hub.onChange(() => (this.#hubAt = Date.now()));
	}
	now = () => (this.hub.known && this.#hubAt >= this.#learntAt ? this.hub.now() : Date.now() + this.#skew);
	/** A poll we just opened with a countdown tells us the hub's time: its closing instant less the countdown. */
	learn(closesAt: string, countdownSeconds: number) {
		this.#skew = Date.parse(closesAt) - countdownSeconds * 1000 - Date.now();
		this.#learntAt = Date.now();
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
	/** Facts that come while the list is on its way are applied again on top of it. */
	readonly catchUp = new CatchUp();
	#request = 0;
	/** Drafts whose card holds edits not yet saved: deleted from another console, they stay on screen here. */
	readonly #held = new SvelteSet<string>();
	/** Held drafts the hub no longer has: their cards offer to save the edits as a new draft. */
	readonly gone = new SvelteSet<string>();

	constructor(
		private readonly connection: Connection,
		private readonly eventId: string,
		private readonly writes: Writes,
		private readonly clock: ServerClock
	) {}

	select(sessionId: string) {
		this.sessionId = sessionId;
		this.gone.clear();
		this.polls = null;
		this.loadError = null;
		this.writes.reset();
	}

	/** The action on its way for a poll (e.g. `open`, `countdown-30`, `reveal-everyone`, `delete`), if any. */
	busy(pollId: string): string | null {
		const key = this.writes.busy[pollId];
		return key === undefined ? null : key.slice(pollId.length + 1);
	}
	/** A control's text, or "working…" while its action on the poll is on its way. */
	label(pollId: string, action: string, text: string): string {
		return this.busy(pollId) === action ? m.chair_working() : text;
	}
	/** The hub's refusal of the last action on a poll (a publish toggle's included). */
	error = (pollId: string) => this.writes.message(pollId);
	/** Whether an open-text answer's publish toggle is on its way. */
	publishing = (answerId: string) => this.writes.isBusy(`publish:${answerId}`);

	/** Takes the hub's polls for the current session; false when the answer was lost (asked again once live). */
	async load(): Promise<boolean> {
		const sessionId = this.sessionId;
		if (!sessionId) return true;
		const request = ++this.#request;
		// A switch (or a newer load) while this one was on its way wins.
		const current = () => request === this.#request && sessionId === this.sessionId;
		const res = await this.catchUp.fetch(
			() => this.connection.call('poll:manage', { eventId: this.eventId, sessionId }),
			(r) => {
				if (r.ok && current()) this.polls = this.#keepHeld(r.data.polls);
				return r.ok && current();
			}
		);
		if (!current()) return true;
		if (res.ok) this.loadError = null;
		else if (res.error !== 'timeout') this.loadError = failureText(res);
		return res.ok || res.error !== 'timeout';
	}

	apply(f: PollFact) {
		if (!this.polls) return;
		if (f.type === 'poll') return this.#upsert(f.poll);
		if (f.sessionId !== this.sessionId) return;
		if (f.type === 'removed') this.#removed(f.pollId);
		else {
			const p = this.polls.find((x) => x.id === f.pollId);
			if (p) {
				p.ballots = f.ballots;
				if (f.results) p.results = f.results;
				if (f.integrity) p.integrity = f.integrity;
			}
		}
	}

	/** A card edits its draft (`on`: with changes) or stops: while it does, the draft is not taken off its screen. */
	hold(pollId: string, on: boolean) {
		if (on) this.#held.add(pollId);
		else this.#held.delete(pollId);
	}

	/** A deleted draft's card is done with (its edits saved as a new draft, or discarded). */
	forget(pollId: string) {
		this.gone.delete(pollId);
		this.#held.delete(pollId);
		if (this.polls) this.polls = this.polls.filter((p) => p.id !== pollId);
	}

	#removed(pollId: string) {
		if (!this.polls) return;
		if (this.#held.has(pollId)) this.gone.add(pollId);
		else this.polls = this.polls.filter((p) => p.id !== pollId);
	}

	/** The hub's list, with the held drafts it no longer has (deleted while this console was away) kept as gone. */
	#keepHeld(polls: PollView[]): PollView[] {
		const missing = (this.polls ?? []).filter(
			(p) => this.#held.has(p.id) && !polls.some((q) => q.id === p.id)
		);
		for (const p of missing) this.gone.add(p.id);
		return [...polls, ...missing];
	}

	#upsert(poll: PollView) {
		if (!this.polls || poll.sessionId !== this.sessionId) return;
		const i = this.polls.findIndex((p) => p.id === poll.id);
		if (i >= 0) this.polls[i] = poll;
		else this.polls.push(poll);
	}

	/** One action at a time per poll: its card shows which is on its way, and the hub's reason if it is refused. */
	async #act<C extends CommandName>(
		poll: PollView,
		action: string,
		name: C,
		input: SendInput<C>,
		then: (data: CommandResults[C]) => void
	): Promise<Outcome<CommandResults[C]>> {
		const res = await this.writes.send(`${poll.id}:${action}`, name, input, {
			busy: poll.id,
			error: poll.id
		});
		if (res.ok) then(res.data);
		// Refused because the poll moved on (another chair, a countdown): show it as the hub has it now.
		else if (res.error === 'conflict' || res.error === 'not-found') void this.load();
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
		const res = await this.writes.send(
			`${poll.id}:publish:${answerId}`,
			'poll:publish-text',
			{ eventId: this.eventId, pollId: poll.id, answerId, published },
			{ busy: `publish:${answerId}`, error: poll.id }
		);
		if (res.ok) this.#upsert(res.data.poll);
	}

	/** The form keeps its own client id across a lost ack, so a second tap of "Create" makes one poll, not two. */
	async create(def: PollDefinition, formKey: string): Promise<Outcome<CommandResults['poll:create']>> {
		const sessionId = this.sessionId;
		if (!sessionId) return { ok: false, error: 'no-session', message: '' };
		const res = await this.writes.send(`create:${formKey}`, 'poll:create', {
			eventId: this.eventId,
			sessionId,
			poll: def
		});
		if (res.ok) this.#upsert(res.data.poll);
		return res;
	}
}

/**
 * The chair console's live state: the selected session's polls, and its questions as the moderation console keeps
 * them (the chair only pins and marks answered). Both are fetched afresh on every (re)join and session switch, which
 * is also what subscribes this socket to the session's staff facts.
 */
export class ChairConsole {
	readonly polls: ChairPolls;
	readonly questions: ModerationState;
	readonly clock: ServerClock;
	readonly #live: LiveEvent;
	readonly #off: (() => void)[] = [];
	readonly #pollsLoaded: ReturnType<LiveEvent['keepLoaded']>;

	constructor(live: LiveEvent, opts: { serverNow: number; timeoutMessage: () => string }) {
		const connection = live.connection;
		this.#live = live;
		this.clock = new ServerClock(opts.serverNow);
		// The moderation state loads on every join by itself, before the polls below ('qa:moderate' moves this
		// socket's staff subscription to the session; 'poll:manage' then joins the same room).
		this.questions = new ModerationState(live, { timeoutMessage: opts.timeoutMessage });
		this.polls = new ChairPolls(
			connection,
			live.eventId,
			new Writes(connection, { timeoutMessage: opts.timeoutMessage }),
			this.clock
		);

		const socket = connection.socket;
		const onPoll = this.polls.catchUp.listener((f: PollFact) => this.polls.apply(f));
		socket.on('poll:staff-changed', onPoll);
		this.#pollsLoaded = live.keepLoaded(() => this.polls.load());
		this.#off.push(
			this.#pollsLoaded,
			() => socket.off('poll:staff-changed', onPoll),
			() => this.questions.destroy()
		);
	}

	/** Set when this page's sign-in is over (its link revoked, the sign-in ended or expired, its cookie gone), with why. */
	get ended() {
		return this.#live.staffEnded;
	}

	get sessionId() {
		return this.polls.sessionId;
	}

	/** The event's time zone, in which the hall screen's "from 15:30" is said. */
	get timeZone() {
		return this.#live.snapshot.event.timezone;
	}

	/**
	 * Where the session's open poll stands with its hall's screen, by the screen's own rule (as a pinned question's):
	 * a chair who opens a poll more than half an hour before the session is told the screen shows it only from then;
	 * null while the session has no open poll.
	 */
	pollOnScreen(now: number): PinOnScreen | null {
		const id = this.polls.sessionId;
		if (!id || !this.#live.openPolls.some((p) => p.sessionId === id)) return null;
		return pinOnScreenIn(this.#live, id, now);
	}

	select(sessionId: string) {
		if (sessionId === this.polls.sessionId) return;
		this.questions.select(sessionId);
		this.polls.select(sessionId);
		this.#pollsLoaded.reload();
	}

	destroy() {
		for (const off of this.#off) off();
	}
}
