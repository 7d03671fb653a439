import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import {
	HOST_COMMANDS,
	commands,
	JOINED_COMMANDS,
	PROTOCOL_VERSION,
	STAFF_COMMANDS,
	type Ack,
	type CommandInput,
	type CommandName
} from '../../src/lib/protocol';
import { SAMPLE_TEXT, tableCounts } from '../../tests/fixtures/services';
import { eventScope } from '../access/scope';
import { MAX_PAYLOAD_DEPTH, nestsDeeper } from './dispatcher';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { createHub, type Hub } from '../hub';

const EVENT = 'isb26';
const SESSION = 'ws-intelligence';
const cid = () => `w-${randomBytes(6).toString('hex')}`;

let hub: Hub;
let url: string;
const sockets: Socket[] = [];
let target = { questionId: '', pollId: '', badgeCode: '', ownQuestionId: '' };

beforeAll(async () => {
	hub = await createHub({
		config: loadConfig({ DAIS_SAMPLE_DATES: 'fixed', LOG_LEVEL: 'silent' }),
		db: openDatabase(':memory:'),
		app: null
	});
	url = `http://127.0.0.1:${await hub.listen(0, '127.0.0.1')}`;
	const { qa, polls, events } = hub.services;
	const whole = eventScope(EVENT);
	const asked = await qa.ask(EVENT, 'dev-asker', {
		sessionId: SESSION,
		text: 'Which databases will be connected?',
		name: null,
		organisation: null,
		country: null,
		objectiveId: null
	});
	await qa.approve(whole, [asked.data.question.id]);
	const pollId = (await polls.manage(whole, SESSION)).polls[0].id;
	await polls.transition(whole, pollId, 'open', null);
	const [badge] = (await hub.services.badges.generate(whole, 1)).data.badges;
	target = { questionId: asked.data.question.id, pollId, badgeCode: badge.code, ownQuestionId: '' };
	// A second event, to join instead of this one. Without presets: poll ids are global.
	const other = JSON.parse(SAMPLE_TEXT) as { event: Record<string, string>; polls: unknown[] };
	other.event = { ...other.event, id: 'lhr27', code: 'LHR27' };
	other.polls = [];
	await events.importText(JSON.stringify(other), 'replace');
});
afterAll(async () => {
	for (const s of sockets) s.close();
	await hub?.close();
});

async function connect(): Promise<Socket> {
	const socket = io(url, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: {
			cookie: `dais_device=${hub.services.devices.cookieFor(randomBytes(16).toString('base64url'))}`
		}
	});
	sockets.push(socket);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return socket;
}
const send = async (socket: Socket, name: CommandName, payload: unknown) =>
	(await socket.timeout(3000).emitWithAck(name, payload)) as Promise<Ack<unknown>>;

/** A payload each joined-only command accepts from an attendee who joined the event. */
const payloads: { [C in CommandName]?: () => CommandInput<C> } = {
	'presence:set': () => ({ eventId: EVENT, roomId: 'hall-a' }),
	'qa:open': () => ({ eventId: EVENT, sessionId: SESSION }),
	'question:ask': () => ({
		clientId: cid(),
		eventId: EVENT,
		sessionId: SESSION,
		text: 'Who funds the task force?'
	}),
	'question:vote': () => ({ clientId: cid(), eventId: EVENT, questionId: target.questionId, up: true }),
	// Someone else's question until the socket has asked one of its own (see `ownThing`).
	'question:withdraw': () => ({
		clientId: cid(),
		eventId: EVENT,
		questionId: target.ownQuestionId || target.questionId
	}),
	'poll:list': () => ({ eventId: EVENT, sessionId: SESSION }),
	'poll:vote': () => ({
		clientId: cid(),
		eventId: EVENT,
		pollId: target.pollId,
		answer: { choice: 'legal-frameworks' }
	}),
	'badge:redeem': () => ({ clientId: cid(), eventId: EVENT, code: target.badgeCode }),
	'star:set': () => ({ clientId: cid(), eventId: EVENT, sessionId: SESSION, starred: true }),
	'star:list': () => ({ eventId: EVENT }),
	'feed:link': () => ({ clientId: cid(), eventId: EVENT }),
	'feed:status': () => ({ eventId: EVENT }),
	'feed:revoke': () => ({ clientId: cid(), eventId: EVENT })
};

/** What a joined socket does before the control, for a command that needs something of its own to act on. */
const ownThing: { [C in CommandName]?: (socket: Socket) => Promise<void> } = {
	'question:withdraw': async (socket) => {
		const asked = await send(socket, 'question:ask', payloads['question:ask']!());
		if (!asked.ok) throw new Error(asked.error);
		target.ownQuestionId = (asked.data as { question: { id: string } }).question.id;
	}
};

describe('the dispatcher', () => {
	it('knows every command as exactly one of: event:join, a staff command, a host command, or a command for joined sockets', () => {
		const staff = Object.keys(STAFF_COMMANDS);
		const host: readonly string[] = HOST_COMMANDS;
		for (const name of Object.keys(commands) as CommandName[]) {
			const kinds = [
				name === 'event:join',
				staff.includes(name),
				host.includes(name),
				JOINED_COMMANDS.includes(name)
			];
			expect(kinds.filter(Boolean), name).toHaveLength(1);
		}
		expect(Object.keys(payloads).sort()).toEqual([...JOINED_COMMANDS].sort());
	});

	it.each([...JOINED_COMMANDS])(
		'refuses %s as not-joined from a socket that never joined or joined another event, changing nothing',
		async (name) => {
			const never = await connect();
			const elsewhere = await connect();
			const joined = await send(elsewhere, 'event:join', { code: 'LHR27', protocol: PROTOCOL_VERSION });
			expect(joined.ok).toBe(true);
			const before = await tableCounts(hub.services);
			for (const socket of [never, elsewhere]) {
				expect(await send(socket, name, payloads[name]!())).toEqual({
					ok: false,
					error: 'not-joined',
					reason: 'join-first',
					message: 'join the event first'
				});
			}
			expect(await tableCounts(hub.services)).toEqual(before);

			// The control: once the socket has joined this event, the same command goes through.
			expect((await send(never, 'event:join', { code: 'ISB26', protocol: PROTOCOL_VERSION })).ok).toBe(true);
			await ownThing[name]?.(never);
			expect(await send(never, name, payloads[name]!())).toMatchObject({ ok: true });
		}
	);
});

describe('unknown commands', () => {
	it('answers a name the hub has no command for, an Object.prototype name included, and changes nothing', async () => {
		const socket = await connect();
		const before = await tableCounts(hub.services);
		for (const name of ['totally:unknown', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
			const ack = (await socket.timeout(3000).emitWithAck(name, { eventId: EVENT })) as Ack<unknown>;
			expect(ack).toEqual({ ok: false, error: 'not-found', message: 'the hub has no such command' });
		}
		expect(await tableCounts(hub.services)).toEqual(before);
		// The connection is still served.
		expect(await send(socket, 'event:join', { code: 'ISB26', protocol: PROTOCOL_VERSION })).toMatchObject({
			ok: true
		});
	});
});

describe('payload depth', () => {
	const nested = (depth: number) => {
		let v: unknown = 'leaf';
		for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
		return v;
	};

	it('finds a payload nested past the limit without recursing, however deep', () => {
		expect(nestsDeeper(nested(MAX_PAYLOAD_DEPTH))).toBe(false);
		expect(nestsDeeper(nested(MAX_PAYLOAD_DEPTH + 1))).toBe(true);
		// Deep enough to overflow any recursive walk (JSON.stringify throws a RangeError here).
		const abyss = nested(200_000);
		expect(() => JSON.stringify(abyss)).toThrow(RangeError);
		expect(nestsDeeper(abyss)).toBe(true);
		// Every command payload the protocol has is well within it.
		for (const v of ['x', 1, null, { eventId: 'isb26', answer: { ratings: { a: 1 } } }])
			expect(nestsDeeper(v)).toBe(false);
	});
});
