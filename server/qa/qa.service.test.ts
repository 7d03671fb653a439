import { describe, expect, it } from 'vitest';
import { memoryServices, storedRows, tableCounts, type TestServices } from '../../tests/fixtures/services';
import {
	QUESTION_STATES,
	QUESTION_TRANSITIONS,
	type QuestionAction,
	type QuestionState
} from '../../src/lib/protocol';
import { DomainError } from '../errors';

const whole = { eventId: 'isb26', roomId: null };
const ask = async (s: TestServices, device: string, text: string, sessionId = 'ws-intelligence') =>
	(
		await s.qa.ask('isb26', device, {
			sessionId,
			text,
			name: null,
			organisation: null,
			country: null,
			objectiveId: null
		})
	).data.question;

describe('Q&A rules', () => {
	it('holds a new question for review while pre-moderation is on, and publishes at once when it is off', async () => {
		const s = await memoryServices();
		const held = await ask(s, 'dev-a', 'What data can be shared across borders?');
		expect(held.state).toBe('awaiting-review');
		expect((await s.qa.open('isb26', 'ws-intelligence', 'dev-b')).questions).toEqual([]);

		await s.qa.settings(whole, 'ws-intelligence', false);
		const direct = await ask(s, 'dev-a', 'Who funds the regional task force?');
		expect(direct.state).toBe('published');
		expect((await s.qa.open('isb26', 'ws-intelligence', 'dev-b')).questions.map((q) => q.id)).toEqual([
			direct.id
		]);
	});

	it('holds a flagged question for review even where pre-moderation is off', async () => {
		const s = await memoryServices();
		await s.qa.settings(whole, 'ws-intelligence', false);
		const q = await ask(s, 'dev-a', 'Call the officer on +92 300 1234567 about it');
		expect(q.state).toBe('awaiting-review');
		expect((await s.qa.moderate(whole, 'ws-intelligence')).questions[0].flags).toEqual(['phone']);
	});

	it('checks an edited question again: a phone number edited out no longer flags it, one edited in does', async () => {
		const s = await memoryServices();
		const q = await ask(s, 'dev-a', 'Call the officer on +92 300 1234567 about it');
		const clean = (await s.qa.edit(whole, q.id, 'Which officer should we call about it?')).data.question;
		expect(clean.flags).toEqual([]);
		expect((await s.qa.moderate(whole, 'ws-intelligence')).questions[0].flags).toEqual([]);
		const again = (await s.qa.edit(whole, q.id, 'Call +92 300 7654321 about it')).data.question;
		expect(again.flags).toEqual(['phone']);
	});

	it('keeps no phone number, address or ID number behind "show original" once a moderator edits the question', async () => {
		const s = await memoryServices();
		const q = await ask(
			s,
			'dev-a',
			'Call me on 0300 1234567 or write to amina@example.org, passport AB1234567: what happens to my case?'
		);
		const edited = (await s.qa.edit(whole, q.id, 'What happens to a smuggled migrant’s case?')).data.question;
		expect(edited.originalText).toBe('Call me on ••• or write to •••, •••: what happens to my case?');
		// Not in the store either, nor after a second edit.
		await s.qa.edit(whole, q.id, 'What happens to the case of a smuggled migrant?');
		const stored = JSON.stringify((await s.qa.moderate(whole, 'ws-intelligence')).questions);
		for (const kept of ['1234567', 'amina@', 'AB1234567']) expect(stored).not.toContain(kept);
		expect(stored).toContain('what happens to my case?');
	});

	it('counts one vote per device and lets it be withdrawn', async () => {
		const s = await memoryServices();
		const q = await ask(s, 'dev-a', 'What data can be shared across borders?');
		await s.qa.approve(whole, [q.id]);
		expect((await s.qa.vote('isb26', 'dev-b', q.id, true)).data.votes).toBe(1);
		expect((await s.qa.vote('isb26', 'dev-b', q.id, true)).data.votes).toBe(1);
		expect((await s.qa.vote('isb26', 'dev-c', q.id, true)).data.votes).toBe(2);
		expect((await s.qa.vote('isb26', 'dev-b', q.id, false)).data.votes).toBe(1);
		expect((await s.qa.open('isb26', 'ws-intelligence', 'dev-c')).myVotes).toEqual([q.id]);
	});

	it('carries votes over on merge without counting a device twice', async () => {
		const s = await memoryServices();
		const keep = await ask(s, 'dev-a', 'How will the task force share intelligence?');
		const dupe = await ask(s, 'dev-b', 'How is intelligence going to be shared by the task force?');
		await s.qa.approve(whole, [keep.id, dupe.id]);
		await s.qa.vote('isb26', 'dev-x', keep.id, true);
		await s.qa.vote('isb26', 'dev-x', dupe.id, true); // same device on both
		await s.qa.vote('isb26', 'dev-y', dupe.id, true);
		const merged = (await s.qa.merge(whole, dupe.id, keep.id)).data.question;
		expect(merged.votes).toBe(2);
		const room = await s.qa.open('isb26', 'ws-intelligence', 'dev-z');
		expect(room.questions.map((q) => q.id)).toEqual([keep.id]);
		expect(room.counts).toMatchObject({ received: 2, published: 1, merged: 1 });
	});

	it('unmerges a question back to its state, giving back exactly the votes the merge carried over', async () => {
		const s = await memoryServices();
		const keep = await ask(s, 'dev-a', 'How will the task force share intelligence?');
		const dupe = await ask(s, 'dev-b', 'How is intelligence going to be shared by the task force?');
		await s.qa.approve(whole, [keep.id, dupe.id]);
		await s.qa.vote('isb26', 'dev-x', keep.id, true);
		await s.qa.vote('isb26', 'dev-x', dupe.id, true); // same device on both
		await s.qa.vote('isb26', 'dev-y', dupe.id, true);
		await s.qa.merge(whole, dupe.id, keep.id);

		const back = (await s.qa.unmerge(whole, dupe.id)).data.question;

		expect(back).toMatchObject({ id: dupe.id, state: 'published', mergedInto: null, votes: 2 });
		const room = await s.qa.open('isb26', 'ws-intelligence', 'dev-y');
		expect(room.questions.map((q) => [q.id, q.votes]).sort()).toEqual(
			[
				[keep.id, 1],
				[dupe.id, 2]
			].sort()
		);
		expect(room.myVotes).toEqual([dupe.id]);
		expect(room.counts).toMatchObject({ received: 2, published: 2, merged: 0 });
	});

	it('restores an archived question to the state it was archived from', async () => {
		const s = await memoryServices();
		const published = await ask(s, 'dev-a', 'Which routes are most used?');
		const declined = await ask(s, 'dev-b', 'Off-topic question here?');
		await s.qa.approve(whole, [published.id]);
		await s.qa.decline(whole, declined.id, 'off topic');
		await s.qa.archive(whole, published.id);
		await s.qa.archive(whole, declined.id);
		expect((await s.qa.open('isb26', 'ws-intelligence', 'x')).questions).toEqual([]);

		expect((await s.qa.restore(whole, published.id)).data.question.state).toBe('published');
		expect((await s.qa.restore(whole, declined.id)).data.question).toMatchObject({
			state: 'declined',
			declineReason: 'off topic'
		});
		expect((await s.qa.open('isb26', 'ws-intelligence', 'x')).questions.map((q) => q.id)).toEqual([
			published.id
		]);
	});

	it('refuses to unmerge from a question that is itself merged, and changes nothing', async () => {
		const s = await memoryServices();
		const a = await ask(s, 'dev-a', 'First version of it?');
		const b = await ask(s, 'dev-b', 'Second version of it?');
		const c = await ask(s, 'dev-c', 'Third version of it?');
		await s.qa.merge(whole, a.id, b.id);
		await s.qa.merge(whole, b.id, c.id);
		const before = JSON.stringify(s.qa.moderate(whole, 'ws-intelligence'));
		await expect(s.qa.unmerge(whole, a.id)).rejects.toThrow(/cannot unmerge from a question that is merged/);
		expect(JSON.stringify(s.qa.moderate(whole, 'ws-intelligence'))).toBe(before);
		await s.qa.unmerge(whole, b.id);
		expect((await s.qa.unmerge(whole, a.id)).data.question.state).toBe('pending');
	});

	it('says why it refuses to unmerge from a question that is no longer there', async () => {
		const s = await memoryServices();
		const a = await ask(s, 'dev-a', 'First version of it?');
		const b = await ask(s, 'dev-b', 'Second version of it?');
		await s.qa.merge(whole, a.id, b.id);
		// A question merged before the merge was recorded with its target (or whose target went with an old import).
		await s.sql.run('UPDATE questions SET merged_into = NULL WHERE id = ?', [a.id]);
		await expect(s.qa.unmerge(whole, a.id)).rejects.toMatchObject({
			code: 'conflict',
			reason: 'merge-target-gone'
		});
	});

	it('says why an attendee is refused: no badge in a verified-only session, an objective or session not there', async () => {
		const s = await memoryServices();
		const q = await ask(s, 'dev-a', 'Published before the restriction?');
		await s.qa.approve(whole, [q.id]);
		await s.qa.restrict(whole, 'ws-intelligence', true);
		const noBadge = { code: 'badge-required', reason: 'badge-required' };
		await expect(ask(s, 'dev-b', 'Asked without a badge?')).rejects.toMatchObject(noBadge);
		await expect(s.qa.vote('isb26', 'dev-b', q.id, true)).rejects.toMatchObject(noBadge);
		await expect(
			s.qa.ask('isb26', 'dev-c', {
				sessionId: 'ws-legal',
				text: 'Labelled with an objective the event lacks?',
				name: null,
				organisation: null,
				country: null,
				objectiveId: 'world-peace'
			})
		).rejects.toMatchObject({ code: 'invalid-payload', reason: 'objective-not-found' });
		await expect(s.qa.open('isb26', 'no-such-session', 'dev-c')).rejects.toMatchObject({
			code: 'not-found',
			reason: 'session-not-found'
		});
	});

	it('keeps the original text on record when a moderator edits', async () => {
		const s = await memoryServices();
		const q = await ask(s, 'dev-a', 'How do we shar data?');
		await s.qa.edit(whole, q.id, 'How do we share data?');
		const edited = (await s.qa.edit(whole, q.id, 'How do we share data safely?')).data.question;
		expect(edited).toMatchObject({
			text: 'How do we share data safely?',
			originalText: 'How do we shar data?',
			edited: true
		});
	});

	it('tells the asker only "not published" when a question is declined, and keeps the reason internal', async () => {
		const s = await memoryServices();
		const q = await ask(s, 'dev-a', 'An attack on a delegation');
		await s.qa.decline(whole, q.id, 'attacks a delegation');
		expect((await s.qa.open('isb26', 'ws-intelligence', 'dev-a')).mine[0]).toMatchObject({
			id: q.id,
			state: 'not-published'
		});
		expect(JSON.stringify(s.qa.open('isb26', 'ws-intelligence', 'dev-a'))).not.toContain(
			'attacks a delegation'
		);
		expect((await s.qa.moderate(whole, 'ws-intelligence')).questions[0].declineReason).toBe(
			'attacks a delegation'
		);
	});

	it('pins one question per session and unpins it when it is archived', async () => {
		const s = await memoryServices();
		const a = await ask(s, 'dev-a', 'First question here?');
		const b = await ask(s, 'dev-b', 'Second question here?');
		await s.qa.approve(whole, [a.id, b.id]);
		await s.qa.pin(whole, 'ws-intelligence', a.id);
		await s.qa.pin(whole, 'ws-intelligence', b.id);
		expect(
			(await s.qa.open('isb26', 'ws-intelligence', 'x')).questions.filter((q) => q.pinned).map((q) => q.id)
		).toEqual([b.id]);
		await s.qa.archive(whole, b.id);
		expect(await s.qa.pinned('isb26', 'ws-intelligence')).toBeNull();
	});

	it('takes an answered question off the screen unless the moderator keeps it pinned', async () => {
		const s = await memoryServices();
		const a = await ask(s, 'dev-a', 'First question here?');
		const b = await ask(s, 'dev-b', 'Second question here?');
		await s.qa.approve(whole, [a.id, b.id]);
		await s.qa.pin(whole, 'ws-intelligence', a.id);
		const answered = await s.qa.answer(whole, a.id, true);
		expect(answered.data.question).toMatchObject({ answered: true, pinned: false });
		expect(answered.effects).toContainEqual({
			type: 'question-room',
			eventId: 'isb26',
			fact: { type: 'pinned', sessionId: 'ws-intelligence', questionId: null }
		});
		expect(await s.qa.pinned('isb26', 'ws-intelligence')).toBeNull();

		await s.qa.pin(whole, 'ws-intelligence', b.id);
		const kept = await s.qa.answer(whole, b.id, true, true);
		expect(kept.data.question).toMatchObject({ answered: true, pinned: true });
		expect(kept.effects.some((e) => 'fact' in e && e.fact.type === 'pinned')).toBe(false);
		expect((await s.qa.pinned('isb26', 'ws-intelligence'))?.id).toBe(b.id);
	});

	it.each(['decline', 'archive'] as const)(
		'tells moderators a pinned question that is %sd is no longer pinned',
		async (action) => {
			const s = await memoryServices();
			const q = await ask(s, 'dev-a', 'A question that leaves the screen?');
			await s.qa.approve(whole, [q.id]);
			await s.qa.pin(whole, 'ws-intelligence', q.id);
			const r = action === 'decline' ? await s.qa.decline(whole, q.id, '') : await s.qa.archive(whole, q.id);
			expect(r.data.question.pinned).toBe(false);
			const staffFact = r.effects.find(
				(e) => e.type === 'question-staff' && 'fact' in e && e.fact.type === 'question'
			);
			expect(staffFact).toMatchObject({ fact: { question: { id: q.id, pinned: false } } });
			expect(await s.qa.pinned('isb26', 'ws-intelligence')).toBeNull();
		}
	);

	it('refuses actions on the wrong state or room and changes nothing', async () => {
		const s = await memoryServices();
		const q = await ask(s, 'dev-a', 'A question in Hall A?');
		const before = await tableCounts(s);
		const snapshot = JSON.stringify(s.qa.moderate(whole, 'ws-intelligence'));
		await expect(s.qa.answer(whole, q.id, true)).rejects.toThrow(DomainError);
		await expect(s.qa.pin(whole, 'ws-intelligence', q.id)).rejects.toThrow(
			/cannot pin a question that is pending/
		);
		await expect(s.qa.approve({ eventId: 'isb26', roomId: 'hall-b' }, [q.id])).rejects.toThrow(
			/another room/
		);
		await expect(s.qa.merge(whole, q.id, q.id)).rejects.toThrow(/itself/);
		expect(await tableCounts(s)).toEqual(before);
		expect(JSON.stringify(s.qa.moderate(whole, 'ws-intelligence'))).toBe(snapshot);
	});
});

describe('withdrawing a question', () => {
	const named = async (s: TestServices, device: string, text: string) =>
		(
			await s.qa.ask('isb26', device, {
				sessionId: 'ws-intelligence',
				text,
				name: 'Amina K.',
				organisation: 'Border Watch NGO',
				country: 'Pakistan',
				objectiveId: null
			})
		).data.question;
	/** Everything the database holds, as one string to search for what must be gone. */
	const everything = async (s: TestServices) => JSON.stringify((await storedRows(s)).rows);

	it('deletes its own question waiting for review: gone from the queue, its words and name from storage', async () => {
		const s = await memoryServices();
		const q = await named(s, 'dev-a', 'Can my case number 4471 be kept private?');
		const other = await ask(s, 'dev-b', 'Who else is on the task force?');
		expect(await everything(s)).toContain('case number 4471');

		const r = await s.qa.withdraw('isb26', 'dev-a', q.id, 'wd-client-1');
		expect(r.data.question).toMatchObject({
			id: q.id,
			state: 'withdrawn',
			text: '',
			clientId: 'wd-client-1'
		});
		const mod = await s.qa.moderate(whole, 'ws-intelligence');
		expect(mod.questions.map((x) => x.id)).toEqual([other.id]);
		expect(mod.counts.received).toBe(1);
		expect((await s.qa.open('isb26', 'ws-intelligence', 'dev-a')).mine).toEqual([]);
		const stored = await everything(s);
		for (const gone of ['case number 4471', 'Amina', 'Border Watch', q.id])
			expect(stored).not.toContain(gone);

		// The moderators lose it from the queue, the asker's tabs from their list; the room only had it counted.
		expect(r.effects).toContainEqual({
			type: 'question-staff',
			eventId: 'isb26',
			fact: { type: 'removed', sessionId: 'ws-intelligence', questionId: q.id, counts: mod.counts }
		});
		expect(r.effects).toContainEqual({
			type: 'question-asker',
			deviceHash: 'dev-a',
			question: r.data.question
		});
		expect(r.effects).toContainEqual({
			type: 'question-room',
			eventId: 'isb26',
			fact: { type: 'counts', sessionId: 'ws-intelligence', counts: mod.counts }
		});
	});

	it('deletes its own published, upvoted and pinned question: off the list, off the screen, votes and all', async () => {
		const s = await memoryServices();
		const q = await named(s, 'dev-a', 'Does the watch-list name informants?');
		await s.qa.approve(whole, [q.id]);
		await s.qa.reply(whole, q.id, 'The chair will answer after the break');
		await s.qa.pin(whole, 'ws-intelligence', q.id);
		await s.qa.vote('isb26', 'dev-b', q.id, true);
		await s.qa.vote('isb26', 'dev-c', q.id, true);

		const r = await s.qa.withdraw('isb26', 'dev-a', q.id);
		expect(r.data.question).toEqual({
			id: q.id,
			sessionId: 'ws-intelligence',
			text: '',
			state: 'withdrawn',
			createdAt: q.createdAt
		});
		const room = await s.qa.open('isb26', 'ws-intelligence', 'dev-b');
		expect(room.questions).toEqual([]);
		expect(room.myVotes).toEqual([]);
		expect(room.counts).toMatchObject({ received: 0, published: 0 });
		expect(await s.qa.pinned('isb26', 'ws-intelligence')).toBeNull();
		expect((await tableCounts(s)).question_votes).toBe(0);
		const stored = await everything(s);
		for (const gone of ['watch-list', 'Amina', 'Border Watch', 'after the break'])
			expect(stored).not.toContain(gone);
		for (const fact of [
			{ type: 'pinned', sessionId: 'ws-intelligence', questionId: null },
			{ type: 'removed', sessionId: 'ws-intelligence', questionId: q.id, counts: room.counts }
		]) {
			expect(r.effects).toContainEqual({ type: 'question-room', eventId: 'isb26', fact });
			expect(r.effects).toContainEqual({ type: 'question-staff', eventId: 'isb26', fact });
		}
	});

	it("refuses another device's question, an unknown one and one of another event, changing nothing", async () => {
		const s = await memoryServices();
		const q = await ask(s, 'dev-a', 'Who keeps the shared records?');
		await s.qa.approve(whole, [q.id]);
		const before = await storedRows(s);
		await expect(s.qa.withdraw('isb26', 'dev-b', q.id)).rejects.toMatchObject({
			code: 'forbidden',
			reason: 'not-own-question'
		});
		await expect(s.qa.withdraw('isb26', 'dev-a', 'q-0000000000000000')).rejects.toMatchObject({
			code: 'not-found',
			reason: 'question-not-found'
		});
		await expect(s.qa.withdraw('lhr27', 'dev-a', q.id)).rejects.toMatchObject({ code: 'not-found' });
		expect(await storedRows(s)).toEqual(before);
	});

	it('gives back the questions merged into it, each in its state and with its own votes', async () => {
		const s = await memoryServices();
		const keep = await ask(s, 'dev-a', 'How will the task force share intelligence?');
		const dupe = await ask(s, 'dev-b', 'How is the task force going to share intelligence?');
		await s.qa.approve(whole, [keep.id, dupe.id]);
		await s.qa.vote('isb26', 'dev-x', dupe.id, true);
		await s.qa.merge(whole, dupe.id, keep.id);

		const r = await s.qa.withdraw('isb26', 'dev-a', keep.id);
		const room = await s.qa.open('isb26', 'ws-intelligence', 'dev-z');
		expect(room.questions.map((q) => [q.id, q.votes])).toEqual([[dupe.id, 1]]);
		expect(room.counts).toMatchObject({ received: 1, published: 1, merged: 0 });
		expect((await s.qa.open('isb26', 'ws-intelligence', 'dev-b')).mine[0].state).toBe('published');
		expect(r.effects).toContainEqual(
			expect.objectContaining({ type: 'question-room', fact: expect.objectContaining({ type: 'question' }) })
		);
	});

	it('takes back from the question it was merged into the votes the merge carried over', async () => {
		const s = await memoryServices();
		const keep = await ask(s, 'dev-a', 'How will the task force share intelligence?');
		const dupe = await ask(s, 'dev-b', 'How is the task force going to share intelligence?');
		await s.qa.approve(whole, [keep.id, dupe.id]);
		await s.qa.vote('isb26', 'dev-x', dupe.id, true);
		await s.qa.vote('isb26', 'dev-y', keep.id, true);
		expect((await s.qa.merge(whole, dupe.id, keep.id)).data.question.votes).toBe(2);

		const r = await s.qa.withdraw('isb26', 'dev-b', dupe.id);
		const room = await s.qa.open('isb26', 'ws-intelligence', 'dev-z');
		expect(room.questions.map((q) => [q.id, q.votes])).toEqual([[keep.id, 1]]);
		expect(room.counts).toMatchObject({ received: 1, published: 1, merged: 0 });
		expect(r.effects).toContainEqual({
			type: 'question-votes',
			eventId: 'isb26',
			sessionId: 'ws-intelligence',
			questionId: keep.id,
			votes: 1
		});
	});
});

describe('the question state machine', () => {
	/** A fresh question brought into `state` through the service, as moderators would. */
	async function questionIn(s: TestServices, state: QuestionState): Promise<string> {
		const q = await ask(s, `dev-${state}`, `A question that ends up ${state}?`);
		if (state === 'published') await s.qa.approve(whole, [q.id]);
		if (state === 'declined') await s.qa.decline(whole, q.id, 'off topic');
		if (state === 'archived') await s.qa.archive(whole, q.id);
		if (state === 'merged')
			await s.qa.merge(whole, q.id, (await ask(s, 'dev-into', 'Where it was merged?')).id);
		expect((await s.qa.moderate(whole, 'ws-intelligence')).questions.find((x) => x.id === q.id)?.state).toBe(
			state
		);
		return q.id;
	}

	/** One action of the table on a question, through the service method that takes it (its partner made first). */
	async function action(s: TestServices, name: QuestionAction, id: string): Promise<() => unknown> {
		switch (name) {
			case 'approve':
				return () => s.qa.approve(whole, [id]);
			case 'decline':
				return () => s.qa.decline(whole, id, 'off topic');
			case 'archive':
				return () => s.qa.archive(whole, id);
			case 'merge': {
				const into = await questionIn(s, 'published');
				return () => s.qa.merge(whole, id, into);
			}
			case 'absorb': {
				const from = await questionIn(s, 'pending');
				return () => s.qa.merge(whole, from, id);
			}
			case 'restore':
				return () => s.qa.restore(whole, id);
			case 'unmerge':
				return () => s.qa.unmerge(whole, id);
			case 'release': {
				// A question merged into `id`: taken in while `id` could absorb it, then `id` put back in its state.
				const from = (await ask(s, `dev-release-${id}`, 'Merged in, to be given back?')).id;
				const was = (await s.qa.moderate(whole, 'ws-intelligence')).questions.find((x) => x.id === id)!;
				if (was.state === 'declined') await s.qa.approve(whole, [id]);
				if (was.state === 'archived') await s.qa.restore(whole, id);
				if (was.state === 'merged') await s.qa.unmerge(whole, id);
				await s.qa.merge(whole, from, id);
				if (was.state === 'declined') await s.qa.decline(whole, id, 'off topic');
				if (was.state === 'archived') await s.qa.archive(whole, id);
				if (was.state === 'merged') await s.qa.merge(whole, id, was.mergedInto!);
				expect(await stateOf(s, id)).toBe(was.state);
				return () => s.qa.unmerge(whole, from);
			}
			case 'answer':
				return () => s.qa.answer(whole, id, true);
			case 'pin':
				return () => s.qa.pin(whole, 'ws-intelligence', id);
		}
	}

	const everything = async (s: TestServices) => {
		const tables = [];
		for (const t of ['questions', 'question_votes', 'qa_sessions'])
			tables.push(await s.sql.all(`SELECT * FROM ${t} ORDER BY 1, 2`));
		return JSON.stringify(tables);
	};
	const stateOf = async (s: TestServices, id: string) =>
		(await s.qa.moderate(whole, 'ws-intelligence')).questions.find((x) => x.id === id)!.state;

	it('lets a merged question only be unmerged: no other action in the table applies to it', () => {
		const fromMerged = Object.entries(QUESTION_TRANSITIONS)
			.filter(([, { from }]) => (from as readonly QuestionState[]).includes('merged'))
			.map(([name]) => name);
		expect(fromMerged).toEqual(['unmerge']);
	});

	it.each(Object.keys(QUESTION_TRANSITIONS) as QuestionAction[])(
		'takes %s only from the states its table row allows, landing where it says; any other is refused and changes nothing',
		async (name) => {
			const { from, to } = QUESTION_TRANSITIONS[name];
			const s = await memoryServices();
			for (const state of QUESTION_STATES) {
				const id = await questionIn(s, state);
				const run = await action(s, name, id);
				if ((from as readonly QuestionState[]).includes(state)) {
					await run();
					// `questionIn` archives and merges pending questions, so an undo lands back in pending.
					expect(await stateOf(s, id)).toBe(to === 'previous' ? 'pending' : (to ?? state));
					continue;
				}
				const before = await everything(s);
				const counts = await tableCounts(s);
				let refusal: unknown;
				try {
					await run();
				} catch (e) {
					refusal = e;
				}
				expect(refusal).toBeInstanceOf(DomainError);
				expect((refusal as DomainError).code).toBe('conflict');
				expect(await stateOf(s, id)).toBe(state);
				expect(await tableCounts(s)).toEqual(counts);
				expect(await everything(s)).toBe(before);
			}
		}
	);
});
