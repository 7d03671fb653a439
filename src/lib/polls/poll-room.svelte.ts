import type { Announcer } from '$lib/ui/announcer.svelte';
import { news } from '$lib/ui/news';
import type { BallotAnswer, PollFact, PollListResult } from '$lib/protocol';
import type { Connection } from '$lib/realtime/connection.svelte';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import type { Outbox } from '$lib/outbox/outbox.svelte';
import { m } from '$lib/paraglide/messages';

/**
 * One session's polls as this phone sees them: what is open or closed, this device's ballots, and the results
 * the chair has revealed. Refetched after every join; facts keep it current in between.
 */
export class PollRoom {
	state = $state<PollListResult | null>(null);
	error = $state<string | null>(null);
	readonly #connection: Connection;
	readonly #outbox: Outbox;
	readonly #eventId: string;
	readonly #announcer: Announcer;
	readonly #off: (() => void)[] = [];

	constructor(
		live: LiveEvent,
		readonly sessionId: string
	) {
		this.#connection = live.connection;
		this.#outbox = live.outbox;
		this.#eventId = live.eventId;
		this.#announcer = live.announcer;
		const onFact = (f: PollFact) => this.apply(f);
		this.#connection.socket.on('poll:changed', onFact);
		this.#off.push(
			() => this.#connection.socket.off('poll:changed', onFact),
			live.onJoin(() => void this.load()),
			this.#outbox.onSettled('poll:vote', (_, res) => {
				if (res.ok) {
					if (this.state) this.state.mine[res.data.pollId] = res.data.answer;
				} else if (res.error === 'badge-required') {
					// The badge was moved to another phone meanwhile: this one is no longer verified.
					live.verified = false;
					this.error = m.vote_badge_required();
				} else this.error = res.message ?? res.error;
			})
		);
	}

	destroy() {
		for (const off of this.#off) off();
	}

	async load() {
		const res = await this.#connection.call('poll:list', {
			eventId: this.#eventId,
			sessionId: this.sessionId
		});
		if (res.ok) {
			this.state = res.data;
			this.error = null;
		} else this.error = res.message ?? res.error;
	}

	apply(f: PollFact) {
		const s = this.state;
		if (!s || (f.type === 'poll' ? f.poll.sessionId : f.sessionId) !== this.sessionId) return;
		if (f.type === 'poll') {
			const i = s.polls.findIndex((p) => p.id === f.poll.id);
			const before = i >= 0 ? s.polls[i] : undefined;
			if (i >= 0) s.polls[i] = f.poll;
			else s.polls.push(f.poll);
			// Opening is announced by the live event (on every page); closing and revealing here, on the poll's page.
			if (before?.state === 'open' && f.poll.state === 'closed')
				this.#announcer.announce(news.pollClosed(f.poll.question));
			if (!before?.results && f.poll.results) this.#announcer.announce(news.results(f.poll.question));
		} else if (f.type === 'removed') {
			s.polls = s.polls.filter((p) => p.id !== f.pollId);
		} else if (f.type === 'results') {
			const p = s.polls.find((x) => x.id === f.pollId);
			if (p) {
				// The first results are news; the tallies that follow while votes come in are not.
				if (!p.results && f.results) this.#announcer.announce(news.results(p.question));
				p.ballots = f.ballots;
				p.results = f.results;
			}
		}
	}

	/** A ballot of this device that waits to be sent, if any. */
	waiting(pollId: string): BallotAnswer | undefined {
		const item = this.#outbox.waiting('poll:vote', `ballot:${pollId}`)[0];
		return item && 'answer' in item.payload ? item.payload.answer : undefined;
	}

	/** Casts or changes this device's ballot; it waits on the device while the connection is down. */
	async vote(pollId: string, answer: BallotAnswer) {
		const res = await this.#outbox.submit('poll:vote', `ballot:${pollId}`, {
			eventId: this.#eventId,
			pollId,
			answer
		});
		return res ?? { ok: true as const };
	}
}
