import { describe, expect, it } from 'vitest';
import { memoryServices, tableCounts, type TestServices } from '../../tests/fixtures/services';
import {
	QUESTION_STATES,
	QUESTION_TRANSITIONS,
	type QuestionAction,
	type QuestionState
} from '../../src/lib/protocol';
import { DomainError } from '../errors';

const whole = { eventId: 'isb26', roomId: null };
const ask = (
	s: ReturnType<typeof memoryServices>,
	device: string,
	text: string,
	sessionId = 'ws-intelligence'
) =>
	s.qa.ask('isb26', device, {
		sessionId,
		text,
		name: null,
		organisation: null,
		country: null,
		objectiveId: null
	}).data.question;

describe('Q&A rules', () => {
	it('holds a new question for review while pre-moderation is on, and publishes at once when it is off', () => {
		const s = memoryServices();
		const held = ask(s, 'dev-a', 'What data can be shared across borders?');
		expect(held.state).toBe('awaiting-review');
		expect(s.qa.open('isb26', 'ws-intelligence', 'dev-b').questions).toEqual([]);

		s.qa.settings(whole, 'ws-intelligence', false);
		const direct = ask(s, 'dev-a', 'Who funds the regional task force?');
		expect(direct.state).toBe('published');
		expect(s.qa.open('isb26', 'ws-intelligence', 'dev-b').questions.map((q) => q.id)).toEqual([direct.id]);
	});

	it('holds a flagged question for review even where pre-moderation is off', () => {
		const s = memoryServices();
		s.qa.settings(whole, 'ws-intelligence', false);
		const q = ask(s, 'dev-a', 'Call the officer on +92 300 1234567 about it');
		expect(q.state).toBe('awaiting-review');
		expect(s.qa.moderate(whole, 'ws-intelligence').questions[0].flags).toEqual(['phone']);
	});

	it('counts one vote per device and lets it be withdrawn', () => {
		const s = memoryServices();
		const q = ask(s, 'dev-a', 'What data can be shared across borders?');
		s.qa.approve(whole, [q.id]);
		expect(s.qa.vote('isb26', 'dev-b', q.id, true).data.votes).toBe(1);
		expect(s.qa.vote('isb26', 'dev-b', q.id, true).data.votes).toBe(1);
		expect(s.qa.vote('isb26', 'dev-c', q.id, true).data.votes).toBe(2);
		expect(s.qa.vote('isb26', 'dev-b', q.id, false).data.votes).toBe(1);
		expect(s.qa.open('isb26', 'ws-intelligence', 'dev-c').myVotes).toEqual([q.id]);
	});

	it('carries votes over on merge without counting a device twice', () => {
		const s = memoryServices();
		const keep = ask(s, 'dev-a', 'How will the task force share intelligence?');
		const dupe = ask(s, 'dev-b', 'How is intelligence going to be shared by the task force?');
		s.qa.approve(whole, [keep.id, dupe.id]);
		s.qa.vote('isb26', 'dev-x', keep.id, true);
		s.qa.vote('isb26', 'dev-x', dupe.id, true); // same device on both
		s.qa.vote('isb26', 'dev-y', dupe.id, true);
		const merged = s.qa.merge(whole, dupe.id, keep.id).data.question;
		expect(merged.votes).toBe(2);
		const room = s.qa.open('isb26', 'ws-intelligence', 'dev-z');
		expect(room.questions.map((q) => q.id)).toEqual([keep.id]);
		expect(room.counts).toMatchObject({ received: 2, published: 1, merged: 1 });
	});

	it('unmerges a question back to its state, giving back exactly the votes the merge carried over', () => {
		const s = memoryServices();
		const keep = ask(s, 'dev-a', 'How will the task force share intelligence?');
		const dupe = ask(s, 'dev-b', 'How is intelligence going to be shared by the task force?');
		s.qa.approve(whole, [keep.id, dupe.id]);
		s.qa.vote('isb26', 'dev-x', keep.id, true);
		s.qa.vote('isb26', 'dev-x', dupe.id, true); // same device on both
		s.qa.vote('isb26', 'dev-y', dupe.id, true);
		s.qa.merge(whole, dupe.id, keep.id);

		const back = s.qa.unmerge(whole, dupe.id).data.question;

		expect(back).toMatchObject({ id: dupe.id, state: 'published', mergedInto: null, votes: 2 });
		const room = s.qa.open('isb26', 'ws-intelligence', 'dev-y');
		expect(room.questions.map((q) => [q.id, q.votes]).sort()).toEqual(
			[
				[keep.id, 1],
				[dupe.id, 2]
			].sort()
		);
		expect(room.myVotes).toEqual([dupe.id]);
		expect(room.counts).toMatchObject({ received: 2, published: 2, merged: 0 });
	});

	it('restores an archived question to the state it was archived from', () => {
		const s = memoryServices();
		const published = ask(s, 'dev-a', 'Which routes are most used?');
		const declined = ask(s, 'dev-b', 'Off-topic question here?');
		s.qa.approve(whole, [published.id]);
		s.qa.decline(whole, declined.id, 'off topic');
		s.qa.archive(whole, published.id);
		s.qa.archive(whole, declined.id);
		expect(s.qa.open('isb26', 'ws-intelligence', 'x').questions).toEqual([]);

		expect(s.qa.restore(whole, published.id).data.question.state).toBe('published');
		expect(s.qa.restore(whole, declined.id).data.question).toMatchObject({
			state: 'declined',
			declineReason: 'off topic'
		});
		expect(s.qa.open('isb26', 'ws-intelligence', 'x').questions.map((q) => q.id)).toEqual([published.id]);
	});

	it('refuses to unmerge from a question that is itself merged, and changes nothing', () => {
		const s = memoryServices();
		const a = ask(s, 'dev-a', 'First version of it?');
		const b = ask(s, 'dev-b', 'Second version of it?');
		const c = ask(s, 'dev-c', 'Third version of it?');
		s.qa.merge(whole, a.id, b.id);
		s.qa.merge(whole, b.id, c.id);
		const before = JSON.stringify(s.qa.moderate(whole, 'ws-intelligence'));
		expect(() => s.qa.unmerge(whole, a.id)).toThrow(/cannot unmerge from a question that is merged/);
		expect(JSON.stringify(s.qa.moderate(whole, 'ws-intelligence'))).toBe(before);
		s.qa.unmerge(whole, b.id);
		expect(s.qa.unmerge(whole, a.id).data.question.state).toBe('pending');
	});

	it('keeps the original text on record when a moderator edits', () => {
		const s = memoryServices();
		const q = ask(s, 'dev-a', 'How do we shar data?');
		s.qa.edit(whole, q.id, 'How do we share data?');
		const edited = s.qa.edit(whole, q.id, 'How do we share data safely?').data.question;
		expect(edited).toMatchObject({
			text: 'How do we share data safely?',
			originalText: 'How do we shar data?',
			edited: true
		});
	});

	it('tells the asker only "not published" when a question is declined, and keeps the reason internal', () => {
		const s = memoryServices();
		const q = ask(s, 'dev-a', 'An attack on a delegation');
		s.qa.decline(whole, q.id, 'attacks a delegation');
		expect(s.qa.open('isb26', 'ws-intelligence', 'dev-a').mine[0]).toMatchObject({
			id: q.id,
			state: 'not-published'
		});
		expect(JSON.stringify(s.qa.open('isb26', 'ws-intelligence', 'dev-a'))).not.toContain(
			'attacks a delegation'
		);
		expect(s.qa.moderate(whole, 'ws-intelligence').questions[0].declineReason).toBe('attacks a delegation');
	});

	it('pins one question per session and unpins it when it is archived', () => {
		const s = memoryServices();
		const a = ask(s, 'dev-a', 'First question here?');
		const b = ask(s, 'dev-b', 'Second question here?');
		s.qa.approve(whole, [a.id, b.id]);
		s.qa.pin(whole, 'ws-intelligence', a.id);
		s.qa.pin(whole, 'ws-intelligence', b.id);
		expect(
			s.qa
				.open('isb26', 'ws-intelligence', 'x')
				.questions.filter((q) => q.pinned)
				.map((q) => q.id)
		).toEqual([b.id]);
		s.qa.archive(whole, b.id);
		expect(s.qa.pinned('isb26', 'ws-intelligence')).toBeNull();
	});

	it('takes an answered question off the screen unless the moderator keeps it pinned', () => {
		const s = memoryServices();
		const a = ask(s, 'dev-a', 'First question here?');
		const b = ask(s, 'dev-b', 'Second question here?');
		s.qa.approve(whole, [a.id, b.id]);
		s.qa.pin(whole, 'ws-intelligence', a.id);
		const answered = s.qa.answer(whole, a.id, true);
		expect(answered.data.question).toMatchObject({ answered: true, pinned: false });
		expect(answered.effects).toContainEqual({
			type: 'question-room',
			eventId: 'isb26',
			fact: { type: 'pinned', sessionId: 'ws-intelligence', questionId: null }
		});
		expect(s.qa.pinned('isb26', 'ws-intelligence')).toBeNull();

		s.qa.pin(whole, 'ws-intelligence', b.id);
		const kept = s.qa.answer(whole, b.id, true, true);
		expect(kept.data.question).toMatchObject({ answered: true, pinned: true });
		expect(kept.effects.some((e) => 'fact' in e && e.fact.type === 'pinned')).toBe(false);
		expect(s.qa.pinned('isb26', 'ws-intelligence')?.id).toBe(b.id);
	});

	it.each(['decline', 'archive'] as const)(
		'tells moderators a pinned question that is %sd is no longer pinned',
		(action) => {
			const s = memoryServices();
			const q = ask(s, 'dev-a', 'A question that leaves the screen?');
			s.qa.approve(whole, [q.id]);
			s.qa.pin(whole, 'ws-intelligence', q.id);
			const r = action === 'decline' ? s.qa.decline(whole, q.id, '') : s.qa.archive(whole, q.id);
			expect(r.data.question.pinned).toBe(false);
			const staffFact = r.effects.find(
				(e) => e.type === 'question-staff' && 'fact' in e && e.fact.type === 'question'
			);
			expect(staffFact).toMatchObject({ fact: { question: { id: q.id, pinned: false } } });
			expect(s.qa.pinned('isb26', 'ws-intelligence')).toBeNull();
		}
	);

	it('refuses actions on the wrong state or room and changes nothing', () => {
		const s = memoryServices();
		const q = ask(s, 'dev-a', 'A question in Hall A?');
		const before = tableCounts(s);
		const snapshot = JSON.stringify(s.qa.moderate(whole, 'ws-intelligence'));
		expect(() => s.qa.answer(whole, q.id, true)).toThrow(DomainError);
		expect(() => s.qa.pin(whole, 'ws-intelligence', q.id)).toThrow(/cannot pin a question that is pending/);
		expect(() => s.qa.approve({ eventId: 'isb26', roomId: 'hall-b' }, [q.id])).toThrow(/another room/);
		expect(() => s.qa.merge(whole, q.id, q.id)).toThrow(/itself/);
		expect(tableCounts(s)).toEqual(before);
		expect(JSON.stringify(s.qa.moderate(whole, 'ws-intelligence'))).toBe(snapshot);
	});
});

describe('the question state machine', () => {
	/** A fresh question brought into `state` through the service, as moderators would. */
	function questionIn(s: TestServices, state: QuestionState): string {
		const q = ask(s, `dev-${state}`, `A question that ends up ${state}?`);
		if (state === 'published') s.qa.approve(whole, [q.id]);
		if (state === 'declined') s.qa.decline(whole, q.id, 'off topic');
		if (state === 'archived') s.qa.archive(whole, q.id);
		if (state === 'merged') s.qa.merge(whole, q.id, ask(s, 'dev-into', 'Where it was merged?').id);
		expect(s.qa.moderate(whole, 'ws-intelligence').questions.find((x) => x.id === q.id)?.state).toBe(state);
		return q.id;
	}

	/** One action of the table on a question, through the service method that takes it (its partner made first). */
	function action(s: TestServices, name: QuestionAction, id: string): () => unknown {
		switch (name) {
			case 'approve':
				return () => s.qa.approve(whole, [id]);
			case 'decline':
				return () => s.qa.decline(whole, id, 'off topic');
			case 'archive':
				return () => s.qa.archive(whole, id);
			case 'merge': {
				const into = questionIn(s, 'published');
				return () => s.qa.merge(whole, id, into);
			}
			case 'absorb': {
				const from = questionIn(s, 'pending');
				return () => s.qa.merge(whole, from, id);
			}
			case 'restore':
				return () => s.qa.restore(whole, id);
			case 'unmerge':
				return () => s.qa.unmerge(whole, id);
			case 'release': {
				// A question merged into `id`: taken in while `id` could absorb it, then `id` put back in its state.
				const from = ask(s, `dev-release-${id}`, 'Merged in, to be given back?').id;
				const was = s.qa.moderate(whole, 'ws-intelligence').questions.find((x) => x.id === id)!;
				if (was.state === 'declined') s.qa.approve(whole, [id]);
				if (was.state === 'archived') s.qa.restore(whole, id);
				if (was.state === 'merged') s.qa.unmerge(whole, id);
				s.qa.merge(whole, from, id);
				if (was.state === 'declined') s.qa.decline(whole, id, 'off topic');
				if (was.state === 'archived') s.qa.archive(whole, id);
				if (was.state === 'merged') s.qa.merge(whole, id, was.mergedInto!);
				expect(stateOf(s, id)).toBe(was.state);
				return () => s.qa.unmerge(whole, from);
			}
			case 'answer':
				return () => s.qa.answer(whole, id, true);
			case 'pin':
				return () => s.qa.pin(whole, 'ws-intelligence', id);
		}
	}

	const everything = (s: TestServices) =>
		JSON.stringify(
			['questions', 'question_votes', 'qa_sessions'].map((t) =>
				s.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()
			)
		);
	const stateOf = (s: TestServices, id: string) =>
		s.qa.moderate(whole, 'ws-intelligence').questions.find((x) => x.id === id)!.state;

	it('lets a merged question only be unmerged: no other action in the table applies to it', () => {
		const fromMerged = Object.entries(QUESTION_TRANSITIONS)
			.filter(([, { from }]) => (from as readonly QuestionState[]).includes('merged'))
			.map(([name]) => name);
		expect(fromMerged).toEqual(['unmerge']);
	});

	it.each(Object.keys(QUESTION_TRANSITIONS) as QuestionAction[])(
		'takes %s only from the states its table row allows, landing where it says; any other is refused and changes nothing',
		(name) => {
			const { from, to } = QUESTION_TRANSITIONS[name];
			const s = memoryServices();
			for (const state of QUESTION_STATES) {
				const id = questionIn(s, state);
				const run = action(s, name, id);
				if ((from as readonly QuestionState[]).includes(state)) {
					run();
					// `questionIn` archives and merges pending questions, so an undo lands back in pending.
					expect(stateOf(s, id)).toBe(to === 'previous' ? 'pending' : (to ?? state));
					continue;
				}
				const before = everything(s);
				const counts = tableCounts(s);
				let refusal: unknown;
				try {
					run();
				} catch (e) {
					refusal = e;
				}
				expect(refusal).toBeInstanceOf(DomainError);
				expect((refusal as DomainError).code).toBe('conflict');
				expect(stateOf(s, id)).toBe(state);
				expect(tableCounts(s)).toEqual(counts);
				expect(everything(s)).toBe(before);
			}
		}
	);
});
