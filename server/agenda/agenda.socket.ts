import { randomBytes } from 'node:crypto';
import type { AgendaFact } from '../../src/lib/protocol';
import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';
import type { Mutation } from './agenda.service';

/** Agenda commands. Each fact is broadcast to the event's room after the ack. */
export function agendaHandlers(
	services: Services,
	publish: (eventId: string, fact: AgendaFact) => void
): HandlerTable {
	const { agenda } = services;
	const send = <T>(eventId: string, m: Mutation<T>) => ({
		data: m.data,
		after: () => publish(eventId, m.fact)
	});
	const newId = () => `s-${randomBytes(5).toString('hex')}`;

	return {
		'session:create': (p, { scope }) =>
			send(p.eventId, agenda.create(scope, p.sessionId ?? newId(), p.fields)),
		'session:update': (p, { scope }) => send(p.eventId, agenda.update(scope, p.sessionId, p.fields)),
		'session:delay': (p, { scope }) => send(p.eventId, agenda.delay(scope, p.sessionId, p.minutes)),
		'session:move': (p, { scope }) => send(p.eventId, agenda.move(scope, p.sessionId, p.roomId)),
		'session:cancel': (p, { scope }) => send(p.eventId, agenda.setCancelled(scope, p.sessionId, p.cancelled)),
		'announcement:post': (p, { scope }) => send(p.eventId, agenda.announce(scope, p.text, p.roomId)),
		'announcement:withdraw': (p, { scope }) => send(p.eventId, agenda.withdraw(scope, p.announcementId))
	};
}
