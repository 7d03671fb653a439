import { randomBytes } from 'node:crypto';
import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/** Agenda commands. Each fact goes to the event's room once the write has committed. */
export function agendaHandlers(services: Services): HandlerTable {
	const { agenda, qa } = services;
	const newId = () => `s-${randomBytes(5).toString('hex')}`;

	return {
		'session:create': (p, { scope }) => agenda.create(scope, p.sessionId ?? newId(), p.fields),
		'session:update': (p, { scope }) => agenda.update(scope, p.sessionId, p.fields),
		'session:delay': (p, { scope }) => agenda.delay(scope, p.sessionId, p.minutes),
		'session:move': (p, { scope }) => agenda.move(scope, p.sessionId, p.roomId),
		'session:cancel': (p, { scope }) => agenda.setCancelled(scope, p.sessionId, p.cancelled),
		'session:chatham': async (p, { scope }) => {
			const result = await agenda.setChathamHouse(scope, p.sessionId, p.on);
			// Turning the rule on erases names already given, in the same transaction as the flag.
			const dropped = p.on ? await qa.dropNames(scope, p.sessionId) : [];
			return { data: result.data, effects: [...result.effects, ...dropped] };
		},
		'announcement:post': (p, { scope }) => agenda.announce(scope, p.text, p.roomId, p.minutes),
		'announcement:withdraw': (p, { scope }) => agenda.withdraw(scope, p.announcementId)
	};
}
