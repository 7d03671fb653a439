import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QaModFact } from '$lib/protocol';
import { cid, expectOk, startHub, type Client, type TestHub } from '../../../tests/fixtures/hub';
import { nextJoin, openPage } from '$lib/testing/live-hub';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import { ModerationState } from './moderation.svelte';

const SESSION = 'ws-intelligence';
const OTHER_SESSION = 'ws-legal';

describe('ModerationState (one session’s moderation, moved only by the hub’s answers and facts)', () => {
	let t: TestHub;
	let attendee: Client;
	let live: LiveEvent;
	let mod: ModerationState;
	const facts: QaModFact[] = [];

	beforeEach(async () => {
		t = await startHub();
		attendee = await t.connect();
		live = (await openPage(t, { role: 'moderator' })).live;
		live.connection.socket.on('qa:mod-changed', (f) => facts.push(f));
		mod = new ModerationState(live, { timeoutMessage: () => 'no answer' });
		mod.select(SESSION);
		const joined = nextJoin(live);
		live.start();
		await joined;
		await vi.waitFor(() => expect(mod.state?.sessionId).toBe(SESSION));
	});
	afterEach(async () => {
		facts.length = 0;
		mod.destroy();
		live.connection.close();
		await t.stop();
	});

	async function ask(text: string) {
		const before = facts.length;
		const asked = expectOk(
			await attendee.send('question:ask', {
				clientId: cid(),
				eventId: live.eventId,
				sessionId: SESSION,
				text,
				objectiveId: null
			})
		);
		await vi.waitFor(() => expect(facts.length).toBeGreaterThan(before));
		return asked.question.id;
	}

	it('reads out a question new to the queue only where asked to (the moderator’s console), and only once', async () => {
		const chairView = new ModerationState(live, { timeoutMessage: () => 'no answer' });
		const moderatorView = new ModerationState(live, {
			timeoutMessage: () => 'no answer',
			announceQueue: true
		});
		for (const view of [chairView, moderatorView]) view.select(SESSION);
		await vi.waitFor(() => expect(moderatorView.state && chairView.state).toBeTruthy());
		const announce = vi.spyOn(live.announcer, 'announce');
		const text = 'Who keeps the case files when a case crosses a border?';
		const id = await ask(text);
		await vi.waitFor(() => expect(moderatorView.queue.map((q) => q.id)).toContain(id));
		expect(announce.mock.calls.filter(([said]) => said.includes(text))).toHaveLength(1);
		// The same fact again (a repeat after a reconnect) is not news.
		const fact = facts.at(-1);
		if (!fact) throw new Error('no fact');
		expect(moderatorView.apply(fact)).toBe('applied');
		expect(announce.mock.calls.filter(([said]) => said.includes(text))).toHaveLength(1);
		chairView.destroy();
		moderatorView.destroy();
	});

	it('takes a new question into the queue from the hub’s fact, and a repeated fact changes nothing', async () => {
		const id = await ask('How will case files cross borders?');
		expect(mod.queue.map((q) => q.id)).toContain(id);
		const count = mod.questions.length;
		const fact = facts.at(-1);
		if (!fact) throw new Error('no fact');
		expect(mod.apply(fact)).toBe('applied');
		expect(mod.questions).toHaveLength(count);
		expect(mod.questions.filter((q) => q.id === id)).toHaveLength(1);
	});

	it('ignores facts about a session other than the one on screen', async () => {
		const id = await ask('Who funds the shelters?');
		const fact = facts.at(-1);
		if (!fact || fact.type !== 'question') throw new Error('no question fact');
		const elsewhere: QaModFact = {
			...fact,
			sessionId: OTHER_SESSION,
			question: { ...fact.question, id: 'q-elsewhere', sessionId: OTHER_SESSION }
		};
		expect(mod.apply(elsewhere)).toBe('ignored');
		expect(mod.byId('q-elsewhere')).toBeUndefined();
		expect(mod.byId(id)).toBeDefined();
	});

	it('moves an approved question from the queue to the published list by the ack', async () => {
		const id = await ask('What protects a witness who testifies?');
		const approving = mod.approve([id]);
		expect(mod.isBusy(`${id}:approve`)).toBe(true);
		expect(await approving).toBe(true);
		expect(mod.isBusy(`${id}:approve`)).toBe(false);
		expect(mod.queue.map((q) => q.id)).not.toContain(id);
		expect(mod.published('votes').map((q) => q.id)).toContain(id);
	});

	it('keeps one question on the screen: pinning another takes the first off', async () => {
		const [a, b] = [await ask('First question?'), await ask('Second question?')];
		expect(await mod.approve([a, b], 'bulk')).toBe(true);
		expect(await mod.pin(a, true)).toBe(true);
		expect(mod.pinned?.id).toBe(a);
		expect(await mod.pin(b, true)).toBe(true);
		expect(mod.pinned?.id).toBe(b);
		expect(mod.questions.filter((q) => q.pinned).map((q) => q.id)).toEqual([b]);
		// The chair's next question is never the one already on screen.
		expect(mod.upNext(5).map((q) => q.id)).toEqual([a]);
		expect(await mod.pin(b, false)).toBe(true);
		expect(mod.pinned).toBeUndefined();
	});

	it('puts a flagged question on screen only once the moderator confirms it; an unflagged one at once', async () => {
		const [plain, flagged] = [
			await ask('Who trains the border guards?'),
			await ask('My brother was taken, call me on +92-300-1234567')
		];
		expect(mod.byId(flagged)?.flags).toContain('phone');
		expect(await mod.approve([plain, flagged], 'bulk')).toBe(true);

		expect(await mod.requestPin(flagged, true)).toBe(false);
		expect(mod.pinAsk?.id).toBe(flagged);
		expect(mod.pinned).toBeUndefined();
		mod.cancelPin();
		expect(mod.pinAsk).toBeUndefined();
		expect(mod.pinned).toBeUndefined();

		await mod.requestPin(flagged, true);
		expect(await mod.confirmPin()).toBe(true);
		expect(mod.pinned?.id).toBe(flagged);
		expect(mod.pinAsk).toBeUndefined();
		// Taking it off, and putting up a question with no flag, never ask.
		expect(await mod.requestPin(flagged, false)).toBe(true);
		expect(await mod.requestPin(plain, true)).toBe(true);
		expect(mod.pinned?.id).toBe(plain);
		expect(mod.pinAsk).toBeUndefined();
	});

	it('keeps the hub’s refusal beside the control that caused it until that control is used again', async () => {
		const id = await ask('Is the hotline free to call?');
		expect(await mod.merge(id, 'q-does-not-exist')).toBe(false);
		expect(mod.errorFor(`${id}:merge`)).toBeTruthy();
		expect(mod.errorFor(`${id}:approve`)).toBeNull();
		expect(mod.byId(id)?.state).toBe('pending');
		expect(await mod.approve([id])).toBe(true);
		expect(mod.errorFor(`${id}:merge`)).toBeTruthy();
		const other = await ask('And for children?');
		expect(await mod.merge(id, other)).toBe(true);
		expect(mod.errorFor(`${id}:merge`)).toBeNull();
	});

	it('says of a bulk approve refused because one of them was declined meanwhile that none was approved, and names that one', async () => {
		const [waiting, declined] = [
			await ask('Who runs the night shelters?'),
			await ask('Why was the minister not invited?')
		];
		const pendingFact = facts.at(-1);
		const other = await t.connect({ role: 'moderator' });
		expectOk(
			await other.send('question:decline', {
				clientId: cid(),
				eventId: live.eventId,
				questionId: declined,
				seen: 'pending'
			})
		);
		await vi.waitFor(() => expect(mod.byId(declined)?.state).toBe('declined'));
		// The console had not heard of the decline yet when the moderator pressed Approve (its fact still on the way).
		if (!pendingFact) throw new Error('no fact');
		mod.apply(pendingFact);
		expect(mod.byId(declined)?.state).toBe('pending');

		expect(await mod.approve([waiting, declined], 'bulk')).toBe(false);
		const said =
			'Another moderator has just declined one of the questions you selected; none of them was approved. The others are still selected: approve them again.';
		expect(mod.errorFor('bulk')).toBe(said);
		expect(mod.overruled).toEqual({
			questionId: declined,
			message: said,
			text: 'Why was the minister not invited?'
		});
		expect(mod.byId(waiting)?.state).toBe('pending');
	});

	it('refuses an edit over another moderator’s saved since, keeping theirs, and saves it once their text is the one replaced', async () => {
		const asked = 'Who pays the interpretrs?';
		const id = await ask(asked);
		const other = await t.connect({ role: 'moderator' });
		const theirs = 'Who pays the interpreters?';
		expectOk(
			await other.send('question:edit', {
				clientId: cid(),
				eventId: live.eventId,
				questionId: id,
				text: theirs,
				seenText: asked
			})
		);
		expect(await mod.edit(id, 'Who pays the court interpreters?', asked)).toBe(false);
		expect(mod.reasonFor(`${id}:edit`)).toBe('question-edited-meanwhile');
		expect(mod.errorFor(`${id}:edit`)).toBe(
			'Another moderator has just edited this question; your edit was not saved.'
		);
		await vi.waitFor(() => expect(mod.byId(id)?.text).toBe(theirs));
		expect(await mod.edit(id, 'Who pays the court interpreters?', theirs)).toBe(true);
		expect(mod.reasonFor(`${id}:edit`)).toBeNull();
		expect(mod.byId(id)?.text).toBe('Who pays the court interpreters?');
	});

	it('refuses a reply over another moderator’s saved since, keeping theirs, and saves it once their reply is the one replaced', async () => {
		const id = await ask('Where are the slides of the opening talk?');
		const other = await t.connect({ role: 'moderator' });
		const theirs = 'On the event page, under Downloads.';
		expectOk(
			await other.send('question:reply', {
				clientId: cid(),
				eventId: live.eventId,
				questionId: id,
				reply: theirs,
				seenReply: ''
			})
		);
		// This console opened its reply form before theirs was saved: it replaces no reply.
		expect(await mod.reply(id, 'The speaker will email them.', '')).toBe(false);
		expect(mod.reasonFor(`${id}:reply`)).toBe('question-replied-meanwhile');
		expect(mod.errorFor(`${id}:reply`)).toBe(
			'Another moderator has just changed the reply to this question; your reply was not saved.'
		);
		await vi.waitFor(() => expect(mod.byId(id)?.reply).toBe(theirs));
		expect(await mod.reply(id, 'The speaker will email them.', theirs)).toBe(true);
		expect(mod.reasonFor(`${id}:reply`)).toBeNull();
		expect(mod.byId(id)?.reply).toBe('The speaker will email them.');
	});

	it('starts afresh on a session switch: the other session’s state from the hub, no old errors', async () => {
		const id = await ask('A question for this session only?');
		expect(await mod.merge(id, 'q-does-not-exist')).toBe(false);
		mod.select(OTHER_SESSION);
		expect(mod.state).toBeNull();
		expect(mod.errorFor(`${id}:merge`)).toBeNull();
		await vi.waitFor(() => expect(mod.state?.sessionId).toBe(OTHER_SESSION));
		expect(mod.byId(id)).toBeUndefined();
	});

	it('offers to undo a merge for a while, and the undo brings both questions back by the hub’s answer', async () => {
		const [a, b] = [
			await ask('How is intelligence shared?'),
			await ask('How do agencies share intelligence?')
		];
		expect(await mod.approve([a, b], 'bulk')).toBe(true);
		expect(await mod.merge(b, a)).toBe(true);
		expect(mod.undoable).toMatchObject({ kind: 'merge', questionId: b });
		expect(await mod.undo()).toBe(true);
		expect(mod.undoable).toBeNull();
		expect(
			mod
				.published('votes')
				.map((q) => q.id)
				.sort()
		).toEqual([a, b].sort());
	});

	it('restores an archived question from its row after the toast is gone', async () => {
		const id = await ask('Which shelters take families?');
		expect(await mod.approve([id])).toBe(true);
		expect(await mod.archive(id)).toBe(true);
		mod.dismissUndo();
		expect(mod.archived.map((q) => q.id)).toEqual([id]);
		expect(await mod.restore(id)).toBe(true);
		expect(mod.byId(id)?.state).toBe('published');
	});

	it('searches every state by text, name and reply, folding case, accents and Arabic-script letter forms', async () => {
		const pending = await ask('Réseaux criminels across the Gulf?');
		const published = await ask('What does الثقة mean for victims?');
		const archived = await ask('Which routes cross the desert?');
		expect(await mod.approve([published, archived], 'bulk')).toBe(true);
		expect(await mod.reply(published, 'Covered by the panel on trust')).toBe(true);
		expect(await mod.archive(archived)).toBe(true);

		expect(mod.search('reseaux').map((q) => q.id)).toEqual([pending]);
		expect(mod.search('الثقہ').map((q) => q.id)).toEqual([published]);
		expect(mod.search('panel TRUST').map((q) => q.id)).toEqual([published]);
		expect(mod.search('desert').map((q) => q.id)).toEqual([archived]);
		expect(mod.search('  ')).toEqual([]);
		expect(mod.search('nothing like this')).toEqual([]);
	});
});
