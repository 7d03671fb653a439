import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/** Badge commands: an attendee redeems a code on their phone; organisers generate, release and count badges. */
export function badgeHandlers(services: Services): HandlerTable {
	const { badges } = services;
	return {
		'badge:redeem': async (p, { device }) => ({ data: await badges.redeem(p.eventId, device.hash, p.code) }),
		'badge:generate': async (p, { scope }) => {
			const made = await badges.generate(scope, p.count);
			// The event's first codes: phones start offering to verify a badge (a new version of the event, once).
			const effects = made.data.first === 1 ? [await services.events.replaced(scope.eventId)] : [];
			return { ...made, effects };
		},
		'badge:release': async (p, { scope }) => ({ data: await badges.release(scope, p.badge) }),
		'badge:summary': async (_p, { scope }) => ({ data: await badges.summary(scope) })
	};
}
