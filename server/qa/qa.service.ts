import { randomBytes } from 'node:crypto';
import type { DomainDeps } from '../domain-deps';
import { DomainError } from '../errors';
import type { Effect, WithEffects } from '../effects';
import {
	QUESTION_TRANSITIONS,
	type ErrorReason,
	type ModQuestion,
	type MyQuestion,
	type PublicQuestion,
	type QaFact,
	type QaModState,
	type QaWaitingResult,
	type QaRoomState,
	type QuestionAction,
	type QuestionState
} from '../../src/lib/protocol';
import { eventScope, type Scope } from '../access/scope';
import type { CountryCode } from 'libphonenumber-js';
import { flagText, phoneCountryOf, redactContacts } from './flags';
import type { QaStore, StoredQuestion } from './qa.store';
import type { SharedRead } from '../db/shared-reads';
import type { ClientWritesStore } from '../db/client-writes.store';

export const toPublic = (q: StoredQuestion): PublicQuestion => ({
	id: q.id,
	sessionId: q.sessionId,
	text: q.text,
	name: q.name,
	organisation: q.organisation,
	country: q.country,
	objectiveId: q.objectiveId,
	votes: q.votes,
	answered: q.answered,
	pinned: q.pinned,
	reply: q.reply,
	edited: q.edited,
	publishedAt: q.publishedAt ?? q.createdAt
});

export const toMod = (q: StoredQuestion): ModQuestion => {
	const { eventId: _e, deviceHash: _d, priorState: _p, ...rest } = q;
	return rest;
};

export function toMine(q: StoredQuestion): MyQuestion {
	const state: MyQuestion['state'] =
		q.state === 'pending'
			? 'awaiting-review'
			: q.state === 'merged'
				? 'merged'
				: q.state === 'declined' || (q.state === 'archived' && !q.publishedAt)
					? 'not-published'
					: q.answered
						? 'answered'
						: 'published';
	return { id: q.id, sessionId: q.sessionId, text: q.text, state, createdAt: q.createdAt };
}

/** The fields of a question that hold what someone wrote, or who asked: what a withdrawal leaves nowhere. */
const WRITTEN = ['originalText', 'name', 'organisation', 'country', 'reply', 'declineReason'] as const;

/**
 * A stored answer with every copy of the question `id` in it passed through `scrub`: the idempotency ledger keeps the
 * answers to the writes that named it, and a retry is answered from there.
 */
function scrubbed(value: unknown, id: string, scrub: (q: Record<string, unknown>) => void): unknown {
	if (Array.isArray(value)) return value.map((v) => scrubbed(v, id, scrub));
	if (typeof value !== 'object' || value === null) return value;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) out[k] = scrubbed(v, id, scrub);
	if (out.id === id && typeof out.text === 'string') scrub(out);
	return out;
}

/** Emptied of what was written (text, who asked, reply): a withdrawn question. */
const withoutText = (value: unknown, id: string) =>
	scrubbed(value, id, (q) => {
		q.text = '';
		for (const k of WRITTEN) if (k in q) q[k] = null;
	});

/** Without who asked: a question of a session put under the Chatham House rule. */
const withoutAsker = (value: unknown, id: string) =>
	scrubbed(value, id, (q) => {
		for (const k of ['name', 'organisation', 'country']) if (k in q) q[k] = null;
	});

/** With phone numbers, addresses and ID numbers taken out of what was written: a question a moderator edited. */
const withoutContacts = (value: unknown, id: string, country: CountryCode | undefined) =>
	scrubbed(value, id, (q) => {
		for (const k of ['text', 'originalText'] as const)
			if (typeof q[k] === 'string') q[k] = redactContacts(q[k], { country });
	});

const VERB: Partial<Record<QuestionAction, string>> = {
	absorb: 'merge into',
	release: 'unmerge from'
};

/**
 * What a moderator must fix when a merge or an unmerge is refused, by the state the question is in: a reason of its
 * own where there is one, else the question moved on (another moderator acted first).
 */
const REFUSED: Partial<Record<QuestionAction, Partial<Record<QuestionState, ErrorReason>>>> = {
	merge: { merged: 'question-already-merged', archived: 'merge-archived' },
	absorb: { declined: 'merge-into-declined', archived: 'merge-archived', merged: 'merge-into-merged' },
	unmerge: {
		pending: 'question-not-merged',
		published: 'question-not-merged',
		declined: 'question-not-merged',
		archived: 'question-not-merged'
	},
	release: { merged: 'unmerge-into-merged' }
};

/**
 * Where a question in `state` may go by `action`; any other move is refused before anything is written. An undo
 * goes back to `prior` (a question archived or merged before that was recorded goes back to review).
 */
function questionTransition(
	state: QuestionState,
	action: QuestionAction,
	prior: QuestionState | null = null
): QuestionState {
	const { from, to } = QUESTION_TRANSITIONS[action];
	if (!(from as readonly QuestionState[]).includes(state)) {
		throw DomainError.because(
			'conflict',
			REFUSED[action]?.[state] ?? 'question-moved-on',
			`cannot ${VERB[action] ?? action} a question that is ${state}`
		);
	}
	if (to === 'previous') return prior ?? 'pending';
	return to ?? state;
}

/** Q&A rules: asking, voting, and what moderators may do to a question in which state. */
export function createQaService(
	deps: DomainDeps & {
		qa: QaStore;
		/** Whether a device holds a redeemed badge of the event (for sessions restricted to verified attendees). */
		isVerified: (eventId: string, deviceHash: string) => Promise<boolean>;
		/** Reads made once for the callers of one moment (see db/shared-reads.ts). */
		sharedRead: SharedRead;
		/** The idempotency ledger, whose stored answers a withdrawal empties of the question's text. */
		ledger: Pick<ClientWritesStore, 'mentioning' | 'rewrite'>;
	}
) {
	const { qa, events, clock, requireAccess, isVerified, sharedRead, ledger } = deps;
	const now = () => clock.now().toISOString();

	/** In a session restricted to verified attendees, only a phone holding a redeemed badge asks and upvotes. */
	const requireVerified = async (eventId: string, sessionId: string, deviceHash: string) => {
		if ((await qa.settings(eventId, sessionId)).verifiedOnly && !(await isVerified(eventId, deviceHash)))
			throw DomainError.because(
				'badge-required',
				'badge-required',
				'only verified attendees ask and vote in this session: redeem the code on your badge first'
			);
	};

	/** The session's settings fact, for its room and its staff. */
	const settingsFact = async (eventId: string, sessionId: string) => {
		const { premoderated, verifiedOnly } = await qa.settings(eventId, sessionId);
		return { type: 'settings' as const, sessionId, premoderated, verifiedOnly };
	};

	const requireObjective = async (eventId: string, objectiveId: string | null) => {
		if (objectiveId && !(await events.objectives(eventId)).some((o) => o.id === objectiveId)) {
			throw DomainError.because(
				'invalid-payload',
				'objective-not-found',
				`no objective "${objectiveId}" in this event`
			);
		}
	};

	/** The effects of a question having changed: moderators and the asker see it, the room sees it (or sees it go). */
	async function changed(before: StoredQuestion | null, after: StoredQuestion): Promise<Effect[]> {
		const { eventId, sessionId } = after;
		const counts = await qa.counts(eventId, sessionId);
		const effects: Effect[] = [
			{
				type: 'question-staff',
				eventId,
				fact: { type: 'question', sessionId, question: toMod(after), counts }
			},
			{ type: 'question-asker', deviceHash: after.deviceHash, question: toMine(after) }
		];
		if (after.state === 'published') {
			effects.push({
				type: 'question-room',
				eventId,
				fact: { type: 'question', sessionId, question: toPublic(after), counts }
			});
		} else if (before?.state === 'published') {
			effects.push({
				type: 'question-room',
				eventId,
				fact: { type: 'removed', sessionId, questionId: after.id, counts }
			});
		} else {
			// Nothing the room can see changed but the transparency counts (e.g. one more question received).
			effects.push({ type: 'question-room', eventId, fact: { type: 'counts', sessionId, counts } });
		}
		return effects;
	}

	/** The same fact for the room and its staff. */
	const toRoomAndStaff = (
		eventId: string,
		fact: Extract<QaFact, { type: 'pinned' | 'settings' }>
	): Effect[] => [
		{ type: 'question-room', eventId, fact },
		{ type: 'question-staff', eventId, fact }
	];

	/** Takes a question off the hall screen as it leaves the room's view. */
	async function unpinIfPinned(q: StoredQuestion): Promise<Effect[]> {
		if (!q.pinned) return [];
		await qa.setPinned(q.eventId, q.sessionId, null);
		return toRoomAndStaff(q.eventId, { type: 'pinned', sessionId: q.sessionId, questionId: null });
	}

	/**
	 * The pin rule: only a published, unanswered question is on screen. One that leaves the room's view (declined,
	 * archived) or is answered leaves the screen too, unless the moderator keeps an answered one pinned.
	 */
	const staysPinned = (q: StoredQuestion, keepPinned: boolean) =>
		q.state === 'published' && (!q.answered || keepPinned);

	/**
	 * Stores an edited copy of a question, moved first by `action` when the transition table allows it. With `seen`
	 * (the state the moderator decided on), a question another moderator has moved since is refused, saying how,
	 * rather than decided over: the first decision stands and the second moderator is told, typed reason and all.
	 */
	/**
	 * Refuses a moderator's change to a question's words (`what`: its text, its reply) when they no longer read as the
	 * console showed them (`seen`): another moderator's change saved since is not overwritten unseen.
	 */
	function unchangedSince(
		id: string,
		now: string,
		seen: string | undefined,
		reason: 'question-edited-meanwhile' | 'question-replied-meanwhile',
		what: string
	) {
		if (seen !== undefined && now !== seen)
			throw DomainError.because(
				'conflict',
				reason,
				`${what} has changed since it was seen: another moderator changed it first`,
				{ questionId: id }
			);
	}

	async function update(
		scope: Scope,
		id: string,
		action: QuestionAction | null,
		edit: (q: StoredQuestion, before: StoredQuestion) => void = () => {},
		keepPinned = true,
		seen?: QuestionState
	): Promise<WithEffects<{ question: ModQuestion }>> {
		const before = await requireAccess.question(scope, id);
		if (seen && before.state !== seen) {
			const reason: ErrorReason =
				before.state === 'published'
					? 'question-approved-meanwhile'
					: before.state === 'declined'
						? 'question-declined-meanwhile'
						: 'question-moved-on';
			throw DomainError.because(
				'conflict',
				reason,
				`the question is ${before.state} now, not ${seen}: another moderator decided first`,
				{ questionId: id }
			);
		}
		const state = action ? questionTransition(before.state, action, before.priorState) : before.state;
		const next = { ...before, state };
		edit(next, before);
		await qa.save(next, now());
		// Unpinned before the question is read back, so the facts below already say `pinned: false`.
		const unpinned = staysPinned(next, keepPinned) ? [] : await unpinIfPinned(before);
		const after = (await qa.get(id))!;
		const effects = await changed(before, after);
		return { data: { question: toMod(after) }, effects: [...unpinned, ...effects] };
	}

	return {
		/**
		 * A session's Q&A as an attendee's page (or a hall screen) shows it.
		 * `follow` runs once access is granted and before anything is read: where the socket joins the room whose facts
		 * keep this state current, so a change committed while it is read is either in the answer or reaches the socket.
		 */
		async open(
			eventId: string,
			sessionId: string,
			deviceHash: string | null,
			follow?: () => void
		): Promise<QaRoomState> {
			await requireAccess.session(eventScope(eventId), sessionId);
			follow?.();
			// What every phone in the room sees, read once for the phones opening the session together.
			const room = sharedRead(`qa-room:${eventId}\n${sessionId}`, async () => {
				const settings = await qa.settings(eventId, sessionId);
				return {
					premoderated: settings.premoderated,
					verifiedOnly: settings.verifiedOnly,
					questions: (await qa.published(eventId, sessionId, settings)).map(toPublic),
					counts: await qa.counts(eventId, sessionId)
				};
			});
			const [shared, myVotes, mine] = await Promise.all([
				room,
				deviceHash ? qa.myVotes(eventId, sessionId, deviceHash) : [],
				deviceHash ? qa.mine(eventId, sessionId, deviceHash) : []
			]);
			return { sessionId, ...shared, myVotes, mine: mine.map(toMine) };
		},

		async ask(
			eventId: string,
			deviceHash: string,
			input: {
				sessionId: string;
				text: string;
				name: string | null;
				organisation: string | null;
				country: string | null;
				objectiveId: string | null;
				/** The write's client id, told back to the asker's devices (see `MyQuestion.clientId`). */
				clientId?: string;
			}
		): Promise<WithEffects<{ question: MyQuestion }>> {
			const { clientId, ...fields } = input;
			input = fields;
			const session = await requireAccess.session(eventScope(eventId), input.sessionId);
			if (session.cancelled)
				throw DomainError.because('conflict', 'session-cancelled', 'this session is cancelled');
			await requireVerified(eventId, input.sessionId, deviceHash);
			await requireObjective(eventId, input.objectiveId);
			const timezone = (await events.get(eventId))?.event.timezone;
			// Chatham House: the question is taken, but who asked it is never stored.
			if (session.chathamHouse) input = { ...input, name: null, organisation: null, country: null };
			const flags = flagText(
				[input.text, input.name, input.organisation, input.country].filter(Boolean).join(' \n'),
				{ country: timezone ? phoneCountryOf(timezone) : undefined }
			);
			// Flagged questions always wait for a moderator, even where pre-moderation is off.
			const state =
				(await qa.settings(eventId, input.sessionId)).premoderated || flags.length ? 'pending' : 'published';
			const id = `q-${randomBytes(8).toString('hex')}`;
			await qa.insert({ id, eventId, deviceHash, ...input, state, flags, now: now() });
			const stored = (await qa.get(id))!;
			const mine = (q: MyQuestion) => (clientId ? { ...q, clientId } : q);
			const effects = (await changed(null, stored)).map((e) =>
				e.type === 'question-asker' ? { ...e, question: mine(e.question) } : e
			);
			return { data: { question: mine(toMine(stored)) }, effects };
		},

		/** The hot path: one read and one write, and at most one coalesced count. */
		async vote(
			eventId: string,
			deviceHash: string,
			questionId: string,
			up: boolean
		): Promise<WithEffects<{ questionId: string; votes: number; voted: boolean }>> {
			const q = await qa.get(questionId);
			// Only a published question can be voted on; any other is, to an attendee, not there.
			if (!q || q.eventId !== eventId || q.state !== 'published')
				throw DomainError.because('not-found', 'question-not-found', 'no such question');
			// The asker's own question counts the others' votes; taking back a vote cast before this rule is allowed.
			if (up && q.deviceHash === deviceHash)
				throw DomainError.because(
					'conflict',
					'own-question',
					'you asked this question: the others vote for it'
				);
			await requireVerified(eventId, q.sessionId, deviceHash);
			const { changed: didChange, votes } = await qa.vote(questionId, deviceHash, up, now());
			const { sessionId } = q;
			return {
				data: { questionId, votes, voted: up },
				effects: didChange ? [{ type: 'question-votes', eventId, sessionId, questionId, votes }] : []
			};
		},

		/**
		 * The asker takes their question back, whatever its state: it is deleted (text, who asked, reply, votes), not
		 * hidden, and leaves the queue, the room's list and the hall screen. Only the device that asked it may. Questions
		 * a moderator had merged into it come back as they were before the merge; if it was itself merged into another,
		 * the votes the merge carried over leave that one. The ledger's stored answers to the writes that named it lose
		 * its text too.
		 */
		async withdraw(
			eventId: string,
			deviceHash: string,
			questionId: string,
			/** The withdrawal's client id, told to the asker's other tabs (see `MyQuestion.clientId`). */
			clientId?: string
		): Promise<WithEffects<{ question: MyQuestion }>> {
			// Locked: a moderator's merge into it or decision on it on another hub waits for the withdrawal, then finds it gone.
			const q = await qa.getToChange(questionId);
			if (!q || q.eventId !== eventId)
				throw DomainError.because('not-found', 'question-not-found', 'no such question');
			if (q.deviceHash !== deviceHash)
				throw DomainError.because(
					'forbidden',
					'not-own-question',
					'only the device that asked a question may withdraw it'
				);
			const { sessionId } = q;
			const effects: Effect[] = await unpinIfPinned(q);
			const released: [StoredQuestion, StoredQuestion][] = [];
			for (const m of await qa.mergedInto(questionId)) {
				await qa.save({ ...m, state: m.priorState ?? 'pending', mergedInto: null, priorState: null }, now());
				await qa.unmergeVotes(m.id, questionId);
				released.push([m, (await qa.get(m.id))!]);
			}
			if (q.state === 'merged' && q.mergedInto) await qa.unmergeVotes(questionId, q.mergedInto);
			const into = q.state === 'merged' && q.mergedInto ? await qa.get(q.mergedInto) : undefined;
			await qa.delete(questionId);
			const gone: MyQuestion = { ...toMine(q), text: '', state: 'withdrawn' };
			// A retried ask is answered "withdrawn" (its tab drops it); any other stored answer keeps the id, not the text.
			for (const w of await ledger.mentioning(eventId, JSON.stringify(questionId)))
				await ledger.rewrite(
					eventId,
					w.clientId,
					w.command === 'question:ask'
						? { question: { ...gone, clientId: w.clientId } }
						: withoutText(w.result, questionId)
				);

			for (const [before, after] of released) {
				effects.push(...(await changed(before, after)));
				if (after.state === 'published')
					effects.push({
						type: 'question-votes',
						eventId,
						sessionId,
						questionId: after.id,
						votes: after.votes
					});
			}
			if (into?.state === 'published')
				effects.push({ type: 'question-votes', eventId, sessionId, questionId: into.id, votes: into.votes });
			const counts = await qa.counts(eventId, sessionId);
			const told = clientId ? { ...gone, clientId } : gone;
			effects.push(
				{ type: 'question-staff', eventId, fact: { type: 'removed', sessionId, questionId, counts } },
				{ type: 'question-asker', deviceHash, question: told },
				{
					type: 'question-room',
					eventId,
					fact:
						q.state === 'published'
							? { type: 'removed', sessionId, questionId, counts }
							: { type: 'counts', sessionId, counts }
				}
			);
			return { data: { question: told }, effects };
		},

		/** A session's Q&A as the moderators see it; `follow` as for `open`. */
		/** How many questions wait for review in each session the scope reaches (a hall's link: its hall's). */
		async waiting(scope: Scope): Promise<QaWaitingResult> {
			const counts = await qa.waiting(scope.eventId);
			const reached = await requireAccess.sessionsInReach(scope, counts.keys());
			return { waiting: Object.fromEntries([...counts].filter(([id]) => reached.has(id))) };
		},

		async moderate(scope: Scope, sessionId: string, follow?: () => void): Promise<QaModState> {
			await requireAccess.session(scope, sessionId);
			follow?.();
			const { premoderated, verifiedOnly } = await qa.settings(scope.eventId, sessionId);
			return {
				sessionId,
				premoderated,
				verifiedOnly,
				questions: (await qa.bySession(scope.eventId, sessionId)).map(toMod),
				counts: await qa.counts(scope.eventId, sessionId)
			};
		},

		/** `seen`: the state the moderator saw the questions in (see `update`). */
		async approve(
			scope: Scope,
			ids: string[],
			seen?: QuestionState
		): Promise<WithEffects<{ questions: ModQuestion[] }>> {
			const out: ModQuestion[] = [];
			const effects: Effect[] = [];
			const unique = new Set(ids);
			for (const id of unique) {
				const r = await update(
					scope,
					id,
					'approve',
					(q) => {
						q.declineReason = null;
						q.publishedAt ??= now();
					},
					true,
					seen
				).catch((e: unknown) => {
					// One of several ticked was decided meanwhile: the whole approval is refused (nothing is written), and
					// the refusal says it was a bulk one, so "this question" is not read as all of them.
					if (unique.size > 1 && e instanceof DomainError && e.params?.questionId === id)
						throw DomainError.because(e.code, e.reason!, e.message, { ...e.params, among: unique.size });
					throw e;
				});
				out.push(r.data.question);
				effects.push(...r.effects);
			}
			return { data: { questions: out }, effects };
		},

		decline(scope: Scope, id: string, reason: string, seen?: QuestionState) {
			return update(scope, id, 'decline', (q) => void (q.declineReason = reason || null), true, seen);
		},

		/**
		 * `seenText`: the text the moderator saw when starting the edit. Another moderator's edit saved since is not
		 * overwritten: the edit is refused, nothing written, and the console shows their text beside the one typed.
		 */
		async edit(scope: Scope, id: string, text: string, seenText?: string) {
			const timezone = (await events.get(scope.eventId))?.event.timezone;
			const country = timezone ? phoneCountryOf(timezone) : undefined;
			const edited = await update(scope, id, null, (q) => {
				unchangedSince(id, q.text, seenText, 'question-edited-meanwhile', 'the text');
				if (q.text === text) throw DomainError.because('conflict', 'text-unchanged', 'the text is unchanged');
				// The asker's own words stay on record, but not a phone number, address or ID number in them: one the
				// moderator edited out is gone from "show original" too.
				q.originalText = redactContacts(q.originalText ?? q.text, { country });
				q.text = text;
				// Checked again: a phone number the moderator edited out no longer flags the question.
				q.flags = flagText([text, q.name, q.organisation, q.country].filter(Boolean).join(' \n'), {
					country
				});
			});
			// Nor in the answers kept for retries (the ask's, an approval's, an earlier edit's): each held the words as
			// they were then.
			for (const w of await ledger.mentioning(scope.eventId, JSON.stringify(id)))
				await ledger.rewrite(scope.eventId, w.clientId, withoutContacts(w.result, id, country));
			return edited;
		},

		async label(scope: Scope, id: string, objectiveId: string | null) {
			await requireObjective(scope.eventId, objectiveId);
			return update(scope, id, null, (q) => void (q.objectiveId = objectiveId));
		},

		/**
		 * `seenReply`: the reply the moderator saw when starting to write ('' for none). Another moderator's reply saved
		 * since is not overwritten: the reply is refused, nothing written, and the console shows theirs beside the one typed.
		 */
		reply(scope: Scope, id: string, reply: string, seenReply?: string) {
			return update(scope, id, null, (q) => {
				unchangedSince(id, q.reply ?? '', seenReply, 'question-replied-meanwhile', 'the reply');
				q.reply = reply || null;
			});
		},

		/** Marking a pinned question answered takes it off the hall screen unless `keepPinned`. */
		answer(scope: Scope, id: string, answered: boolean, keepPinned = false) {
			return update(scope, id, 'answer', (q) => void (q.answered = answered), keepPinned);
		},

		archive(scope: Scope, id: string) {
			return update(scope, id, 'archive', (q, before) => void (q.priorState = before.state));
		},

		/** Undoes an archive: the question returns to the state it was archived from. */
		restore(scope: Scope, id: string) {
			return update(scope, id, 'restore', (q) => void (q.priorState = null));
		},

		async merge(scope: Scope, id: string, intoId: string): Promise<WithEffects<{ question: ModQuestion }>> {
			if (id === intoId)
				throw DomainError.because('conflict', 'merge-into-itself', 'a question cannot be merged into itself');
			// Both rows are locked (see requireAccess.question), in the order of their ids: two moderators merging the
			// same pair the other way round wait for each other instead of each holding one and deadlocking.
			const [first, second] = id < intoId ? [id, intoId] : [intoId, id];
			const locked = new Map<string, StoredQuestion>();
			for (const qid of [first, second]) locked.set(qid, await requireAccess.question(scope, qid));
			const from = locked.get(id)!;
			const into = locked.get(intoId)!;
			if (from.sessionId !== into.sessionId)
				throw DomainError.because('conflict', 'merge-other-session', 'questions are in different sessions');
			const state = questionTransition(from.state, 'merge');
			questionTransition(into.state, 'absorb');
			const pin = await unpinIfPinned(from);
			await qa.save({ ...from, state, mergedInto: intoId, priorState: from.state }, now());
			await qa.mergeVotes(id, intoId);
			const fromAfter = (await qa.get(id))!;
			const intoAfter = (await qa.get(intoId))!;
			const effects = [...pin, ...(await changed(from, fromAfter)), ...(await changed(into, intoAfter))];
			if (intoAfter.state === 'published') {
				const { eventId, sessionId, votes } = intoAfter;
				effects.push({ type: 'question-votes', eventId, sessionId, questionId: intoId, votes });
			}
			return { data: { question: toMod(intoAfter) }, effects };
		},

		/**
		 * Undoes a merge: the question returns to the state it was merged from, with its own votes, and the question it
		 * was merged into gives back the votes the merge carried over (a device that had voted for both keeps both).
		 */
		async unmerge(scope: Scope, id: string): Promise<WithEffects<{ question: ModQuestion }>> {
			const from = await requireAccess.question(scope, id);
			const state = questionTransition(from.state, 'unmerge', from.priorState);
			const into = from.mergedInto ? await requireAccess.question(scope, from.mergedInto) : null;
			if (!into)
				throw DomainError.because('conflict', 'merge-target-gone', 'the question it was merged into is gone');
			questionTransition(into.state, 'release');
			await qa.save({ ...from, state, mergedInto: null, priorState: null }, now());
			await qa.unmergeVotes(id, into.id);
			const fromAfter = (await qa.get(id))!;
			const intoAfter = (await qa.get(into.id))!;
			const effects = [...(await changed(from, fromAfter)), ...(await changed(into, intoAfter))];
			for (const q of [fromAfter, intoAfter]) {
				if (q.state !== 'published') continue;
				const { eventId, sessionId, votes } = q;
				effects.push({ type: 'question-votes', eventId, sessionId, questionId: q.id, votes });
			}
			return { data: { question: toMod(fromAfter) }, effects };
		},

		async pin(
			scope: Scope,
			sessionId: string,
			id: string | null
		): Promise<WithEffects<{ questionId: string | null }>> {
			await requireAccess.session(scope, sessionId);
			if (id) {
				const q = await requireAccess.question(scope, id);
				if (q.sessionId !== sessionId)
					throw new DomainError('conflict', 'the question is in another session');
				questionTransition(q.state, 'pin');
			}
			await qa.setPinned(scope.eventId, sessionId, id);
			return {
				data: { questionId: id },
				effects: toRoomAndStaff(scope.eventId, { type: 'pinned', sessionId, questionId: id })
			};
		},

		async settings(
			scope: Scope,
			sessionId: string,
			premoderated: boolean
		): Promise<WithEffects<{ premoderated: boolean }>> {
			await requireAccess.session(scope, sessionId);
			await qa.setPremoderated(scope.eventId, sessionId, premoderated);
			return {
				data: { premoderated },
				effects: toRoomAndStaff(scope.eventId, await settingsFact(scope.eventId, sessionId))
			};
		},

		/** Restricts asking and upvoting to verified attendees (a redeemed badge), or lifts the restriction. */
		async restrict(
			scope: Scope,
			sessionId: string,
			verifiedOnly: boolean
		): Promise<WithEffects<{ verifiedOnly: boolean }>> {
			await requireAccess.session(scope, sessionId);
			await qa.setVerifiedOnly(scope.eventId, sessionId, verifiedOnly);
			return {
				data: { verifiedOnly },
				effects: toRoomAndStaff(scope.eventId, await settingsFact(scope.eventId, sessionId))
			};
		},

		/**
		 * A session went under the Chatham House rule: names, organisations and countries already given with its
		 * questions are erased (not hidden), and everyone who sees those questions gets them without.
		 */
		async dropNames(scope: Scope, sessionId: string): Promise<Effect[]> {
			await requireAccess.session(scope, sessionId);
			const effects: Effect[] = [];
			for (const before of await qa.bySession(scope.eventId, sessionId)) {
				if (!before.name && !before.organisation && !before.country) continue;
				await qa.dropNames(before.id);
				// The answers kept for retries (a moderator's edit, approve or reply) lose the names too.
				for (const w of await ledger.mentioning(scope.eventId, JSON.stringify(before.id)))
					await ledger.rewrite(scope.eventId, w.clientId, withoutAsker(w.result, before.id));
				effects.push(...(await changed(before, (await qa.get(before.id))!)));
			}
			return effects;
		},

		/** The pinned question of a session, for the hall screen. */
		async pinned(eventId: string, sessionId: string): Promise<PublicQuestion | null> {
			const { pinnedId } = await qa.settings(eventId, sessionId);
			const q = pinnedId ? await qa.get(pinnedId) : undefined;
			return q && q.state === 'published' ? toPublic(q) : null;
		}
	};
}
export type QaService = ReturnType<typeof createQaService>;
