import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedClock, memoryServices, type TestServices } from '../../tests/fixtures/services';
import { isShown } from '../../src/lib/agenda/time';
import { DomainError } from '../errors';
import type { AgendaFact, ErrorCode, ErrorReason, ReasonParams, SessionFields } from '../../src/lib/protocol';
import type { Scope } from '../access/scope';
import type { Effect } from '../effects';

const EVENT = 'isb26';
const ALL: Scope = { eventId: EVENT, roomId: null };
const HALL_A: Scope = { eventId: EVENT, roomId: 'hall-a' };

/** The one agenda fact a change publishes, to this event's room (a change of hall also re-derives its staff room). */
function factOf(r: { effects: Effect[] }): AgendaFact {
	const agenda = r.effects.filter((e) => e.type === 'agenda');
	expect(agenda).toHaveLength(1);
	expect(r.effects.filter((e) => e.type !== 'agenda').map((e) => e.type)).toEqual(
		r.effects.length > 1 ? ['session-rehomed'] : []
	);
	const [e] = agenda;
	if (e.type !== 'agenda') throw new Error(`expected an agenda effect, got ${e.type}`);
	expect(e.eventId).toBe(EVENT);
	return e.fact;
}

const session = async (s: TestServices, id: string) =>
	(await s.events.snapshot(EVENT)).sessions.find((x) => x.id === id);
const changeRows = (s: TestServices) =>
	s.sql.all<{ version: number; kind: string; sessionId: string | null }>(
		'SELECT version, kind, session_id AS "sessionId" FROM agenda_changes WHERE event_id = ? ORDER BY version',
		[EVENT]
	);
/** Everything a refused mutation could have touched. */
const state = async (s: TestServices) => ({
	snapshot: await s.events.snapshot(EVENT),
	rows: await changeRows(s)
});

async function refusal(run: () => unknown): Promise<DomainError> {
	try {
		await run();
	} catch (e) {
		if (e instanceof DomainError) return e;
		throw e;
	}
	throw new Error('the mutation was accepted');
}
/**
 * Asserts a mutation is refused with `code` (and, when given, the reason pages word it by, with its params) and
 * leaves everything as it was.
 */
async function expectRefused(
	s: TestServices,
	code: ErrorCode,
	run: () => unknown,
	reason?: ErrorReason,
	params?: ReasonParams
) {
	const before = await state(s);
	const e = await refusal(run);
	expect(e.code).toBe(code);
	if (reason) expect({ reason: e.reason, params: e.params }).toEqual({ reason, params });
	expect(await state(s)).toEqual(before);
}

const fields = (over: Partial<SessionFields> = {}): SessionFields => ({
	title: 'Side event',
	description: '',
	kind: 'side',
	roomId: 'hall-b',
	startsAt: '2026-12-08T17:00:00+05:00',
	endsAt: '2026-12-08T18:00:00+05:00',
	speakers: [],
	objectives: [],
	...over
});

describe('agenda rules', () => {
	it('creates a session with normalised times, on time and not cancelled', async () => {
		const s = await memoryServices();
		const created = await s.agenda.create(ALL, 'side-1', fields({ objectives: ['root-causes'] }));
		const { data } = created;
		const fact = factOf(created);
		expect(data.session).toMatchObject({
			id: 'side-1',
			roomId: 'hall-b',
			startsAt: '2026-12-08T12:00:00.000Z',
			endsAt: '2026-12-08T13:00:00.000Z',
			delayMinutes: 0,
			cancelled: false,
			movedFromRoomId: null,
			objectives: ['root-causes']
		});
		expect(fact).toMatchObject({
			type: 'session',
			version: data.version,
			change: { kind: 'created', sessionId: 'side-1' }
		});
		expect(await session(s, 'side-1')).toEqual(data.session);
	});

	it.each([
		['an id that exists', 'conflict', 'opening', fields()],
		['an unknown room', 'not-found', 'side-2', fields({ roomId: 'attic' }), 'room-not-found'],
		[
			'an end before the start',
			'invalid-payload',
			'side-2',
			fields({ endsAt: '2026-12-08T16:00:00+05:00' }),
			'session-must-end-after-start'
		],
		[
			'an end equal to the start',
			'invalid-payload',
			'side-2',
			fields({ endsAt: '2026-12-08T17:00:00+05:00' }),
			'session-must-end-after-start'
		],
		[
			'a length over 24 hours',
			'invalid-payload',
			'side-2',
			fields({ endsAt: '2026-12-09T17:01:00+05:00' }),
			'session-too-long',
			{ hours: 24 }
		],
		[
			'an unknown objective',
			'invalid-payload',
			'side-2',
			fields({ objectives: ['world-peace'] }),
			'objective-not-found'
		]
	] as const)(
		'refuses to create a session with %s, changing nothing, saying why',
		async (_label, code, id, f, reason?: ErrorReason, params?: ReasonParams) => {
			const s = await memoryServices();
			await expectRefused(s, code, () => s.agenda.create(ALL, id, f), reason, params);
		}
	);

	it('edits only the fields given and keeps the rest', async () => {
		const s = await memoryServices();
		const before = (await session(s, 'nap-greece'))!;
		const { data } = await s.agenda.update(ALL, 'nap-greece', { title: 'National action plans' });
		expect(data.session).toEqual({ ...before, title: 'National action plans' });
	});

	it('refuses an edit that would make a session end before it starts, checked against its current start', async () => {
		const s = await memoryServices();
		await expectRefused(s, 'invalid-payload', () =>
			s.agenda.update(ALL, 'opening', { endsAt: '2026-12-08T09:00:00+05:00' })
		);
	});

	it('marks a session edited into another room as moved, and clears the mark when edited back', async () => {
		const s = await memoryServices();
		expect((await s.agenda.update(ALL, 'ws-legal', { roomId: 'plenary' })).data.session).toMatchObject({
			roomId: 'plenary',
			movedFromRoomId: 'hall-b'
		});
		expect((await s.agenda.update(ALL, 'ws-legal', { roomId: 'hall-b' })).data.session).toMatchObject({
			roomId: 'hall-b',
			movedFromRoomId: null
		});
	});

	it('records where and when an edit moved a session, so the "what changed" line can say it', async () => {
		const s = await memoryServices();
		const before = (await session(s, 'ws-legal'))!;
		const retimed = await s.agenda.update(ALL, 'ws-legal', {
			startsAt: '2026-12-08T16:00:00+05:00',
			endsAt: '2026-12-08T17:30:00+05:00',
			roomId: 'plenary'
		});
		expect(factOf(retimed)).toMatchObject({
			change: {
				kind: 'edited',
				detail: {
					title: before.title,
					startsAt: '2026-12-08T11:00:00.000Z',
					fromStartsAt: before.startsAt,
					roomId: 'plenary',
					fromRoomId: 'hall-b'
				}
			}
		});
		// The end alone, or the same start written another way, moves nothing: the line says "updated".
		const ended = await s.agenda.update(ALL, 'ws-legal', {
			startsAt: '2026-12-08T11:00:00Z',
			endsAt: '2026-12-08T17:45:00+05:00'
		});
		const fact = factOf(ended);
		expect(fact.type === 'session' && fact.change.detail).toEqual({ title: before.title });
	});

	it('sets the total delay from the planned start, and 0 puts a session back on time', async () => {
		const s = await memoryServices();
		await s.agenda.delay(ALL, 'opening', 10);
		const delayed = await s.agenda.delay(ALL, 'opening', 25);
		const { data } = delayed;
		const fact = factOf(delayed);
		expect(data.session).toMatchObject({ delayMinutes: 25, startsAt: '2026-12-08T04:30:00.000Z' });
		expect(fact).toMatchObject({
			change: { kind: 'delayed', detail: { minutes: 25, title: 'Opening address' } }
		});
		expect((await s.agenda.delay(ALL, 'opening', 0)).data.session.delayMinutes).toBe(0);
	});

	it('refuses to delay a cancelled session as a conflict', async () => {
		const s = await memoryServices();
		await s.agenda.setCancelled(ALL, 'coffee-1', true);
		await expectRefused(s, 'conflict', () => s.agenda.delay(ALL, 'coffee-1', 10), 'session-cancelled');
	});

	it('refuses to change a session that does not exist as not-found', async () => {
		const s = await memoryServices();
		const missing = 'session-not-found';
		await expectRefused(s, 'not-found', () => s.agenda.delay(ALL, 'nope', 10), missing);
		await expectRefused(s, 'not-found', () => s.agenda.move(ALL, 'nope', 'hall-a'), missing);
		await expectRefused(s, 'not-found', () => s.agenda.setCancelled(ALL, 'nope', true), missing);
		await expectRefused(s, 'not-found', () => s.agenda.update(ALL, 'nope', { title: 'x' }), missing);
	});

	it('moves a session, remembering its planned room through several moves, and clears it on the way back', async () => {
		const s = await memoryServices();
		const first = await s.agenda.move(ALL, 'ws-legal', 'plenary');
		expect(first.data.session).toMatchObject({ roomId: 'plenary', movedFromRoomId: 'hall-b' });
		expect(factOf(first)).toMatchObject({
			change: { kind: 'moved', detail: { roomId: 'plenary', fromRoomId: 'hall-b' } }
		});
		expect((await s.agenda.move(ALL, 'ws-legal', 'hall-a')).data.session).toMatchObject({
			roomId: 'hall-a',
			movedFromRoomId: 'hall-b'
		});
		expect((await s.agenda.move(ALL, 'ws-legal', 'hall-b')).data.session).toMatchObject({
			roomId: 'hall-b',
			movedFromRoomId: null
		});
	});

	it('refuses a move into the same room as a conflict and into an unknown room as not-found', async () => {
		const s = await memoryServices();
		await expectRefused(s, 'conflict', () => s.agenda.move(ALL, 'ws-legal', 'hall-b'));
		await expectRefused(s, 'not-found', () => s.agenda.move(ALL, 'ws-legal', 'attic'), 'room-not-found');
	});

	it('cancels and restores a session, refusing to cancel twice or restore what is not cancelled', async () => {
		const s = await memoryServices();
		await expectRefused(s, 'conflict', () => s.agenda.setCancelled(ALL, 'coffee-2', false));
		expect(factOf(await s.agenda.setCancelled(ALL, 'coffee-2', true))).toMatchObject({
			session: { cancelled: true },
			change: { kind: 'cancelled' }
		});
		await expectRefused(s, 'conflict', () => s.agenda.setCancelled(ALL, 'coffee-2', true));
		expect(factOf(await s.agenda.setCancelled(ALL, 'coffee-2', false))).toMatchObject({
			session: { cancelled: false },
			change: { kind: 'restored' }
		});
	});

	it('posts announcements newest first, for everyone or one room', async () => {
		const s = await memoryServices();
		const everyone = await s.agenda.announce(ALL, 'Welcome', null);
		const room = await s.agenda.announce(ALL, 'Hall A is full', 'hall-a');
		expect(factOf(everyone)).toMatchObject({
			type: 'announcement',
			change: { kind: 'announced', sessionId: null }
		});
		expect((await s.events.snapshot(EVENT)).announcements).toEqual([
			room.data.announcement,
			everyone.data.announcement
		]);
		expect(room.data.announcement).toMatchObject({ text: 'Hall A is full', roomId: 'hall-a' });
		await expectRefused(s, 'not-found', () => s.agenda.announce(ALL, 'x', 'attic'));
	});

	it('posts an announcement for a while: it carries when it stops being shown, by the hub’s clock', async () => {
		const s = await memoryServices({ clock: fixedClock('2026-12-08T06:00:00Z') });
		const bus = await s.agenda.announce(ALL, 'The bus to the hotel leaves in 15 minutes', null, 15);
		const lasting = await s.agenda.announce(ALL, 'Wi-Fi: ISB26-guest', null);
		expect(bus.data.announcement).toMatchObject({
			postedAt: '2026-12-08T06:00:00.000Z',
			expiresAt: '2026-12-08T06:15:00.000Z'
		});
		expect(lasting.data.announcement.expiresAt).toBeNull();
		// Kept as posted: phones and screens stop showing it at that moment (isShown), the organiser lists it apart.
		expect((await s.events.snapshot(EVENT)).announcements).toEqual([
			lasting.data.announcement,
			bus.data.announcement
		]);
		expect(isShown(bus.data.announcement, Date.parse('2026-12-08T06:14:59Z'))).toBe(true);
		expect(isShown(bus.data.announcement, Date.parse('2026-12-08T06:15:00Z'))).toBe(false);
		expect(isShown(lasting.data.announcement, Date.parse('2027-01-01T00:00:00Z'))).toBe(true);
	});

	it('withdraws an announcement from the snapshot, bumping the version by one, and only once', async () => {
		const s = await memoryServices();
		const { data } = await s.agenda.announce(ALL, 'Wrong room', null);
		const withdrawn = await s.agenda.withdraw(ALL, data.announcement.id);
		expect(withdrawn.data.version).toBe(data.version + 1);
		expect(factOf(withdrawn)).toEqual({
			type: 'announcement-withdrawn',
			version: data.version + 1,
			announcementId: data.announcement.id
		});
		expect(await s.events.snapshot(EVENT)).toMatchObject({ version: data.version + 1, announcements: [] });
		await expectRefused(s, 'not-found', () => s.agenda.withdraw(ALL, data.announcement.id));
	});

	it('withdrawing an announcement takes its words out of the change log, the stored row and the next snapshot', async () => {
		const s = await memoryServices();
		const words = 'Delegation from the safe house arrives by the back entrance at 14:00';
		const kept = await s.agenda.announce(ALL, 'Lunch is served', null);
		const { data } = await s.agenda.announce(ALL, words, null);
		const id = data.announcement.id;
		const before = await s.events.snapshot(EVENT);
		expect(before.changes.filter((c) => c.kind === 'announced')).toMatchObject([
			{ announcementId: id, detail: { title: words.slice(0, 80) } },
			{ announcementId: kept.data.announcement.id, detail: { title: 'Lunch is served' } }
		]);

		const withdrawn = await s.agenda.withdraw(ALL, id);

		const after = await s.events.snapshot(EVENT);
		expect(after.version).toBe(withdrawn.data.version);
		expect(after.changes).toEqual(before.changes.filter((c) => c.announcementId !== id));
		expect(JSON.stringify(after)).not.toContain('safe house');
		const stored = await s.sql.all<{ text: string }>(
			'SELECT detail AS text FROM agenda_changes WHERE event_id = ? UNION ALL SELECT text FROM announcements WHERE event_id = ?',
			[EVENT, EVENT]
		);
		expect(stored.filter((r) => r.text.includes('safe house'))).toEqual([]);
		// The other announcement and its entry stay.
		expect(after.announcements).toEqual([kept.data.announcement]);
	});

	it('bumps the version by exactly one per session mutation or announcement and records one change row under it', async () => {
		const s = await memoryServices();
		const rooms = ['plenary', 'hall-a', 'hall-b'];
		const ids = ['opening', 'ws-intelligence', 'ws-legal', 'coffee-1'];
		const op = fc.oneof(
			fc.record({
				kind: fc.constant('delay' as const),
				id: fc.constantFrom(...ids),
				minutes: fc.integer({ min: 0, max: 90 })
			}),
			fc.record({
				kind: fc.constant('move' as const),
				id: fc.constantFrom(...ids),
				room: fc.constantFrom(...rooms)
			}),
			fc.record({
				kind: fc.constant('cancel' as const),
				id: fc.constantFrom(...ids),
				cancelled: fc.boolean()
			}),
			fc.record({
				kind: fc.constant('edit' as const),
				id: fc.constantFrom(...ids),
				title: fc.constantFrom('A', 'B')
			}),
			fc.record({ kind: fc.constant('announce' as const), room: fc.constantFrom(null, ...rooms) })
		);
		const scope = fc.constantFrom(ALL, HALL_A);
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(op, scope), { maxLength: 25 }), async (ops) => {
				for (const [o, sc] of ops) {
					const before = await state(s);
					const run = () => {
						if (o.kind === 'delay') return s.agenda.delay(sc, o.id, o.minutes);
						if (o.kind === 'move') return s.agenda.move(sc, o.id, o.room);
						if (o.kind === 'cancel') return s.agenda.setCancelled(sc, o.id, o.cancelled);
						if (o.kind === 'edit') return s.agenda.update(sc, o.id, { title: o.title });
						return s.agenda.announce(sc, 'Note', o.room);
					};
					let result;
					try {
						result = await run();
					} catch (e) {
						// A refused mutation is a DomainError and leaves everything as it was.
						expect(e).toBeInstanceOf(DomainError);
						expect(await state(s)).toEqual(before);
						continue;
					}
					const rows = await changeRows(s);
					expect(result.data.version).toBe(before.snapshot.version + 1);
					expect((await s.events.snapshot(EVENT)).version).toBe(before.snapshot.version + 1);
					expect(rows).toHaveLength(before.rows.length + 1);
					expect(rows.at(-1)?.version).toBe(result.data.version);
					expect(factOf(result)).toMatchObject({ version: result.data.version });
				}
			}),
			{ numRuns: 40 }
		);
	});
});

describe('room-scoped staff links', () => {
	it('may change sessions in their own room', async () => {
		const s = await memoryServices();
		expect((await s.agenda.delay(HALL_A, 'ws-intelligence', 10)).data.session.delayMinutes).toBe(10);
		expect((await s.agenda.create(HALL_A, 'side-a', fields({ roomId: 'hall-a' }))).data.session.roomId).toBe(
			'hall-a'
		);
		expect((await s.agenda.announce(HALL_A, 'Hall A only', 'hall-a')).data.announcement.roomId).toBe(
			'hall-a'
		);
	});

	it.each([
		['delay a session in another room', (s: TestServices) => s.agenda.delay(HALL_A, 'opening', 10)],
		[
			'cancel a session in another room',
			(s: TestServices) => s.agenda.setCancelled(HALL_A, 'ws-legal', true)
		],
		[
			'edit a session in another room',
			(s: TestServices) => s.agenda.update(HALL_A, 'opening', { title: 'x' })
		],
		[
			'move their session into another room',
			(s: TestServices) => s.agenda.move(HALL_A, 'ws-intelligence', 'plenary')
		],
		[
			'edit their session into another room',
			(s: TestServices) => s.agenda.update(HALL_A, 'ws-intelligence', { roomId: 'hall-b' })
		],
		['create a session in another room', (s: TestServices) => s.agenda.create(HALL_A, 'side-b', fields())],
		[
			'announce to everyone',
			(s: TestServices) => s.agenda.announce(HALL_A, 'Everyone', null),
			'pick-your-hall'
		],
		['announce to another room', (s: TestServices) => s.agenda.announce(HALL_A, 'Hall B', 'hall-b')]
	] as const)(
		'may not %s, and is told the link covers one hall',
		async (_label, run, reason?: ErrorReason) => {
			const s = await memoryServices();
			await expectRefused(s, 'forbidden', () => run(s), reason ?? 'other-hall');
		}
	);

	it('may withdraw their own room’s announcements but not another room’s or an event-wide one', async () => {
		const s = await memoryServices();
		const everyone = (await s.agenda.announce(ALL, 'Everyone', null)).data.announcement.id;
		const hallB = (await s.agenda.announce(ALL, 'Hall B', 'hall-b')).data.announcement.id;
		const hallA = (await s.agenda.announce(ALL, 'Hall A', 'hall-a')).data.announcement.id;
		await expectRefused(s, 'forbidden', () => s.agenda.withdraw(HALL_A, everyone), 'other-hall');
		await expectRefused(s, 'forbidden', () => s.agenda.withdraw(HALL_A, hallB), 'other-hall');
		await s.agenda.withdraw(HALL_A, hallA);
		expect((await s.events.snapshot(EVENT)).announcements.map((a) => a.id)).toEqual([hallB, everyone]);
	});
});
