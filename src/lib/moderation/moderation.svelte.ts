import '$lib/i18n/failure-text-staff';
import { failureText } from '$lib/i18n/failure-text';
import type { Announcer } from '$lib/ui/announcer.svelte';
import { news } from '$lib/ui/news';
import type { ModQuestion, QaModFact, QaModState, QaVotes, QuestionState } from '$lib/protocol';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import type { Connection } from '$lib/realtime/connection.svelte';
import { Writes, type SendInput } from '$lib/realtime/writes.svelte';
import { foldWords } from '$lib/text/fold';
import { CatchUp } from '$lib/realtime/catch-up';
import { pinOnScreenIn, type PinOnScreen } from '$lib/screen/focus';

export type ModAction =
	| 'approve'
	| 'decline'
	| 'edit'
	| 'merge'
	| 'label'
	| 'pin'
	| 'answer'
	| 'archive'
	| 'reply'
	| 'restore'
	| 'unmerge';

/** How long the console offers to undo a merge or an archive with one click (the row keeps offering it after). */
export const UNDO_MS = 10_000;

/** The last merge or archive, which the console offers to undo for UNDO_MS. */
export interface Undoable {
	kind: 'merge' | 'archive';
	questionId: string;
	text: string;
}

/**
 * What a moderator has typed in an inline form, and the state (and text) the question had when it was opened. Kept
 * outside the form's component, which is made anew when the question moves to another list (another moderator
 * approved it while the form was open), so what was typed is still there when the hub's refusal says why.
 */
export interface FormDraft {
	seen: QuestionState;
	/** The question's text the edit replaces: as opened, then as shown once another moderator's edit was refused over. */
	seenText: string;
	/** The reply it replaces ('' for none): as opened, then as shown once another moderator's reply was refused over. */
	seenReply: string;
	text: string;
	reason: string;
	reply: string;
	intoId: string;
}

/** Refusals that mean another moderator decided first: shown above the lists too, wherever the question went. */
const DECIDED_MEANWHILE = ['question-approved-meanwhile', 'question-declined-meanwhile'];

/** What the moderator's search looks in: what was asked (as shown and as first typed), who asked, the reply. */
const searchable = (q: ModQuestion) =>
	foldWords(
		[q.text, q.originalText, q.name, q.organisation, q.country, q.reply].filter(Boolean).join(' ')
	).join(' ');

/** The questions, in any state, whose words contain every word of the query (folded: case, accents, letter forms). */
export function searchQuestions(questions: ModQuestion[], query: string): ModQuestion[] {
	const words = foldWords(query);
	if (!words.length) return [];
	return questions.filter((q) => {
		const hay = searchable(q);
		return words.every((w) => hay.includes(w));
	});
}
export type PublishedSort = 'votes' | 'newest';

/** Commands on one question whose ack is the question as it now stands. */
type QuestionCommand =
	| 'question:decline'
	| 'question:edit'
	| 'question:merge'
	| 'question:label'
	| 'question:answer'
	| 'question:archive'
	| 'question:restore'
	| 'question:unmerge'
	| 'question:reply';

/** Newest first; ISO instants compare as strings. */
export const newestFirst = (a: ModQuestion, b: ModQuestion) => b.createdAt.localeCompare(a.createdAt);

export function sortPublished(list: ModQuestion[], sort: PublishedSort): ModQuestion[] {
	const at = (q: ModQuestion) => q.publishedAt ?? q.createdAt;
	return [...list].sort((a, b) =>
		sort === 'votes' ? b.votes - a.votes || at(a).localeCompare(at(b)) : at(b).localeCompare(at(a))
	);
}

/**
 * One session's moderation as this console sees it. The hub's state replaces it on every (re)join and on every
 * session switch; in between, facts ('qa:mod-changed', 'qa:votes') and command acks keep it current. Nothing is
 * changed optimistically: a control shows "busy" until the hub answers, and only the hub's answer moves state.
 */
export class ModerationState {
	sessionId = $state<string | null>(null);
	state = $state<QaModState | null>(null);
	loadError = $state<string | null>(null);
	/**
	 * This console's commands: busy and the hub's refusal under `questionId:action`, `bulk` or `settings`; a
	 * refusal is cleared when the control is used again, and everything is forgotten on a session switch.
	 */
	readonly writes: Writes;
	/** The last merge or archive while it can still be undone from the toast. */
	undoable = $state<Undoable | null>(null);
	/** The open form's draft, by `questionId:kind` (one form is open at a time). */
	drafts = $state<Record<string, FormDraft>>({});
	/**
	 * The last decision refused because another moderator decided first, with the question's words: its row may have
	 * moved to a list that is not on screen, so the console says it above the lists.
	 */
	overruled = $state<{ questionId: string; message: string; text: string } | null>(null);
	/**
	 * A flagged question the moderator asked to put on the hall screen: it goes up only once they confirm
	 * (`confirmPin`), since the screen projects it to the whole room.
	 */
	pinAskId = $state<string | null>(null);
	#undoTimer: ReturnType<typeof setTimeout> | undefined;

	readonly #connection: Connection;
	readonly #live: LiveEvent;
	readonly #eventId: string;
	readonly #timeoutMessage: () => string;
	/** Set where new questions in the queue are news to read out (the moderator's console, not the chair's). */
	readonly #announcer: Announcer | null;
	readonly #off: (() => void)[] = [];
	#request = 0;
	readonly #catchUp = new CatchUp();
	readonly #loaded: ReturnType<LiveEvent['keepLoaded']>;

	constructor(live: LiveEvent, opts: { timeoutMessage: () => string; announceQueue?: boolean }) {
		this.#announcer = opts.announceQueue ? live.announcer : null;
		this.#connection = live.connection;
		this.#live = live;
		this.#eventId = live.eventId;
		this.#timeoutMessage = opts.timeoutMessage;
		this.writes = new Writes(live.connection, opts);
		const socket = this.#connection.socket;
		const onFact = this.#catchUp.listener((f: QaModFact) => void this.apply(f));
		const onVotes = this.#catchUp.listener((v: QaVotes) => void this.applyVotes(v));
		socket.on('qa:mod-changed', onFact);
		socket.on('qa:votes', onVotes);
		this.#loaded = live.keepLoaded(() => this.load());
		this.#off.push(
			this.#loaded,
			() => socket.off('qa:mod-changed', onFact),
			() => socket.off('qa:votes', onVotes)
		);
	}

	destroy() {
		for (const off of this.#off) off();
		clearTimeout(this.#undoTimer);
	}

	/** Switches to another session: its state comes fresh from the hub, which also moves this socket's subscription. */
	select(sessionId: string) {
		if (sessionId === this.sessionId) return;
		this.sessionId = sessionId;
		this.state = null;
		this.loadError = null;
		this.writes.reset();
		this.drafts = {};
		this.overruled = null;
		this.pinAskId = null;
		this.dismissUndo();
		this.#loaded.reload();
	}

	/**
	 * Takes the hub's state for the current session. A slower answer for a session left since is dropped. False when
	 * the answer was lost: the page asks again every 2 s while live, and when it is live again after a drop.
	 */
	async load(): Promise<boolean> {
		const sessionId = this.sessionId;
		if (!sessionId) return true;
		const request = ++this.#request;
		const current = () => request === this.#request && sessionId === this.sessionId;
		const res = await this.#catchUp.fetch(
			() => this.#connection.call('qa:moderate', { eventId: this.#eventId, sessionId }),
			(r) => {
				if (r.ok && current()) this.state = r.data;
				return r.ok && current();
			}
		);
		if (!current()) return true;
		if (res.ok) this.loadError = null;
		else this.loadError = res.error === 'timeout' ? this.#timeoutMessage() : failureText(res);
		return res.ok || res.error !== 'timeout';
	}

	/** Applies a moderation fact. Every fact carries whole values, so applying one twice changes nothing. */
	apply(f: QaModFact): 'applied' | 'ignored' {
		const s = this.state;
		if (!s || f.sessionId !== s.sessionId) return 'ignored';
		if (f.type === 'question') {
			if (f.question.state === 'pending' && !this.byId(f.question.id))
				if (!this.#catchUp.replaying) this.#announcer?.announce(news.queueQuestion(f.question.text));
			this.#upsert(f.question);
			s.counts = f.counts;
		} else if (f.type === 'removed') {
			// Withdrawn by its asker: deleted, so nothing is left to act on or to undo.
			s.questions = s.questions.filter((q) => q.id !== f.questionId);
			s.counts = f.counts;
			if (this.undoable?.questionId === f.questionId) this.dismissUndo();
		} else if (f.type === 'pinned') {
			this.#setPinned(f.questionId);
		} else if (f.type === 'settings') {
			s.premoderated = f.premoderated;
			s.verifiedOnly = f.verifiedOnly;
		}
		return 'applied';
	}

	applyVotes(v: QaVotes): 'applied' | 'ignored' {
		const s = this.state;
		if (!s || v.sessionId !== s.sessionId) return 'ignored';
		for (const q of s.questions) if (q.id in v.votes) q.votes = v.votes[q.id];
		return 'applied';
	}

	#upsert(q: ModQuestion) {
		const s = this.state;
		if (!s || q.sessionId !== s.sessionId) return;
		const i = s.questions.findIndex((x) => x.id === q.id);
		if (i >= 0) s.questions[i] = q;
		else s.questions.push(q);
	}

	#setPinned(id: string | null) {
		for (const q of this.state?.questions ?? []) q.pinned = q.id === id;
	}

	// ---- the lists the console shows ----

	get questions(): ModQuestion[] {
		return this.state?.questions ?? [];
	}
	get queue() {
		return this.questions.filter((q) => q.state === 'pending').sort(newestFirst);
	}
	published(sort: PublishedSort) {
		return sortPublished(
			this.questions.filter((q) => q.state === 'published'),
			sort
		);
	}
	answered(sort: PublishedSort) {
		return sortPublished(
			this.questions.filter((q) => q.state === 'published' && q.answered),
			sort
		);
	}
	get declined() {
		return this.questions.filter((q) => q.state === 'declined').sort(newestFirst);
	}
	get archived() {
		return this.questions.filter((q) => q.state === 'archived' || q.state === 'merged').sort(newestFirst);
	}
	get pinned(): ModQuestion | undefined {
		return this.questions.find((q) => q.pinned && q.state === 'published');
	}
	/** The event's time zone, in which the console says when. */
	get timeZone() {
		return this.#live.snapshot.event.timezone;
	}
	/**
	 * Whether the hall screen shows the question put on it at `now`, by the screen's own rule (`pinOnScreen`): one
	 * put up an hour before its session, or left up after it, is not on the screen. Null with nothing put up.
	 */
	screenAt(now: number): PinOnScreen | null {
		return this.sessionId && this.pinned ? pinOnScreenIn(this.#live, this.sessionId, now) : null;
	}
	/** What the chair may take next: published, unanswered questions by votes, the one on screen aside. */
	upNext(n: number) {
		return this.published('votes')
			.filter((q) => !q.answered && !q.pinned)
			.slice(0, n);
	}
	/** Where a question may be merged: another published or waiting question of the same session. */
	mergeTargets(id: string) {
		return this.questions.filter((q) => q.id !== id && (q.state === 'published' || q.state === 'pending'));
	}
	byId(id: string | null) {
		return id ? this.questions.find((q) => q.id === id) : undefined;
	}
	/** Every question of the session, whatever its state, matching the search, newest first. */
	search(query: string) {
		return searchQuestions(this.questions, query).sort(newestFirst);
	}

	/** The draft of the form `key` (`questionId:kind`), started by `init` when the form is first opened. */
	draft(key: string, init: () => FormDraft): FormDraft {
		this.drafts[key] ??= init();
		return this.drafts[key];
	}
	dropDrafts() {
		this.drafts = {};
	}

	/**
	 * Notes a decision refused because another moderator's came first (see `overruled`): on `id`, or, in a bulk
	 * approve, on the one the hub names.
	 */
	#noteOverruled(id: string | null, key: string) {
		const f = this.writes.failure(key);
		if (!f?.reason || !DECIDED_MEANWHILE.includes(f.reason)) return;
		const named = typeof f.params?.questionId === 'string' ? f.params.questionId : id;
		if (!named) return;
		this.overruled = {
			questionId: named,
			message: this.writes.describe(f),
			text: this.byId(named)?.text ?? ''
		};
	}
	dismissOverruled() {
		this.overruled = null;
	}

	isBusy = (key: string) => this.writes.isBusy(key);
	errorFor = (key: string) => this.writes.message(key);
	/** Which refusal the control `key` last met, if any (see ERROR_REASONS). */
	reasonFor = (key: string) => this.writes.failure(key)?.reason ?? null;

	// ---- commands: each is one hub command; its ack data and the facts that follow are the only state changes ----

	async #questionCommand<C extends QuestionCommand>(
		id: string,
		action: ModAction,
		name: C,
		payload: Omit<SendInput<C>, 'eventId' | 'questionId'>
	) {
		const res = await this.writes.send(`${id}:${action}`, name, {
			...payload,
			eventId: this.#eventId,
			questionId: id
		} as SendInput<C>);
		if (res.ok) this.#upsert(res.data.question);
		return res.ok;
	}

	/**
	 * Approves as the console shows the questions: the hub refuses it for one another moderator has moved since
	 * (declined it, say) rather than publish over that decision.
	 */
	async approve(ids: string[], key = ids.length === 1 ? `${ids[0]}:approve` : 'bulk') {
		const states = ids.map((id) => this.byId(id)?.state);
		const seen = states.every((st) => st === states[0]) ? states[0] : undefined;
		this.overruled = null;
		const res = await this.writes.send(key, 'question:approve', {
			eventId: this.#eventId,
			questionIds: ids,
			...(seen ? { seen } : {})
		});
		if (res.ok) for (const q of res.data.questions) this.#upsert(q);
		else this.#noteOverruled(ids.length === 1 ? ids[0] : null, key);
		return res.ok;
	}
	/** `seen`: the state the question was in when the moderator opened the form (see `approve`). */
	async decline(id: string, reason: string, seen?: QuestionState) {
		this.overruled = null;
		const ok = await this.#questionCommand(id, 'decline', 'question:decline', {
			reason,
			...(seen ? { seen } : {})
		});
		if (!ok) this.#noteOverruled(id, `${id}:decline`);
		return ok;
	}
	/**
	 * `seenText`: the text the moderator is replacing, as the console showed it; the hub refuses the edit if another
	 * moderator's has been saved since, rather than overwrite it unseen.
	 */
	edit = (id: string, text: string, seenText?: string) =>
		this.#questionCommand(id, 'edit', 'question:edit', {
			text,
			...(seenText !== undefined ? { seenText } : {})
		});
	async merge(id: string, intoId: string) {
		const text = this.byId(id)?.text ?? '';
		const ok = await this.#questionCommand(id, 'merge', 'question:merge', { intoId });
		if (ok) this.#offerUndo({ kind: 'merge', questionId: id, text });
		return ok;
	}
	label = (id: string, objectiveId: string | null) =>
		this.#questionCommand(id, 'label', 'question:label', { objectiveId });
	/** Answering takes the question off the hall screen; `keepPinned` leaves it there (the chair is still on it). */
	answer = (id: string, answered: boolean, keepPinned = false) =>
		this.#questionCommand(id, 'answer', 'question:answer', { answered, keepPinned });
	async archive(id: string) {
		const ok = await this.#questionCommand(id, 'archive', 'question:archive', {});
		if (ok) this.#offerUndo({ kind: 'archive', questionId: id, text: this.byId(id)?.text ?? '' });
		return ok;
	}
	/** Undoes an archive; the hub puts the question back in the state it was archived from. */
	restore = (id: string) => this.#undo(id, 'restore', 'question:restore');
	/** Undoes a merge; the hub gives both questions back their own votes. */
	unmerge = (id: string) => this.#undo(id, 'unmerge', 'question:unmerge');

	async #undo(id: string, action: 'restore' | 'unmerge', name: 'question:restore' | 'question:unmerge') {
		const ok = await this.#questionCommand(id, action, name, {});
		if (ok && this.undoable?.questionId === id) this.dismissUndo();
		return ok;
	}

	/** Undoes what the toast offers. */
	undo() {
		const u = this.undoable;
		if (!u) return Promise.resolve(false);
		return u.kind === 'merge' ? this.unmerge(u.questionId) : this.restore(u.questionId);
	}

	dismissUndo() {
		clearTimeout(this.#undoTimer);
		this.undoable = null;
	}

	#offerUndo(u: Undoable) {
		clearTimeout(this.#undoTimer);
		this.undoable = u;
		this.#undoTimer = setTimeout(() => {
			if (this.undoable === u) this.undoable = null;
		}, UNDO_MS);
	}
	/**
	 * `seenReply`: the reply the moderator is replacing ('' for none), as the console showed it; the hub refuses the
	 * reply if another moderator's has been saved since, rather than overwrite it unseen.
	 */
	reply = (id: string, reply: string, seenReply?: string) =>
		this.#questionCommand(id, 'reply', 'question:reply', {
			reply,
			...(seenReply !== undefined ? { seenReply } : {})
		});

	/** Puts a question on the hall screen (or, with null, takes the current one off). */
	async pin(id: string, on: boolean) {
		const sessionId = this.state?.sessionId;
		if (!sessionId) return false;
		const res = await this.writes.send(`${id}:pin`, 'question:pin', {
			eventId: this.#eventId,
			sessionId,
			questionId: on ? id : null
		});
		if (res.ok && this.state?.sessionId === sessionId) this.#setPinned(res.data.questionId);
		return res.ok;
	}

	/** The flagged question waiting for the moderator's confirmation, while it can still be put on screen. */
	get pinAsk(): ModQuestion | undefined {
		const q = this.byId(this.pinAskId);
		return q && q.state === 'published' && !q.pinned ? q : undefined;
	}

	/**
	 * What every "put on screen" control does: a question flagged (profanity, personal data) waits for the
	 * moderator to confirm it (`pinAsk`); any other goes up at once, and taking one off never asks.
	 */
	requestPin(id: string, on: boolean): Promise<boolean> {
		if (on && this.byId(id)?.flags.length) {
			this.pinAskId = id;
			return Promise.resolve(false);
		}
		return this.pin(id, on);
	}

	/** Puts the flagged question the moderator was asked about on screen after all. */
	confirmPin(): Promise<boolean> {
		const q = this.pinAsk;
		this.pinAskId = null;
		return q ? this.pin(q.id, true) : Promise.resolve(false);
	}

	cancelPin() {
		this.pinAskId = null;
	}

	async setPremoderated(premoderated: boolean) {
		const s = this.state;
		if (!s) return false;
		const res = await this.writes.send('settings', 'qa:settings', {
			eventId: this.#eventId,
			sessionId: s.sessionId,
			premoderated
		});
		if (res.ok && this.state === s) s.premoderated = res.data.premoderated;
		return res.ok;
	}

	/** Lets only verified attendees (a redeemed badge) ask and upvote in this session, or everyone again. */
	async setVerifiedOnly(verifiedOnly: boolean) {
		const s = this.state;
		if (!s) return false;
		const res = await this.writes.send('restrict', 'qa:restrict', {
			eventId: this.#eventId,
			sessionId: s.sessionId,
			verifiedOnly
		});
		if (res.ok && this.state === s) s.verifiedOnly = res.data.verifiedOnly;
		return res.ok;
	}
}
