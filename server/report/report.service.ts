import type { Scope } from '../access/scope';
import { exportEvent, type EventExport, type ExportSession } from '../event/export';
import type { Services } from '../services';
import type {
	OutcomeReport,
	QaCounts,
	ReportObjectiveSection,
	ReportPoll,
	ReportQuestion
} from '../../src/lib/protocol';

/** How many questions each objective's section lists. */
export const TOP_QUESTIONS = 10;

const noCounts = (): QaCounts => ({ received: 0, published: 0, answered: 0, merged: 0, notPublished: 0 });
const addCounts = (a: QaCounts, b: QaCounts): QaCounts => ({
	received: a.received + b.received,
	published: a.published + b.published,
	answered: a.answered + b.answered,
	merged: a.merged + b.merged,
	notPublished: a.notPublished + b.notPublished
});

/**
 * The outcome report's data, organised by the event's objectives, from the same export staff download (so the
 * report and the files never disagree). A question goes under the objective it was tied to, else under each of its
 * session's objectives; a poll under each of its session's objectives; what none claims under a last section.
 */
export async function outcomeReport(
	services: Services,
	scope: Scope,
	sessionId: string | null = null
): Promise<OutcomeReport> {
	const x: EventExport = await exportEvent(services, scope, { sessionId, audit: false });
	const sections = new Map<string | null, ReportObjectiveSection>();
	const section = (id: string | null) => {
		let s = sections.get(id);
		if (!s) {
			const o = id ? x.objectives.find((o) => o.id === id) : undefined;
			s = {
				objective: o ? { id: o.id, name: o.name, description: o.description } : null,
				sessions: [],
				topQuestions: [],
				polls: [],
				moderation: noCounts()
			};
			sections.set(id, s);
		}
		return s;
	};
	// Every objective has its section, in the event's order, even one no session took up.
	for (const o of x.objectives) section(o.id);

	const questionOf = (s: ExportSession, q: ExportSession['questions'][number]): ReportQuestion => ({
		id: q.id,
		sessionId: s.id,
		text: q.text,
		votes: q.votes,
		answered: q.answered,
		state: q.state,
		reply: q.reply,
		objectiveId: q.objectiveId,
		name: q.name,
		organisation: q.organisation,
		country: q.country
	});
	const pollOf = (p: ExportSession['polls'][number]): ReportPoll => {
		const { options: _options, ...rest } = p;
		return rest;
	};

	for (const s of x.sessions) {
		const homes = s.objectives.length ? s.objectives : [null];
		for (const id of homes) {
			const sec = section(id);
			sec.sessions.push(s.id);
			sec.moderation = addCounts(sec.moderation, s.questionCounts);
			sec.polls.push(...s.polls.map(pollOf));
		}
		for (const q of s.questions) {
			const to = q.objectiveId ? [q.objectiveId] : homes;
			for (const id of to) section(id).topQuestions.push(questionOf(s, q));
		}
	}
	for (const sec of sections.values()) {
		sec.topQuestions = sec.topQuestions
			.sort((a, b) => b.votes - a.votes || a.id.localeCompare(b.id))
			.slice(0, TOP_QUESTIONS);
	}
	const byObjective = [...x.objectives.map((o) => sections.get(o.id)!)];
	const none = sections.get(null);
	if (none) byObjective.push(none);

	const polls = x.sessions.flatMap((s) => s.polls);
	const turnouts = polls.map((p) => p.turnout).filter((t): t is number => t !== null);
	return {
		generatedAt: x.exportedAt,
		event: {
			id: x.event.id,
			code: x.event.code,
			title: x.event.title,
			timezone: x.event.timezone,
			startsOn: x.event.startsOn,
			endsOn: x.event.endsOn
		},
		sessionId,
		sessions: x.sessions.map((s) => ({
			id: s.id,
			title: s.title,
			roomId: s.roomId,
			roomName: s.room,
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			delayMinutes: s.delayMinutes,
			cancelled: s.cancelled,
			chathamHouse: s.chathamHouse,
			objectives: s.objectives,
			moderation: s.questionCounts,
			peakAttendance: s.peakAttendance
		})),
		byObjective,
		moderation: x.sessions.reduce((c, s) => addCounts(c, s.questionCounts), noCounts()),
		turnout: {
			polls: polls.length,
			ballots: polls.reduce((n, p) => n + p.ballots, 0),
			meanTurnout: turnouts.length
				? Math.round((turnouts.reduce((a, b) => a + b, 0) / turnouts.length) * 1000) / 1000
				: null
		},
		attendance: x.attendance
	};
}
