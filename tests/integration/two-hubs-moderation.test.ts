import { afterEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../server/db/connection';
import { createPostgresSql } from '../../server/db/postgres';
import type { Sql } from '../../server/db/sql';
import { createSqliteSql } from '../../server/db/sqlite';
import { DomainError } from '../../server/errors';
import { createServices, type Services } from '../../server/services';
import { fixedClock } from '../fixtures/services';
import { testDatabaseUrl, testStorage } from '../fixtures/storage';

/**
 * Two hubs on one database, each with its own connections and its own group commit, as in a cluster: a moderator
 * (or chair) on each acts on the same question (poll) at the same moment. Each command reads the thing, checks it
 * against what its console showed, then writes; the second to commit must see the first's write in its check and be
 * refused, never overwrite it. On PostgreSQL (READ COMMITTED) that holds only because the read locks the row; on
 * SQLite there is one writer, so the hubs share its one connection here, as processes share its one write lock.
 */

const E = 'isb26';
const S = 'ws-intelligence';
const whole = { eventId: E, roomId: null };
const RACES = 30;

type Outcome = { ok: true } | { ok: false; code: string; reason: string | undefined };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
	vi.restoreAllMocks();
	for (const c of cleanups.splice(0).reverse()) await c();
});

async function twoHubs() {
	let sqlA: Sql;
	let sqlB: Sql;
	let lockWaits = async () => false;
	if (testStorage === 'postgres') {
		const url = await testDatabaseUrl();
		const pool = (max: number) =>
			createPostgresSql({ connectionString: url, max, idleTimeoutMillis: 500, allowExitOnIdle: true });
		sqlA = pool(4);
		sqlB = pool(4);
		// Another connection, outside both hubs' transactions (PostgreSQL keeps one view of pg_stat_activity per transaction).
		const watch = new pg.Pool({ connectionString: url, max: 1 });
		lockWaits = async () =>
			(
				await watch.query<{ n: number }>(
					"SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
				)
			).rows[0].n > 0;
		cleanups.push(async () => {
			await watch.end();
			await sqlA.close();
			await sqlB.close();
		});
	} else {
		sqlA = sqlB = createSqliteSql(openDatabase(':memory:'));
		cleanups.push(() => sqlA.close());
	}
	const config = { seedSample: true, sampleDates: 'fixed' as const };
	const a = await createServices(sqlA, config, fixedClock());
	await a.seedIfEmpty();
	const b = await createServices(sqlB, config, fixedClock());
	return { a, b, overlap: overlapChecks(sqlA, sqlB, lockWaits) };
}

/** What a statement reads, for the commands raced here: a question by its id, a poll by its event and id. */
function readOf(text: string, params: unknown): string | null {
	if (!Array.isArray(params)) return null;
	if (/^SELECT \* FROM questions WHERE id = \?/.test(text)) return String(params[0]);
	if (/^SELECT \* FROM polls WHERE event_id = \? AND id = \?/.test(text)) return String(params[1]);
	return null;
}

/**
 * Makes the two checks overlap every time, not only when the timing happens to: a hub told to `hold` a thing keeps
 * its transaction open after its first read of it until the other hub has read it too, or is waiting for a lock (its
 * locking read, queued behind this one). Without the lock both then read the thing as it was; with it, the other's
 * read returns only once this transaction has committed. PostgreSQL only: SQLite's hubs share one connection.
 */
function overlapChecks(sqlA: Sql, sqlB: Sql, lockWaits: () => Promise<boolean>) {
	const hubs = [sqlA, sqlB];
	const read = [new Set<string>(), new Set<string>()];
	const hold = [new Set<string>(), new Set<string>()];
	if (sqlA !== sqlB) {
		hubs.forEach((sql, i) => {
			const get = sql.get.bind(sql) as Sql['get'];
			vi.spyOn(sql, 'get').mockImplementation((async (text: string, params?: unknown) => {
				const row = await get(text, params as never);
				const thing = readOf(text, params);
				if (thing && !read[i].has(thing)) {
					read[i].add(thing);
					if (hold[i].has(thing)) {
						const until = Date.now() + 5000;
						while (!read[1 - i].has(thing) && !(await lockWaits()) && Date.now() < until)
							await new Promise((r) => setTimeout(r, 2));
					}
				}
				return row;
			}) as never);
		});
	}
	return {
		/** Hub `i` (0: A, 1: B) holds its transaction open after reading `thing`, as above. */
		hold: (i: 0 | 1, thing: string) => hold[i].add(thing),
		/** Forgets what was read, for the next round on the same things. */
		reset: () => read.forEach((r) => r.clear())
	};
}

/** A command run as the hub's dispatcher runs it: in the group commit, answered once it has committed. */
async function command(hub: Services, work: () => Promise<unknown>): Promise<Outcome> {
	try {
		await hub.writes.write(work);
		return { ok: true };
	} catch (e) {
		if (!(e instanceof DomainError)) throw e;
		return { ok: false, code: e.code, reason: e.reason };
	}
}

async function ask(hub: Services, text: string, device = 'dev-asker') {
	const asked = await hub.writes.write(() =>
		hub.qa.ask(E, device, {
			sessionId: S,
			text,
			name: null,
			organisation: null,
			country: null,
			objectiveId: null
		})
	);
	return asked.data.question.id;
}

const stored = async (hub: Services, id: string) =>
	(await hub.qa.moderate(whole, S)).questions.find((q) => q.id === id)!;

/** Races `first` on hub A against `second` on hub B, `RACES` times over, holding each hub in turn (see `overlapChecks`). */
async function race<T>(
	hubs: Awaited<ReturnType<typeof twoHubs>>,
	things: T[],
	key: (t: T) => string,
	first: (t: T) => Promise<unknown>,
	second: (t: T) => Promise<unknown>,
	/** Checked after each race, before the next. */
	after: (t: T, outcomes: [Outcome, Outcome]) => Promise<void> = async () => {}
): Promise<[Outcome, Outcome][]> {
	// What the set-up read (asking a question reads it back) is not a race's read.
	hubs.overlap.reset();
	const out: [Outcome, Outcome][] = [];
	for (const [n, t] of things.entries()) {
		hubs.overlap.hold(n % 2 === 0 ? 0 : 1, key(t));
		const outcomes = await Promise.all([command(hubs.a, () => first(t)), command(hubs.b, () => second(t))]);
		await after(t, outcomes);
		out.push(outcomes);
	}
	return out;
}

/** Exactly one of the two succeeded; the other was refused as a conflict for `reason(winner)`. */
function oneWon(outcomes: [Outcome, Outcome], reason: (winner: 0 | 1) => string): 0 | 1 {
	const winners = outcomes.flatMap((o, i) => (o.ok ? [i as 0 | 1] : []));
	expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
	const [w] = winners;
	expect(outcomes[1 - w]).toEqual({ ok: false, code: 'conflict', reason: reason(w) });
	return w;
}

describe('two hubs on one database: the second of two moderators acting on a question at once is refused', () => {
	it('approve on one hub against decline on the other: one decision stands, the other is refused and says which', async () => {
		const hubs = await twoHubs();
		const ids: string[] = [];
		for (let i = 0; i < RACES; i++)
			ids.push(await ask(hubs.a, `Who reviews the shared watch list, part ${i}?`));
		const results = await race(
			hubs,
			ids,
			(id) => id,
			(id) => hubs.a.qa.approve(whole, [id], 'pending'),
			(id) => hubs.b.qa.decline(whole, id, 'Answered in the keynote', 'pending')
		);
		const winners = { approve: 0, decline: 0 };
		for (const [n, id] of ids.entries()) {
			const w = oneWon(results[n], (w) =>
				w === 0 ? 'question-approved-meanwhile' : 'question-declined-meanwhile'
			);
			const q = await stored(hubs.b, id);
			expect(q.state).toBe(w === 0 ? 'published' : 'declined');
			expect(q.declineReason).toBe(w === 0 ? null : 'Answered in the keynote');
			winners[w === 0 ? 'approve' : 'decline']++;
		}
		expect(winners.approve + winners.decline).toBe(RACES);
	});

	it('two edits of the same text: the later one is refused, and the text is the earlier one’s', async () => {
		const hubs = await twoHubs();
		const ids: string[] = [];
		for (let i = 0; i < RACES; i++) ids.push(await ask(hubs.a, `Who pays the interpretrs, part ${i}?`));
		const texts = new Map<string, string>();
		for (const id of ids) texts.set(id, (await stored(hubs.a, id)).text);
		const mine = (id: string, who: string) =>
			`${texts.get(id)!.replace('interpretrs', 'interpreters')} (${who})`;
		const results = await race(
			hubs,
			ids,
			(id) => id,
			(id) => hubs.a.qa.edit(whole, id, mine(id, 'A'), texts.get(id)),
			(id) => hubs.b.qa.edit(whole, id, mine(id, 'B'), texts.get(id))
		);
		for (const [n, id] of ids.entries()) {
			const w = oneWon(results[n], () => 'question-edited-meanwhile');
			const q = await stored(hubs.b, id);
			expect(q.text).toBe(mine(id, w === 0 ? 'A' : 'B'));
			expect(q.originalText).toBe(texts.get(id));
		}
	});

	it('two replies to the same question: the later one is refused, and the reply is the earlier one’s', async () => {
		const hubs = await twoHubs();
		const ids: string[] = [];
		for (let i = 0; i < RACES; i++) ids.push(await ask(hubs.a, `Where are the slides of talk ${i}?`));
		const results = await race(
			hubs,
			ids,
			(id) => id,
			(id) => hubs.a.qa.reply(whole, id, 'On the event page, under Downloads.', ''),
			(id) => hubs.b.qa.reply(whole, id, 'The speaker will email them.', '')
		);
		for (const [n, id] of ids.entries()) {
			const w = oneWon(results[n], () => 'question-replied-meanwhile');
			expect((await stored(hubs.b, id)).reply).toBe(
				w === 0 ? 'On the event page, under Downloads.' : 'The speaker will email them.'
			);
		}
	});

	it('merging one question into two others at once: it is merged once, and its votes are carried over once', async () => {
		const hubs = await twoHubs();
		await hubs.a.writes.write(() => hubs.a.qa.settings(whole, S, false));
		const trios: { x: string; y: string; z: string }[] = [];
		for (let i = 0; i < 10; i++) {
			const [x, y, z] = [
				await ask(hubs.a, `Is the data shared across borders, ${i}?`),
				await ask(hubs.a, `Which data crosses borders, ${i}?`),
				await ask(hubs.a, `What crosses the border, data-wise, ${i}?`)
			];
			await hubs.a.writes.write(() => hubs.a.qa.vote(E, `dev-voter-${i}`, x, true));
			trios.push({ x, y, z });
		}
		const results = await race(
			hubs,
			trios,
			(t) => t.x,
			(t) => hubs.a.qa.merge(whole, t.x, t.y),
			(t) => hubs.b.qa.merge(whole, t.x, t.z)
		);
		for (const [n, t] of trios.entries()) {
			const w = oneWon(results[n], () => 'question-already-merged');
			const [into, other] = w === 0 ? [t.y, t.z] : [t.z, t.y];
			expect(await stored(hubs.b, t.x)).toMatchObject({ state: 'merged', mergedInto: into });
			expect((await stored(hubs.b, into)).votes).toBe(1);
			expect((await stored(hubs.b, other)).votes).toBe(0);
		}
	});

	it('an asker withdrawing a question on one hub while it is approved on the other: never half of each', async () => {
		const hubs = await twoHubs();
		const ids: string[] = [];
		for (let i = 0; i < RACES; i++) ids.push(await ask(hubs.a, `Will the recordings be online, part ${i}?`));
		await race(
			hubs,
			ids,
			(id) => id,
			(id) => hubs.a.qa.approve(whole, [id], 'pending'),
			(id) => hubs.b.qa.withdraw(E, 'dev-asker', id),
			async (id, [approve, withdraw]) => {
				// The withdrawal always stands; an approval after it finds the question gone.
				expect(withdraw, JSON.stringify([approve, withdraw])).toEqual({ ok: true });
				if (!approve.ok)
					expect(approve).toEqual({ ok: false, code: 'not-found', reason: 'question-not-found' });
				expect((await hubs.b.qa.moderate(whole, S)).questions.map((q) => q.id)).not.toContain(id);
			}
		);
	});

	it('pinning a question on one hub while it is declined on the other never leaves a declined question on screen', async () => {
		const hubs = await twoHubs();
		await hubs.a.writes.write(() => hubs.a.qa.settings(whole, S, false));
		const ids: string[] = [];
		for (let i = 0; i < RACES; i++) ids.push(await ask(hubs.a, `Can the screen show question ${i}?`));
		let pins = 0;
		await race(
			hubs,
			ids,
			(id) => id,
			(id) => hubs.a.qa.pin(whole, S, id),
			(id) => hubs.b.qa.decline(whole, id, '', 'published'),
			async (id, [pin, decline]) => {
				// The decline always stands (a pin decides nothing); a pin that came first is taken off with it.
				expect(decline, JSON.stringify([pin, decline])).toEqual({ ok: true });
				if (pin.ok) pins++;
				else expect(pin).toEqual({ ok: false, code: 'conflict', reason: 'question-moved-on' });
				const questions = (await hubs.b.qa.moderate(whole, S)).questions;
				expect(questions.find((q) => q.id === id)?.state).toBe('declined');
				expect(questions.filter((q) => q.pinned).map((q) => q.id)).toEqual([]);
				expect(await hubs.b.qa.pinned(E, S)).toBeNull();
			}
		);
		expect(pins).toBeLessThanOrEqual(RACES);
	});
});

describe('two hubs on one database: two chairs moving one poll at once', () => {
	it('opening (then closing) a poll on both hubs at once: one transition is made, the other is refused', async () => {
		const hubs = await twoHubs();
		const ids: string[] = [];
		for (let i = 0; i < RACES; i++) {
			const made = await hubs.a.writes.write(() =>
				hubs.a.polls.create(whole, S, {
					type: 'single',
					question: `Which comes first, round ${i}?`,
					options: [
						{ id: 'law', label: 'The law' },
						{ id: 'data', label: 'The data' }
					],
					maxChoices: null,
					minBallots: 1,
					verifiedOnly: false
				})
			);
			ids.push(made.data.poll.id);
		}
		for (const action of ['open', 'close'] as const) {
			const results = await race(
				hubs,
				ids,
				(id) => id,
				(id) => hubs.a.polls.transition(whole, id, action, null),
				(id) => hubs.b.polls.transition(whole, id, action, null)
			);
			for (const [n, id] of ids.entries()) {
				oneWon(results[n], () => 'poll-state');
				expect((await hubs.b.polls.get(E, id))?.state).toBe(action === 'open' ? 'open' : 'closed');
			}
		}
	});
});
