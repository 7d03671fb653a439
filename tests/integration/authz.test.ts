import { describe, expect } from 'vitest';
import {
	STAFF_COMMANDS,
	type CommandInput,
	type CommandName,
	type ErrorReason,
	type Identity,
	type StaffRole
} from '../../src/lib/protocol';
import {
	cid,
	disconnected,
	EVENT_ID,
	expectOk,
	it as base,
	joinEvent,
	sendRaw,
	signInWith,
	type Client,
	type DaisClient,
	type TestHub
} from '../fixtures/hub';
import { SAMPLE_TEXT, storedRows } from '../fixtures/services';

type Role = Identity['role'];

const ROLES: readonly Role[] = ['attendee', 'organiser', 'moderator', 'chair', 'screen'];
const STAFF = Object.keys(STAFF_COMMANDS) as CommandName[];
const allowed = (name: CommandName) => STAFF_COMMANDS[name] ?? [];
/** Every staff command but the list of links acts on something in a room; a hall's link lists its hall's links. */
/** Lists a scope reads (its own links, its own sessions' waiting questions) rather than a target it names. */
const SCOPE_LISTS: CommandName[] = ['staff:list', 'qa:waiting'];
const ROOM_TARGETED: CommandName[] = STAFF.filter((name) => !SCOPE_LISTS.includes(name));
const HALL_A_SESSION = 'ws-intelligence';
const OTHER_EVENT = 'lhr27';

const it = base.extend(
	'hubOptions',
	{ scope: 'file' },
	{
		rateLimits: { questionsPerMinute: 1000, votesPerMinute: 1000 },
		// The periodic check of staff sign-ins is tested on its own; here a revoked link must meet the check each command
		// makes, not be disconnected by the sweep before its command arrives.
		staffCheckIntervalMs: 3_600_000
	}
);

const sockets: Partial<Record<Role, Client>> = {};
let neverJoined: DaisClient;
let forged: Client;
let forgedSignature: Client;

const QUESTION_KEYS = [
	'approve',
	'decline',
	'edit',
	'mergeFrom',
	'mergeInto',
	'label',
	'archive',
	'restore',
	'unmergeFrom',
	'unmergeInto',
	'reply',
	'answer',
	'pin'
] as const;

/** What the commands act on, all in Hall A; each command gets its own target so the control runs do not collide. */
const t = {
	q: {} as Record<(typeof QUESTION_KEYS)[number], string>,
	openPoll: '',
	answerId: '',
	announcementId: 0,
	credentialId: '',
	badgeSerial: 0,
	signInId: ''
};

const choices = [
	{ id: 'coffee', label: 'Coffee' },
	{ id: 'tea', label: 'Tea' }
];

/** A payload each staff command would accept from a role it allows (the control at the end proves it). */
const builders: { [C in CommandName]?: () => CommandInput<C> } = {
	'session:create': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		fields: {
			title: 'Extra workshop',
			roomId: 'hall-a',
			startsAt: '2026-12-09T14:00:00+05:00',
			endsAt: '2026-12-09T15:00:00+05:00'
		}
	}),
	'session:update': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		sessionId: HALL_A_SESSION,
		fields: { title: 'Intelligence sharing, revised' }
	}),
	'session:delay': () => ({ clientId: cid(), eventId: EVENT_ID, sessionId: HALL_A_SESSION, minutes: 15 }),
	'session:move': () => ({ clientId: cid(), eventId: EVENT_ID, sessionId: 'ws-victims', roomId: 'plenary' }),
	'session:cancel': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		sessionId: 'digital-networks',
		cancelled: true
	}),
	// The event's own words belong to the whole event: a link for one hall reaches none of it.
	'event:details': () => ({ clientId: cid(), eventId: EVENT_ID, fields: { venue: 'Hall A annexe' } }),
	'announcement:post': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		text: 'Hall A is full',
		roomId: 'hall-a'
	}),
	'announcement:withdraw': () => ({ clientId: cid(), eventId: EVENT_ID, announcementId: t.announcementId }),
	'staff:mint': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		role: 'screen',
		roomId: 'hall-a',
		label: 'Hall A screen'
	}),
	'staff:revoke': () => ({ clientId: cid(), eventId: EVENT_ID, credentialId: t.credentialId }),
	'staff:list': () => ({ eventId: EVENT_ID }),
	'staff:end-signin': () => ({ clientId: cid(), eventId: EVENT_ID, signInId: t.signInId }),
	'audit:list': () => ({ eventId: EVENT_ID, sessionId: HALL_A_SESSION, before: null }),
	'qa:moderate': () => ({ eventId: EVENT_ID, sessionId: HALL_A_SESSION }),
	'qa:waiting': () => ({ eventId: EVENT_ID }),
	'question:approve': () => ({ clientId: cid(), eventId: EVENT_ID, questionIds: [t.q.approve] }),
	'question:decline': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		questionId: t.q.decline,
		reason: 'off topic'
	}),
	'question:edit': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		questionId: t.q.edit,
		text: 'How do agencies share intelligence?'
	}),
	'question:merge': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		questionId: t.q.mergeFrom,
		intoId: t.q.mergeInto
	}),
	'question:label': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		questionId: t.q.label,
		objectiveId: 'legal-frameworks'
	}),
	'question:pin': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		sessionId: HALL_A_SESSION,
		questionId: t.q.pin
	}),
	'question:answer': () => ({ clientId: cid(), eventId: EVENT_ID, questionId: t.q.answer, answered: true }),
	'question:archive': () => ({ clientId: cid(), eventId: EVENT_ID, questionId: t.q.archive }),
	'question:restore': () => ({ clientId: cid(), eventId: EVENT_ID, questionId: t.q.restore }),
	'question:unmerge': () => ({ clientId: cid(), eventId: EVENT_ID, questionId: t.q.unmergeFrom }),
	'question:reply': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		questionId: t.q.reply,
		reply: 'Covered on day 2'
	}),
	'qa:settings': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		sessionId: HALL_A_SESSION,
		premoderated: false
	}),
	'qa:restrict': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		sessionId: HALL_A_SESSION,
		verifiedOnly: false
	}),
	'badge:generate': () => ({ clientId: cid(), eventId: EVENT_ID, count: 2 }),
	'badge:release': () => ({ clientId: cid(), eventId: EVENT_ID, badge: { serial: t.badgeSerial } }),
	'badge:summary': () => ({ eventId: EVENT_ID }),
	'poll:manage': () => ({ eventId: EVENT_ID, sessionId: HALL_A_SESSION }),
	'poll:create': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		sessionId: HALL_A_SESSION,
		poll: { type: 'single', question: 'Coffee or tea?', options: choices }
	}),
	'poll:edit': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		pollId: 'p-intelligence-capacity',
		poll: { type: 'single', question: 'Which capacity first?', options: choices }
	}),
	'poll:delete': () => ({ clientId: cid(), eventId: EVENT_ID, pollId: 'p-intelligence-obstacle' }),
	'poll:transition': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		pollId: 'p-intelligence-first',
		action: 'open',
		countdownSeconds: null
	}),
	'poll:reveal': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		pollId: 'p-intelligence-urgency',
		visibility: 'everyone'
	}),
	'poll:publish-text': () => ({
		clientId: cid(),
		eventId: EVENT_ID,
		pollId: t.openPoll,
		answerId: t.answerId,
		published: true
	}),
	'session:chatham': () => ({ clientId: cid(), eventId: EVENT_ID, sessionId: 'ws-intelligence', on: false })
};

function build(name: CommandName): unknown {
	const builder = builders[name];
	if (!builder) throw new Error(`no payload builder for ${name}`);
	return builder();
}

/** Everything stored: row counts, the agenda version and every row, so "changed nothing" means nothing. */
async function stored(hub: TestHub) {
	const { counts, rows } = await storedRows(hub.services);
	return { counts, version: (await hub.snapshot()).version, rows };
}

/** Sends a staff command's valid payload and expects it refused with `error`, leaving the database as it was. */
async function expectRefused(
	hub: TestHub,
	socket: DaisClient,
	name: CommandName,
	error: 'forbidden' | 'unauthenticated',
	reason?: ErrorReason
) {
	const before = await stored(hub);
	const ack = await sendRaw(socket, name, build(name));
	expect(ack, `${name} from this socket`).toMatchObject({ ok: false, error, ...(reason ? { reason } : {}) });
	expect(await stored(hub)).toEqual(before);
}

// Clients opened on the hub itself stay open for the whole file.
it.beforeAll(async ({ hub }) => {
	for (const role of ROLES) sockets[role] = await hub.connect({ role });
	neverJoined = (await hub.open()).socket;
	forged = await hub.connect({ cookie: 'dais_staff=c-fake.AAAA' });
	// A real organiser's id with a signature the hub did not make.
	forgedSignature = await hub.connect({
		cookie: `dais_staff=${sockets.organiser!.credentialId}.${'A'.repeat(43)}`
	});

	const asker = sockets.attendee!;
	for (const key of QUESTION_KEYS) {
		const { question } = expectOk(
			await asker.send('question:ask', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: HALL_A_SESSION,
				text: `A question to ${key}, please?`
			})
		);
		t.q[key] = question.id;
	}
	const mod = sockets.moderator!;
	expectOk(
		await mod.send('question:approve', {
			clientId: cid(),
			eventId: EVENT_ID,
			questionIds: [t.q.answer, t.q.pin]
		})
	);
	// The undo commands need something to undo.
	expectOk(
		await mod.send('question:archive', { clientId: cid(), eventId: EVENT_ID, questionId: t.q.restore })
	);
	expectOk(
		await mod.send('question:merge', {
			clientId: cid(),
			eventId: EVENT_ID,
			questionId: t.q.unmergeFrom,
			intoId: t.q.unmergeInto
		})
	);

	const chair = sockets.chair!;
	const { poll } = expectOk(
		await chair.send('poll:create', {
			clientId: cid(),
			eventId: EVENT_ID,
			sessionId: HALL_A_SESSION,
			poll: { type: 'open', question: 'One recommendation?' }
		})
	);
	t.openPoll = poll.id;
	expectOk(
		await chair.send('poll:transition', {
			clientId: cid(),
			eventId: EVENT_ID,
			pollId: poll.id,
			action: 'open',
			countdownSeconds: null
		})
	);
	expectOk(
		await asker.send('poll:vote', {
			clientId: cid(),
			eventId: EVENT_ID,
			pollId: poll.id,
			answer: { text: 'More joint teams' }
		})
	);
	const managed = expectOk(await chair.send('poll:manage', { eventId: EVENT_ID, sessionId: HALL_A_SESSION }));
	const results = managed.polls.find((p) => p.id === poll.id)?.results;
	t.answerId = results?.type === 'open' ? results.answers[0].id : '';

	const { announcement } = expectOk(
		await sockets.organiser!.send('announcement:post', {
			clientId: cid(),
			eventId: EVENT_ID,
			text: 'Hall A opens at nine',
			roomId: 'hall-a'
		})
	);
	t.announcementId = announcement.id;
	t.credentialId = (await hub.mintCookie('screen', 'hall-a')).credentialId;
	t.badgeSerial = (await hub.services.badges.generate({ eventId: EVENT_ID, roomId: null }, 1)).data.first;
	t.signInId = (await hub.mintCookie('screen', 'hall-a')).signInId;

	// A second event, for links that belong to another conference. Without presets: poll ids are global.
	const other = JSON.parse(SAMPLE_TEXT) as { event: Record<string, string>; polls: unknown[] };
	other.event = { ...other.event, id: OTHER_EVENT, code: 'LHR27' };
	other.polls = [];
	await hub.services.events.importText(JSON.stringify(other), 'replace');
});

describe('the authorisation matrix for staff commands', () => {
	it('has a valid payload builder for every staff command, and only for those', () => {
		expect(Object.keys(builders).sort()).toEqual([...STAFF].sort());
		expect(STAFF.length).toBeGreaterThan(0);
	});

	it.for(STAFF)('refuses %s from every role it does not allow, changing nothing', async (name, { hub }) => {
		const refusedRoles = ROLES.filter((r) => r === 'attendee' || !allowed(name).includes(r));
		expect(refusedRoles).toContain('attendee');
		expect(refusedRoles).toContain('screen');
		for (const role of refusedRoles) await expectRefused(hub, sockets[role]!.socket, name, 'forbidden');
	});

	it.for(STAFF)(
		'refuses %s from a socket that never joined and from forged staff cookies',
		async (name, { hub }) => {
			await expectRefused(hub, neverJoined, name, 'forbidden');
			await expectRefused(hub, forged.socket, name, 'forbidden');
			await expectRefused(hub, forgedSignature.socket, name, 'forbidden');
			expect(forged.joined.identity.role).toBe('attendee');
			expect(forgedSignature.joined.identity.role).toBe('attendee');
		}
	);

	it.for(STAFF)(
		'refuses %s from an allowed role whose link belongs to another event, saying so (not that its role may not)',
		async (name, { hub, connect }) => {
			const minted = await hub.mintCookie(allowed(name)[0], null, OTHER_EVENT);
			const outsider = await connect({ cookie: minted.cookie });
			await expectRefused(hub, outsider.socket, name, 'forbidden', 'other-event');
		}
	);

	it.for(STAFF)(
		'answers %s from an open socket whose link was revoked with unauthenticated, and disconnects it',
		async (name, { hub, connect }) => {
			const staffer = await connect({ role: allowed(name)[0] });
			// As the staff CLI does: revoked in the database, with no broadcast to this hub's sockets.
			await hub.services.access.revoke(EVENT_ID, staffer.credentialId!);
			const gone = disconnected(staffer.socket);
			await expectRefused(hub, staffer.socket, name, 'unauthenticated');
			expect(await gone).toBe('io server disconnect');
		}
	);
});

describe('a staff link scoped to Hall B', () => {
	const hallB: Partial<Record<StaffRole, Client>> = {};
	it.beforeAll(async ({ hub }) => {
		for (const role of ['organiser', 'moderator', 'chair'] as const) {
			hallB[role] = await hub.connect({ role, roomId: 'hall-b' });
		}
	});

	it('covers every staff command that acts in a room', () => {
		expect(STAFF.filter((name) => !ROOM_TARGETED.includes(name))).toEqual(SCOPE_LISTS);
	});

	it.for(ROOM_TARGETED)(
		'is refused %s on Hall A, from every role that may send it',
		async (name, { hub }) => {
			const roles = allowed(name).filter((r): r is 'organiser' | 'moderator' | 'chair' => r in hallB);
			expect(roles.length).toBeGreaterThan(0);
			for (const role of roles) await expectRefused(hub, hallB[role]!.socket, name, 'forbidden');
		}
	);

	it('lists only Hall B links', async () => {
		const { credentials } = expectOk(await hallB.organiser!.send('staff:list', { eventId: EVENT_ID }));
		expect(credentials.length).toBeGreaterThan(0);
		expect(credentials.every((c) => c.roomId === 'hall-b')).toBe(true);
	});
});

/** What is stored of one event: every row that names no other event (rows of tables without an event id stay in). */
async function storedOf(hub: TestHub, otherEventId: string) {
	const all = await stored(hub);
	const mark = `"event_id":"${otherEventId}"`;
	const eventRow = `{"id":"${otherEventId}"`;
	return Object.fromEntries(
		Object.entries(all.rows).map(([table, rows]) => [
			table,
			rows.filter((r) => !r.includes(mark) && !(table === 'events' && r.startsWith(eventRow)))
		])
	);
}

describe('a second event on the same hub', () => {
	it.for(STAFF)(
		"lets %s from the other event's allowed link act only there, whatever ids of this event it names",
		async (name, { hub, open }) => {
			const minted = await hub.mintCookie(allowed(name)[0], null, OTHER_EVENT);
			const outsider = await open({ cookie: minted.cookie });
			expectOk(await joinEvent(outsider.socket, 'LHR27'));
			const before = await storedOf(hub, OTHER_EVENT);
			const versionBefore = (await hub.snapshot()).version;
			const ack = await sendRaw(outsider.socket, name, { ...(build(name) as object), eventId: OTHER_EVENT });
			// Ids of this event (questions, polls, links, sign-ins) are missing in the other one, or name its own copy.
			if (!ack.ok) expect(['not-found', 'forbidden', 'invalid-payload', 'conflict']).toContain(ack.error);
			expect(await storedOf(hub, OTHER_EVENT)).toEqual(before);
			expect((await hub.snapshot()).version).toBe(versionBefore);
		}
	);

	it.for(STAFF)('refuses %s from a host, whose link is no event’s staff', async (name, { hub, open }) => {
		const minted = await hub.services.access.mintHost('authz host');
		const { socket } = await open({ cookie: (await signInWith(hub.services, minted.token)).cookie });
		await expectRefused(hub, socket, name, 'forbidden');
	});
});

describe('the control', () => {
	// Last, since it changes things: proves every refusal above was about who asked, not about the payload.
	it.for(STAFF)(
		'accepts the same %s payload from an event-wide link of a role it allows',
		async (name, { connect }) => {
			const staffer = await connect({ role: allowed(name)[0] });
			expectOk(await sendRaw(staffer.socket, name, build(name)));
		}
	);
});
