import { DomainError } from '../errors';
import { PROTOCOL_VERSION, type Identity } from '../../src/lib/protocol';
import type { HandlerTable } from '../realtime/dispatcher';
import type { Presence } from '../realtime/presence';
import { rooms } from '../realtime/rooms';
import type { Services } from '../services';
import type { DaisSocket } from '../realtime/types';

/** Joining an event (snapshot + live facts) and saying which hall you are in. */
export function eventHandlers(services: Services, presence: Presence): HandlerTable {
	const isAttendee = (socket: DaisSocket) => !socket.data.credential;

	return {
		'event:join': ({ code, protocol }, { socket }) => {
			if (protocol !== PROTOCOL_VERSION) {
				throw new DomainError(
					'protocol-mismatch',
					`this page speaks protocol ${protocol}, the hub ${PROTOCOL_VERSION}: reload`
				);
			}
			const event = services.events.byCode(code);
			if (!event) throw new DomainError('not-found', `no event with code ${code}`);
			const snapshot = services.events.snapshot(event.id);
			const previous = socket.data.eventId;
			if (previous && previous !== event.id) {
				void socket.leave(rooms.event(previous));
				void socket.leave(rooms.organisers(previous));
				if (socket.data.hallId) void socket.leave(rooms.hall(previous, socket.data.hallId));
			}
			if (isAttendee(socket)) {
				presence.move(
					{ eventId: previous, hallId: socket.data.hallId },
					{ eventId: event.id, hallId: previous === event.id ? socket.data.hallId : null }
				);
			}
			if (previous !== event.id) socket.data.hallId = null;
			socket.data.eventId = event.id;
			void socket.join(rooms.event(event.id));

			const cred = socket.data.credential;
			const identity: Identity =
				cred && cred.eventId === event.id
					? { role: cred.role, roomId: cred.roomId, label: cred.label }
					: { role: 'attendee', roomId: null, label: '' };
			if (identity.role === 'organiser') void socket.join(rooms.organisers(event.id));
			return {
				data: { snapshot, identity, openPolls: services.polls.openPolls(event.id) },
				after: () => {
					if (identity.role === 'organiser') socket.emit('presence:updated', presence.counts(event.id));
				}
			};
		},

		'presence:set': ({ eventId, roomId }, { socket }) => {
			if (socket.data.eventId !== eventId) throw new DomainError('not-joined', 'join the event first');
			if (roomId && !services.events.room(eventId, roomId))
				throw new DomainError('not-found', 'no such room');
			if (socket.data.hallId) void socket.leave(rooms.hall(eventId, socket.data.hallId));
			if (roomId) void socket.join(rooms.hall(eventId, roomId));
			if (isAttendee(socket))
				presence.move({ eventId, hallId: socket.data.hallId }, { eventId, hallId: roomId });
			socket.data.hallId = roomId;
			return { data: { roomId } };
		}
	};
}
