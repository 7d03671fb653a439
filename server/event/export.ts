import { inScope, type Scope } from '../access/scope';
import type { Services } from '../services';
import type {
	AttendanceSample,
	AttendanceSeries,
	AuditEntry,
	PollView,
	QaCounts,
	QuestionState,
	ReportPoll,
	ReportPollRow
} from '../../src/lib/protocol';
import { ATTENDANCE_INTERVAL_MS } from '../report/attendance';

export interface ExportQuestion {
	id: string;
	text: string;
	votes: number;
	state: QuestionState;
	answered: boolean;
	objectiveId: string | null;
	/** The objective's name, resolved. */
	objective: string | null;
	/** Who asked, as they typed it; always null in a Chatham House session. */
	name: string | null;
	organisation: string | null;
	country: string | null;
	reply: string | null;
	askedAt: string;
	publishedAt: string | null;
}

export interface ExportPoll extends ReportPoll {
	options: PollView['options'];
}

export interface ExportSession {
	id: string;
	title: string;
	roomId: string;
	/** The room's name, resolved. */
	room: string;
	startsAt: string;
	endsAt: string;
	delayMinutes: number;
	cancelled: boolean;
	chathamHouse: boolean;
	objectives: string[];
	objectiveNames: string[];
	questionCounts: QaCounts;
	questions: ExportQuestion[];
	polls: ExportPoll[];
	/** The highest head count in the hall while the session ran (delays applied), if sampled. */
	peakAttendance: number | null;
}

const MINUTE = 60_000;
const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

/** The highest head count in a hall between two instants, from the minute samples; null without any. */
export function peakIn(samples: AttendanceSample[], roomId: string, from: number, to: number): number | null {
	let peak: number | null = null;
	for (const s of samples) {
		const t = Date.parse(s.at);
		if (t < from || t > to) continue;
		peak = Math.max(peak ?? 0, s.byRoom[roomId] ?? 0);
	}
	return peak;
}

/**
 * A poll's ballots as a share of the hall's peak head count during its session; null without a head count, and null
 * when more phones voted than the samples counted in the hall (phones that voted from another page, or came and went
 * between two minute samples): a turnout of 189 % would be quoted, and it measures nothing.
 */
export function turnoutOf(ballots: number, peakAttendance: number | null): number | null {
	return peakAttendance && ballots <= peakAttendance ? round(ballots / peakAttendance, 3) : null;
}

/**
 * A poll's tally (as `server/polls/tally.ts` computes it for staff) as rows with labels resolved: counts and
 * shares of ballots, rating means and distributions, Borda scores and positions, word counts. Nothing recounted.
 */
export function pollRows(p: PollView): { rows: ReportPollRow[]; answers: string[] } {
	const r = p.results;
	const share = (n: number) => (p.ballots ? round(n / p.ballots) : 0);
	const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
	if (!r) return { rows: [], answers: [] };
	switch (r.type) {
		case 'single':
		case 'multiple':
			return {
				rows: p.options.map((o) => {
					const count = r.counts[o.id] ?? 0;
					return { id: o.id, label: o.label, count, share: share(count) };
				}),
				answers: []
			};
		case 'rating':
			return {
				rows: p.options.map((o) => {
					const it = r.items[o.id] ?? { mean: 0, distribution: [0, 0, 0, 0, 0] };
					const count = sum(it.distribution);
					return {
						id: o.id,
						label: o.label,
						count,
						share: share(count),
						mean: it.mean,
						distribution: it.distribution
					};
				}),
				answers: []
			};
		case 'ranking':
			return {
				rows: p.options.map((o) => {
					const it = r.items[o.id] ?? { borda: 0, positions: p.options.map(() => 0) };
					const count = sum(it.positions);
					return {
						id: o.id,
						label: o.label,
						count,
						share: share(count),
						borda: it.borda,
						positions: it.positions
					};
				}),
				answers: []
			};
		case 'wordcloud':
			return {
				rows: r.words.map((w) => ({ id: w.word, label: w.word, count: w.count, share: share(w.count) })),
				answers: []
			};
		case 'open':
			// Only what a chair or moderator published leaves the hub: the rest was never vetted.
			return { rows: [], answers: r.answers.filter((a) => a.published).map((a) => a.text) };
	}
}

/**
 * The record staff take away to draft recommendations, as far as their scope reaches (one session, or every
 * session of the event or of their hall): per session the questions the room saw (with votes, state, objective
 * and reply), every poll's results with labels resolved, turnout and attendance; the staff audit log when asked
 * for. Declined questions stay out; nothing identifies a device; a Chatham House session names no one.
 */
export async function exportEvent(
	services: Services,
	scope: Scope,
	opts: { sessionId?: string | null; audit?: boolean } = {}
) {
	const snapshot = await services.events.snapshot(scope.eventId);
	const sessionId = opts.sessionId ?? null;
	// Asking for a session outside the scope's hall is refused (scope.ts), not answered with nothing.
	if (sessionId) await services.requireAccess.session(scope, sessionId);
	const objectiveName = (id: string | null) =>
		id ? (snapshot.objectives.find((o) => o.id === id)?.name ?? id) : null;
	const roomName = (id: string) => snapshot.rooms.find((r) => r.id === id)?.name ?? id;
	const samples = await services.attendance.series(scope.eventId);

	const sessions: ExportSession[] = [];
	const shown = snapshot.sessions.filter((s) =>
		sessionId ? s.id === sessionId : s.kind !== 'break' && inScope(scope, s.roomId)
	);
	for (const s of shown) {
		const qa = await services.qa.moderate(scope, s.id);
		const managed = await services.polls.manage(scope, s.id);
		sessions.push(
			((): ExportSession => {
				const from = Date.parse(s.startsAt) + s.delayMinutes * MINUTE;
				const to = Date.parse(s.endsAt) + s.delayMinutes * MINUTE;
				const peakAttendance = peakIn(samples, s.roomId, from, to);
				const polls = managed.polls
					.filter((p) => p.state !== 'draft')
					.map((p): ExportPoll => {
						const { rows, answers } = pollRows(p);
						return {
							id: p.id,
							sessionId: s.id,
							question: p.question,
							type: p.type,
							state: p.state as 'open' | 'closed',
							ballots: p.ballots,
							turnout: turnoutOf(p.ballots, peakAttendance),
							verifiedOnly: p.verifiedOnly,
							newDevices: p.integrity?.newDevices ?? null,
							options: p.options,
							rows,
							answers,
							results: p.results!
						};
					});
				// The hub erases names when the rule goes on; this keeps any that predate the flag out all the same.
				const named = !s.chathamHouse;
				return {
					id: s.id,
					title: s.title,
					roomId: s.roomId,
					room: roomName(s.roomId),
					startsAt: s.startsAt,
					endsAt: s.endsAt,
					delayMinutes: s.delayMinutes,
					cancelled: s.cancelled,
					chathamHouse: s.chathamHouse,
					objectives: s.objectives,
					objectiveNames: s.objectives.map((o) => objectiveName(o)!),
					questionCounts: qa.counts,
					questions: qa.questions
						.filter((q) => q.state === 'published' || q.state === 'archived')
						.sort((a, b) => b.votes - a.votes || a.createdAt.localeCompare(b.createdAt))
						.map((q) => ({
							id: q.id,
							text: q.text,
							votes: q.votes,
							state: q.state,
							answered: q.answered,
							objectiveId: q.objectiveId,
							objective: objectiveName(q.objectiveId),
							name: named ? q.name : null,
							organisation: named ? q.organisation : null,
							country: named ? q.country : null,
							reply: q.reply,
							askedAt: q.createdAt,
							publishedAt: q.publishedAt
						})),
					polls,
					peakAttendance
				};
			})()
		);
	}

	const inSessions = new Set(sessions.map((s) => s.id));
	const auditLog: AuditEntry[] =
		(opts.audit ?? true)
			? (await services.audit.all(scope)).filter(
					(e) => !sessionId || (e.sessionId !== null && inSessions.has(e.sessionId))
				)
			: [];
	const rooms = snapshot.rooms.filter((r) =>
		sessionId ? sessions.some((s) => s.roomId === r.id) : inScope(scope, r.id)
	);
	// A one-session export keeps the minutes the session ran; a wider one keeps them all.
	const only = sessionId ? sessions[0] : null;
	const inWindow = (x: AttendanceSample) =>
		!only ||
		(Date.parse(x.at) >= Date.parse(only.startsAt) + only.delayMinutes * MINUTE &&
			Date.parse(x.at) <= Date.parse(only.endsAt) + only.delayMinutes * MINUTE);
	const attendance: AttendanceSeries = {
		eventId: scope.eventId,
		intervalSeconds: ATTENDANCE_INTERVAL_MS / 1000,
		rooms,
		// Counts of halls outside the scope stay out; the event total only for an event-wide export.
		samples: samples.filter(inWindow).map((x) => ({
			at: x.at,
			total: coversWholeEvent(scope, sessionId)
				? x.total
				: rooms.reduce((n, r) => n + (x.byRoom[r.id] ?? 0), 0),
			byRoom: Object.fromEntries(rooms.map((r) => [r.id, x.byRoom[r.id] ?? 0]))
		}))
	};
	return {
		exportedAt: services.clock.now().toISOString(),
		event: snapshot.event,
		sessionId,
		objectives: snapshot.objectives,
		rooms,
		sessions,
		attendance,
		// What staff did, newest first: link labels and roles, commands, and ids; nothing about attendees.
		auditLog
	};
}
export type EventExport = Awaited<ReturnType<typeof exportEvent>>;

const coversWholeEvent = (scope: Scope, sessionId: string | null) =>
	scope.roomId === null && sessionId === null;
