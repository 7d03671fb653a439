import type { HandlerTable } from '../realtime/dispatcher';
import type { Presence } from '../realtime/presence';
import type { Services } from '../services';

/** The host's commands: the dispatcher lets only a host's sign-in send them, for any event. */
export function hostHandlers(services: Services, presence: Presence): HandlerTable {
	const { host } = services;
	return {
		'event:list': async ({ archived }) => ({
			data: {
				events: (await host.list((id) => presence.counts(id).total)).filter(
					(row) => archived || row.state !== 'archived'
				)
			}
		}),
		'event:create': async (input) => ({ data: await host.create(input) }),
		'event:archive': ({ archived }, { scope }) => host.archive(scope.eventId, archived),
		'programme:clear': (_p, { scope }) => host.clear(scope.eventId),
		'organiser:mint': async ({ label }, { scope }) => {
			const minted = await host.mintOrganiser(scope.eventId, label);
			// The ledger keeps no token: a retried mint answers without the link (it was shown once, or never).
			return { data: minted, ledger: { credential: minted.credential, signInPath: null } };
		},
		'event:delete': ({ confirmCode }, { scope }) => host.remove(scope.eventId, confirmCode)
	};
}
