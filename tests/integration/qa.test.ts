import { testStorage } from '../fixtures/storage';
import { describe, expect } from 'vitest';
import { STAFF_COMMANDS, type CommandInput, type CommandName } from '../../src/lib/protocol';
import {
	cid,
	collect,
	expectOk,
	itWithOwnHub,
	nextEvent,
	sendRaw,
	type Client,
	type TestHub
} from '../fixtures/hub';
import { storedRows } from '../fixtures/services';

const E = 'isb26';
const S = 'ws-intelligence';

const ask = (c: Client, text: string, clientId = cid('ask')) =>
	c.send('question:ask', { clientId, eventId: E, sessionId: S, text });

/** An attendee with the session's Q&A open. */
async function attendee(connect: TestHub['connect']) {
	const c = await connect();
	expectOk(await c.send('qa:open', { eventId: E, sessionId: S }));
	return c;
}

// Rate limits count per device and per connection, so each test gets a hub of its own.
const it = itWithOwnHub
	.extend('hubOptions', { voteIntervalMs: 50, rateLimits: { questionsPerMinute: 3, votesPerMinute: 50 } })
	.extend('alice', ({ connect }) => attendee(connect))
	.extend('bob', ({ connect }) => attendee(connect))
	.extend('mod', async ({ connect }) => {
		const mod = await connect({ role: 'moderator' });
		expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S }));
		return mod;
	});

describe('moderated Q&A over real sockets', () => {
	it('queues an asked question for the moderator; once approved both attendees see it', async ({
		alice,
		bob,
		mod
	}) => {
		const queued = nextEvent(mod.socket, 'qa:mod-changed', (f) => f.type === 'question');
		const asked = expectOk(await ask(alice, 'How will intelligence be shared safely?'));
		expect(asked.question.state).toBe('awaiting-review');
		const fact = await queued;
		if (fact.type !== 'question') throw new Error('question fact');
		expect(fact.question.state).toBe('pending');

		const seenByAlice = nextEvent(alice.socket, 'qa:changed', (f) => f.type === 'question');
		const seenByBob = nextEvent(bob.socket, 'qa:changed', (f) => f.type === 'question');
		const mine = nextEvent(alice.socket, 'qa:mine-changed', (q) => q.state === 'published');
		expectOk(
			await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [fact.question.id] })
		);
		for (const f of await Promise.all([seenByAlice, seenByBob])) {
			expect(f).toMatchObject({
				type: 'question',
				question: { id: fact.question.id, text: 'How will intelligence be shared safely?' }
			});
		}
		expect((await mine).id).toBe(fact.question.id);
		// The room never learns who asked: no device hash on the wire.
		expect(JSON.stringify(await seenByBob)).not.toMatch(/device/i);
	});

	it('leaves the room with the latest counts when a question is approved before its asking’s counts went out', async ({
		alice,
		bob,
		mod
	}) => {
		// Counts as bob's phone applies them, in the order they arrive, from both kinds of frame that carry them.
		let shown: unknown = null;
		bob.socket.on('qa:changed', (f) => {
			if ('counts' in f && f.counts) shown = f.counts;
		});
		bob.socket.on('qa:votes', (v) => {
			if (v.counts) shown = v.counts;
		});
		// The asking's counts (one more awaiting review) wait in the coalescer; the approval's (one more published)
		// go at once. The waiting ones must not then arrive and undo them.
		const id = expectOk(await ask(alice, 'Who chairs the regional task force?')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [id] }));
		await new Promise((done) => setTimeout(done, 400));
		const truth = expectOk(await bob.send('qa:open', { eventId: E, sessionId: S })).counts;
		expect(truth.published).toBeGreaterThan(0);
		expect(shown).toEqual(truth);
	});

	it("counts an upvote once per device, not the asker's, lets it be withdrawn, and sends counts coalesced", async ({
		alice,
		bob,
		mod,
		connect
	}) => {
		const carol = await connect();
		const id = expectOk(await ask(alice, 'Which databases will be connected?')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [id] }));
		const frames = collect(alice.socket, 'qa:votes');
		expect(
			expectOk(await bob.send('question:vote', { clientId: cid(), eventId: E, questionId: id, up: true }))
				.votes
		).toBe(1);
		expect(
			expectOk(await bob.send('question:vote', { clientId: cid(), eventId: E, questionId: id, up: true }))
				.votes
		).toBe(1);
		// The asker's own upvote is refused and counts nothing; the others in the room vote for the question.
		expect(
			await alice.send('question:vote', { clientId: cid(), eventId: E, questionId: id, up: true })
		).toMatchObject({ ok: false, error: 'conflict', reason: 'own-question' });
		expect(
			expectOk(await carol.send('question:vote', { clientId: cid(), eventId: E, questionId: id, up: true }))
				.votes
		).toBe(2);
		expect(
			expectOk(await bob.send('question:vote', { clientId: cid(), eventId: E, questionId: id, up: false }))
				.votes
		).toBe(1);
		await new Promise((r) => setTimeout(r, 150));
		// Three votes and a withdrawal reach the room coalesced (one frame per interval, never one per vote; on SQLite the four fit in one
		// interval), the last frame carrying the latest count.
		const withVotes = frames.filter((f) => Object.keys(f.votes).length > 0);
		expect(withVotes.length).toBeGreaterThanOrEqual(1);
		expect(withVotes.length).toBeLessThan(testStorage === 'sqlite' ? 2 : 4);
		expect(withVotes.at(-1)).toMatchObject({ sessionId: S, votes: { [id]: 1 } });
	});

	it('merges a duplicate into another question, carrying votes without counting a device twice', async ({
		alice,
		bob,
		mod,
		connect
	}) => {
		const a = expectOk(await ask(alice, 'How will the task force share intelligence?')).question.id;
		const b = expectOk(await ask(bob, 'How is the task force going to share intelligence?')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [a, b] }));
		const [carol, dave] = [await connect(), await connect()];
		for (const c of [alice, carol])
			expectOk(await c.send('question:vote', { clientId: cid(), eventId: E, questionId: b, up: true }));
		for (const c of [carol, dave])
			expectOk(await c.send('question:vote', { clientId: cid(), eventId: E, questionId: a, up: true }));
		const removed = nextEvent(bob.socket, 'qa:changed', (f) => f.type === 'removed');
		// Bob's own list says his question was merged, not "published" (it is no longer in the room's list).
		const bobs = nextEvent(bob.socket, 'qa:mine-changed', (q) => q.id === b);
		const merged = expectOk(
			await mod.send('question:merge', { clientId: cid(), eventId: E, questionId: b, intoId: a })
		);
		// Carol (who voted for both) counts once, and Alice's vote for b is not carried to a, the question she asked.
		expect(merged.question.votes).toBe(2);
		expect(await removed).toMatchObject({ questionId: b, counts: { merged: 1 } });
		expect((await bobs).state).toBe('merged');
		expect(
			expectOk(await bob.send('qa:open', { eventId: E, sessionId: S })).mine.find((q) => q.id === b)?.state
		).toBe('merged');
	});

	it('unmerges: both questions are back in the room with their own votes, and other moderators see it', async ({
		alice,
		bob,
		mod,
		connect
	}) => {
		const a = expectOk(await ask(alice, 'How will the task force share intelligence?')).question.id;
		const b = expectOk(await ask(bob, 'How is the task force going to share intelligence?')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [a, b] }));
		const carol = await connect();
		for (const c of [alice, carol])
			expectOk(await c.send('question:vote', { clientId: cid(), eventId: E, questionId: b, up: true }));
		expectOk(await carol.send('question:vote', { clientId: cid(), eventId: E, questionId: a, up: true }));
		expectOk(await mod.send('question:merge', { clientId: cid(), eventId: E, questionId: b, intoId: a }));
		const other = await connect({ role: 'organiser' });
		expectOk(await other.send('qa:moderate', { eventId: E, sessionId: S }));

		const back = nextEvent(bob.socket, 'qa:changed', (f) => f.type === 'question' && f.question.id === b);
		const staffSees = nextEvent(
			other.socket,
			'qa:mod-changed',
			(f) => f.type === 'question' && f.question.id === b
		);
		// The merge's own count for a (1: Carol's; Alice asked a) may still be on its way in a coalesced frame.
		const intoVotes = nextEvent(bob.socket, 'qa:votes', (v) => v.votes[a] === 1);
		const unmerged = expectOk(
			await mod.send('question:unmerge', { clientId: cid(), eventId: E, questionId: b })
		);

		expect(unmerged.question).toMatchObject({ id: b, state: 'published', mergedInto: null, votes: 2 });
		expect(await back).toMatchObject({ question: { id: b, votes: 2 }, counts: { published: 2, merged: 0 } });
		expect(await staffSees).toMatchObject({ question: { id: b, state: 'published', mergedInto: null } });
		expect((await intoVotes).votes[a]).toBe(1);
		const room = expectOk(await bob.send('qa:open', { eventId: E, sessionId: S }));
		expect(Object.fromEntries(room.questions.map((q) => [q.id, q.votes]))).toEqual({ [a]: 1, [b]: 2 });
		// Undone once: a second unmerge is refused.
		const again = await mod.send('question:unmerge', { clientId: cid(), eventId: E, questionId: b });
		expect(again).toMatchObject({ ok: false, error: 'conflict' });
	});

	it('keeps an upvote given to the question merged into, when the merge is undone', async ({
		alice,
		bob,
		mod,
		connect
	}) => {
		const carol = await connect();
		const a = expectOk(await ask(alice, 'Where will the regional task force sit?')).question.id;
		const b = expectOk(await ask(bob, 'Which city hosts the regional task force?')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [a, b] }));
		expectOk(await carol.send('question:vote', { clientId: cid(), eventId: E, questionId: b, up: true }));
		expectOk(await mod.send('question:merge', { clientId: cid(), eventId: E, questionId: b, intoId: a }));
		// Carol's vote came with the merge; now she upvotes the merged question herself.
		const upvoted = expectOk(
			await carol.send('question:vote', { clientId: cid(), eventId: E, questionId: a, up: true })
		);
		expect(upvoted).toMatchObject({ questionId: a, votes: 1, voted: true });
		expectOk(await mod.send('question:unmerge', { clientId: cid(), eventId: E, questionId: b }));
		const room = expectOk(await carol.send('qa:open', { eventId: E, sessionId: S }));
		expect(Object.fromEntries(room.questions.map((q) => [q.id, q.votes]))).toEqual({ [a]: 1, [b]: 1 });
		expect(room.myVotes.sort()).toEqual([a, b].sort());
	});

	it('says which merge or unmerge refusal it is, so the moderator knows what to fix', async ({
		alice,
		bob,
		mod
	}) => {
		const merge = (questionId: string, intoId: string) =>
			mod.send('question:merge', { clientId: cid(), eventId: E, questionId, intoId });
		const unmerge = (questionId: string) =>
			mod.send('question:unmerge', { clientId: cid(), eventId: E, questionId });
		const refused = (error: string, reason: string) => ({ ok: false, error, reason });
		const [a, b] = [
			expectOk(await ask(alice, 'Who funds the shelters?')).question.id,
			expectOk(await ask(alice, 'Who pays for the shelters?')).question.id
		];
		const [c, d] = [
			expectOk(await ask(bob, 'Off topic, to be declined?')).question.id,
			expectOk(await ask(bob, 'Where do the routes start?')).question.id
		];
		const elsewhere = expectOk(
			await alice.send('question:ask', {
				clientId: cid('ask'),
				eventId: E,
				sessionId: 'ws-legal',
				text: 'Who funds the shelters, in the legal workshop?'
			})
		).question.id;

		expect(await merge(a, a)).toMatchObject(refused('conflict', 'merge-into-itself'));
		expect(await merge(a, elsewhere)).toMatchObject(refused('conflict', 'merge-other-session'));
		expectOk(await mod.send('question:decline', { clientId: cid(), eventId: E, questionId: c }));
		expect(await merge(a, c)).toMatchObject(refused('conflict', 'merge-into-declined'));
		expect(await unmerge(b)).toMatchObject(refused('conflict', 'question-not-merged'));

		expectOk(await merge(a, b));
		expect(await merge(a, d)).toMatchObject(refused('conflict', 'question-already-merged'));
		expect(await merge(d, a)).toMatchObject(refused('conflict', 'merge-into-merged'));
		expectOk(await merge(b, d));
		expect(await unmerge(a)).toMatchObject(refused('conflict', 'unmerge-into-merged'));

		expectOk(await mod.send('question:archive', { clientId: cid(), eventId: E, questionId: c }));
		expect(await merge(c, d)).toMatchObject(refused('conflict', 'merge-archived'));
		expect(await merge(d, c)).toMatchObject(refused('conflict', 'merge-archived'));

		expect(
			await mod.send('question:label', {
				clientId: cid(),
				eventId: E,
				questionId: d,
				objectiveId: 'no-such-aim'
			})
		).toMatchObject(refused('invalid-payload', 'objective-not-found'));
	});

	it('restores an archived question: the room sees it again, the asker sees it published', async ({
		alice,
		bob,
		mod
	}) => {
		const id = expectOk(await ask(alice, 'Which routes are used most?')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [id] }));
		const gone = nextEvent(bob.socket, 'qa:changed', (f) => f.type === 'removed');
		const archived = expectOk(
			await mod.send('question:archive', { clientId: cid(), eventId: E, questionId: id })
		);
		expect(archived.question.state).toBe('archived');
		expect(await gone).toMatchObject({ questionId: id });

		const back = nextEvent(bob.socket, 'qa:changed', (f) => f.type === 'question' && f.question.id === id);
		const mine = nextEvent(alice.socket, 'qa:mine-changed', (q) => q.id === id);
		const restored = expectOk(
			await mod.send('question:restore', { clientId: cid(), eventId: E, questionId: id })
		);
		expect(restored.question.state).toBe('published');
		expect(await back).toMatchObject({ question: { id, text: 'Which routes are used most?' } });
		expect(await mine).toMatchObject({ id, state: 'published' });
		const again = await mod.send('question:restore', { clientId: cid(), eventId: E, questionId: id });
		expect(again).toMatchObject({ ok: false, error: 'conflict' });
	});

	it('hides a declined question from the room and tells the asker only "not published"', async ({
		alice,
		bob,
		mod
	}) => {
		const id = expectOk(await ask(alice, 'A personal attack on a delegation')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [id] }));
		const gone = nextEvent(bob.socket, 'qa:changed', (f) => f.type === 'removed');
		const mine = nextEvent(alice.socket, 'qa:mine-changed', (q) => q.state !== 'published');
		expectOk(
			await mod.send('question:decline', {
				clientId: cid(),
				eventId: E,
				questionId: id,
				reason: 'insults-the-delegation'
			})
		);
		expect(await gone).toMatchObject({ questionId: id });
		expect(await mine).toMatchObject({ id, state: 'not-published' });
		expect(JSON.stringify(await mine)).not.toContain('insults-the-delegation');
		expect(expectOk(await bob.send('qa:open', { eventId: E, sessionId: S })).questions).toEqual([]);
	});

	it('refuses the second of two moderators’ conflicting decisions on a question, saying who decided, and keeps the first', async ({
		alice,
		mod,
		connect
	}) => {
		const other = await connect({ role: 'moderator' });
		expectOk(await other.send('qa:moderate', { eventId: E, sessionId: S }));
		const stored = async (id: string) =>
			expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S })).questions.find(
				(q) => q.id === id
			);
		const decline = (c: Client, questionId: string) =>
			c.send('question:decline', {
				clientId: cid(),
				eventId: E,
				questionId,
				reason: 'Already answered in the keynote',
				seen: 'pending'
			});
		const approve = (c: Client, questionId: string) =>
			c.send('question:approve', { clientId: cid(), eventId: E, questionIds: [questionId], seen: 'pending' });

		// Declined first: the approval that arrives after it is refused, and the question stays declined, reason and all.
		const a = expectOk(await ask(alice, 'Who decides which shelters get funds?')).question.id;
		expectOk(await decline(mod, a));
		expect(await approve(other, a)).toMatchObject({
			ok: false,
			error: 'conflict',
			reason: 'question-declined-meanwhile'
		});
		expect(await stored(a)).toMatchObject({
			state: 'declined',
			declineReason: 'Already answered in the keynote'
		});

		// Approved first: the decline (and the reason typed with it) is refused, not applied over the approval.
		const b = expectOk(await ask(alice, 'Who trains the coast guards?')).question.id;
		expectOk(await approve(other, b));
		expect(await decline(mod, b)).toMatchObject({
			ok: false,
			error: 'conflict',
			reason: 'question-approved-meanwhile'
		});
		expect(await stored(b)).toMatchObject({ state: 'published', declineReason: null });

		// At the same moment: one wins, the other is told which decision won, and the stored state is the winner's.
		const c = expectOk(await ask(alice, 'Which courts hear the smuggling cases?')).question.id;
		const [declined, approved] = await Promise.all([decline(mod, c), approve(other, c)]);
		expect([declined.ok, approved.ok].filter(Boolean)).toHaveLength(1);
		if (declined.ok) {
			expect(approved).toMatchObject({ error: 'conflict', reason: 'question-declined-meanwhile' });
			expect(await stored(c)).toMatchObject({ state: 'declined' });
		} else {
			expect(declined).toMatchObject({ error: 'conflict', reason: 'question-approved-meanwhile' });
			expect(await stored(c)).toMatchObject({ state: 'published' });
		}

		// A moderator who saw it declined may still publish it, and one who saw it published may still unpublish it.
		expectOk(
			await other.send('question:approve', {
				clientId: cid(),
				eventId: E,
				questionIds: [a],
				seen: 'declined'
			})
		);
		expectOk(
			await mod.send('question:decline', { clientId: cid(), eventId: E, questionId: b, seen: 'published' })
		);
	});

	it('refuses an edit saved over another moderator’s edit of the same text, changing nothing, and lets it through once their text was seen', async ({
		alice,
		mod,
		connect
	}) => {
		const other = await connect({ role: 'moderator' });
		expectOk(await other.send('qa:moderate', { eventId: E, sessionId: S }));
		const stored = async (id: string) =>
			expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S })).questions.find(
				(q) => q.id === id
			);
		const edit = (c: Client, questionId: string, text: string, seenText?: string) =>
			c.send('question:edit', { clientId: cid(), eventId: E, questionId, text, seenText });
		const asked = 'Who pays the interpreters at the border hearngs?';
		const id = expectOk(await ask(alice, asked)).question.id;

		// Both opened the editor on the asker's words; the first to save wins, the second is told and overwrites nothing.
		const first = 'Who pays the interpreters at the border hearings?';
		expectOk(await edit(mod, id, first, asked));
		expect(await edit(other, id, 'Who pays for interpreters at border hearings?', asked)).toMatchObject({
			ok: false,
			error: 'conflict',
			reason: 'question-edited-meanwhile',
			params: { questionId: id }
		});
		expect(await stored(id)).toMatchObject({ text: first, originalText: asked, edited: true });

		// Having seen the first moderator's text, the second may replace it.
		const second = 'Who pays for the interpreters at border hearings?';
		expectOk(await edit(other, id, second, first));
		expect(await stored(id)).toMatchObject({ text: second, originalText: asked });

		// At the same moment, from the same text: one is saved, the other refused, and the stored text is the winner's.
		const [a, b] = await Promise.all([
			edit(mod, id, 'Who pays the interpreters at hearings on the border?', second),
			edit(other, id, 'Who funds the interpreters at border hearings?', second)
		]);
		expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
		const [won, lost] = a.ok ? [a, b] : [b, a];
		expect(lost).toMatchObject({ error: 'conflict', reason: 'question-edited-meanwhile' });
		expect((await stored(id))?.text).toBe(expectOk(won).question.text);

		// An edit that says nothing of what it saw (an API user, an older console) applies as before.
		expectOk(await edit(mod, id, 'Who pays the interpreters?'));
		expect((await stored(id))?.text).toBe('Who pays the interpreters?');
	});

	it('refuses a bulk approve in which one question was declined meanwhile as a whole, naming that one and how many were ticked', async ({
		alice,
		mod,
		connect
	}) => {
		const other = await connect({ role: 'moderator' });
		const waiting = expectOk(await ask(alice, 'Which shelters take children at night?')).question.id;
		const declined = expectOk(await ask(alice, 'Why is the minister not here?')).question.id;
		expectOk(
			await other.send('question:decline', {
				clientId: cid(),
				eventId: E,
				questionId: declined,
				seen: 'pending'
			})
		);
		expect(
			await mod.send('question:approve', {
				clientId: cid(),
				eventId: E,
				questionIds: [waiting, declined],
				seen: 'pending'
			})
		).toMatchObject({
			ok: false,
			error: 'conflict',
			reason: 'question-declined-meanwhile',
			params: { questionId: declined, among: 2 }
		});
		const questions = expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S })).questions;
		expect(questions.find((q) => q.id === waiting)?.state).toBe('pending');
		expect(questions.find((q) => q.id === declined)?.state).toBe('declined');
	});

	it('refuses every moderator action from an attendee and changes nothing', async ({ alice, mod }) => {
		const id = expectOk(await ask(alice, 'Is this question safe from attendees?')).question.id;
		const before = expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S }));
		const attempts: { [C in CommandName]?: CommandInput<C> } = {
			'qa:moderate': { eventId: E, sessionId: S },
			'question:approve': { clientId: cid(), eventId: E, questionIds: [id] },
			'question:decline': { clientId: cid(), eventId: E, questionId: id },
			'question:edit': { clientId: cid(), eventId: E, questionId: id, text: 'Rewritten by an attendee' },
			'question:merge': { clientId: cid(), eventId: E, questionId: id, intoId: id },
			'question:label': { clientId: cid(), eventId: E, questionId: id, objectiveId: 'root-causes' },
			'question:pin': { clientId: cid(), eventId: E, sessionId: S, questionId: id },
			'question:answer': { clientId: cid(), eventId: E, questionId: id, answered: true },
			'question:archive': { clientId: cid(), eventId: E, questionId: id },
			'question:restore': { clientId: cid(), eventId: E, questionId: id },
			'question:unmerge': { clientId: cid(), eventId: E, questionId: id },
			'question:reply': { clientId: cid(), eventId: E, questionId: id, reply: 'no' },
			'qa:settings': { clientId: cid(), eventId: E, sessionId: S, premoderated: false },
			'qa:restrict': { clientId: cid(), eventId: E, sessionId: S, verifiedOnly: true },
			'qa:waiting': { eventId: E }
		};
		const qaStaffCommands = (Object.keys(STAFF_COMMANDS) as CommandName[]).filter((c) => c.startsWith('q'));
		expect(Object.keys(attempts).sort()).toEqual(qaStaffCommands.sort());
		for (const [name, payload] of Object.entries(attempts)) {
			const res = await alice.send(name as CommandName, payload as never);
			expect(res, name).toMatchObject({ ok: false, error: 'forbidden' });
		}
		expect(expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S }))).toEqual(before);
	});

	it('refuses questions made of zero-width characters and cleans overrides and control characters', async ({
		connect,
		mod
	}) => {
		// A phone each: the per-device question limit counts refused questions too.
		const [alice, bob, carol, dan] = await Promise.all([1, 2, 3, 4].map(() => attendee(connect)));
		for (const text of [
			'\u200B\u200B\u200B\u200B',
			'\u200B\u200C\u200D\uFEFF\u2060',
			'\u202E\u202E  \u2066'
		]) {
			expect(await ask(alice, text), JSON.stringify(text)).toMatchObject({
				ok: false,
				error: 'invalid-payload',
				issues: [{ path: 'text', message: 'is empty or made only of invisible characters' }]
			});
		}
		const reversed = expectOk(await ask(bob, '\u202EWho funds the task force?\u202C'));
		expect(reversed.question.text).toBe('Who funds the task force?');
		const controlled = expectOk(await ask(carol, 'Which\u0000 databases\u0007 connect\u001B first?'));
		expect(controlled.question.text).toBe('Which databases connect first?');
		const stored = expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S })).questions;
		expect(stored.map((q) => q.text).sort()).toEqual([
			'Which databases connect first?',
			'Who funds the task force?'
		]);
		// Urdu keeps its zero-width non-joiner.
		const urdu = 'کیا یہ\u200Cمعلومات محفوظ ہیں؟';
		expect(expectOk(await ask(dan, urdu)).question.text).toBe(urdu);
	});

	it('applies a retried ask with the same client id once', async ({ alice, mod }) => {
		const clientId = cid('retry');
		const first = expectOk(await ask(alice, 'Asked twice over a flaky link?', clientId));
		const second = expectOk(await ask(alice, 'Asked twice over a flaky link?', clientId));
		expect(second).toEqual(first);
		const state = expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S }));
		expect(state.questions).toHaveLength(1);
		expect(state.counts.received).toBe(1);
	});

	it('refuses a client id replayed from another device, and answers its own device on a new connection', async ({
		alice,
		bob,
		connect,
		hub,
		mod
	}) => {
		const clientId = cid('mine');
		const first = expectOk(await ask(alice, 'Who reads the shared watch-list?', clientId));
		// Another phone replaying the id (seen over someone's shoulder, or guessed) learns nothing and writes nothing.
		const replayed = await ask(bob, 'Something else entirely', clientId);
		expect(replayed).toMatchObject({ ok: false, error: 'conflict' });
		expect(JSON.stringify(replayed)).not.toContain('watch-list');
		// The same phone back on the Wi-Fi with a new connection gets its stored answer, as a retry should.
		const cookie = hub.deviceCookie();
		const phone = await connect({ cookie });
		expectOk(await phone.send('qa:open', { eventId: E, sessionId: S }));
		const mine = cid('phone');
		const asked = expectOk(await ask(phone, 'Asked before the Wi-Fi dropped?', mine));
		phone.socket.disconnect();
		const back = await connect({ cookie });
		expectOk(await back.send('qa:open', { eventId: E, sessionId: S }));
		expect(expectOk(await ask(back, 'Asked before the Wi-Fi dropped?', mine))).toEqual(asked);
		expect(expectOk(await ask(alice, 'Who reads the shared watch-list?', clientId))).toEqual(first);
		const state = expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S }));
		expect(state.questions.map((q) => q.text).sort()).toEqual([
			'Asked before the Wi-Fi dropped?',
			'Who reads the shared watch-list?'
		]);
	});

	it('throttles one connection that floods the hub while another connection goes on unslowed', async ({
		startHub
	}) => {
		const t = await startHub({
			// Throttling only: cutting a connection that keeps flooding has its own tests (flood.test.ts).
			rateLimits: { questionsPerMinute: 5, votesPerMinute: 120, eventsPerSecond: 20, floodFrames: 1000 }
		});
		const flooder = await t.connect();
		const calm = await t.connect();
		const burst = await Promise.all(
			Array.from({ length: 60 }, () => flooder.send('qa:open', { eventId: E, sessionId: S }))
		);
		const limited = burst.filter((r) => !r.ok && r.error === 'rate-limited').length;
		expect(limited).toBeGreaterThanOrEqual(60 - 20 - 1); // the join used one point of this second
		expect(burst.filter((r) => r.ok).length).toBeLessThanOrEqual(20);
		expect((await calm.send('qa:open', { eventId: E, sessionId: S })).ok).toBe(true);
	});

	it('answers a flood of questions with rate-limited and stores none of the excess', async ({
		alice,
		bob,
		mod
	}) => {
		const results = [];
		for (let i = 0; i < 5; i++) results.push(await ask(alice, `Question number ${i} from one phone`));
		expect(results.filter((r) => r.ok)).toHaveLength(3);
		expect(results.slice(3)).toEqual([
			expect.objectContaining({
				ok: false,
				error: 'rate-limited',
				message: expect.stringMatching(/try again in \d+ s/),
				// The wait in numbers, so a phone can resend by itself when it is over.
				retryAfterMs: expect.any(Number)
			}),
			expect.objectContaining({ ok: false, error: 'rate-limited' })
		]);
		// Another device is not slowed by the first one's limit.
		expect((await ask(bob, 'A question from someone else')).ok).toBe(true);
		expect(expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S })).counts.received).toBe(4);
	});

	it('does not count refused questions against the limit: mistakes do not keep the good question waiting', async ({
		alice,
		mod
	}) => {
		for (let i = 0; i < 3; i++)
			expect(
				await alice.send('question:ask', {
					clientId: cid(),
					eventId: E,
					sessionId: 'no-such-session',
					text: `Lost question ${i}`
				})
			).toMatchObject({ ok: false, error: 'not-found' });
		for (let i = 0; i < 3; i++)
			expect(await ask(alice, 'x'.repeat(5000))).toMatchObject({ ok: false, error: 'invalid-payload' });
		// The limit (3 here) still has all its room.
		for (let i = 0; i < 3; i++) expect((await ask(alice, `A good question, number ${i}`)).ok).toBe(true);
		expect(await ask(alice, 'One too many')).toMatchObject({ ok: false, error: 'rate-limited' });
		expect(expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S })).counts.received).toBe(3);
	});

	it('answers a retry of a question it stored with the stored answer, at the limit or not, and counts it once', async ({
		alice,
		mod
	}) => {
		const first = cid('ask');
		const stored = expectOk(await ask(alice, 'Who funds the shelters on the border?', first));
		// The same write again (a phone whose connection dropped before the ack): the stored answer, and the
		// limit (3 here) still has room for two new questions.
		expect(expectOk(await ask(alice, 'Who funds the shelters on the border?', first))).toEqual(stored);
		expect((await ask(alice, 'A second question')).ok).toBe(true);
		expect((await ask(alice, 'A third question')).ok).toBe(true);
		expect(await ask(alice, 'A fourth question')).toMatchObject({ ok: false, error: 'rate-limited' });
		// At the limit, a retry of a stored write is still answered as before, not refused.
		expect(expectOk(await ask(alice, 'Who funds the shelters on the border?', first))).toEqual(stored);
		expect(expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S })).counts.received).toBe(3);
	});

	it('withdraws a published, pinned question for everyone at once, once per client id, and keeps no copy of it', async ({
		alice,
		bob,
		mod,
		connect,
		hub
	}) => {
		const text = 'Will my testimony about the crossing be shared?';
		const askId = cid('ask');
		const id = expectOk(await ask(alice, text, askId)).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [id] }));
		expectOk(await mod.send('question:pin', { clientId: cid(), eventId: E, sessionId: S, questionId: id }));
		expectOk(await bob.send('question:vote', { clientId: cid(), eventId: E, questionId: id, up: true }));
		// The asker's phone in a second tab, and a hall screen following the session.
		const tab = await connect({ cookie: alice.cookie });
		expectOk(await tab.send('qa:open', { eventId: E, sessionId: S }));
		const screen = await connect({ role: 'screen' });
		expectOk(await screen.send('qa:open', { eventId: E, sessionId: S }));

		const room = nextEvent(bob.socket, 'qa:changed', (f) => f.type === 'removed');
		const unpinned = nextEvent(screen.socket, 'qa:changed', (f) => f.type === 'pinned');
		const queue = nextEvent(mod.socket, 'qa:mod-changed', (f) => f.type === 'removed');
		const otherTab = nextEvent(tab.socket, 'qa:mine-changed', (q) => q.state === 'withdrawn');
		const withdrawId = cid('withdraw');
		const withdrawn = expectOk(
			await alice.send('question:withdraw', { clientId: withdrawId, eventId: E, questionId: id })
		);
		expect(withdrawn.question).toMatchObject({ id, state: 'withdrawn', text: '', clientId: withdrawId });
		expect(await room).toMatchObject({ type: 'removed', sessionId: S, questionId: id });
		expect(await unpinned).toEqual({ type: 'pinned', sessionId: S, questionId: null });
		expect(await queue).toMatchObject({
			type: 'removed',
			sessionId: S,
			questionId: id,
			counts: { received: 0 }
		});
		expect(await otherTab).toEqual(withdrawn.question);

		// A retry after a dropped answer is answered as before and broadcasts nothing again.
		const after = [collect(bob.socket, 'qa:changed'), collect(mod.socket, 'qa:mod-changed')];
		expect(
			expectOk(await alice.send('question:withdraw', { clientId: withdrawId, eventId: E, questionId: id }))
		).toEqual(withdrawn);
		// The ask's own retry does not bring it back: it is answered "withdrawn".
		expect(expectOk(await ask(alice, text, askId)).question).toMatchObject({
			id,
			state: 'withdrawn',
			text: ''
		});
		await new Promise((r) => setTimeout(r, 200));
		expect(after.flat()).toEqual([]);
		expect(expectOk(await bob.send('qa:open', { eventId: E, sessionId: S })).questions).toEqual([]);
		expect(expectOk(await mod.send('qa:moderate', { eventId: E, sessionId: S })).questions).toEqual([]);

		// Nothing in storage keeps its words: not the questions table, not the ledger of the writes that named it.
		const stored = JSON.stringify((await storedRows(hub.services)).rows);
		expect(stored).not.toContain('testimony');
		expect(stored).toContain(id); // the audit log and ledger keep the id of what staff did, never the text
	});

	it('keeps no contact details a moderator edited out, not even in the answers kept for retries', async ({
		alice,
		mod,
		hub
	}) => {
		const askId = cid('ask');
		const id = expectOk(
			await ask(alice, 'Call me on +92 300 7654321 or zzsecret@example.org about witness ZETA', askId)
		).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [id] }));
		const ledger = async () => JSON.stringify(await hub.services.sql.all('SELECT result FROM client_writes'));
		expect(await ledger()).toContain('7654321');
		expectOk(
			await mod.send('question:edit', {
				clientId: cid(),
				eventId: E,
				questionId: id,
				text: 'How should agencies protect witnesses like ZETA?'
			})
		);
		const stored = JSON.stringify((await storedRows(hub.services)).rows);
		for (const contact of ['7654321', 'zzsecret@example.org']) {
			expect(await ledger()).not.toContain(contact);
			expect(stored).not.toContain(contact);
		}
		expect(await ledger()).toContain('about witness ZETA');
		// The ask's retry is answered from the ledger, without them.
		const retried = expectOk(await ask(alice, 'Call me on +92 300 7654321', askId)).question;
		expect(retried.id).toBe(id);
		expect(retried.text).not.toContain('7654321');
	});

	it('keeps where a device stands on a question, not each upvote and its withdrawal', async ({
		alice,
		bob,
		mod,
		hub
	}) => {
		const id = expectOk(await ask(alice, 'Which routes are watched at sea?')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [id] }));
		const up = cid('up');
		expectOk(await bob.send('question:vote', { clientId: up, eventId: E, questionId: id, up: true }));
		expectOk(await bob.send('question:vote', { clientId: cid(), eventId: E, questionId: id, up: false }));
		const rows = await hub.services.sql.all<{ result: string }>(
			"SELECT result FROM client_writes WHERE command = 'question:vote'"
		);
		expect(rows.map((r) => JSON.parse(r.result))).toEqual([
			{ questionId: id, votes: 0, voted: false },
			{ questionId: id, votes: 0, voted: false }
		]);
		// The first tap's retry does not give the upvote again.
		expect(
			expectOk(await bob.send('question:vote', { clientId: up, eventId: E, questionId: id, up: true }))
		).toEqual({ questionId: id, votes: 0, voted: false });
	});

	it("refuses another phone's question, a staff link, an unknown question and a malformed payload, changing nothing", async ({
		alice,
		bob,
		mod,
		hub
	}) => {
		const id = expectOk(await ask(alice, 'Who keeps the list of interpreters?')).question.id;
		expectOk(await mod.send('question:approve', { clientId: cid(), eventId: E, questionIds: [id] }));
		const before = await storedRows(hub.services);
		const withdraw = (c: Client, questionId = id) =>
			c.send('question:withdraw', { clientId: cid(), eventId: E, questionId });
		expect(await withdraw(bob)).toMatchObject({ ok: false, error: 'forbidden', reason: 'not-own-question' });
		expect(await withdraw(mod)).toMatchObject({ ok: false, error: 'forbidden', reason: 'role-forbidden' });
		expect(await withdraw(alice, 'q-00000000000000')).toMatchObject({
			ok: false,
			error: 'not-found',
			reason: 'question-not-found'
		});
		for (const payload of [
			{ clientId: cid(), eventId: E, questionId: 'not a question id' },
			{ clientId: cid(), eventId: E, questionId: id, deviceHash: 'dev-of-alice' },
			{ eventId: E, questionId: id }
		])
			expect(await sendRaw(alice.socket, 'question:withdraw', payload)).toMatchObject({
				ok: false,
				error: 'invalid-payload'
			});
		expect(await storedRows(hub.services)).toEqual(before);
		expect(
			expectOk(await bob.send('qa:open', { eventId: E, sessionId: S })).questions.map((q) => q.id)
		).toEqual([id]);
	});
});

describe("the moderator's picker: questions waiting in each session", () => {
	it('counts the questions waiting in every session the link reaches, and only those', async ({
		alice,
		connect
	}) => {
		const askIn = (c: Client, sessionId: string, text: string) =>
			c.send('question:ask', { clientId: cid('ask'), eventId: E, sessionId, text });
		// Hall A's working session (alice's), Hall B's, and Hall A's next day.
		expectOk(await askIn(alice, S, 'First question about intelligence sharing?'));
		expectOk(await askIn(alice, S, 'Second question about intelligence sharing?'));
		expectOk(await askIn(alice, 'ws-legal', 'A question on the legal frameworks?'));
		const whole = await connect({ role: 'moderator' });
		const hallA = await connect({ role: 'moderator', roomId: 'hall-a' });
		expect(expectOk(await whole.send('qa:waiting', { eventId: E })).waiting).toEqual({
			[S]: 2,
			'ws-legal': 1
		});
		// A hall's link hears of its hall's sessions only.
		expect(expectOk(await hallA.send('qa:waiting', { eventId: E })).waiting).toEqual({ [S]: 2 });

		// Approved or declined, a question no longer waits; a session with none is left out.
		const queued = expectOk(await whole.send('qa:moderate', { eventId: E, sessionId: 'ws-legal' })).questions;
		expectOk(
			await whole.send('question:approve', { clientId: cid(), eventId: E, questionIds: [queued[0].id] })
		);
		expect(expectOk(await whole.send('qa:waiting', { eventId: E })).waiting).toEqual({ [S]: 2 });
	});

	it('is refused to attendees and chairs, and to a link of another event', async ({ alice, connect }) => {
		expect(await alice.send('qa:waiting', { eventId: E })).toMatchObject({ ok: false, error: 'forbidden' });
		const chair = await connect({ role: 'chair' });
		expect(await chair.send('qa:waiting', { eventId: E })).toMatchObject({ ok: false, error: 'forbidden' });
		const mod = await connect({ role: 'moderator' });
		expect(await mod.send('qa:waiting', { eventId: 'other-event' })).toMatchObject({ ok: false });
		expect(await sendRaw(mod.socket, 'qa:waiting', { eventId: E, extra: 1 })).toMatchObject({
			ok: false,
			error: 'invalid-payload'
		});
	});
});
