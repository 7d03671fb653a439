import type { BallotAnswer, PollFact, PollListResult } from '$lib/protocol';
import { newClientId, type Connection } from '$lib/realtime/connection.svelte';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';

/**
 * One session's polls as this phone sees them: what is open or closed, this device's ballots, and the results
 * the chair has revealed. Refetched after every join; facts keep it current in between.
 */
export class PollRoom {
	state = $state<PollListResult | null>(null);
	error = $state<string | null>(null);
	readonly #connection: Connection;
	readonly #eventId: string;
	readonly #off: (() => void)[] = [];
	/** A ballot's client id, kept until it is acknowledged, so a retry of the same ballot is the same write. */
	readonly #pending = new Map<string, string>();

	constructor(
		live: LiveEvent,
		readonly sessionId: string
	) {
		this.#connection = live.connection;
		this.#eventId = live.eventId;
		const onFact = (f: PollFact) => this.apply(f);
		this.#connection.socket.on('poll:changed', onFact);
		this.#off.push(
			() => this.#connection.socket.off('poll:changed', onFact),
			live.onJoin(() => void this.load())
		);
	}

	destroy() {
		for (const off of this.#off) off();
	}

	async load() {
		const res = await this.#connection.call('poll:list', { eventId: this.#eventId, sessionId: this.sessionId });
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
			if (i >= 0) s.polls[i] = f.poll;
			else s.polls.push(f.poll);
		} else if (f.type === 'removed') {
			s.polls = s.polls.filter((p) => p.id !== f.pollId);
		} else if (f.type === 'results') {
			const p = s.polls.find((x) => x.id === f.pollId);
			if (p) {
				p.ballots = f.ballots;
				p.results = f.results;
			}
		}
	}

	async vote(pollId: string, answer: BallotAnswer) {
		// A changed answer is a new write; only a retry of the very same ballot reuses its id.
		const key = `${pollId}:${JSON.stringify(answer)}`;
		const clientId = this.#pending.get(key) ?? newClientId();
		this.#pending.set(key, clientId);
		const res = await this.#connection.call('poll:vote', { clientId, eventId: this.#eventId, pollId, answer });
		if (res.ok) {
			this.#pending.delete(key);
			if (this.state) this.state.mine[pollId] = res.data.answer;
		} else if (res.error !== 'timeout') this.#pending.delete(key);
		return res;
	}
}
