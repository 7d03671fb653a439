import { DomainError } from '../errors';
import { PROTOCOL_VERSION } from '../../src/lib/protocol';
import { identityIn } from '../access/scope';
import type { HandlerTable } from '../realtime/dispatcher';
import type { Presence } from '../realtime/presence';
import { encodeOnce } from '../realtime/encoded';
import { membership } from '../realtime/rooms';
import type { Services } from '../services';
import type { DaisSocket } from '../realtime/types';

/** Joining an event (snapshot + live facts) and saying which hall you are in. */
export function eventHandlers(services: Services, presence: Presence): HandlerTable {
	const isAttendee = (socket: DaisSocket) => !socket.data.credential;

	return {
		'event:join': async ({ code, protocol, have }, { socket }) => {
			if (protocol !== PROTOCOL_VERSION) {
				throw new DomainError(
					'protocol-mismatch',
					`this page speaks protocol ${protocol}, the hub ${PROTOCOL_VERSION}: reload`
				);
			}
			const event = await services.events.byCode(code);
			if (!event) throw DomainError.because('not-found', 'event-not-found', `no event with code ${code}`);
			const identity = identityIn(socket.data.credential, event.id);
			if (socket.data.signInEnded) identity.signInEnded = socket.data.signInEnded.reason;
			const organiser = identity.role === 'organiser';
			const previous = socket.data.eventId;
			// The event's rooms before its version is read: a change committed meanwhile is in the snapshot or reaches
			// this socket (a fact the snapshot holds is a duplicate to the page; a newer one, its next version).
			membership.joinEvent(socket, event.id, organiser);
			// The same object for every join at this version (the service caches it): its JSON is made once.
			const snapshot = encodeOnce(await services.events.snapshot(event.id));
			const deviceHash = socket.data.deviceHash;
			const [openPolls, verified, stars] = await Promise.all([
				services.polls.openPolls(event.id),
				services.badges.isVerified(event.id, deviceHash),
				deviceHash ? services.personal.stars(event.id, deviceHash).then((s) => s.stars) : []
			]);

			if (isAttendee(socket)) {
				presence.move(
					{ eventId: previous, hallId: socket.data.hallId },
					{ eventId: event.id, hallId: previous === event.id ? socket.data.hallId : null },
					deviceHash
				);
			}
			if (previous !== event.id) socket.data.hallId = null;
			socket.data.eventId = event.id;
			// A page that holds this version has every byte of it: the answer is then a few hundred bytes, not ~10 KB.
			const held = have?.eventId === event.id && have.version === snapshot.version;
			return {
				data: {
					snapshot: held ? null : snapshot,
					identity,
					openPolls,
					verified,
					now: services.clock.now().getTime(),
					stars
				},
				effects: [
					// Its connection can be recovered from here, whether or not it hears anything before a drop.
					{ type: 'joined', socketId: socket.id, eventId: event.id, version: snapshot.version },
					// An organiser sees the attendance counts at once, not at the next change.
					...(organiser
						? [{ type: 'presence', counts: presence.counts(event.id), socketId: socket.id } as const]
						: [])
				]
			};
		},

		'event:details': (p, { scope }) => services.events.updateDetails(scope, p.fields),

		'presence:set': async ({ eventId, roomId }, { socket }) => {
			if (roomId && !(await services.events.room(eventId, roomId)))
				throw DomainError.because('not-found', 'room-not-found', 'no such room');
			membership.setHall(socket, eventId, socket.data.hallId, roomId);
			if (isAttendee(socket))
				presence.move(
					{ eventId, hallId: socket.data.hallId },
					{ eventId, hallId: roomId },
					socket.data.deviceHash
				);
			socket.data.hallId = roomId;
			return { data: { roomId } };
		}
	};
}
