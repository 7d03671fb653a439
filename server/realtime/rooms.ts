import type { Conn, DaisSocket } from './types';

/** Every Socket.IO room name the hub uses, in one place. */
export const rooms = {
	/** Everyone following an event: agenda facts go here. */
	event: (eventId: string) => `event:${eventId}`,
	/** Organisers of an event: presence counts go here. */
	organisers: (eventId: string) => `organisers:${eventId}`,
	/** Attendees who said they are in a hall (the presence count). */
	hall: (eventId: string, roomId: string) => `hall:${eventId}:${roomId}`,
	/** Every socket signed in with one staff credential, so revoking it can disconnect them all. */
	credential: (credentialId: string) => `credential:${credentialId}`,
	/** Every socket of one staff sign-in (one browser), so ending it can disconnect them all. */
	signIn: (signInId: string) => `signin:${signInId}`,
	/** Everyone with a session open (its Q&A and polls): attendees and hall screens. */
	session: (eventId: string, sessionId: string) => `session:${eventId}:${sessionId}`,
	/** Staff with a session's moderation queue or poll console open. */
	sessionStaff: (eventId: string, sessionId: string) => `session-staff:${eventId}:${sessionId}`,
	/** Every socket of one device, so an asker sees their own question's state change on each open tab. */
	device: (deviceHash: string) => `device:${deviceHash}`,
	/** One socket: Socket.IO keeps each socket in a room named by its id. */
	socket: (socketId: string) => socketId
};

/** Whether a connection's staff link reaches an agenda session of an event (its hall, as the session is now). */
export type Reach = (conn: Conn, eventId: string, sessionId: string) => boolean | Promise<boolean>;

/** The kinds of room (a name's part before its first colon) only staff are in: `unentitled` checks these. */
const STAFF_KINDS = new Set(['credential', 'signin', 'organisers', 'session-staff']);

/** Whether any of `names` is a staff room: among an attendee's rooms `unentitled` has nothing to find. */
export function holdsStaffRoom(names: Iterable<string>): boolean {
	for (const name of names) {
		const colon = name.indexOf(':');
		if (colon > 0 && STAFF_KINDS.has(name.slice(0, colon))) return true;
	}
	return false;
}

/**
 * The staff rooms among `names` that a connection's identity does not entitle it to (now): another link's or
 * sign-in's room, the organisers' room of an event it is no organiser of, and the staff room of a session its link
 * no longer reaches (moved to another hall). Staff rooms are re-derived like this, never trusted from before.
 */
export async function unentitled(names: Iterable<string>, conn: Conn, reach: Reach): Promise<string[]> {
	const cred = conn.credential;
	const own = cred ?? conn.host;
	const out: string[] = [];
	for (const name of names) {
		const [kind, a, b] = name.split(':');
		const entitled =
			kind === 'credential'
				? own?.id === a
				: kind === 'signin'
					? conn.signInId === a
					: kind === 'organisers'
						? cred?.role === 'organiser' && cred.eventId === a
						: kind === 'session-staff'
							? await reach(conn, a, b)
							: true;
		if (!entitled) out.push(name);
	}
	return out;
}

/** Leaves every room whose name starts with `prefix` (e.g. all of one event's sessions). */
function leaveAll(socket: DaisSocket, prefix: string) {
	for (const room of socket.rooms) if (room.startsWith(prefix)) void socket.leave(room);
}

/** Every join and leave of a room: the only code that changes which rooms a socket is in. */
export const membership = {
	/** On connecting: the device's room, and the staff credential's and sign-in's so ending either reaches it. */
	connected(socket: DaisSocket) {
		const cred = socket.data.credential ?? socket.data.host;
		if (cred) void socket.join(rooms.credential(cred.id));
		if (socket.data.signInId) void socket.join(rooms.signIn(socket.data.signInId));
		if (socket.data.deviceHash) void socket.join(rooms.device(socket.data.deviceHash));
	},

	/** Follows an event (its organisers also get presence counts), leaving the rooms of any event followed before. */
	joinEvent(socket: DaisSocket, eventId: string, organiser: boolean) {
		const previous = socket.data.eventId;
		if (previous && previous !== eventId) {
			void socket.leave(rooms.event(previous));
			void socket.leave(rooms.organisers(previous));
			if (socket.data.hallId) void socket.leave(rooms.hall(previous, socket.data.hallId));
		}
		void socket.join(rooms.event(eventId));
		if (organiser) void socket.join(rooms.organisers(eventId));
	},

	/** Leaves the staff rooms the socket's identity no longer entitles it to (see `unentitled`). */
	async rederive(socket: DaisSocket, reach: Reach) {
		for (const room of await unentitled(socket.rooms, socket.data, reach)) void socket.leave(room);
	},

	/** Moves the socket from the hall it said it was in to another (null: none). */
	setHall(socket: DaisSocket, eventId: string, from: string | null, to: string | null) {
		if (from) void socket.leave(rooms.hall(eventId, from));
		if (to) void socket.join(rooms.hall(eventId, to));
	},

	/** Follows a session's room; `only` leaves the event's other sessions first (one Q&A open at a time). */
	openSession(socket: DaisSocket, eventId: string, sessionId: string, only: boolean) {
		if (only) leaveAll(socket, rooms.session(eventId, ''));
		void socket.join(rooms.session(eventId, sessionId));
	},

	/** Follows a session's staff room; `only` leaves the event's other sessions' staff rooms first. */
	openSessionStaff(socket: DaisSocket, eventId: string, sessionId: string, only: boolean) {
		if (only) leaveAll(socket, rooms.sessionStaff(eventId, ''));
		void socket.join(rooms.sessionStaff(eventId, sessionId));
	}
};
