import { failureText, type FailureLike } from '$lib/i18n/failure-text';
import type { Announcer } from '$lib/ui/announcer.svelte';
import { news } from '$lib/ui/news';
import type { MyQuestion, PublicQuestion, QaFact, QaRoomState, QaVotes } from '$lib/protocol';
import type { CallResult, Connection } from '$lib/realtime/connection.svelte';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import type { Outbox, Refusal } from '$lib/outbox/outbox.svelte';
import type { Tabs } from '$lib/realtime/tabs.svelte';
import { m } from '$lib/paraglide/messages';
import { CatchUp } from '$lib/realtime/catch-up';
import { KeptQuestions } from './kept-questions.svelte';
import { deviceCopy, restoreCopy, savedQa, saveQa } from '$lib/agenda/saved-snapshot';

export type AskInput = {
	text: string;
	name?: string;
	organisation?: string;
	country?: string;
	objectiveId: string | null;
};

/** A question of this device that has not reached the hub yet (waiting, scheduled, or refused). */
export interface WaitingQuestion {
	id: string;
	text: string;
	/** The hub's reason when it refused the question; it stays here until the person acts. */
	refused: Refusal | null;
	/** Seconds until it is sent again by itself (rate-limited), or null. */
	secondsLeft: number | null;
}

/**
 * One session's Q&A as this phone sees it: the published questions, live vote counts, and this device's own
 * questions and votes. The hub's state replaces it on every (re)join; facts keep it current in between. Questions
 * and upvotes go through the outbox, so they survive a dropped connection and a reload.
 */
export class QaRoom {
	state = $state<QaRoomState | null>(null);
	/** `state` is the Q&A as this device last saw it (reloaded offline), not yet the hub's answer. */
	stale = $state(false);
	error = $state<string | null>(null);
	readonly #connection: Connection;
	readonly #outbox: Outbox;
	readonly #eventId: string;
	readonly #tabs: Tabs;
	readonly #announcer: Announcer;
	readonly #off: (() => void)[] = [];
	readonly #catchUp = new CatchUp();
	/**
	 * Questions this phone took back before they were sent (refused, waiting or scheduled): should one turn out to
	 * have reached the hub in the moment it was taken back, it is withdrawn there too, not shown again as asked.
	 */
	// A lookup, not state: nothing renders from it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #takenBack = new Set<string>();
	/** This phone's own copy of the questions it asked in the event (see `earlier`). */
	readonly kept: KeptQuestions;
	/** Where the Q&A is kept on the device (attendee pages only), and the pending save. */
	readonly #code: string | null;
	readonly #copy = deviceCopy(() => {
		if (this.#code && this.state && !this.stale)
			void saveQa(this.#code, this.sessionId, $state.snapshot(this.state) as QaRoomState);
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
		this.kept = new KeptQuestions(live.eventId);
		this.#code = live.keepOffline ? live.snapshot.event.code : null;
		if (this.#code) void restoreCopy(savedQa(this.#code, sessionId), this);
		const socket = this.#connection.socket;
		const onFact = this.#catchUp.listener((f: QaFact) => this.apply(f));
		const onVotes = this.#catchUp.listener((v: QaVotes) => this.applyVotes(v));
		const onMine = this.#catchUp.listener((q: MyQuestion) => this.applyMine(q));
		socket.on('qa:changed', onFact);
		socket.on('qa:votes', onVotes);
		socket.on('qa:mine-changed', onMine);
		this.#off.push(
			live.keepLoaded(
				(answer) => this.load(answer),
				() => ({ name: 'qa:open', payload: this.#session() })
			),
			() => socket.off('qa:changed', onFact),
			() => socket.off('qa:votes', onVotes),
			() => socket.off('qa:mine-changed', onMine),
			// Only this panel's own writes: a refused ballot is the polls panel's business. A refused or delayed
			// question stays in the outbox and shows in "Your questions" with its reason, not as a panel error.
			this.#outbox.onSettled('question:ask', (item, res) => {
				// Taken back while it was on its way: the hub has it after all, so it is withdrawn there too.
				if (res.ok && this.#takenBack.delete(item.id)) void this.withdraw(res.data.question.id);
				else if (res.ok) {
					this.applyMine(res.data.question);
					this.#tabs.post({ type: 'asked', question: res.data.question });
				} else if (res.error === 'badge-required') this.error = this.#explain(live, res);
			}),
			this.#outbox.onSettled('question:vote', (_, res) => {
				if (res.ok) {
					this.#settleVote(res.data);
					this.#tabs.post({ type: 'upvote', ...res.data });
				} else if (res.error !== 'rate-limited') this.error = this.#explain(live, res);
			}),
			this.#outbox.onSettled('question:withdraw', (item, res) => {
				if (res.ok) {
					this.applyMine(res.data.question);
					this.#tabs.post({ type: 'asked', question: res.data.question });
					this.#announcer.announce(m.qa_withdrawn());
				} else if (res.error === 'not-found' && 'questionId' in item.payload) {
					// Gone already (withdrawn from another tab whose news this one missed): nothing left to withdraw.
					this.#drop(item.payload.questionId);
				} else if (res.error !== 'rate-limited') this.error = this.#explain(live, res);
			}),
			this.#tabs.on('asked', (q) => this.applyMine(q.question)),
			this.#tabs.on('upvote', (v) => this.#settleVote(v))
		);
	}

	destroy() {
		for (const off of this.#off) off();
		this.#copy.flush();
	}

	/** A refusal in words; one for want of a badge also means this phone no longer holds one. */
	#explain(live: LiveEvent, res: FailureLike) {
		if (res.error !== 'badge-required') return failureText(res);
		live.verified = false;
		return m.qa_badge_required();
	}

	/** What this panel's read names: its session of its event. */
	#session() {
		return { eventId: this.#eventId, sessionId: this.sessionId };
	}

	/**
	 * Takes the hub's state for this session; runs after every join, so a reconnect ends in the hub's state. False when
	 * the answer was lost: the page asks again once it is live. `answer`: the join's answer to this read, sent with it.
	 */
	async load(answer?: Promise<CallResult<'qa:open'>>): Promise<boolean> {
		const res = await this.#catchUp.fetch(
			() => answer ?? this.#connection.call('qa:open', this.#session()),
			(r) => {
				if (r.ok) {
					this.state = r.data;
					this.stale = false;
				}
				return r.ok;
			}
		);
		if (res.ok) {
			this.error = null;
			// The hub's whole answer is kept at once (a reload a moment later finds it); facts after it, once a second.
			this.#copy.now();
			for (const q of res.data.mine) this.kept.remember(q);
		} else if (res.error !== 'timeout') this.error = failureText(res);
		return res.ok || res.error !== 'timeout';
	}

	apply(f: QaFact) {
		const s = this.state;
		if (!s || f.sessionId !== this.sessionId) return;
		if (f.type === 'question') {
			const i = s.questions.findIndex((q) => q.id === f.question.id);
			if (i >= 0) s.questions[i] = f.question;
			else {
				s.questions.push(f.question);
				// Only a question new to the room is news; votes, edits and answers are not read out.
				if (!this.#catchUp.replaying) this.#announcer.announce(news.question(f.question.text));
			}
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
			s.verifiedOnly = f.verifiedOnly;
		}
		this.#copy.soon();
	}

	applyVotes(v: QaVotes) {
		const s = this.state;
		if (!s || v.sessionId !== this.sessionId) return;
		if (v.counts) s.counts = v.counts;
		for (const q of s.questions) if (q.id in v.votes) q.votes = v.votes[q.id];
		this.#copy.soon();
	}

	applyMine(q: MyQuestion) {
		// The hub has this write (another tab sent it, or its answer was lost): the device need not keep it.
		if (q.clientId) void this.#outbox.applied(q.clientId);
		if (q.state === 'withdrawn') return this.#drop(q.id);
		this.kept.remember(q);
		const s = this.state;
		if (!s || q.sessionId !== this.sessionId) return;
		const i = s.mine.findIndex((x) => x.id === q.id);
		if (i >= 0) s.mine[i] = q;
		else s.mine.unshift(q);
		this.#copy.soon();
	}

	/** A question this device withdrew is deleted: it leaves its list, the room's list and the phone's own copy. */
	#drop(id: string) {
		this.kept.forget(id);
		const s = this.state;
		if (!s) return;
		s.mine = s.mine.filter((x) => x.id !== id);
		s.questions = s.questions.filter((x) => x.id !== id);
		this.#copy.soon();
	}

	/**
	 * Withdraws one of this device's questions: it is deleted for everyone. Like asking, it goes through the outbox,
	 * so without a connection it waits on the phone (shown as withdrawing) and goes out once the connection is back.
	 */
	withdraw(id: string) {
		return this.#outbox.submit('question:withdraw', `withdraw:${id}`, {
			eventId: this.#eventId,
			questionId: id
		});
	}

	/** True while this device's withdrawal of the question waits to be sent. */
	withdrawing = (id: string) => this.#outbox.waiting('question:withdraw', `withdraw:${id}`).length > 0;

	/** This device's questions for the session that are still on the device, waiting to be sent. */
	get waiting(): WaitingQuestion[] {
		// A write the hub already told this device it has shows once, as the hub's question, not also as waiting.
		const known = this.state?.mine.map((q) => q.clientId) ?? [];
		return this.#outbox
			.waiting('question:ask')
			.filter(
				(i) => 'sessionId' in i.payload && i.payload.sessionId === this.sessionId && !known.includes(i.id)
			)
			.map((i) => ({
				id: i.id,
				text: 'text' in i.payload ? i.payload.text : '',
				refused: i.refused ?? null,
				secondsLeft: this.#outbox.secondsLeft(i)
			}));
	}

	/**
	 * Questions this phone asked in the session that the hub no longer counts as this device's: the browser's cookies
	 * were cleared, so the hub gave it a new, unrelated device id. Shown from the phone's own copy, never silently
	 * dropped; their state comes from the room's list when they are published there, else it is the last one heard.
	 */
	get earlier(): MyQuestion[] {
		const s = this.state;
		if (!s) return [];
		const current = s.mine.map((q) => q.id);
		return this.kept.list
			.filter((q) => q.sessionId === this.sessionId && !current.includes(q.id))
			.map((q) => {
				const shown = s.questions.find((p) => p.id === q.id);
				return shown ? { ...q, state: shown.answered ? ('answered' as const) : ('published' as const) } : q;
			})
			.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	}

	/** Takes an earlier question off this phone; the hub's copy is untouched. */
	forget = (id: string) => this.kept.forget(id);

	/** Sends a refused or delayed question again now, as it was. */
	retry = (id: string) => this.#outbox.retry(id);
	/** Sends a refused question again with new text (a new write). */
	edit = (id: string, text: string) => this.#outbox.edit<'question:ask'>(id, { text });
	/** Drops a refused or waiting question from the device, unsent. */
	discard = (id: string) => {
		this.#takenBack.add(id);
		return this.#outbox.discard(id);
	};

	#pendingVote(questionId: string) {
		const item = this.#outbox.waiting('question:vote', `vote:${questionId}`)[0];
		return item && 'up' in item.payload ? item.payload.up : undefined;
	}

	/** Whether this device's upvote is on (or on its way). */
	hasVoted = (id: string) => this.#pendingVote(id) ?? this.state?.myVotes.includes(id) ?? false;
	/** True while an upvote or its withdrawal waits to be sent. */
	votePending = (id: string) => this.#pendingVote(id) !== undefined;

	#settleVote(r: { questionId: string; votes: number; voted: boolean }) {
		const s = this.state;
		if (!s) return;
		s.myVotes = r.voted
			? [...s.myVotes.filter((id) => id !== r.questionId), r.questionId]
			: s.myVotes.filter((id) => id !== r.questionId);
		const target = s.questions.find((x) => x.id === r.questionId);
		if (target) target.votes = r.votes;
		this.#copy.soon();
	}

	toggleVote(q: PublicQuestion) {
		const up = !this.hasVoted(q.id);
		void this.#outbox.submit('question:vote', `vote:${q.id}`, {
			eventId: this.#eventId,
			questionId: q.id,
			up
		});
	}

	/** Sends a question; null means it waits on the device until the connection is back. */
	ask(input: AskInput) {
		return this.#outbox.submit('question:ask', `ask:${Date.now()}:${Math.random()}`, {
			eventId: this.#eventId,
			sessionId: this.sessionId,
			...input
		});
	}
}

export function sortQuestions(list: PublicQuestion[], sort: 'top' | 'recent') {
	return [...list].sort((a, b) =>
		sort === 'top'
			? b.votes - a.votes || a.publishedAt.localeCompare(b.publishedAt)
			: b.publishedAt.localeCompare(a.publishedAt)
	);
}
