import { spawn } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, vi } from 'vitest';
import { rooms } from '../../server/realtime/rooms';
import {
	PROTOCOL_VERSION,
	type ClientToServer,
	type CommandResults,
	type QaModFact,
	type ServerToClient
} from '../../src/lib/protocol';
import { rehearsalClock } from '../../server/clock';
import {
	cid,
	collect,
	disconnected,
	EVENT_ID,
	expectOk,
	itWithOwnHub,
	nextEvent,
	type Client,
	type TestHub
} from '../fixtures/hub';

const ROOT = new URL('../../', import.meta.url).pathname;
const HALL_A_SESSION = 'ws-intelligence';

// Every test revokes, ends or moves something: each gets a hub of its own.
const it = itWithOwnHub;

/** A moderator with a session's queue open (so in its staff room), whose socket reconnects by itself. */
async function moderatorOn(connect: TestHub['connect'], sessionId: string, roomId: string | null = null) {
	const mod = await connect({ role: 'moderator', roomId, reconnection: true });
	expectOk(await mod.send('qa:moderate', { eventId: EVENT_ID, sessionId }));
	return mod;
}

const ask = (c: Client, sessionId: string, text: string) =>
	c.send('question:ask', { clientId: cid(), eventId: EVENT_ID, sessionId, text });

/** Drops the socket's transport as a lost network would, and keeps it down until `resume` is called. */
async function dropNetwork(hub: TestHub, c: Client) {
	const id = c.socket.id!;
	c.socket.io.reconnection(false);
	c.socket.io.engine.close();
	// Until the hub has noticed, a revoke would still reach the socket itself rather than a stored session.
	await vi.waitFor(() => expect(hub.io.sockets.sockets.has(id)).toBe(false));
	return () => {
		c.socket.io.reconnection(true);
		c.socket.connect();
	};
}

/** Runs `npm run staff -- ARGS` against a hub's storage, as an operator would while the hub runs. */
function staffCli(
	args: string[],
	storageEnv: Record<string, string>
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/staff.ts', ...args], {
			cwd: ROOT,
			env: { PATH: process.env.PATH ?? '', ...storageEnv, LOG_LEVEL: 'silent' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('a dropped staff connection coming back', () => {
	it('is recovered with the moderation facts it missed while its sign-in stands (the control)', async ({
		hub,
		connect
	}) => {
		const mod = await moderatorOn(connect, HALL_A_SESSION);
		const attendee = await connect();
		// Recovery resumes from the last broadcast the socket saw, so it must have seen one.
		const seen = nextEvent(mod.socket, 'qa:mod-changed');
		expectOk(await ask(attendee, HALL_A_SESSION, 'Seen before the network dropped?'));
		await seen;
		const resume = await dropNetwork(hub, mod);

		expectOk(await ask(attendee, HALL_A_SESSION, 'Asked while the moderator was away?'));
		const facts: QaModFact[] = collect(mod.socket, 'qa:mod-changed');
		resume();

		await vi.waitFor(() => expect(facts).toHaveLength(1), { timeout: 3000 });
		expect(mod.socket.recovered).toBe(true);
		expect(JSON.stringify(facts[0])).toContain('Asked while the moderator was away?');
	});

	it('gets no moderation fact when its link was revoked while it was away: told why, not recovered, let go', async ({
		hub,
		organiser,
		connect
	}) => {
		const mod = await moderatorOn(connect, HALL_A_SESSION);
		const attendee = await connect();
		const seen = nextEvent(mod.socket, 'qa:mod-changed');
		expectOk(await ask(attendee, HALL_A_SESSION, 'Seen before the network dropped?'));
		await seen;
		const resume = await dropNetwork(hub, mod);

		expectOk(
			await organiser.send('staff:revoke', {
				clientId: cid(),
				eventId: EVENT_ID,
				credentialId: mod.credentialId!
			})
		);
		expectOk(await ask(attendee, HALL_A_SESSION, 'Pending question the revoked moderator must not see?'));
		const facts = collect(mod.socket, 'qa:mod-changed');
		const told = nextEvent(mod.socket, 'credential:revoked', () => true, 3000);
		let recovered: boolean | null = null;
		mod.socket.once('connect', () => (recovered = mod.socket.recovered));
		const gone = new Promise<string>((resolve) =>
			mod.socket.on('disconnect', (reason) => {
				if (reason === 'io server disconnect') resolve(reason);
			})
		);
		resume();

		expect(await told).toEqual({ reason: 'revoked' });
		expect(await gone).toBe('io server disconnect');
		expect(recovered).toBe(false);
		// Anything replayed would have arrived with the connection; give stragglers a moment anyway.
		await new Promise((r) => setTimeout(r, 300));
		expect(facts).toEqual([]);
	});

	it('comes back without the staff room of a session moved out of its hall while it was away', async ({
		hub,
		organiser,
		connect
	}) => {
		const mod = await moderatorOn(connect, HALL_A_SESSION, 'hall-a');
		const attendee = await connect();
		const seen = nextEvent(mod.socket, 'qa:mod-changed');
		expectOk(await ask(attendee, HALL_A_SESSION, 'Seen before the network dropped?'));
		await seen;
		const resume = await dropNetwork(hub, mod);

		expectOk(
			await organiser.send('session:move', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: HALL_A_SESSION,
				roomId: 'hall-b'
			})
		);
		expectOk(await ask(attendee, HALL_A_SESSION, 'Asked in Hall B after the move?'));
		const facts = collect(mod.socket, 'qa:mod-changed');
		const agenda = collect(mod.socket, 'agenda:changed');
		resume();

		await vi.waitFor(() => expect(mod.socket.connected).toBe(true));
		expect(mod.socket.recovered).toBe(true);
		// It still follows the event (the move itself reaches it), but no longer the moved session's queue.
		await vi.waitFor(() => expect(agenda.map((f) => f.type)).toContain('session'));
		await new Promise((r) => setTimeout(r, 300));
		expect(facts).toEqual([]);
	});
});

describe('a staff page that comes back with its cookie alone after its link was revoked', () => {
	it('is told why and let go (no session was left to refuse: the hub let the old socket go with the notice)', async ({
		hub,
		organiser,
		connect
	}) => {
		const mod = await moderatorOn(connect, HALL_A_SESSION);
		// The revocation reaches the socket the hub still holds, whose page will never read the notice.
		expectOk(
			await organiser.send('staff:revoke', {
				clientId: cid(),
				eventId: EVENT_ID,
				credentialId: mod.credentialId!
			})
		);
		await vi.waitFor(() => expect(mod.socket.connected).toBe(false));
		// The page's next connection: the same browser's cookie, no session to resume.
		const again = io(hub.url, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: { cookie: mod.cookie }
		});
		try {
			const told = nextEvent(again, 'credential:revoked', () => true, 3000);
			const gone = new Promise<string>((resolve) => again.on('disconnect', resolve));
			expect(await told).toEqual({ reason: 'revoked' });
			expect(await gone).toBe('io server disconnect');
		} finally {
			again.close();
		}
		// An attendee's connection, or one with no staff cookie, is not affected.
		expect((await connect()).socket.connected).toBe(true);
	});
});

describe('a staff page that comes back long after its link was revoked (its laptop closed over lunch)', () => {
	it('is not let go (the cookie may be a forgotten one on an attendee’s page), but its join says the sign-in is over, and why', async ({
		startHub
	}) => {
		const clock = rehearsalClock(new Date('2026-12-08T06:00:00Z'));
		const hub = await startHub({ clock });
		const organiser = await hub.connect({ role: 'organiser' });
		const mod = await hub.connect({ role: 'moderator' });
		expectOk(
			await organiser.send('staff:revoke', {
				clientId: cid(),
				eventId: EVENT_ID,
				credentialId: mod.credentialId!
			})
		);
		await vi.waitFor(() => expect(mod.socket.connected).toBe(false));
		// An hour later, past the few minutes in which a returning page is told at once.
		clock.set(new Date('2026-12-08T07:00:00Z'));
		const again: Socket<ServerToClient, ClientToServer> = io(hub.url, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: { cookie: mod.cookie }
		});
		try {
			const told = vi.fn();
			again.on('credential:revoked', told);
			await new Promise<void>((resolve) => again.on('connect', () => resolve()));
			const join = expectOk<CommandResults['event:join']>(
				await again.timeout(3000).emitWithAck('event:join', { code: 'ISB26', protocol: PROTOCOL_VERSION })
			);
			expect(join.identity).toEqual({ role: 'attendee', roomId: null, label: '', signInEnded: 'revoked' });
			expect(told).not.toHaveBeenCalled();
			expect(again.connected).toBe(true);
		} finally {
			again.close();
		}
		// A connection without a staff cookie hears nothing of the kind.
		const attendee = await hub.connect();
		const plain = expectOk(await attendee.send('event:join', { code: 'ISB26', protocol: PROTOCOL_VERSION }));
		expect(plain.identity).toEqual({ role: 'attendee', roomId: null, label: '' });
	});
});

describe('revoking or ending from anywhere', () => {
	it('disconnects a link’s sockets within 5 s of `npm run staff -- --revoke`, run while the hub runs', async ({
		hub,
		connect
	}) => {
		const mod = await moderatorOn(connect, HALL_A_SESSION);
		const told = nextEvent(mod.socket, 'credential:revoked', () => true, 8000);
		const gone = disconnected(mod.socket, 8000);

		const run = await staffCli(['--revoke', mod.credentialId!], hub.storageEnv);
		const revokedAt = Date.now();
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(`Revoked ${mod.credentialId}`);

		expect(await told).toEqual({ reason: 'revoked' });
		expect(await gone).toBe('io server disconnect');
		expect(Date.now() - revokedAt).toBeLessThan(5000);
	});

	it('disconnects the sockets of a sign-in an organiser ends, and no other', async ({
		organiser,
		connect
	}) => {
		const mod = await moderatorOn(connect, HALL_A_SESSION);
		const other = await moderatorOn(connect, HALL_A_SESSION);
		const told = nextEvent(mod.socket, 'credential:revoked');
		const gone = disconnected(mod.socket);
		const { signIns } = expectOk(await organiser.send('staff:list', { eventId: EVENT_ID }));
		const target = signIns.find((s) => s.credentialId === mod.credentialId)!;
		expect(target).toMatchObject({ current: false, expiresAt: expect.any(String) });

		expectOk(
			await organiser.send('staff:end-signin', { clientId: cid(), eventId: EVENT_ID, signInId: target.id })
		);

		expect(await told).toEqual({ reason: 'ended' });
		expect(await gone).toBe('io server disconnect');
		expect(other.socket.connected).toBe(true);
		const after = expectOk(await organiser.send('staff:list', { eventId: EVENT_ID }));
		expect(after.signIns.map((s) => s.id)).not.toContain(target.id);
		// The link itself stays: only that browser's sign-in ended.
		expect(after.credentials.find((c) => c.id === mod.credentialId)?.revokedAt).toBeNull();
	});

	it('disconnects a sign-in ended in the database by another hub on the same file within 5 s', async ({
		hub,
		startHub,
		connect
	}) => {
		const other = await startHub({ dbFile: hub.dbFile });
		const mod = await moderatorOn(connect, HALL_A_SESSION);
		const gone = disconnected(mod.socket, 8000);
		const organiser = await other.connect({ role: 'organiser' });
		const { signIns } = expectOk(await organiser.send('staff:list', { eventId: EVENT_ID }));
		const target = signIns.find((s) => s.credentialId === mod.credentialId)!;

		expectOk(
			await organiser.send('staff:end-signin', { clientId: cid(), eventId: EVENT_ID, signInId: target.id })
		);
		const endedAt = Date.now();

		expect(await gone).toBe('io server disconnect');
		expect(Date.now() - endedAt).toBeLessThan(5000);
	});
});

describe('moving a session to another hall', () => {
	it('takes the old hall’s moderator out of its staff room at once; the new hall’s moderator may open it', async ({
		hub,
		organiser,
		connect
	}) => {
		const hallA = await moderatorOn(connect, HALL_A_SESSION, 'hall-a');
		const everywhere = await moderatorOn(connect, HALL_A_SESSION);
		const hallB = await connect({ role: 'moderator', roomId: 'hall-b' });
		expect(await hallB.send('qa:moderate', { eventId: EVENT_ID, sessionId: HALL_A_SESSION })).toMatchObject({
			ok: false,
			error: 'forbidden'
		});
		const staffRoom = () => hub.io.sockets.adapter.rooms.get(rooms.sessionStaff(EVENT_ID, HALL_A_SESSION));
		expect(staffRoom()?.has(hallA.socket.id!)).toBe(true);

		expectOk(
			await organiser.send('session:move', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: HALL_A_SESSION,
				roomId: 'hall-b'
			})
		);

		expect(staffRoom()?.has(hallA.socket.id!)).toBe(false);
		expect(staffRoom()?.has(everywhere.socket.id!)).toBe(true);
		expectOk(await hallB.send('qa:moderate', { eventId: EVENT_ID, sessionId: HALL_A_SESSION }));
		const oldHall = collect(hallA.socket, 'qa:mod-changed');
		const newHall = nextEvent(hallB.socket, 'qa:mod-changed');
		const eventWide = nextEvent(everywhere.socket, 'qa:mod-changed');
		const attendee = await connect();
		expectOk(await ask(attendee, HALL_A_SESSION, 'A question after the move?'));
		expect(JSON.stringify(await newHall)).toContain('A question after the move?');
		await eventWide;
		expect(oldHall).toEqual([]);
		// The old hall's moderator is still connected, and refused if it asks for the queue again.
		expect(hallA.socket.connected).toBe(true);
		expect(await hallA.send('qa:moderate', { eventId: EVENT_ID, sessionId: HALL_A_SESSION })).toMatchObject({
			ok: false,
			error: 'forbidden'
		});
	});

	it('re-derives the staff room when the hall changes through an edit, too', async ({
		hub,
		organiser,
		connect
	}) => {
		const hallA = await moderatorOn(connect, HALL_A_SESSION, 'hall-a');
		expectOk(
			await organiser.send('session:update', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: HALL_A_SESSION,
				fields: { roomId: 'plenary' }
			})
		);
		const staffRoom = hub.io.sockets.adapter.rooms.get(rooms.sessionStaff(EVENT_ID, HALL_A_SESSION));
		expect(staffRoom?.has(hallA.socket.id!) ?? false).toBe(false);
	});
});
