import type { QaCounts } from '$lib/protocol';
import type { OutcomeReport, ReportObjectiveSection, ReportPoll, ReportQuestion } from '$lib/report/types';
import { inScope, type Scope } from '../../../../server/access/scope';
import type { Services } from '../../../../server/services';

const ZERO: QaCounts = { received: 0, published: 0, answered: 0, merged: 0, notPublished: 0 };
const add = (a: QaCounts, b: QaCounts): QaCounts => ({
	received: a.received + b.received,
	published: a.published + b.published,
	answered: a.answered + b.answered,
	merged: a.merged + b.merged,
	notPublished: a.notPublished + b.notPublished
});
export const TOP_QUESTIONS = 5;

/**
 * The outcome report read from the hub's services, in the report's shape. A session tied to exactly one objective
 * belongs to that chapter; one tied to none or several (opening, report-back plenary) to the closing chapter, once.
 * A question a moderator labelled with an objective follows its label.
 */
export function outcomeReport(services: Services, scope: Scope, sessionId: string | null): OutcomeReport {
	const snap = services.events.snapshot(scope.eventId);
	const objectiveIds = snap.objectives.map((o) => o.id);
	const chapterOf = (objectives: string[]) => {
		const known = objectives.filter((id) => objectiveIds.includes(id));
		return known.length === 1 ? known[0] : null;
	};
	const sessions = snap.sessions
		.filter((s) => s.kind !== 'break' && inScope(scope, s.roomId) && (!sessionId || s.id === sessionId))
		.map((s) => {
			const qa = services.qa.moderate(scope, s.id);
			// Chatham House sessions keep no names; a hub without the rule marks none.
			const chathamHouse = (s as { chathamHouse?: boolean }).chathamHouse === true;
			const questions: ReportQuestion[] = qa.questions
				.filter((q) => q.state === 'published' || q.state === 'archived')
				.map((q) => ({
					id: q.id,
					sessionId: s.id,
					text: q.text,
					votes: q.votes,
					answered: q.answered,
					reply: q.reply,
					objectiveId: q.objectiveId,
					name: chathamHouse ? null : q.name,
					organisation: chathamHouse ? null : q.organisation,
					country: chathamHouse ? null : q.country
				}));
			const polls: ReportPoll[] = services.polls
				.manage(scope, s.id)
				.polls.filter((p) => p.state !== 'draft' && p.results)
				.map((p) => ({
					id: p.id,
					sessionId: s.id,
					question: p.question,
					type: p.type,
					state: p.state === 'open' ? 'open' : 'closed',
					ballots: p.ballots,
					turnout: null,
					rows: p.options.length ? p.options : snap.objectives.map((o) => ({ id: o.id, label: o.name })),
					results: p.results!
				}));
			return {
				session: {
					id: s.id,
					title: s.title,
					roomId: s.roomId,
					roomName: snap.rooms.find((r) => r.id === s.roomId)?.name ?? s.roomId,
					startsAt: s.startsAt,
					endsAt: s.endsAt,
					delayMinutes: s.delayMinutes,
					cancelled: s.cancelled,
					chathamHouse,
					objectives: s.objectives,
					moderation: qa.counts,
					peakAttendance: null
				},
				questions,
				polls
			};
		});
	const chapters: (string | null)[] = sessionId ? [null] : [...objectiveIds, null];
	const byObjective: ReportObjectiveSection[] = chapters
		.map((chapter) => {
			const mine = sessions.filter((s) => sessionId || chapterOf(s.session.objectives) === chapter);
			const questions = sessions.flatMap((s) =>
				s.questions.filter((q) =>
					sessionId
						? true
						: q.objectiveId && objectiveIds.includes(q.objectiveId)
							? q.objectiveId === chapter
							: chapterOf(s.session.objectives) === chapter
				)
			);
			const objective = snap.objectives.find((o) => o.id === chapter) ?? null;
			return {
				objective: objective && {
					id: objective.id,
					name: objective.name,
					description: objective.description
				},
				sessions: mine.map((s) => s.session.id),
				topQuestions: questions
					.sort((a, b) => b.votes - a.votes)
					.slice(0, sessionId ? undefined : TOP_QUESTIONS),
				polls: mine.flatMap((s) => s.polls),
				moderation: mine.reduce((c, s) => add(c, s.session.moderation), ZERO)
			};
		})
		.filter((section) => section.objective || section.sessions.length);
	const polls = sessions.flatMap((s) => s.polls);
	return {
		generatedAt: services.clock.now().toISOString(),
		event: {
			id: snap.event.id,
			code: snap.event.code,
			title: snap.event.title,
			timezone: snap.event.timezone,
			startsOn: snap.event.startsOn,
			endsOn: snap.event.endsOn
		},
		sessionId,
		sessions: sessions.map((s) => s.session),
		byObjective,
		moderation: sessions.reduce((c, s) => add(c, s.session.moderation), ZERO),
		turnout: { polls: polls.length, ballots: polls.reduce((n, p) => n + p.ballots, 0), meanTurnout: null },
		attendance: {
			intervalSeconds: 60,
			rooms: snap.rooms.filter((r) => inScope(scope, r.id)),
			samples: []
		}
	};
}
