import { inScope, type Scope } from '../access/scope';
import type { Services } from '../services';

/**
 * The record organisers take away after the event to draft recommendations: per session, the questions the room
 * saw (with votes, objective and reply) and every poll's final results, and the staff audit log. Declined questions
 * stay out; nothing identifies a device.
 */
export function exportEvent(services: Services, scope: Scope) {
	const snapshot = services.events.snapshot(scope.eventId);
	const sessions = snapshot.sessions
		.filter((s) => s.kind !== 'break' && inScope(scope, s.roomId))
		.map((s) => {
			const qa = services.qa.moderate(scope, s.id);
			const polls = services.polls.manage(scope, s.id).polls.filter((p) => p.state !== 'draft');
			return {
				id: s.id,
				title: s.title,
				room: snapshot.rooms.find((r) => r.id === s.roomId)?.name ?? s.roomId,
				startsAt: s.startsAt,
				delayMinutes: s.delayMinutes,
				cancelled: s.cancelled,
				objectives: s.objectives,
				questionCounts: qa.counts,
				questions: qa.questions
					.filter((q) => q.state === 'published' || q.state === 'archived')
					.sort((a, b) => b.votes - a.votes)
					.map((q) => ({
						text: q.text,
						votes: q.votes,
						answered: q.answered,
						objectiveId: q.objectiveId,
						name: q.name,
						organisation: q.organisation,
						country: q.country,
						reply: q.reply
					})),
				polls: polls.map((p) => ({
					question: p.question,
					type: p.type,
					state: p.state,
					ballots: p.ballots,
					options: p.options,
					results: p.results
				}))
			};
		});
	return {
		exportedAt: services.clock.now().toISOString(),
		event: snapshot.event,
		objectives: snapshot.objectives,
		sessions,
		// What staff did, newest first: link labels and roles, commands, and ids; nothing about attendees.
		auditLog: services.audit.all(scope)
	};
}

const cell = (v: unknown) => {
	const s = v === null || v === undefined ? '' : String(v);
	// Quote everything; a leading = + - @ would be read as a formula by spreadsheets.
	return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

/** The questions as CSV, one row each, for a spreadsheet. */
export function questionsCsv(report: ReturnType<typeof exportEvent>): string {
	const rows = [
		[
			'session',
			'room',
			'question',
			'votes',
			'answered',
			'objective',
			'name',
			'organisation',
			'country',
			'reply'
		]
	];
	for (const s of report.sessions) {
		for (const q of s.questions) {
			const objective = report.objectives.find((o) => o.id === q.objectiveId)?.name ?? '';
			rows.push([
				s.title,
				s.room,
				q.text,
				String(q.votes),
				q.answered ? 'yes' : 'no',
				objective,
				q.name ?? '',
				q.organisation ?? '',
				q.country ?? '',
				q.reply ?? ''
			]);
		}
	}
	return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
