import type { MyQuestion, PublicQuestion, QaFact, QaRoomState, QaVotes } from '$lib/protocol';
import { newClientId, type Connection } from '$lib/realtime/connection.svelte';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';

export type AskInput = {
	text: string;
	name?: string;
	organisation?: string;
	country?: string;
	objectiveId: string | null;
};

/**
 * One session's Q&A as this phone sees it: the published questions, live vote counts, and this device's own
 * questions and votes. The hub's state replaces it on every (re)connect; facts keep it current in between.
 */
export class QaRoom {
	state = $state<QaRoomState | null>(null);
	error = $state<string | null>(null);
	/** Questions whose vote is on its way, so the button cannot be double-tapped into two toggles. */
	voting = $state<Record<string, boolean>>({});
	readonly #off: (() => void)[] = [];

	private readonly connection: Connection;
	private readonly eventId: string;

	constructor(
		live: LiveEvent,
		readonly sessionId: string
	) {
		this.connection = live.connection;
		this.eventId = live.eventId;
		const socket = this.connection.socket;
		const onFact = (f: QaFact) => this.apply(f);
		const onVotes = (v: QaVotes) => this.applyVotes(v);
		const onMine = (q: MyQuestion) => this.applyMine(q);
		socket.on('qa:changed', onFact);
		socket.on('qa:votes', onVotes);
		socket.on('qa:mine-changed', onMine);
		this.#off.push(
			live.onJoin(() => void this.load()),
			() => socket.off('qa:changed', onFact),
			() => socket.off('qa:votes', onVotes),
			() => socket.off('qa:mine-changed', onMine)
		);
	}

	destroy() {
		for (const off of this.#off) off();
	}

	/** Takes the hub's state for this session; runs after every join, so a reconnect ends in the hub's state. */
	async load() {
		const res = await this.connection.call('qa:open', { eventId: this.eventId, sessionId: this.sessionId });
		if (res.ok) {
			this.state = res.data;
			this.error = null;
		} else this.error = res.message ?? res.error;
	}

	apply(f: QaFact) {
		const s = this.state;
		if (!s || f.sessionId !== this.sessionId) return;
		if (f.type === 'question') {
			const i = s.questions.findIndex((q) => q.id === f.question.id);
			if (i >= 0) s.questions[i] = f.question;
			else s.questions.push(f.question);
			s.counts = f.counts;
		} else if (f.type === 'removed') {
			s.questions = s.questions.filter((q) => q.id !== f.questionId);
			s.counts = f.counts;
		} else if (f.type === 'counts') {
			s.counts = f.counts;
		} else if (f.type === 'pinned') {
			for (const q of s.questions) q.pinned = q.id === f.questionId;
		} else if (f.type === 'settings') {
			s.premoderated = f.premoderated;
		}
	}

	applyVotes(v: QaVotes) {
		const s = this.state;
		if (!s || v.sessionId !== this.sessionId) return;
		for (const q of s.questions) if (q.id in v.votes) q.votes = v.votes[q.id];
	}

	applyMine(q: MyQuestion) {
		const s = this.state;
		if (!s || q.sessionId !== this.sessionId) return;
		const i = s.mine.findIndex((x) => x.id === q.id);
		if (i >= 0) s.mine[i] = q;
		else s.mine.unshift(q);
	}

	hasVoted = (id: string) => this.state?.myVotes.includes(id) ?? false;

	async toggleVote(q: PublicQuestion) {
		const s = this.state;
		if (!s || this.voting[q.id]) return;
		const up = !this.hasVoted(q.id);
		this.voting[q.id] = true;
		const res = await this.connection.call('question:vote', { clientId: newClientId(), eventId: this.eventId, questionId: q.id, up });
		this.voting[q.id] = false;
		if (!res.ok) {
			this.error = res.message ?? res.error;
			return;
		}
		s.myVotes = up ? [...s.myVotes, q.id] : s.myVotes.filter((id) => id !== q.id);
		const target = s.questions.find((x) => x.id === q.id);
		if (target) target.votes = res.data.votes;
	}

	/** Sends a question; the same client id is reused by a retry, so it is applied once. */
	async ask(input: AskInput, clientId: string) {
		const res = await this.connection.call('question:ask', {
			clientId,
			eventId: this.eventId,
			sessionId: this.sessionId,
			...input
		});
		if (res.ok) this.applyMine(res.data.question);
		return res;
	}
}

export function sortQuestions(list: PublicQuestion[], sort: 'top' | 'recent') {
	return [...list].sort((a, b) =>
		sort === 'top' ? b.votes - a.votes || a.publishedAt.localeCompare(b.publishedAt) : b.publishedAt.localeCompare(a.publishedAt)
	);
}
