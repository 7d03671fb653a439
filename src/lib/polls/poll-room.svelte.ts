import { failureText } from '$lib/i18n/failure-text';
import type { Announcer } from '$lib/ui/announcer.svelte';
import { news } from '$lib/ui/news';
import type { BallotAnswer, PollFact, PollListResult } from '$lib/protocol';
import type { CallResult, Connection } from '$lib/realtime/connection.svelte';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import type { Outbox, Refusal } from '$lib/outbox/outbox.svelte';
import type { Tabs } from '$lib/realtime/tabs.svelte';
import { m } from '$lib/paraglide/messages';
import { CatchUp } from '$lib/realtime/catch-up';
import { deviceCopy, restoreCopy, savedPolls, savePolls } from '$lib/agenda/saved-snapshot';

/** A ballot of this device the hub refused (e.g. the poll closed while the phone was offline), kept until dismissed. */
export interface RefusedBallot {
	id: string;
	answer: BallotAnswer;
	refusal: Refusal;
}

/**
 * One session's polls as this phone sees them: what is open or closed, this device's ballots, and the results
 * the chair has revealed. Refetched after every join; facts keep it current in between.
 */
export class PollRoom {
	state = $state<PollListResult | null>(null);
	/** `state` is the list as this device last saw it (reloaded offline), not yet the hub's answer. */
	stale = $state(false);
	error = $state<string | null>(null);
	readonly #connection: Connection;
	readonly #outbox: Outbox;
	readonly #eventId: string;
	readonly #tabs: Tabs;
	readonly #announcer: Announcer;
	readonly #off: (() => void)[] = [];
	readonly #catchUp = new CatchUp();
	/** Where the list is kept on the device (attendee pages only), and the pending save. */
	readonly #code: string | null;
	readonly #copy = deviceCopy(() => {
		if (this.#code && this.state && !this.stale)
			void savePolls(this.#code, this.sessionId, $state.snapshot(this.state) as PollListResult);
	});

	constructor(
		live: LiveEvent,
		readonly sessionId: string
	) {
		this.#connection = live.connection;
		this.#outbox = live.outbox;
		this.#eventId = live.eventId;
		this.#tabs = live.tabs;
		this.#announcer = live.announcer;
		this.#code = live.keepOffline ? live.snapshot.event.code : null;
		if (this.#code) void restoreCopy(savedPolls(this.#code, sessionId), this);
		const onFact = this.#catchUp.listener((f: PollFact) => this.apply(f));
		this.#connection.socket.on('poll:changed', onFact);
		this.#off.push(
			() => this.#connection.socket.off('poll:changed', onFact),
			live.keepLoaded(
				(answer) => this.load(answer),
				() => ({ name: 'poll:list', payload: this.#session() })
			),
			// A refused ballot stays in the outbox and shows beside its poll with the choice; no panel error.
			this.#outbox.onSettled('poll:vote', (_, res) => {
				if (res.ok) {
					this.#applyBallot(res.data.pollId, res.data.answer);
					this.#tabs.post({ type: 'ballot', pollId: res.data.pollId, answer: res.data.answer });
				} else if (res.error === 'badge-required') {
					// The badge was moved to another phone meanwhile: this one is no longer verified.
					live.verified = false;
					this.error = m.vote_badge_required();
				}
			}),
			this.#tabs.on('ballot', (b) => this.#applyBallot(b.pollId, b.answer))
		);
	}

	destroy() {
		for (const off of this.#off) off();
		this.#copy.flush();
	}

	/** What this panel's read names: its session of its event. */
	#session() {
		return { eventId: this.#eventId, sessionId: this.sessionId };
	}

	/**
	 * Takes the hub's polls for this session; false when the answer was lost (the page asks again once live).
	 * `answer`: the join's answer to this read, sent with it.
	 */
	async load(answer?: Promise<CallResult<'poll:list'>>): Promise<boolean> {
		const res = await this.#catchUp.fetch(
			() => answer ?? this.#connection.call('poll:list', this.#session()),
			(r) => {
				if (r.ok) {
					this.state = r.data;
					this.stale = false;
					this.#copy.now();
				}
				return r.ok;
			}
		);
		if (res.ok) this.error = null;
		else if (res.error !== 'timeout') this.error = failureText(res);
		return res.ok || res.error !== 'timeout';
	}

	apply(f: PollFact) {
		const s = this.state;
		if (!s || (f.type === 'poll' ? f.poll.sessionId : f.sessionId) !== this.sessionId) return;
		this.#copy.soon();
		if (f.type === 'poll') {
			const i = s.polls.findIndex((p) => p.id === f.poll.id);
			const before = i >= 0 ? s.polls[i] : undefined;
			if (i >= 0) s.polls[i] = f.poll;
			else s.polls.push(f.poll);
			// Opening and closing are announced by the live event (on every page); revealing here, on the poll's page.
			if (this.#catchUp.replaying) return;
			if (!before?.results && f.poll.results) this.#announcer.announce(news.results(f.poll.question));
		} else if (f.type === 'removed') {
			s.polls = s.polls.filter((p) => p.id !== f.pollId);
		} else if (f.type === 'results') {
			const p = s.polls.find((x) => x.id === f.pollId);
			if (p) {
				// The first results are news; the tallies that follow while votes come in are not.
				if (!p.results && f.results && !this.#catchUp.replaying)
					this.#announcer.announce(news.results(p.question));
				p.ballots = f.ballots;
				p.results = f.results;
			}
		}
	}

	#applyBallot(pollId: string, answer: BallotAnswer) {
		if (this.state?.polls.some((p) => p.id === pollId)) {
			this.state.mine[pollId] = answer;
			this.#copy.soon();
		}
	}

	/** A ballot of this device that waits to be sent (not one the hub refused), if any. */
	waiting(pollId: string): BallotAnswer | undefined {
		const item = this.#outbox.waiting('poll:vote', `ballot:${pollId}`).find((i) => !i.refused);
		return item && 'answer' in item.payload ? item.payload.answer : undefined;
	}

	/** This device's ballot for the poll that the hub refused, if any. */
	refused(pollId: string): RefusedBallot | undefined {
		const item = this.#outbox.waiting('poll:vote', `ballot:${pollId}`).find((i) => i.refused);
		if (!item?.refused || !('answer' in item.payload)) return undefined;
		return { id: item.id, answer: item.payload.answer, refusal: item.refused };
	}

	/** Sends a refused ballot again (when the poll is open again). */
	retry = (id: string) => this.#outbox.retry(id);
	/** Dismisses a refused ballot: it leaves the device. */
	discard = (id: string) => this.#outbox.discard(id);

	/** Casts or changes this device's ballot; it waits on the device while the connection is down. */
	async vote(pollId: string, answer: BallotAnswer) {
		const key = `ballot:${pollId}`;
		const res = await this.#outbox.submit('poll:vote', key, { eventId: this.#eventId, pollId, answer });
		// Kept on the device (offline, asked to wait, or refused and shown beside the poll): nothing more to say here.
		if (res === null || res.ok || this.#outbox.waiting('poll:vote', key).length) return { ok: true as const };
		return res;
	}
}
