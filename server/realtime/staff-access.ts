import type { Logger } from 'pino';
import { credentialScope } from '../access/scope';
import type { Effect } from '../effects';
import { DomainError } from '../errors';
import type { Services } from '../services';
import type { SignInEnd } from '../../src/lib/protocol';
import type { StoredSession } from './adapter';
import { holdsStaffRoom, membership, rooms, unentitled, type Reach } from './rooms';
import type { Conn, DaisServer, DaisSocket } from './types';

/** How long a refused recovery is remembered, so the reconnecting page can be told why: the recovery window. */
const REFUSAL_MEMORY_MS = 2 * 60_000;
/**
 * How long after a staff sign-in ended a page that comes back with its cookie is told so and let go at once. Later
 * the cookie may be a forgotten one in a browser now used as an attendee's, so the socket stays; a staff console's
 * join still hears why (`Identity.signInEnded`) and stops.
 */
const ENDED_NOTICE_MS = 2 * 60_000;
/** How often the sign-ins of open staff pages are marked as in use, so they do not reach their idle expiry. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Keeps staff access on this hub's sockets in step with the database, whichever process changed it: every
 * `intervalMs` one indexed query finds the connected sign-ins that were ended, revoked or expired (by the console,
 * the staff CLI, or another hub on the same database) and disconnects their sockets; a changed programme (a session
 * moved to another hall) re-derives who is in each session's staff room; and a dropped staff connection is restored
 * only while its sign-in stands, with only the staff rooms its link still reaches.
 */
export function createStaffAccess(deps: {
	io: DaisServer;
	services: Services;
	log: Logger;
	publish: (effects: readonly Effect[]) => unknown;
	intervalMs?: number;
}) {
	const { io, services, publish, log } = deps;
	const intervalMs = deps.intervalMs ?? 1500;
	// This hub's staff sockets by sign-in: the sweep asks only about these.
	const bySignIn = new Map<string, Set<DaisSocket>>();
	const refused = new Map<string, { reason: SignInEnd; at: number }>();
	const versions = new Map<string, number>();
	let lastTouch = Date.now();

	/** A link reaches a session when the session (as it is now) is in the link's event and hall. */
	const reach: Reach = async (conn, eventId, sessionId) => {
		const cred = conn.credential;
		if (!cred || cred.eventId !== eventId || cred.role === 'screen') return false;
		try {
			await services.requireAccess.session(credentialScope(cred), sessionId);
			return true;
		} catch (e) {
			if (e instanceof DomainError) return false;
			throw e;
		}
	};

	/** Before a dropped connection is restored: a staff one only while its sign-in stands, with the rooms it may keep. */
	async function vet(session: StoredSession): Promise<string[] | null> {
		const conn = session.data as Conn;
		// An attendee's connection was never in a staff room: a hall's reconnecting phones pass straight through.
		if (!conn.credential && !conn.signInId) return session.rooms;
		if (conn.signInId && !(await services.signIns.isLive(conn.signInId))) {
			const [ended] = await services.signIns.endedAmong([conn.signInId]);
			// Not among the ended: it went idle past its expiry.
			refused.set(session.pid, { reason: ended?.reason ?? 'expired', at: Date.now() });
			return null;
		}
		const drop = new Set(await unentitled(session.rooms, conn, reach));
		return session.rooms.filter((r) => !drop.has(r));
	}

	function track(socket: DaisSocket) {
		const id = socket.data.signInId;
		if (!id) return;
		let set = bySignIn.get(id);
		if (!set) bySignIn.set(id, (set = new Set()));
		set.add(socket);
		socket.once('disconnect', () => {
			set.delete(socket);
			if (set.size === 0 && bySignIn.get(id) === set) bySignIn.delete(id);
		});
	}

	/** On every connection: track staff sockets, re-derive a recovered one's staff rooms, tell a refused one why. */
	function connected(socket: DaisSocket) {
		// A recovered attendee's phone (a hall's whole herd after a Wi-Fi drop) is in no staff room to leave.
		if (socket.recovered && holdsStaffRoom(socket.rooms)) void rederive(socket);
		const pid: unknown = socket.handshake.auth.pid;
		const refusal = typeof pid === 'string' ? refused.get(pid) : undefined;
		if (refusal && !socket.recovered) {
			refused.delete(pid as string);
			// Its cookie may hold a newer sign-in (signed in again meanwhile); only a page left without one is told.
			if (!socket.data.signInId) {
				socket.emit('credential:revoked', { reason: refusal.reason });
				socket.disconnect(true);
				return;
			}
		}
		// A page whose connection was down when its sign-in ended, and that had no session left to refuse (the hub
		// had not yet noticed the drop and let the old socket go with the notice): its cookie says what happened.
		const ended = socket.data.signInEnded;
		if (ended && ended.agoMs <= ENDED_NOTICE_MS && !socket.recovered && !socket.data.signInId) {
			socket.emit('credential:revoked', { reason: ended.reason });
			socket.disconnect(true);
			return;
		}
		track(socket);
	}

	/** The staff of a session's staff room whose link no longer reaches it (it moved halls) leave it. */
	/** Leaves the staff rooms a socket's link no longer reaches; a failed check is logged and tried at the next change. */
	const rederive = (socket: DaisSocket) =>
		membership
			.rederive(socket, reach)
			.catch((err: unknown) => log.warn({ err }, 'staff rooms not re-derived'));

	async function rehome(eventId: string, sessionId: string) {
		const sids = io.sockets.adapter.rooms.get(rooms.sessionStaff(eventId, sessionId));
		for (const sid of [...(sids ?? [])]) {
			const socket = io.sockets.sockets.get(sid);
			if (socket) await rederive(socket);
		}
	}

	async function sweep() {
		const ids = [...bySignIn.keys()];
		if (ids.length === 0) return;
		const ended = await services.signIns.endedAmong(ids);
		if (ended.length)
			publish(ended.map((e) => ({ type: 'signin-ended', signInId: e.id, reason: e.reason }) as const));

		// A programme changed by another process or hub (an import, a move) shows as a new event version.
		const events = new Set<string>();
		for (const set of bySignIn.values())
			for (const s of set) if (s.data.credential) events.add(s.data.credential.eventId);
		for (const eventId of events) {
			const version = await services.events.version(eventId);
			if (version === undefined || versions.get(eventId) === version) continue;
			const first = !versions.has(eventId);
			versions.set(eventId, version);
			if (first) continue;
			for (const set of bySignIn.values())
				for (const s of [...set]) if (s.data.credential?.eventId === eventId) await rederive(s);
		}

		const now = Date.now();
		if (now - lastTouch >= TOUCH_EVERY_MS) {
			lastTouch = now;
			const gone = new Set(ended.map((e) => e.id));
			await services.signIns.touchMany(ids.filter((id) => !gone.has(id)));
		}
		for (const [pid, r] of refused) if (now - r.at > REFUSAL_MEMORY_MS) refused.delete(pid);
	}

	let sweeping = false;
	const timer = setInterval(() => {
		if (sweeping) return;
		sweeping = true;
		sweep()
			// A busy database, say: the next sweep tries again.
			.catch((err: unknown) => log.warn({ err }, 'staff access sweep failed'))
			.finally(() => (sweeping = false));
	}, intervalMs);
	timer.unref();

	return {
		reach,
		vet,
		connected,
		rehome,
		sweep,
		/** Connected sign-ins on this hub (for tests). */
		signIns: () => [...bySignIn.keys()],
		stop: () => clearInterval(timer)
	};
}
export type StaffAccess = ReturnType<typeof createStaffAccess>;
