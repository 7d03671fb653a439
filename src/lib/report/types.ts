import type { PollResults, PollType, QaCounts } from '$lib/protocol';

/*
 * The outcome report as the page draws it. These mirror the hub's report shapes (`OutcomeReport` in the protocol,
 * issue #13 part A) field for field, so the hub's report is accepted as it is; the page needs no more than these.
 */

export interface ReportQuestion {
	id: string;
	sessionId: string;
	text: string;
	votes: number;
	answered: boolean;
	reply: string | null;
	objectiveId: string | null;
	/** Null when not given, and always null in a Chatham House session. */
	name: string | null;
	organisation: string | null;
	country: string | null;
}

export interface ReportPoll {
	id: string;
	sessionId: string;
	question: string;
	type: PollType;
	state: 'open' | 'closed';
	ballots: number;
	/** Ballots over the hall's peak head count while the poll ran; null without attendance samples. */
	turnout: number | null;
	/** The choices or items with their labels (the renderers take their order and labels from these). */
	rows: { id: string; label: string }[];
	results: PollResults;
}

export interface ReportSession {
	id: string;
	title: string;
	roomId: string;
	roomName: string;
	startsAt: string;
	endsAt: string;
	delayMinutes: number;
	cancelled: boolean;
	chathamHouse: boolean;
	objectives: string[];
	moderation: QaCounts;
	peakAttendance: number | null;
}

export interface ReportObjectiveSection {
	/** Null: what no objective claims. */
	objective: { id: string; name: string; description: string } | null;
	sessions: string[];
	topQuestions: ReportQuestion[];
	polls: ReportPoll[];
	moderation: QaCounts;
}

export interface AttendanceSample {
	at: string;
	total: number;
	byRoom: Record<string, number>;
}

export interface AttendanceSeries {
	intervalSeconds: number;
	rooms: { id: string; name: string }[];
	samples: AttendanceSample[];
}

export interface OutcomeReport {
	generatedAt: string;
	event: { id: string; code: string; title: string; timezone: string; startsOn: string; endsOn: string };
	sessionId: string | null;
	sessions: ReportSession[];
	byObjective: ReportObjectiveSection[];
	moderation: QaCounts;
	turnout: { polls: number; ballots: number; meanTurnout: number | null };
	attendance: AttendanceSeries;
}
