import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import type {
	ModQuestion,
	MyQuestion,
	PublicQuestion,
	QaFact,
	QaModFact,
	QaModState,
	QaRoomState
} from '../../src/lib/protocol';
import type { AgendaStore } from '../agenda/agenda.store';
import type { EventStore } from '../event/event.store';
import type { Scope } from '../agenda/agenda.service';
import { flagText } from './flags';
import type { QaStore, StoredQuestion } from './qa.store';

/** What a Q&A change must tell whom, once it is stored. The socket layer turns these into emits. */
export interface QaEffects {
	room?: QaFact;
	mod?: QaModFact;
	mine?: { deviceHash: string; question: MyQuestion };
	votes?: { sessionId: string; questionId: string; votes: number };
}
export interface QaResult<T> {
	data: T;
	effects: QaEffects[];
}

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

/** Q&A rules: asking, voting, and what moderators may do to a question in which state. */
export function createQaService(deps: {
	db: Db;
	qa: QaStore;
	events: EventStore;
	agenda: AgendaStore;
	clock: Clock;
}) {
	const { qa, events, agenda, clock } = deps;
	const now = () => clock.now().toISOString();

	const requireSession = (eventId: string, sessionId: string, roomId: string | null = null) => {
		const s = agenda.session(eventId, sessionId);
		if (!s) throw new DomainError('not-found', 'no such session');
		if (roomId && s.roomId !== roomId)
			throw new DomainError('forbidden', 'your staff link covers another room');
		return s;
	};
	const requireQuestion = (scope: Scope, id: string) => {
		const q = qa.get(id);
		if (!q || q.eventId !== scope.eventId) throw new DomainError('not-found', 'no such question');
		requireSession(scope.eventId, q.sessionId, scope.roomId);
		return q;
	};
	const requireObjective = (eventId: string, objectiveId: string | null) => {
		if (objectiveId && !events.objectives(eventId).some((o) => o.id === objectiveId)) {
			throw new DomainError('invalid-payload', `no objective "${objectiveId}" in this event`);
		}
	};

	/** The effects of a question having changed: the room sees it (or sees it go), moderators and the asker see it. */
	function changed(before: StoredQuestion | null, after: StoredQuestion): QaEffects[] {
		const counts = qa.counts(after.eventId, after.sessionId);
		const effects: QaEffects[] = [
			{ mod: { type: 'question', sessionId: after.sessionId, question: toMod(after), counts } },
			{ mine: { deviceHash: after.deviceHash, question: toMine(after) } }
		];
		if (after.state === 'published') {
			effects.push({
				room: { type: 'question', sessionId: after.sessionId, question: toPublic(after), counts }
			});
		} else if (before?.state === 'published') {
			effects.push({ room: { type: 'removed', sessionId: after.sessionId, questionId: after.id, counts } });
		} else {
			// Nothing the room can see changed but the transparency counts (e.g. one more question received).
			effects.push({ room: { type: 'counts', sessionId: after.sessionId, counts } });
		}
		return effects;
	}

	function update(
		scope: Scope,
		id: string,
		edit: (q: StoredQuestion) => void
	): QaResult<{ question: ModQuestion }> {
		const before = requireQuestion(scope, id);
		const next = { ...before };
		edit(next);
		qa.save(next, now());
		const after = qa.get(id)!;
		return { data: { question: toMod(after) }, effects: changed(before, after) };
	}

	function unpinIfPinned(q: StoredQuestion): QaEffects[] {
		if (!q.pinned) return [];
		qa.setPinned(q.eventId, q.sessionId, null);
		const fact = { type: 'pinned' as const, sessionId: q.sessionId, questionId: null };
		return [{ room: fact, mod: fact }];
	}

	return {
		open(eventId: string, sessionId: string, deviceHash: string): QaRoomState {
			requireSession(eventId, sessionId);
			return {
				sessionId,
				premoderated: qa.settings(eventId, sessionId).premoderated,
				questions: qa.published(eventId, sessionId).map(toPublic),
				counts: qa.counts(eventId, sessionId),
				myVotes: qa.myVotes(eventId, sessionId, deviceHash),
				mine: qa.mine(eventId, sessionId, deviceHash).map(toMine)
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
		): QaResult<{ question: MyQuestion }> {
			const session = requireSession(eventId, input.sessionId);
			if (session.cancelled) throw new DomainError('conflict', 'this session is cancelled');
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

		vote(eventId: string, deviceHash: string, questionId: string, up: boolean) {
			const q = qa.get(questionId);
			if (!q || q.eventId !== eventId || q.state !== 'published')
				throw new DomainError('not-found', 'no such question');
			const { changed: didChange, votes } = qa.vote(questionId, deviceHash, up, now());
			return {
				data: { questionId, votes, voted: up },
				effects: didChange ? [{ votes: { sessionId: q.sessionId, questionId, votes } }] : []
			};
		},

		moderate(scope: Scope, sessionId: string): QaModState {
			requireSession(scope.eventId, sessionId, scope.roomId);
			return {
				sessionId,
				premoderated: qa.settings(scope.eventId, sessionId).premoderated,
				questions: qa.bySession(scope.eventId, sessionId).map(toMod),
				counts: qa.counts(scope.eventId, sessionId)
			};
		},

		approve(scope: Scope, ids: string[]): QaResult<{ questions: ModQuestion[] }> {
			const out: ModQuestion[] = [];
			const effects: QaEffects[] = [];
			for (const id of new Set(ids)) {
				const r = update(scope, id, (q) => {
					if (q.state !== 'pending' && q.state !== 'declined') {
						throw new DomainError('conflict', `question ${id} is ${q.state}, not awaiting review`);
					}
					q.state = 'published';
					q.declineReason = null;
					q.publishedAt ??= now();
				});
				out.push(r.data.question);
				effects.push(...r.effects);
			}
			return { data: { questions: out }, effects };
		},

		decline(scope: Scope, id: string, reason: string) {
			const before = requireQuestion(scope, id);
			const r = update(scope, id, (q) => {
				if (q.state === 'merged') throw new DomainError('conflict', 'the question was merged');
				q.state = 'declined';
				q.declineReason = reason || null;
			});
			return { ...r, effects: [...unpinIfPinned(before), ...r.effects] };
		},

		edit(scope: Scope, id: string, text: string) {
			return update(scope, id, (q) => {
				if (q.text === text) throw new DomainError('conflict', 'the text is unchanged');
				q.originalText ??= q.text; // the asker's own words stay on record
				q.text = text;
			});
		},

		label(scope: Scope, id: string, objectiveId: string | null) {
			requireObjective(scope.eventId, objectiveId);
			return update(scope, id, (q) => void (q.objectiveId = objectiveId));
		},

		reply(scope: Scope, id: string, reply: string) {
			return update(scope, id, (q) => void (q.reply = reply || null));
		},

		answer(scope: Scope, id: string, answered: boolean) {
			return update(scope, id, (q) => {
				if (q.state !== 'published')
					throw new DomainError('conflict', 'only a published question can be answered');
				q.answered = answered;
			});
		},

		archive(scope: Scope, id: string) {
			const before = requireQuestion(scope, id);
			const r = update(scope, id, (q) => {
				if (q.state === 'merged' || q.state === 'archived')
					throw new DomainError('conflict', `the question is ${q.state}`);
				q.state = 'archived';
			});
			return { ...r, effects: [...unpinIfPinned(before), ...r.effects] };
		},

		merge(scope: Scope, id: string, intoId: string): QaResult<{ question: ModQuestion }> {
			if (id === intoId) throw new DomainError('conflict', 'a question cannot be merged into itself');
			const from = requireQuestion(scope, id);
			const into = requireQuestion(scope, intoId);
			if (from.sessionId !== into.sessionId)
				throw new DomainError('conflict', 'questions are in different sessions');
			if (from.state === 'merged' || from.state === 'archived')
				throw new DomainError('conflict', `the question is ${from.state}`);
			if (into.state !== 'published' && into.state !== 'pending') {
				throw new DomainError('conflict', 'merge into a published or waiting question');
			}
			const pin = unpinIfPinned(from);
			qa.save({ ...from, state: 'merged', mergedInto: intoId }, now());
			qa.mergeVotes(id, intoId);
			const fromAfter = qa.get(id)!;
			const intoAfter = qa.get(intoId)!;
			const effects = [...pin, ...changed(from, fromAfter), ...changed(into, intoAfter)];
			if (intoAfter.state === 'published') {
				effects.push({
					votes: { sessionId: intoAfter.sessionId, questionId: intoId, votes: intoAfter.votes }
				});
			}
			return { data: { question: toMod(intoAfter) }, effects };
		},

		pin(scope: Scope, sessionId: string, id: string | null) {
			requireSession(scope.eventId, sessionId, scope.roomId);
			if (id) {
				const q = requireQuestion(scope, id);
				if (q.sessionId !== sessionId)
					throw new DomainError('conflict', 'the question is in another session');
				if (q.state !== 'published')
					throw new DomainError('conflict', 'only a published question can go on screen');
			}
			qa.setPinned(scope.eventId, sessionId, id);
			const fact = { type: 'pinned' as const, sessionId, questionId: id };
			return { data: { questionId: id }, effects: [{ room: fact, mod: fact }] as QaEffects[] };
		},

		settings(scope: Scope, sessionId: string, premoderated: boolean) {
			requireSession(scope.eventId, sessionId, scope.roomId);
			qa.setPremoderated(scope.eventId, sessionId, premoderated);
			const fact = { type: 'settings' as const, sessionId, premoderated };
			return { data: { premoderated }, effects: [{ room: fact, mod: fact }] as QaEffects[] };
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
