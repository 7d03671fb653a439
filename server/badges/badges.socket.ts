import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/** Badge commands: an attendee redeems a code on their phone; organisers generate, release and count badges. */
export function badgeHandlers(services: Services): HandlerTable {
	const { badges } = services;
	return {
		'badge:redeem': (p, { device }) => ({ data: badges.redeem(p.eventId, device.hash, p.code) }),
		'badge:generate': (p, { scope }) => badges.generate(scope, p.count),
		'badge:release': (p, { scope }) => ({ data: badges.release(scope, p.badge) }),
		'badge:summary': (_p, { scope }) => ({ data: badges.summary(scope) })
	};
}
