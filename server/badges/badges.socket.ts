import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/** Badge commands: an attendee redeems a code on their phone; organisers generate, release and count badges. */
export function badgeHandlers(services: Services): HandlerTable {
	const { badges } = services;
	return {
		'badge:redeem': async (p, { device }) => ({ data: await badges.redeem(p.eventId, device.hash, p.code) }),
		'badge:generate': (p, { scope }) => badges.generate(scope, p.count),
		'badge:release': async (p, { scope }) => ({ data: await badges.release(scope, p.badge) }),
		'badge:summary': async (_p, { scope }) => ({ data: await badges.summary(scope) })
	};
}
