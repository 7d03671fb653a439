import fc from 'fast-check';
import { request } from 'node:http';
import type { Socket } from 'socket.io-client';
import { describe, expect } from 'vitest';
import { ImportError } from '../../server/event/event.service';
import {
	commands,
	ERROR_CODES,
	PROTOCOL_VERSION,
	type Ack,
	type CommandInput,
	type CommandName
} from '../../src/lib/protocol';
import {
	disconnected,
	EVENT_CODE,
	EVENT_ID,
	expectOk,
	it as base,
	joinEvent,
	sendRaw,
	type DaisClient,
	type TestHub
} from '../fixtures/hub';
import { memoryServices, SAMPLE_TEXT, storedRows, tableCounts } from '../fixtures/services';

const NAMES = Object.keys(commands) as CommandName[];
const CLIENT_ID = 'fuzz-client-0001';
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

/** One valid payload per command, the seed every mutation starts from (targets need not exist). */
const TEMPLATES: { [C in CommandName]: CommandInput<C> } = {
	'event:join': { code: EVENT_CODE, protocol: PROTOCOL_VERSION },
	'presence:set': { eventId: EVENT_ID, roomId: 'hall-a' },
	'session:create': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		fields: {
			title: 'Fuzz',
			roomId: 'hall-a',
			startsAt: '2026-12-09T14:00:00+05:00',
			endsAt: '2026-12-09T15:00:00+05:00'
		}
	},
	'session:update': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		sessionId: 'opening',
		fields: { title: 'Fuzz' }
	},
	'session:delay': { clientId: CLIENT_ID, eventId: EVENT_ID, sessionId: 'opening', minutes: 5 },
	'session:move': { clientId: CLIENT_ID, eventId: EVENT_ID, sessionId: 'ws-legal', roomId: 'plenary' },
	'session:cancel': { clientId: CLIENT_ID, eventId: EVENT_ID, sessionId: 'coffee-1', cancelled: true },
	'event:details': { clientId: CLIENT_ID, eventId: EVENT_ID, fields: { venue: 'Fuzz' } },
	'announcement:post': { clientId: CLIENT_ID, eventId: EVENT_ID, text: 'Fuzz', roomId: null },
	'announcement:withdraw': { clientId: CLIENT_ID, eventId: EVENT_ID, announcementId: 999 },
	'staff:mint': { clientId: CLIENT_ID, eventId: EVENT_ID, role: 'screen', roomId: null, label: '' },
	'staff:revoke': { clientId: CLIENT_ID, eventId: EVENT_ID, credentialId: 'c-nobody' },
	'staff:list': { eventId: EVENT_ID },
	'staff:end-signin': { clientId: CLIENT_ID, eventId: EVENT_ID, signInId: 'si-nobody' },
	'audit:list': { eventId: EVENT_ID, sessionId: null, before: null },
	'qa:open': { eventId: EVENT_ID, sessionId: 'ws-intelligence' },
	'question:ask': { clientId: CLIENT_ID, eventId: EVENT_ID, sessionId: 'ws-intelligence', text: 'Why now?' },
	'question:vote': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12', up: true },
	'question:withdraw': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12' },
	'qa:moderate': { eventId: EVENT_ID, sessionId: 'ws-intelligence' },
	'qa:waiting': { eventId: EVENT_ID },
	'question:approve': { clientId: CLIENT_ID, eventId: EVENT_ID, questionIds: ['q-abcdef12'] },
	'question:decline': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12', reason: '' },
	'question:edit': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12', text: 'Why not?' },
	'question:merge': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		questionId: 'q-abcdef12',
		intoId: 'q-abcdef13'
	},
	'question:label': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12', objectiveId: null },
	'question:pin': { clientId: CLIENT_ID, eventId: EVENT_ID, sessionId: 'ws-intelligence', questionId: null },
	'question:answer': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12', answered: true },
	'question:archive': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12' },
	'question:restore': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12' },
	'question:unmerge': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12' },
	'question:reply': { clientId: CLIENT_ID, eventId: EVENT_ID, questionId: 'q-abcdef12', reply: '' },
	'qa:settings': { clientId: CLIENT_ID, eventId: EVENT_ID, sessionId: 'ws-intelligence', premoderated: true },
	'qa:restrict': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		sessionId: 'ws-intelligence',
		verifiedOnly: false
	},
	'badge:redeem': { clientId: CLIENT_ID, eventId: EVENT_ID, code: 'K7P2M-9XQ4T' },
	'badge:generate': { clientId: CLIENT_ID, eventId: EVENT_ID, count: 1 },
	'badge:release': { clientId: CLIENT_ID, eventId: EVENT_ID, badge: { serial: 999 } },
	'badge:summary': { eventId: EVENT_ID },
	'poll:list': { eventId: EVENT_ID, sessionId: 'ws-intelligence' },
	'poll:vote': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		pollId: 'p-intelligence-first',
		answer: { choice: 'legal-frameworks' }
	},
	'poll:manage': { eventId: EVENT_ID, sessionId: 'ws-intelligence' },
	'poll:create': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		sessionId: 'ws-intelligence',
		poll: { type: 'wordcloud', question: 'One word?' }
	},
	'poll:edit': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		pollId: 'p-intelligence-obstacle',
		poll: { type: 'wordcloud', question: 'One word?' }
	},
	'poll:delete': { clientId: CLIENT_ID, eventId: EVENT_ID, pollId: 'p-nothing-here' },
	'poll:transition': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		pollId: 'p-nothing-here',
		action: 'close',
		countdownSeconds: null
	},
	'poll:reveal': { clientId: CLIENT_ID, eventId: EVENT_ID, pollId: 'p-nothing-here', visibility: 'everyone' },
	'poll:publish-text': {
		clientId: CLIENT_ID,
		eventId: EVENT_ID,
		pollId: 'p-nothing-here',
		answerId: 'a1',
		published: true
	},
	'session:chatham': { clientId: CLIENT_ID, eventId: EVENT_ID, sessionId: 'nothing-here', on: true },
	'star:set': { clientId: CLIENT_ID, eventId: EVENT_ID, sessionId: 'nothing-here', starred: true },
	'star:list': { eventId: EVENT_ID },
	'feed:link': { clientId: CLIENT_ID, eventId: EVENT_ID },
	'feed:status': { eventId: EVENT_ID },
	'feed:revoke': { clientId: CLIENT_ID, eventId: EVENT_ID },
	'event:list': { archived: true },
	'event:create': {
		clientId: CLIENT_ID,
		eventId: 'fuzz1',
		code: 'FUZZ1',
		title: 'Fuzz',
		timezone: 'Europe/Brussels',
		startsOn: '2026-12-14',
		endsOn: '2026-12-15',
		rooms: ['Hall 1']
	},
	'event:archive': { clientId: CLIENT_ID, eventId: EVENT_ID, archived: true },
	'programme:clear': { clientId: CLIENT_ID, eventId: EVENT_ID },
	'organiser:mint': { clientId: CLIENT_ID, eventId: EVENT_ID, label: '' },
	'event:delete': { eventId: EVENT_ID, confirmCode: EVENT_CODE }
};

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Sets `key` as an own property, even `__proto__` (which plain assignment would turn into a prototype swap). */
function withKey(obj: object, key: string, value: unknown): Record<string, unknown> {
	const copy: Record<string, unknown> = { ...obj };
	Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
	return copy;
}
const nestedArrays = (depth: number): unknown => {
	let v: unknown = [];
	for (let i = 0; i < depth; i++) v = [v];
	return v;
};
const nestedObjects = (depth: number): unknown => {
	let v: unknown = {};
	for (let i = 0; i < depth; i++) v = { a: v };
	return v;
};

/** Values socket.io can carry: JSON, undefined (sent as null or dropped) and binary (sent as an attachment). */
const carried = fc.oneof(
	{ weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
	{ weight: 1, arbitrary: fc.constant(undefined) },
	{ weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) }
);
/** 17–30 KB of characters JSON does not escape: above the per-command limit, below the transport's frame limit. */
const oversized = fc
	.tuple(fc.integer({ min: 17_000, max: 30_000 }), fc.constantFrom('a', 'Z', '0', ' ', '-'))
	.map(([n, c]) => c.repeat(n));
// Deep enough to be refused, shallow enough for socket.io-client's own encoder, which walks a payload recursively
// (looking for binary) and overflows its stack on a machine with less of it to spare: on CI, 2,200 levels did. What
// the hub makes of payloads thousands of levels deep is tried below with frames written straight to the transport.
const deep = fc.oneof(
	fc.integer({ min: 17, max: 600 }).map(nestedArrays),
	fc.integer({ min: 17, max: 600 }).map(nestedObjects)
);

interface Case {
	kind: 'any' | 'wrong-types' | 'missing-keys' | 'oversized' | 'deep' | 'extra-keys';
	payload: unknown;
}

/** Malformed, oversized and type-confused variants of a command's payload. */
function cases(name: CommandName): fc.Arbitrary<Case> {
	const template = TEMPLATES[name] as Record<string, unknown>;
	const keys = Object.keys(commands[name].shape);
	const key = fc.constantFrom(...keys);
	const unknownKey = fc.oneof(
		fc.constantFrom(...POLLUTING_KEYS),
		fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !keys.includes(k))
	);
	// Not undefined: socket.io drops a key whose value is undefined, which would leave a valid payload.
	const pollution = fc.oneof(fc.constant({ polluted: 'yes' }), fc.jsonValue({ maxDepth: 2 }));
	return fc.oneof(
		carried.map((payload) => ({ kind: 'any' as const, payload })),
		fc
			.tuple(
				fc.uniqueArray(key, { minLength: 1 }),
				fc.array(carried, { minLength: keys.length, maxLength: keys.length })
			)
			.map(([replace, values]) => ({
				kind: 'wrong-types' as const,
				payload: replace.reduce((p, k, i) => withKey(p, k, values[i]), template)
			})),
		fc.uniqueArray(key, { minLength: 1 }).map((drop) => ({
			kind: 'missing-keys' as const,
			payload: Object.fromEntries(Object.entries(template).filter(([k]) => !drop.includes(k)))
		})),
		fc.tuple(fc.option(key, { nil: null }), oversized).map(([k, big]) => ({
			kind: 'oversized' as const,
			payload: k === null ? big : withKey(template, k, big)
		})),
		fc.tuple(fc.option(key, { nil: null }), deep).map(([k, d]) => ({
			kind: 'deep' as const,
			payload: k === null ? d : withKey(template, k, d)
		})),
		fc
			.uniqueArray(fc.tuple(unknownKey, pollution), { minLength: 1, maxLength: 3, selector: ([k]) => k })
			.map((extra) => ({
				kind: 'extra-keys' as const,
				payload: extra.reduce((p, [k, v]) => withKey(p, k, v), template)
			}))
	);
}

const it = base
	.extend(
		'hubOptions',
		{ scope: 'file' },
		{
			rateLimits: {
				questionsPerMinute: 100_000,
				votesPerMinute: 100_000,
				redeemsPerDevice: 100_000,
				redeemsPerAddress: 100_000
			}
		}
	)
	.extend('attendee', { scope: 'file' }, ({ hub }) => hub.connect());

let frameAckId = 1_000_000;
/**
 * Sends a command whose payload is JSON text, as one Socket.IO event frame written straight to the connection's
 * transport, and resolves with the hub's ack read off the transport: socket.io-client ignores an ack for an id it did
 * not send, and its encoder is never asked to walk the payload.
 */
function sendFrame(socket: DaisClient, name: CommandName, json: string): Promise<Ack<unknown>> {
	const engine = (socket as unknown as Socket).io.engine;
	const id = frameAckId++;
	const prefix = `3${id}`;
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			engine.off('message', onMessage);
			reject(new Error(`no ack for ${name} within 5 s`));
		}, 5000);
		function onMessage(data: unknown) {
			if (typeof data !== 'string' || !data.startsWith(prefix) || data[prefix.length] !== '[') return;
			clearTimeout(timer);
			engine.off('message', onMessage);
			resolve((JSON.parse(data.slice(prefix.length)) as [Ack<unknown>])[0]);
		}
		engine.on('message', onMessage);
		engine.send(`2${id}[${JSON.stringify(name)},${json}]`);
	});
}

/** A payload's JSON size, or how it cannot be written (too deep for JSON.stringify). */
function sizeOf(payload: unknown): string {
	try {
		return `${JSON.stringify(payload)?.length ?? 0} characters of JSON`;
	} catch (e) {
		return String(e);
	}
}

/** Row counts, the agenda version and every stored row. */
async function stored(hub: TestHub) {
	const { counts, rows } = await storedRows(hub.services);
	return { counts, version: (await hub.snapshot()).version, rows };
}

function expectErrorAck(ack: unknown): asserts ack is Extract<Ack<unknown>, { ok: false }> {
	expect(ack).toMatchObject({ ok: false });
	const { error } = ack as { error: unknown };
	expect(ERROR_CODES).toContain(error);
	// `internal` means a handler threw something unexpected: a bug, whatever the input.
	expect(error).not.toBe('internal');
}

/** The hub still answers on this socket, so neither it nor the connection fell over. */
async function stillServes(socket: DaisClient) {
	expect(socket.connected).toBe(true);
	expectOk(await joinEvent(socket));
}

const prototypeIsClean = () => {
	const probe = {} as Record<string, unknown>;
	expect(probe.polluted).toBeUndefined();
	expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
};

describe('fuzzing every command over a real socket', () => {
	it('starts from a valid template for every command', () => {
		expect(Object.keys(TEMPLATES).sort()).toEqual([...NAMES].sort());
		for (const name of NAMES) expect(commands[name].safeParse(TEMPLATES[name]).success, name).toBe(true);
	});

	it.for(NAMES)(
		'%s: malformed payloads from an attendee and an organiser get an error ack and change nothing',
		async (name, { hub, organiser, attendee }) => {
			await fc.assert(
				fc.asyncProperty(cases(name), fc.constantFrom('attendee', 'organiser'), async (c, who) => {
					const { socket } = who === 'attendee' ? attendee : organiser;
					const before = await stored(hub);
					const ack = await sendRaw(socket, name, c.payload);
					expect(socket.connected).toBe(true);
					if (c.kind === 'oversized')
						expect(ack).toEqual(expect.objectContaining({ error: 'payload-too-large' }));
					if (c.kind === 'extra-keys')
						expect(ack).toEqual(expect.objectContaining({ error: 'invalid-payload' }));
					// A mutation can happen to stay valid (e.g. dropping an optional key); then it may succeed.
					if (ack.ok) return;
					expectErrorAck(ack);
					expect(await stored(hub)).toEqual(before);
				}),
				{
					numRuns: RUNS,
					// fast-check's own report prints the counterexample recursively, which a payload thousands of levels
					// deep overflows (hiding the failure): say what kind of case failed and why, in one line.
					reporter: (run) => {
						if (!run.failed) return;
						const [c, who] = run.counterexample ?? [];
						throw new Error(
							`${name} failed for a "${c?.kind}" payload from the ${who} (${sizeOf(c?.payload)}) after ${run.numRuns} runs: ${String(run.errorInstance)}`
						);
					}
				}
			);
			prototypeIsClean();
			await stillServes(attendee.socket);
			await stillServes(organiser.socket);
		}
	);

	it('ignores commands sent without an ack callback, even valid ones, and keeps the connection', async ({
		hub,
		organiser,
		attendee
	}) => {
		const before = await stored(hub);
		for (const name of NAMES) {
			for (const payload of [
				TEMPLATES[name],
				null,
				'x'.repeat(30_000),
				withKey({}, '__proto__', { polluted: 1 })
			]) {
				(attendee.socket as unknown as Socket).emit(name, payload);
				(organiser.socket as unknown as Socket).emit(name, payload);
			}
		}
		// Frames on one socket are handled in order: the join's answer comes after every frame above.
		await stillServes(attendee.socket);
		await stillServes(organiser.socket);
		expect(await stored(hub)).toEqual(before);
		prototypeIsClean();
	});

	it('survives a command with no payload or extra arguments before the ack', async ({ hub, organiser }) => {
		const before = await stored(hub);
		const raw = organiser.socket as unknown as Socket;
		await Promise.all(
			NAMES.flatMap((name) => [
				raw
					.timeout(500)
					.emitWithAck(name)
					.catch(() => null),
				raw
					.timeout(500)
					.emitWithAck(name, TEMPLATES[name], 'extra', 42)
					.catch(() => null)
			])
		).then((acks) => {
			for (const ack of acks) if (ack !== null) expectErrorAck(ack);
		});
		await stillServes(organiser.socket);
		expect(await stored(hub)).toEqual(before);
	});

	it('refuses payloads nested thousands of levels deep, written as raw frames, and keeps serving', async ({
		hub,
		organiser,
		attendee
	}) => {
		const before = await stored(hub);
		// Up to the transport's frame limit: 16,000 characters of brackets, as a hostile client writes them (no
		// library of ours walks them on the way out).
		const payloads = [
			'['.repeat(8000) + ']'.repeat(8000),
			'{"a":'.repeat(3000) + '{}' + '}'.repeat(3000),
			`{"eventId":"${EVENT_ID}","clientId":${'['.repeat(7000)}${']'.repeat(7000)}}`
		];
		for (const { socket } of [attendee, organiser]) {
			for (const name of ['question:ask', 'poll:vote', 'event:join', 'session:update'] as const) {
				for (const json of payloads) {
					const ack = await sendFrame(socket, name, json);
					expectErrorAck(ack);
					expect(ack.error).toBe('invalid-payload');
				}
			}
		}
		await stillServes(attendee.socket);
		await stillServes(organiser.socket);
		expect(await stored(hub)).toEqual(before);
		prototypeIsClean();
	});

	it('closes only the connection whose frame exceeds the transport limit, and changes nothing', async ({
		hub,
		organiser,
		attendee,
		connect
	}) => {
		const before = await stored(hub);
		const victim = await connect();
		const gone = disconnected(victim.socket);
		(victim.socket as unknown as Socket).emit('question:ask', {
			...TEMPLATES['question:ask'],
			text: 'x'.repeat(100_000)
		});
		expect(await gone).toBe('transport close');
		await stillServes(attendee.socket);
		await stillServes(organiser.socket);
		expectOk(await (await connect()).send('poll:list', { eventId: EVENT_ID, sessionId: 'ws-intelligence' }));
		expect(await stored(hub)).toEqual(before);
	});
});

describe('fuzzing the HTTP side that exists without the app build', () => {
	const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
	/** Printable ASCII without space: everything Node lets a client put in a request path. */
	const pathChar = fc.integer({ min: 0x21, max: 0x7e }).map((n) => String.fromCharCode(n));
	const path = fc.oneof(
		fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
		fc.string({ unit: pathChar, maxLength: 60 }).map((p) => `/${p}`),
		fc
			.tuple(fc.constantFrom('/socket.io/', '/healthz', '/healthz/', '/api/'), fc.webQueryParameters())
			.map(([p, q]) => `${p}?${q}`),
		fc.webQueryParameters().map((q) => `/socket.io/?EIO=4&transport=polling&sid=${q}`),
		fc.constantFrom(
			'/%',
			'/%E0%A4%A',
			'/..%2F..%2Fetc%2Fpasswd',
			'//',
			'/healthz%00',
			'/?__proto__[polluted]=1'
		)
	);
	const body = fc.oneof(
		fc.constant(''),
		fc.string({ maxLength: 200 }),
		fc.json({ maxDepth: 3 }),
		fc.integer({ min: 1, max: 200_000 }).map((n) => '{'.repeat(n))
	);
	const contentType = fc.constantFrom(
		'application/json',
		'application/x-www-form-urlencoded',
		'text/plain',
		'multipart/form-data; boundary=x',
		'application/octet-stream'
	);

	function call(port: number, method: string, p: string, type: string, payload: string): Promise<number> {
		return new Promise((resolve, reject) => {
			const req = request(
				{
					host: '127.0.0.1',
					port,
					method,
					path: p,
					// A connection per request: a kept-alive one the hub closes when idle would fail with "socket hang up".
					agent: false,
					headers: { 'content-type': type, 'content-length': Buffer.byteLength(payload) }
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode ?? 0));
				}
			);
			req.on('error', reject);
			req.end(method === 'GET' || method === 'HEAD' ? undefined : payload);
		});
	}

	it('never answers a random request with a 5xx, and keeps serving', async ({ hub, attendee }) => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...METHODS),
				path,
				contentType,
				body,
				async (method, p, type, payload) => {
					const status = await call(
						hub.port,
						method,
						p,
						type,
						method === 'GET' || method === 'HEAD' ? '' : payload
					);
					expect(status).toBeGreaterThanOrEqual(200);
					expect(status).toBeLessThan(500);
				}
			),
			{ numRuns: 300 }
		);
		prototypeIsClean();
		const res = await fetch(`${hub.url}/healthz`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ ok: true });
		await stillServes(attendee.socket);
	});
});

describe('fuzzing the event-file import', () => {
	type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
	type Path = (string | number)[];
	const SAMPLE = JSON.parse(SAMPLE_TEXT) as Json;

	function pathsOf(v: Json, at: Path = []): Path[] {
		if (v === null || typeof v !== 'object') return [at];
		const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
		return [at, ...entries.flatMap(([k, x]) => pathsOf(x, [...at, k]))];
	}
	const PATHS = pathsOf(SAMPLE).filter((p) => p.length > 0);
	const ARRAY_ITEMS = PATHS.filter((p) => typeof p[p.length - 1] === 'number');

	/** A copy of the sample with `edit` applied to the parent of `path`. */
	function edited(
		path: Path,
		edit: (parent: Record<string | number, Json> | Json[], key: string | number) => void
	) {
		const copy = structuredClone(SAMPLE);
		let parent = copy as Record<string | number, Json>;
		for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
		edit(parent, path[path.length - 1]);
		return JSON.stringify(copy, null, '\t');
	}

	const text = fc.oneof(
		fc.nat(SAMPLE_TEXT.length - 1).map((i) => SAMPLE_TEXT.slice(0, i) + SAMPLE_TEXT.slice(i + 1)),
		fc
			.tuple(fc.nat(SAMPLE_TEXT.length), fc.constantFrom(...'{}[]",:0-e \n\\\t'))
			.map(([i, c]) => SAMPLE_TEXT.slice(0, i) + c + SAMPLE_TEXT.slice(i)),
		fc.nat(SAMPLE_TEXT.length - 1).map((i) => SAMPLE_TEXT.slice(0, i)),
		fc
			.tuple(fc.constantFrom(...PATHS), fc.jsonValue({ maxDepth: 2 }))
			.map(([p, v]) => edited(p, (parent, k) => void ((parent as Record<string | number, unknown>)[k] = v))),
		fc.constantFrom(...PATHS).map((p) =>
			edited(p, (parent, k) => {
				if (Array.isArray(parent)) parent.splice(k as number, 1);
				else delete parent[k];
			})
		),
		fc
			.constantFrom(...ARRAY_ITEMS)
			.map((p) =>
				edited(
					p,
					(parent, k) => void (parent as Json[]).push(structuredClone((parent as Json[])[k as number]))
				)
			),
		fc.json({ maxDepth: 3 }),
		fc.string({ maxLength: 200 })
	);

	it('either imports a mutated file or refuses it with located problems, changing nothing', async () => {
		const services = await memoryServices();
		const snapshot = () => services.events.snapshot(EVENT_ID);
		let accepted = 0;
		await fc.assert(
			fc.asyncProperty(text, fc.constantFrom('replace' as const, 'merge' as const), async (t, mode) => {
				const before = { snapshot: await snapshot(), counts: await tableCounts(services) };
				try {
					await services.events.importText(t, mode);
					accepted++;
					return;
				} catch (e) {
					if (!(e instanceof ImportError)) throw e;
					expect(e.problems.length).toBeGreaterThan(0);
					for (const p of e.problems) {
						expect(Number.isInteger(p.line) && p.line >= 1, `line of ${JSON.stringify(p)}`).toBe(true);
						expect(Number.isInteger(p.column) && p.column >= 1, `column of ${JSON.stringify(p)}`).toBe(true);
					}
				}
				expect(await snapshot()).toEqual(before.snapshot);
				expect(await tableCounts(services)).toEqual(before.counts);
			}),
			{ numRuns: 500 }
		);
		// Some mutations (a changed title, a dropped optional field) are still valid files.
		expect(accepted).toBeGreaterThan(0);
		// 500 imports, each a synced transaction on PostgreSQL: seconds alone, over 20 s on a busy machine.
	}, 120_000);

	it('refuses, as a located problem, a rating preset that needs objectives the event lacks', async () => {
		const services = await memoryServices();
		const before = {
			snapshot: await services.events.snapshot(EVENT_ID),
			counts: await tableCounts(services)
		};
		const file = JSON.parse(SAMPLE_TEXT) as { objectives: unknown[]; sessions: { objectives: string[] }[] };
		file.objectives = file.objectives.slice(0, 1);
		for (const session of file.sessions) session.objectives = [];

		let error: unknown;
		try {
			await services.events.importText(JSON.stringify(file, null, '\t'), 'replace');
		} catch (e) {
			error = e;
		}

		expect(error).toBeInstanceOf(ImportError);
		expect((error as ImportError).problems[0]).toMatchObject({
			line: 1,
			path: 'polls.1',
			message: 'this event has no objectives to rate or rank',
			reason: 'poll-no-objectives'
		});
		expect(await services.events.snapshot(EVENT_ID)).toEqual(before.snapshot);
		expect(await tableCounts(services)).toEqual(before.counts);
	});

	it('does not let another event’s file rewrite this event’s draft polls through a shared poll id', async () => {
		const services = await memoryServices();
		const before = await services.polls.get('isb26', 'p-intelligence-first');
		const file = JSON.parse(SAMPLE_TEXT) as {
			event: Record<string, string>;
			polls: { question: string }[];
		};
		file.event = { ...file.event, id: 'lhr27', code: 'LHR27' };
		file.polls[0].question = 'Rewritten from another event?';

		await services.events.importText(JSON.stringify(file), 'replace');

		expect(await services.polls.get('isb26', 'p-intelligence-first')).toEqual(before);
		expect((await services.polls.get('lhr27', 'p-intelligence-first'))?.question).toBe(
			'Rewritten from another event?'
		);
	});
});
