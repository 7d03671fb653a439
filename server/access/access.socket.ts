import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/** Organisers list, mint and revoke staff links, and end their sign-ins, within their own link's scope. */
export function accessHandlers(services: Services): HandlerTable {
	const { access, signIns } = services;
	return {
		'staff:list': async (_p, { socket, scope }) => ({
			data: {
				credentials: await access.listIn(scope),
				signIns: await signIns.listIn(scope, socket.data.signInId)
			}
		}),
		'staff:mint': async ({ role, roomId, label }, { scope }) => {
			const minted = await access.mintIn(scope, { role, roomId, label });
			// The ledger keeps no token: a retried mint answers without the link (it was shown once, or never).
			return { data: minted, ledger: { credential: minted.credential, signInPath: null } };
		},
		'staff:revoke': ({ credentialId }, { socket, scope }) =>
			access.revokeIn(scope, credentialId, socket.data.credential?.id ?? null),
		'staff:end-signin': ({ signInId }, { socket, scope }) =>
			signIns.endIn(scope, signInId, socket.data.signInId)
	};
}
