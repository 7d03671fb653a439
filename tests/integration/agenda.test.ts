import Database from 'better-sqlite3';
import { createPostgresSql } from '../../server/db/postgres';
import { value, type Sql } from '../../server/db/sql';
import { createSqliteSql } from '../../server/db/sqlite';
import { describe, expect } from 'vitest';
import {
	STAFF_COMMANDS,
	STAFF_ROLES,
	type AgendaFact,
	type CommandInput,
	type CommandName
} from '../../src/lib/protocol';
import {
	cid,
	collect,
	EVENT_ID,
	expectOk,
	it as base,
	joinEvent,
	nextEvent,
	sendRaw,
	type Client,
	type TestHub
} from '../fixtures/hub';

const it = base
	.extend('hubOptions', { scope: 'file' }, { env: { DAIS_ORIGINS: 'https://screens.example' } })
	// A second connection to the file, as another process would read it.
	.extend('reader', { scope: 'file' }, ({ hub }, { onCleanup }): Sql => {
		const url = hub.storageEnv.DATABASE_URL;
		const reader = url
			? createPostgresSql({ connectionString: url, max: 1 })
			: createSqliteSql(new Database(hub.dbFile, { readonly: true }));
		onCleanup(() => reader.close());
		return reader;
	});

const isSession = (id: string) => (f: AgendaFact) => f.type === 'session' && f.session.id === id;
const changeRows = async (reader: Sql, kind: string, sessionId: string) =>
	(await value<number>(
		reader,
		'SELECT count(*) AS n FROM agenda_changes WHERE event_id = ? AND kind = ? AND session_id = ?',
		[EVENT_ID, kind, sessionId]
	))!;
/** Facts reach a socket in order, so once a later write's fact has arrived, any earlier one has too. */
async function barrier(organiser: Client, watcher: Client) {
	const seen = nextEvent(
		watcher.socket,
		'agenda:changed',
		(f) => f.type === 'announcement' && f.announcement.text === 'barrier'
	);
	expectOk(
		await organiser.send('announcement:post', {
			clientId: cid(),
			eventId: EVENT_ID,
			text: 'barrier',
			roomId: null
		})
	);
	await seen;
}

type StaffPayloads = { [C in CommandName]?: () => CommandInput<C> };

/** Commands only an organiser may send, read from the protocol (Q&A commands also admit moderators and chairs). */
const ORGANISER_ONLY = Object.entries(STAFF_COMMANDS)
	.filter(([, roles]) => roles?.length === 1 && roles[0] === 'organiser')
	.map(([name]) => name);

/** One otherwise valid payload per organiser command, each with a fresh client id. */
async function staffPayloads(hub: TestHub): Promise<StaffPayloads> {
	const announcementId = (
		await hub.services.agenda.announce({ eventId: EVENT_ID, roomId: null }, 'to withdraw', null)
	).data.announcement.id;
	const target = await hub.services.access.mint({
		eventId: EVENT_ID,
		role: 'screen',
		roomId: null,
		label: 'to revoke'
	});
	const badge = (await hub.services.badges.generate({ eventId: EVENT_ID, roomId: null }, 1)).data.first;
	const toEnd = (await hub.mintCookie('screen', null)).signInId;
	const write = () => ({ clientId: cid(), eventId: EVENT_ID });
	return {
		'session:create': () => ({
			...write(),
			sessionId: 'side-event',
			fields: {
				title: 'Side event',
				roomId: 'hall-b',
				startsAt: '2026-12-08T17:00:00+05:00',
				endsAt: '2026-12-08T18:00:00+05:00'
			}
		}),
		'session:update': () => ({
			...write(),
			sessionId: 'partner-remarks',
			fields: { title: 'Partner remarks' }
		}),
		'session:delay': () => ({ ...write(), sessionId: 'partner-remarks', minutes: 10 }),
		'session:move': () => ({ ...write(), sessionId: 'digital-networks', roomId: 'hall-b' }),
		'session:cancel': () => ({ ...write(), sessionId: 'coffee-2', cancelled: true }),
		'event:details': () => ({ ...write(), fields: { venue: 'Jinnah Convention Centre' } }),
		'announcement:post': () => ({ ...write(), text: 'Lunch is served', roomId: null }),
		'announcement:withdraw': () => ({ ...write(), announcementId }),
		'staff:mint': () => ({ ...write(), role: 'moderator', roomId: 'hall-a', label: 'Hall A' }),
		'staff:revoke': () => ({ ...write(), credentialId: target.credential.id }),
		'staff:list': () => ({ eventId: EVENT_ID }),
		'badge:generate': () => ({ ...write(), count: 3 }),
		'badge:release': () => ({ ...write(), badge: { serial: badge } }),
		'badge:summary': () => ({ eventId: EVENT_ID }),
		'staff:end-signin': () => ({ ...write(), signInId: toEnd }),
		'audit:list': () => ({ eventId: EVENT_ID, sessionId: null, before: null })
	};
}

/** Everything a forbidden command could have changed. */
const state = async (hub: TestHub) => ({
	snapshot: await hub.snapshot(),
	credentials: await hub.services.access.list(EVENT_ID)
});

describe('agenda changes over sockets', () => {
	it('delivers an organiser delay to every joined attendee and stores it', async ({
		hub,
		organiser,
		reader,
		connect
	}) => {
		const [a, b] = await Promise.all([connect(), connect()]);
		const before = (await hub.snapshot()).version;
		const seenA = nextEvent(a.socket, 'agenda:changed', isSession('opening'));
		const seenB = nextEvent(b.socket, 'agenda:changed', isSession('opening'));

		const ack = expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'opening',
				minutes: 15
			})
		);

		expect(ack.version).toBe(before + 1);
		expect(ack.session.delayMinutes).toBe(15);
		for (const fact of await Promise.all([seenA, seenB])) {
			expect(fact).toMatchObject({
				type: 'session',
				version: ack.version,
				session: { id: 'opening', delayMinutes: 15 }
			});
		}
		const row = await reader.get('SELECT delay_minutes FROM sessions WHERE event_id = ? AND id = ?', [
			EVENT_ID,
			'opening'
		]);
		expect(row).toEqual({ delay_minutes: 15 });
		expect((await hub.snapshot()).version).toBe(ack.version);
	});

	it('delivers an announcement to attendees with its text and room', async ({ hub, organiser, connect }) => {
		const a = await connect();
		const seen = nextEvent(a.socket, 'agenda:changed', (f) => f.type === 'announcement');
		const ack = expectOk(
			await organiser.send('announcement:post', {
				clientId: cid(),
				eventId: EVENT_ID,
				text: 'Workshop moved upstairs',
				roomId: 'hall-a'
			})
		);
		const fact = await seen;
		expect(fact).toMatchObject({
			type: 'announcement',
			version: ack.version,
			announcement: { id: ack.announcement.id, text: 'Workshop moved upstairs', roomId: 'hall-a' }
		});
		expect((await hub.snapshot()).announcements[0]).toEqual(ack.announcement);
	});

	it('withdraws an announcement with its words everywhere the hub keeps them: its "what changed" entry, its row, the stored answer to its post, and every join after', async ({
		hub,
		organiser,
		reader,
		connect
	}) => {
		const words = 'Interpreter for the survivors meets them at gate 4';
		const a = await connect();
		const post = { clientId: cid('post'), eventId: EVENT_ID, text: words, roomId: null };
		const announced = nextEvent(a.socket, 'agenda:changed', (f) => f.type === 'announcement');
		const ack = expectOk(await organiser.send('announcement:post', post));
		const id = ack.announcement.id;
		expect(await announced).toMatchObject({ change: { kind: 'announced', announcementId: id } });
		// A phone joining now reads (and the hub caches) the snapshot with the entry in it.
		expect((await connect()).joined.snapshot?.changes[0]).toMatchObject({
			announcementId: id,
			detail: { title: words }
		});

		const withdrawn = nextEvent(a.socket, 'agenda:changed', (f) => f.type === 'announcement-withdrawn');
		const gone = expectOk(
			await organiser.send('announcement:withdraw', {
				clientId: cid(),
				eventId: EVENT_ID,
				announcementId: id
			})
		);
		expect(await withdrawn).toEqual({
			type: 'announcement-withdrawn',
			version: gone.version,
			announcementId: id
		});

		const b = await connect();
		expect(b.joined.snapshot?.version).toBe(gone.version);
		expect(JSON.stringify(b.joined.snapshot)).not.toContain(words);
		const kept = await reader.all<{ text: string }>(
			`SELECT detail AS text FROM agenda_changes WHERE event_id = ?
			 UNION ALL SELECT text FROM announcements WHERE event_id = ?
			 UNION ALL SELECT result FROM client_writes WHERE event_id = ?`,
			[EVENT_ID, EVENT_ID, EVENT_ID]
		);
		expect(kept.filter((r) => r.text.includes(words))).toEqual([]);
		// A retry of the post is answered without its words, and posts nothing again.
		expect(expectOk(await organiser.send('announcement:post', post))).toEqual({
			...ack,
			announcement: { ...ack.announcement, text: '' }
		});
		expect((await hub.snapshot()).version).toBe(gone.version);
	});

	it('posts an announcement for a number of minutes, and refuses a time it cannot mean without storing anything', async ({
		hub,
		organiser,
		reader
	}) => {
		const count = async () =>
			(await reader.get<{ n: number }>('SELECT count(*) AS n FROM announcements WHERE event_id = ?', [
				EVENT_ID
			]))!.n;
		const before = await count();
		for (const minutes of [0, 4, 1441, 1.5, '15', -30]) {
			const refused = await organiser.send('announcement:post', {
				clientId: cid(),
				eventId: EVENT_ID,
				text: 'The bus leaves soon',
				roomId: null,
				minutes: minutes as number
			});
			expect(refused, String(minutes)).toMatchObject({ ok: false, error: 'invalid-payload' });
		}
		expect(await count()).toBe(before);
		const ack = expectOk(
			await organiser.send('announcement:post', {
				clientId: cid(),
				eventId: EVENT_ID,
				text: 'The bus leaves in 15 minutes',
				roomId: null,
				minutes: 15
			})
		);
		expect(Date.parse(ack.announcement.expiresAt!) - Date.parse(ack.announcement.postedAt)).toBe(15 * 60_000);
		expect((await hub.snapshot()).announcements[0]).toEqual(ack.announcement);
	});

	it('applies a retried write with the same client id once and answers it with the same result', async ({
		hub,
		organiser,
		reader,
		connect
	}) => {
		const watcher = await connect();
		const facts = collect(watcher.socket, 'agenda:changed');
		const before = (await hub.snapshot()).version;
		const rowsBefore = await changeRows(reader, 'delayed', 'ws-legal');
		const payload = { clientId: cid('retry'), eventId: EVENT_ID, sessionId: 'ws-legal', minutes: 20 };

		const first = await organiser.send('session:delay', payload);
		const second = await organiser.send('session:delay', payload);

		expect(second).toEqual(first);
		expect(expectOk(first).version).toBe(before + 1);
		expect((await hub.snapshot()).version).toBe(before + 1);
		expect(await changeRows(reader, 'delayed', 'ws-legal')).toBe(rowsBefore + 1);
		await barrier(organiser, watcher);
		expect(facts.filter(isSession('ws-legal'))).toHaveLength(1);
	});

	it('refuses a client id reused for another command as a conflict and changes nothing', async ({
		hub,
		organiser
	}) => {
		const clientId = cid('reuse');
		expectOk(
			await organiser.send('session:delay', {
				clientId,
				eventId: EVENT_ID,
				sessionId: 'ws-victims',
				minutes: 5
			})
		);
		const before = await state(hub);
		const res = await organiser.send('session:cancel', {
			clientId,
			eventId: EVENT_ID,
			sessionId: 'ws-victims',
			cancelled: true
		});
		expect(res).toMatchObject({ ok: false, error: 'conflict' });
		expect(await state(hub)).toEqual(before);
	});

	it('has a valid payload for every organiser-only command in the protocol', async ({ hub }) => {
		expect(ORGANISER_ONLY).toContain('session:delay');
		expect(Object.keys(await staffPayloads(hub)).sort()).toEqual([...ORGANISER_ONLY].sort());
	});

	it('forbids an attendee every organiser command, changing nothing, while an organiser may send the same payloads', async ({
		hub,
		organiser,
		connect
	}) => {
		const attendee = await connect();
		expect(attendee.joined.identity.role).toBe('attendee');
		const payloads = await staffPayloads(hub);
		const before = await state(hub);

		for (const [name, payload] of Object.entries(payloads)) {
			const res = await sendRaw(attendee.socket, name, payload());
			expect({ name, res }).toMatchObject({ name, res: { ok: false, error: 'forbidden' } });
		}
		expect(await state(hub)).toEqual(before);

		for (const [name, payload] of Object.entries(payloads)) {
			const res = await sendRaw(organiser.socket, name, payload());
			expect({ name, res }).toMatchObject({ name, res: { ok: true } });
		}
		expect((await hub.snapshot()).version).toBeGreaterThan(before.snapshot.version);
	});

	it.for(STAFF_ROLES.filter((r) => r !== 'organiser'))(
		'forbids a %s link every organiser command',
		async (role, { hub, connect }) => {
			const staff = await connect({ role });
			expect(staff.joined.identity.role).toBe(role);
			const payloads = await staffPayloads(hub);
			const before = await state(hub);
			for (const [name, payload] of Object.entries(payloads)) {
				const res = await sendRaw(staff.socket, name, payload());
				expect({ name, res }).toMatchObject({ name, res: { ok: false, error: 'forbidden' } });
			}
			expect(await state(hub)).toEqual(before);
		}
	);

	it('forbids an organiser writes to another event than the one their link is for', async ({
		hub,
		organiser
	}) => {
		const before = await state(hub);
		const res = await organiser.send('session:delay', {
			clientId: cid(),
			eventId: 'other-event',
			sessionId: 'opening',
			minutes: 5
		});
		expect(res).toMatchObject({ ok: false, error: 'forbidden' });
		expect(await state(hub)).toEqual(before);
	});

	it("lets a room-scoped organiser change their room's sessions but not another room's", async ({
		hub,
		connect
	}) => {
		const hallA = await connect({ role: 'organiser', roomId: 'hall-a' });
		expect(hallA.joined.identity).toMatchObject({ role: 'organiser', roomId: 'hall-a' });
		const before = await state(hub);
		const refused = [
			await hallA.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'closing',
				minutes: 5
			}),
			await hallA.send('session:cancel', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-root-causes',
				cancelled: true
			}),
			// Moving a session out of their own room into another is refused too.
			await hallA.send('session:move', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-intelligence',
				roomId: 'plenary'
			}),
			await hallA.send('announcement:post', {
				clientId: cid(),
				eventId: EVENT_ID,
				text: 'Everyone: lunch',
				roomId: null
			})
		];
		for (const res of refused) expect(res).toMatchObject({ ok: false, error: 'forbidden' });
		expect(await state(hub)).toEqual(before);

		const allowed = expectOk(
			await hallA.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-intelligence',
				minutes: 10
			})
		);
		expect(allowed.session).toMatchObject({ id: 'ws-intelligence', delayMinutes: 10 });
	});

	it("forbids a room-scoped organiser to revoke another room's or an event-wide staff link", async ({
		hub,
		connect
	}) => {
		const hallA = await connect({ role: 'organiser', roomId: 'hall-a' });
		const eventWide = await hub.mintCookie('moderator');
		const hallB = await hub.mintCookie('chair', 'hall-b');
		const ownRoom = await hub.mintCookie('chair', 'hall-a');
		for (const target of [eventWide, hallB]) {
			const res = await hallA.send('staff:revoke', {
				clientId: cid(),
				eventId: EVENT_ID,
				credentialId: target.credentialId
			});
			expect(res).toMatchObject({ ok: false, error: 'forbidden' });
		}
		const revoked = async (credentialId: string) =>
			(await hub.services.access.list(EVENT_ID)).find((c) => c.id === credentialId)?.revokedAt;
		expect(await revoked(eventWide.credentialId)).toBeNull();
		expect(await revoked(hallB.credentialId)).toBeNull();
		expectOk(
			await hallA.send('staff:revoke', {
				clientId: cid(),
				eventId: EVENT_ID,
				credentialId: ownRoom.credentialId
			})
		);
		expect(await revoked(ownRoom.credentialId)).toEqual(expect.any(String));
	});
});

describe('malformed commands', () => {
	const valid = () => ({ clientId: cid(), eventId: EVENT_ID, sessionId: 'nap-greece', minutes: 5 });
	const cases: [string, string, unknown][] = [
		['a number sent as a string', 'session:delay', { ...valid(), minutes: '5' }],
		['a fractional number of minutes', 'session:delay', { ...valid(), minutes: 2.5 }],
		['a negative delay', 'session:delay', { ...valid(), minutes: -5 }],
		['an extra key', 'session:delay', { ...valid(), admin: true }],
		['a missing field', 'session:delay', { clientId: cid(), eventId: EVENT_ID, sessionId: 'nap-greece' }],
		['a client id that is too short', 'session:delay', { ...valid(), clientId: 'abc' }],
		['a client id with odd characters', 'session:delay', { ...valid(), clientId: 'abc def ghi' }],
		['a session id that is not a slug', 'session:delay', { ...valid(), sessionId: '../../etc' }],
		['a payload that is not an object', 'session:delay', 'nap-greece'],
		['a null payload', 'session:delay', null],
		['an array payload', 'session:delay', [valid()]],
		[
			'an unknown session field',
			'session:update',
			{ clientId: cid(), eventId: EVENT_ID, sessionId: 'nap-greece', fields: { title: 'x', delayMinutes: 3 } }
		],
		[
			'a time without an offset',
			'session:update',
			{
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'nap-greece',
				fields: { startsAt: '2026-12-08 14:00' }
			}
		],
		[
			'an announcement over 500 characters',
			'announcement:post',
			{ clientId: cid(), eventId: EVENT_ID, text: 'x'.repeat(501) }
		],
		['a blank announcement', 'announcement:post', { clientId: cid(), eventId: EVENT_ID, text: '   ' }],
		['an unknown staff role', 'staff:mint', { clientId: cid(), eventId: EVENT_ID, role: 'admin' }],
		['an event code with spaces', 'event:join', { code: 'IS B26', protocol: 1 }]
	];

	it.for(cases)(
		'refuses %s as invalid-payload and changes nothing',
		async ([_label, name, payload], { hub, organiser }) => {
			const before = await state(hub);
			const res = await sendRaw(organiser.socket, name, payload);
			expect(res).toMatchObject({ ok: false, error: 'invalid-payload' });
			expect(await state(hub)).toEqual(before);
		}
	);

	it('names the offending field in the issues of an invalid payload', async ({ organiser }) => {
		const res = await sendRaw(organiser.socket, 'session:delay', { ...valid(), minutes: '5' });
		expect(res).toMatchObject({ ok: false, error: 'invalid-payload', issues: [{ path: 'minutes' }] });
	});

	it('refuses a payload over 16 KB as payload-too-large and changes nothing', async ({ hub, organiser }) => {
		const before = await state(hub);
		const res = await sendRaw(organiser.socket, 'announcement:post', {
			clientId: cid(),
			eventId: EVENT_ID,
			text: 'x'.repeat(17 * 1024)
		});
		expect(res).toMatchObject({ ok: false, error: 'payload-too-large' });
		expect(await state(hub)).toEqual(before);
		// The connection survives the refusal.
		expect(organiser.socket.connected).toBe(true);
	});
});

// zod 4 applies defaults inside .partial(); the edit schema is built without them so a partial edit stays partial.
describe('session:update with only some fields', () => {
	it('keeps the description, kind, speakers and objectives an edit of the title does not mention', async ({
		hub,
		organiser
	}) => {
		const before = (await hub.snapshot()).sessions.find((s) => s.id === 'nap-greece')!;
		const ack = expectOk(
			await organiser.send('session:update', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'nap-greece',
				fields: { title: 'National action plan' }
			})
		);
		expect(ack.session).toEqual({ ...before, title: 'National action plan' });
	});

	it('refuses an edit with no fields as invalid-payload', async ({ organiser }) => {
		const res = await sendRaw(organiser.socket, 'session:update', {
			clientId: cid(),
			eventId: EVENT_ID,
			sessionId: 'reports',
			fields: {}
		});
		expect(res).toMatchObject({ ok: false, error: 'invalid-payload' });
	});
});

describe('connecting and joining', () => {
	it('refuses a socket opened by a page on another site', async ({ open }) => {
		await expect(open({ origin: 'http://evil.example' })).rejects.toThrow();
	});

	it('accepts a socket from the hub’s own origin and from an allow-listed origin', async ({ hub, open }) => {
		const same = await open({ origin: hub.url });
		expect(same.socket.connected).toBe(true);
		const listed = await open({ origin: 'https://screens.example' });
		expect(listed.socket.connected).toBe(true);
	});

	it('refuses event:join with another protocol version as protocol-mismatch', async ({ open }) => {
		const { socket } = await open();
		expect(await joinEvent(socket, 'ISB26', 999)).toMatchObject({ ok: false, error: 'protocol-mismatch' });
	});

	it('refuses event:join with an unknown code as not-found', async ({ open }) => {
		const { socket } = await open();
		expect(await joinEvent(socket, 'NOPE42')).toMatchObject({ ok: false, error: 'not-found' });
	});

	it('accepts an event code in any letter case and answers with the current snapshot', async ({
		hub,
		open
	}) => {
		const { socket } = await open();
		const joined = expectOk(await joinEvent(socket, ' isb26 '));
		expect(joined.snapshot).toEqual(await hub.snapshot());
		expect(joined.identity).toEqual({ role: 'attendee', roomId: null, label: '' });
	});

	it('refuses presence:set before event:join as not-joined', async ({ open }) => {
		const { socket } = await open();
		expect(await sendRaw(socket, 'presence:set', { eventId: EVENT_ID, roomId: 'hall-a' })).toMatchObject({
			ok: false,
			error: 'not-joined'
		});
	});

	it('does not let a payload claim a staff identity', async ({ open }) => {
		const { socket } = await open();
		const res = await sendRaw(socket, 'event:join', { code: 'ISB26', protocol: 1, role: 'organiser' });
		expect(res).toMatchObject({ ok: false, error: 'invalid-payload' });
	});
});
