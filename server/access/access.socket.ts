import { DomainError } from '../errors';
import type { HandlerTable } from '../realtime/dispatcher';
import { rooms } from '../realtime/rooms';
import type { Services } from '../services';
import type { DaisServer } from '../realtime/types';

/** Organisers mint and revoke staff links; a revoked link's sockets are disconnected at once. */
export function accessHandlers(services: Services, io: DaisServer): HandlerTable {
	const { access, events } = services;
	return {
		'staff:list': ({ eventId }, { scope }) => ({
			// A hall's organiser sees the links for that hall only.
			data: {
				credentials: access
					.list(eventId)
					.filter((c) => !scope.roomId || c.roomId === scope.roomId)
					.map(({ eventId: _e, ...c }) => c)
			}
		}),
		'staff:mint': ({ eventId, role, roomId, label }, { scope }) => {
			if (roomId && !events.room(eventId, roomId)) throw new DomainError('not-found', 'no such room');
			// A room-scoped organiser can only hand out links for their own room.
			if (scope.roomId && roomId !== scope.roomId)
				throw new DomainError('forbidden', 'your staff link covers one room');
			const { credential, signInPath } = access.mint({ eventId, role, roomId, label });
			const { eventId: _e, ...c } = credential;
			// The ledger keeps no token: a retried mint answers without the link (it was shown once, or never).
			return { data: { credential: c, signInPath }, ledger: { credential: c, signInPath: null } };
		},
		'staff:revoke': ({ eventId, credentialId }, { socket, scope }) => {
			if (socket.data.credential?.id === credentialId)
				throw new DomainError('conflict', 'you cannot revoke your own link');
			// A room-scoped organiser can only revoke links for their own room, as with minting.
			if (scope.roomId && access.list(eventId).find((c) => c.id === credentialId)?.roomId !== scope.roomId) {
				throw new DomainError('forbidden', 'your staff link covers one room');
			}
			const credential = access.revoke(eventId, credentialId);
			return {
				data: { credential },
				after: () => {
					const room = rooms.credential(credentialId);
					io.to(room).emit('credential:revoked', { reason: 'revoked' });
					io.in(room).disconnectSockets(true);
				}
			};
		}
	};
}
