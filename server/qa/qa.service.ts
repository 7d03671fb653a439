import { randomBytes } from 'node:crypto';
import type { DomainDeps } from '../domain-deps';
import { DomainError } from '../errors';
import type { Effect, WithEffects } from '../effects';
import {
	QUESTION_TRANSITIONS,
	type ModQuestion,
	type MyQuestion,
	type PublicQuestion,
	type QaFact,
	type QaModState,
	type QaRoomState,
	type QuestionAction,
	type QuestionState
} from '../../src/lib/protocol';
import { eventScope, type Scope } from '../access/scope';
import { flagText } from './flags';
import type { QaStore, StoredQuestion } from './qa.store';

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
	const { eventId: _e, deviceHash: _d, ...rest } = q;
	return rest;
};

export function toMine(q: StoredQuestion): MyQuestion {
	const state: MyQuestion['state'] =
		q.state === 'pending'
			? 'awaiting-review'
			: q.state === 'declined' || (q.state === 'archived' && !q.publishedAt)
				? 'not-published'
				: q.answered
					? 'answered'
					: 'published';
	return { id: q.id, sessionId: q.sessionId, text: q.text, state, createdAt: q.createdAt };
}

/** Where a question in `state` may go by `action`; any other move is refused before anything is written. */
function questionTransition(state: QuestionState, action: QuestionAction): QuestionState {
	const { from, to } = QUESTION_TRANSITIONS[action];
	if (!(from as readonly QuestionState[]).includes(state)) {
		throw new DomainError(
			'conflict',
			`cannot ${action === 'absorb' ? 'merge into' : action} a question that is ${state}`
		);
	}
	return to ?? state;
}

/** Q&A rules: asking, voting, and what moderators may do to a question in which state. */
export function createQaService(
	deps: DomainDeps & {
		qa: QaStore;
		/** Whether a device holds a redeemed badge of the event (for sessions restricted to verified attendees). */
		isVerified: (eventId: string, deviceHash: string) => boolean;
	}
) {
	const { qa, events, clock, requireAccess, isVerified } = deps;
	const now = () => clock.now().toISOString();

	/** In a session restricted to verified attendees, only a phone holding a redeemed badge asks and upvotes. */
	const requireVerified = (eventId: string, sessionId: string, deviceHash: string) => {
		if (qa.settings(eventId, sessionId).verifiedOnly && !isVerified(eventId, deviceHash))
			throw new DomainError(
				'badge-required',
				'only verified attendees ask and vote in this session: redeem the code on your badge first'
			);
	};

	/** The session's settings fact, for its room and its staff. */
	const settingsFact = (eventId: string, sessionId: string) => {
		const { premoderated, verifiedOnly } = qa.settings(eventId, sessionId);
		return { type: 'settings' as const, sessionId, premoderated, verifiedOnly };
	};

	const requireObjective = (eventId: string, objectiveId: string | null) => {
		if (objectiveId && !events.objectives(eventId).some((o) => o.id === objectiveId)) {
			throw new DomainError('invalid-payload', `no objective "${objectiveId}" in this event`);
		}
	};

	/** The effects of a question having changed: moderators and the asker see it, the room sees it (or sees it go). */
	function changed(before: StoredQuestion | null, after: StoredQuestion): Effect[] {
		const { eventId, sessionId } = after;
		const counts = qa.counts(eventId, sessionId);
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
	function unpinIfPinned(q: StoredQuestion): Effect[] {
		if (!q.pinned) return [];
		qa.setPinned(q.eventId, q.sessionId, null);
		return toRoomAndStaff(q.eventId, { type: 'pinned', sessionId: q.sessionId, questionId: null });
	}

	/** Stores an edited copy of a question, moved first by `action` when the transition table allows it. */
	function update(
		scope: Scope,
		id: string,
		action: QuestionAction | null,
		edit: (q: StoredQuestion) => void = () => {}
	): WithEffects<{ question: ModQuestion }> {
		const before = requireAccess.question(scope, id);
		const next = { ...before, state: action ? questionTransition(before.state, action) : before.state };
		edit(next);
		qa.save(next, now());
		const after = qa.get(id)!;
		const effects = changed(before, after);
		// Only a published question is on screen: one that leaves the room's view (declined, archived) leaves it too.
		const unpinned = after.state === 'published' ? [] : unpinIfPinned(before);
		return { data: { question: toMod(after) }, effects: [...unpinned, ...effects] };
	}

	return {
		open(eventId: string, sessionId: string, deviceHash: string | null): QaRoomState {
			requireAccess.session(eventScope(eventId), sessionId);
			const { premoderated, verifiedOnly } = qa.settings(eventId, sessionId);
			return {
				sessionId,
				premoderated,
				verifiedOnly,
				questions: qa.published(eventId, sessionId).map(toPublic),
				counts: qa.counts(eventId, sessionId),
				myVotes: deviceHash ? qa.myVotes(eventId, sessionId, deviceHash) : [],
				mine: deviceHash ? qa.mine(eventId, sessionId, deviceHash).map(toMine) : []
			};
		},

		ask(
			eventId: string,
			deviceHash: string,
			input: {
				sessionId: string;
				text: string;
				name: string | null;
				organisation: string | null;
				country: string | null;
				objectiveId: string | null;
			}
		): WithEffects<{ question: MyQuestion }> {
			const session = requireAccess.session(eventScope(eventId), input.sessionId);
			if (session.cancelled) throw new DomainError('conflict', 'this session is cancelled');
			requireVerified(eventId, input.sessionId, deviceHash);
			requireObjective(eventId, input.objectiveId);
			const flags = flagText(
				[input.text, input.name, input.organisation, input.country].filter(Boolean).join(' \n')
			);
			// Flagged questions always wait for a moderator, even where pre-moderation is off.
			const state =
				qa.settings(eventId, input.sessionId).premoderated || flags.length ? 'pending' : 'published';
			const id = `q-${randomBytes(8).toString('hex')}`;
			qa.insert({ id, eventId, deviceHash, ...input, state, flags, now: now() });
			const stored = qa.get(id)!;
			return { data: { question: toMine(stored) }, effects: changed(null, stored) };
		},

		/** The hot path: one read and one write, and at most one coalesced count. */
		vote(
			eventId: string,
			deviceHash: string,
			questionId: string,
			up: boolean
		): WithEffects<{ questionId: string; votes: number; voted: boolean }> {
			const q = qa.get(questionId);
			// Only a published question can be voted on; any other is, to an attendee, not there.
			if (!q || q.eventId !== eventId || q.state !== 'published')
				throw new DomainError('not-found', 'no such question');
			requireVerified(eventId, q.sessionId, deviceHash);
			const { changed: didChange, votes } = qa.vote(questionId, deviceHash, up, now());
			const { sessionId } = q;
			return {
				data: { questionId, votes, voted: up },
				effects: didChange ? [{ type: 'question-votes', eventId, sessionId, questionId, votes }] : []
			};
		},

		moderate(scope: Scope, sessionId: string): QaModState {
			requireAccess.session(scope, sessionId);
			const { premoderated, verifiedOnly } = qa.settings(scope.eventId, sessionId);
			return {
				sessionId,
				premoderated,
				verifiedOnly,
				questions: qa.bySession(scope.eventId, sessionId).map(toMod),
				counts: qa.counts(scope.eventId, sessionId)
			};
		},

		approve(scope: Scope, ids: string[]): WithEffects<{ questions: ModQuestion[] }> {
			const out: ModQuestion[] = [];
			const effects: Effect[] = [];
			for (const id of new Set(ids)) {
				const r = update(scope, id, 'approve', (q) => {
					q.declineReason = null;
					q.publishedAt ??= now();
				});
				out.push(r.data.question);
				effects.push(...r.effects);
			}
			return { data: { questions: out }, effects };
		},

		decline(scope: Scope, id: string, reason: string) {
			return update(scope, id, 'decline', (q) => void (q.declineReason = reason || null));
		},

		edit(scope: Scope, id: string, text: string) {
			return update(scope, id, null, (q) => {
				if (q.text === text) throw new DomainError('conflict', 'the text is unchanged');
				q.originalText ??= q.text; // the asker's own words stay on record
				q.text = text;
			});
		},

		label(scope: Scope, id: string, objectiveId: string | null) {
			requireObjective(scope.eventId, objectiveId);
			return update(scope, id, null, (q) => void (q.objectiveId = objectiveId));
		},

		reply(scope: Scope, id: string, reply: string) {
			return update(scope, id, null, (q) => void (q.reply = reply || null));
		},

		answer(scope: Scope, id: string, answered: boolean) {
			return update(scope, id, 'answer', (q) => void (q.answered = answered));
		},

		archive(scope: Scope, id: string) {
			return update(scope, id, 'archive');
		},

		merge(scope: Scope, id: string, intoId: string): WithEffects<{ question: ModQuestion }> {
			if (id === intoId) throw new DomainError('conflict', 'a question cannot be merged into itself');
			const from = requireAccess.question(scope, id);
			const into = requireAccess.question(scope, intoId);
			if (from.sessionId !== into.sessionId)
				throw new DomainError('conflict', 'questions are in different sessions');
			const state = questionTransition(from.state, 'merge');
			questionTransition(into.state, 'absorb');
			const pin = unpinIfPinned(from);
			qa.save({ ...from, state, mergedInto: intoId }, now());
			qa.mergeVotes(id, intoId);
			const fromAfter = qa.get(id)!;
			const intoAfter = qa.get(intoId)!;
			const effects = [...pin, ...changed(from, fromAfter), ...changed(into, intoAfter)];
			if (intoAfter.state === 'published') {
				const { eventId, sessionId, votes } = intoAfter;
				effects.push({ type: 'question-votes', eventId, sessionId, questionId: intoId, votes });
			}
			return { data: { question: toMod(intoAfter) }, effects };
		},

		pin(scope: Scope, sessionId: string, id: string | null): WithEffects<{ questionId: string | null }> {
			requireAccess.session(scope, sessionId);
			if (id) {
				const q = requireAccess.question(scope, id);
				if (q.sessionId !== sessionId)
					throw new DomainError('conflict', 'the question is in another session');
				questionTransition(q.state, 'pin');
			}
			qa.setPinned(scope.eventId, sessionId, id);
			return {
				data: { questionId: id },
				effects: toRoomAndStaff(scope.eventId, { type: 'pinned', sessionId, questionId: id })
			};
		},

		settings(scope: Scope, sessionId: string, premoderated: boolean): WithEffects<{ premoderated: boolean }> {
			requireAccess.session(scope, sessionId);
			qa.setPremoderated(scope.eventId, sessionId, premoderated);
			return {
				data: { premoderated },
				effects: toRoomAndStaff(scope.eventId, settingsFact(scope.eventId, sessionId))
			};
		},

		/** Restricts asking and upvoting to verified attendees (a redeemed badge), or lifts the restriction. */
		restrict(scope: Scope, sessionId: string, verifiedOnly: boolean): WithEffects<{ verifiedOnly: boolean }> {
			requireAccess.session(scope, sessionId);
			qa.setVerifiedOnly(scope.eventId, sessionId, verifiedOnly);
			return {
				data: { verifiedOnly },
				effects: toRoomAndStaff(scope.eventId, settingsFact(scope.eventId, sessionId))
			};
		},

		/** The pinned question of a session, for the hall screen. */
		pinned(eventId: string, sessionId: string): PublicQuestion | null {
			const { pinnedId } = qa.settings(eventId, sessionId);
			const q = pinnedId ? qa.get(pinnedId) : undefined;
			return q && q.state === 'published' ? toPublic(q) : null;
		}
	};
}
export type QaService = ReturnType<typeof createQaService>;
