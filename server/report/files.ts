import { strToU8, zipSync } from 'fflate';
import { spreadsheetCsv, type CsvValue } from '../../src/lib/text/csv';
import type { EventExport } from '../event/export';

/** One column of an exported CSV file: its header, how a row fills it, and what it means (for README.txt). */
interface Column<Row> {
	header: string;
	about: string;
	value: (row: Row) => CsvValue;
}

/** The hub's exports are written as every CSV file Dais hands out is (spreadsheetCsv says how). */
function toCsv<Row>(columns: Column<Row>[], rows: Row[]): string {
	return spreadsheetCsv(
		columns.map((c) => c.header),
		rows.map((r) => columns.map((c) => c.value(r)))
	);
}

/**
 * "2026-12-08 11:00:00": an instant as a clock in the event's time zone shows it (beside each UTC column, so a
 * spreadsheet in Islamabad reads the hall's own times).
 */
function localTime(iso: string | null, timeZone: string): string | null {
	if (!iso) return null;
	let f = localFormats.get(timeZone);
	if (!f)
		localFormats.set(
			timeZone,
			(f = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }))
		);
	return f.format(Date.parse(iso));
}
/** One formatter per zone: an export formats a time per row (a day's head counts are thousands of rows). */
const localFormats = new Map<string, Intl.DateTimeFormat>();
/** Each row knows the event's time zone, for its local-time columns. */
type Zoned = { tz: string };

type QuestionRow = EventExport['sessions'][number]['questions'][number] &
	Zoned & {
		session: EventExport['sessions'][number];
	};
type PollRow = {
	session: EventExport['sessions'][number];
	poll: EventExport['sessions'][number]['polls'][number];
	row: EventExport['sessions'][number]['polls'][number]['rows'][number] | null;
	answer: string | null;
};
type AuditRow = EventExport['auditLog'][number] & Zoned & { sessionTitle: string };
type AttendanceRow = Zoned & { at: string; roomId: string; room: string; count: number };

const QUESTION_COLUMNS: Column<QuestionRow>[] = [
	{
		header: 'session',
		about: 'Title of the session the question was asked in.',
		value: (q) => q.session.title
	},
	{ header: 'room', about: 'Name of the hall the session is in.', value: (q) => q.session.room },
	{
		header: 'question',
		about: 'The question as the room saw it (after any moderator edit).',
		value: (q) => q.text
	},
	{ header: 'votes', about: 'Upvotes from attendees (one per device).', value: (q) => q.votes },
	{
		header: 'answered',
		about: '"yes" once the chair or a moderator marked it answered.',
		value: (q) => q.answered
	},
	{
		header: 'objective',
		about: 'Name of the conference objective the question was tied to, if any.',
		value: (q) => q.objective
	},
	{
		header: 'name',
		about: 'Name the asker chose to give (empty if none, and always empty in a Chatham House session).',
		value: (q) => q.name
	},
	{
		header: 'organisation',
		about: 'Organisation the asker gave (same rules as name).',
		value: (q) => q.organisation
	},
	{ header: 'country', about: 'Country the asker gave (same rules as name).', value: (q) => q.country },
	{ header: 'reply', about: 'Written reply a moderator added, if any.', value: (q) => q.reply },
	{
		header: 'state',
		about: '"published" (on the room\'s list) or "archived" (taken off the list after it was shown).',
		value: (q) => q.state
	},
	{ header: 'session_id', about: 'Identifier of the session.', value: (q) => q.session.id },
	{ header: 'question_id', about: 'Identifier of the question.', value: (q) => q.id },
	{ header: 'objective_id', about: 'Identifier of the objective, if any.', value: (q) => q.objectiveId },
	{ header: 'asked_at', about: 'When it was asked (UTC, ISO 8601).', value: (q) => q.askedAt },
	{
		header: 'asked_at_local',
		about: "When it was asked, in the event's time zone (YYYY-MM-DD HH:MM:SS).",
		value: (q) => localTime(q.askedAt, q.tz)
	},
	{
		header: 'published_at',
		about: 'When it was first shown to the room (UTC, ISO 8601).',
		value: (q) => q.publishedAt
	},
	{
		header: 'published_at_local',
		about: "When it was first shown to the room, in the event's time zone (YYYY-MM-DD HH:MM:SS).",
		value: (q) => localTime(q.publishedAt, q.tz)
	}
];

const POLL_COLUMNS: Column<PollRow>[] = [
	{ header: 'session', about: 'Title of the session the poll ran in.', value: (r) => r.session.title },
	{ header: 'room', about: 'Name of the hall.', value: (r) => r.session.room },
	{ header: 'poll', about: 'The poll question.', value: (r) => r.poll.question },
	{
		header: 'type',
		about: 'single, multiple (choices), rating (1-5 stars per item), ranking, wordcloud or open (free text).',
		value: (r) => r.poll.type
	},
	{ header: 'state', about: '"open" or "closed" at the time of export.', value: (r) => r.poll.state },
	{ header: 'ballots', about: 'Devices that voted (the turnout count).', value: (r) => r.poll.ballots },
	{
		header: 'turnout',
		about:
			'Ballots divided by the highest head count in the hall while the session ran (empty if not sampled).',
		value: (r) => r.poll.turnout
	},
	{
		header: 'verified_only',
		about:
			'"yes" when the chair restricted the poll to verified attendees (one ballot per redeemed badge code), else "no".',
		value: (r) => (r.poll.verifiedOnly ? 'yes' : 'no')
	},
	{
		header: 'new_device_ballots',
		about:
			'Ballots from phones the hub first gave a device id after the poll opened: a burst of them in a poll open to every phone can mean stuffing (latecomers count here too).',
		value: (r) => r.poll.newDevices
	},
	{
		header: 'option',
		about: 'The choice, rated or ranked item, or word this row is about (empty on an open-text answer row).',
		value: (r) => r.row?.label ?? null
	},
	{
		header: 'count',
		about:
			'Ballots that chose it (single/multiple), rated or ranked it (rating/ranking), or times the word was given.',
		value: (r) => r.row?.count ?? null
	},
	{
		header: 'share',
		about: 'count / ballots, from 0 to 1 (multiple-choice shares can add up to more than 1).',
		value: (r) => r.row?.share ?? null
	},
	{ header: 'mean', about: 'Rating polls: the mean rating from 1 to 5.', value: (r) => r.row?.mean ?? null },
	...[1, 2, 3, 4, 5].map((n): Column<PollRow> => ({
		header: `stars_${n}`,
		about: `Rating polls: how many rated the item ${n} of 5.`,
		value: (r) => r.row?.distribution?.[n - 1] ?? null
	})),
	{
		header: 'borda',
		about: 'Ranking polls: Borda score (with n items, first place earns n-1 points, last none).',
		value: (r) => r.row?.borda ?? null
	},
	{
		header: 'positions',
		about: 'Ranking polls: how many put the item 1st, 2nd, ... separated by spaces.',
		value: (r) => r.row?.positions?.join(' ') ?? null
	},
	{
		header: 'answer',
		about:
			'Open-text polls: one answer a chair or moderator published (unpublished answers are not exported).',
		value: (r) => r.answer
	},
	{ header: 'session_id', about: 'Identifier of the session.', value: (r) => r.session.id },
	{ header: 'poll_id', about: 'Identifier of the poll.', value: (r) => r.poll.id },
	{
		header: 'option_id',
		about: 'Identifier of the option (the word itself for word clouds).',
		value: (r) => r.row?.id ?? null
	}
];

const AUDIT_COLUMNS: Column<AuditRow>[] = [
	{ header: 'at', about: 'When it was done (UTC, ISO 8601).', value: (e) => e.at },
	{
		header: 'at_local',
		about: "When it was done, in the event's time zone (YYYY-MM-DD HH:MM:SS).",
		value: (e) => localTime(e.at, e.tz)
	},
	{
		header: 'role',
		about: 'Role of the staff link used: organiser, moderator, chair or screen.',
		value: (e) => e.role
	},
	{ header: 'label', about: 'Label the organiser gave that staff link.', value: (e) => e.label },
	{
		header: 'command',
		about: 'What was done, as the hub names the command (e.g. question:approve).',
		value: (e) => e.command
	},
	{ header: 'session', about: 'Title of the session it was done in, if any.', value: (e) => e.sessionTitle },
	{
		header: 'target',
		about:
			'The ids the command named (poll, question, staff link, room...), a delay’s minutes, cancelled or restored, the names of the fields an edit changed, a poll’s transition (open, close, reopen, countdown) with its countdownSeconds, who sees its results (visibility), a question put on screen or taken off (pinned), as JSON. Never text or attendee data.',
		value: (e) => JSON.stringify(e.target)
	},
	{ header: 'session_id', about: 'Identifier of the session, if any.', value: (e) => e.sessionId },
	{ header: 'credential_id', about: 'Identifier of the staff link.', value: (e) => e.credentialId },
	{ header: 'entry_id', about: 'Running number of the log entry.', value: (e) => e.id }
];

const ATTENDANCE_COLUMNS: Column<AttendanceRow>[] = [
	{
		header: 'at',
		about: 'The minute sampled (UTC, ISO 8601). Counts are taken once a minute.',
		value: (r) => r.at
	},
	{
		header: 'at_local',
		about: "The minute sampled, in the event's time zone (YYYY-MM-DD HH:MM:SS).",
		value: (r) => localTime(r.at, r.tz)
	},
	{
		header: 'room',
		about: 'Name of the hall, or "(all)" for every connected attendee including those in no hall.',
		value: (r) => r.room
	},
	{
		header: 'count',
		about: 'Attendees connected there at that minute (a head count; nothing per person).',
		value: (r) => r.count
	},
	{ header: 'room_id', about: 'Identifier of the hall ("*" for all).', value: (r) => r.roomId }
];

export const questionsCsv = (x: EventExport) =>
	toCsv(
		QUESTION_COLUMNS,
		x.sessions.flatMap((session) => session.questions.map((q) => ({ ...q, session, tz: x.event.timezone })))
	);

export const pollsCsv = (x: EventExport) =>
	toCsv(
		POLL_COLUMNS,
		x.sessions.flatMap((session) =>
			session.polls.flatMap((poll): PollRow[] => {
				const rows = poll.rows.map((row) => ({ session, poll, row, answer: null }));
				const answers = poll.answers.map((answer) => ({ session, poll, row: null, answer }));
				// A poll nobody answered still gets its line, with its ballots at 0.
				return rows.length || answers.length
					? [...rows, ...answers]
					: [{ session, poll, row: null, answer: null }];
			})
		)
	);

export const auditCsv = (x: EventExport) => {
	const title = new Map(x.sessions.map((s) => [s.id, s.title]));
	return toCsv(
		AUDIT_COLUMNS,
		x.auditLog.map((e) => ({
			...e,
			tz: x.event.timezone,
			sessionTitle: (e.sessionId && title.get(e.sessionId)) || e.sessionId || ''
		}))
	);
};

export const attendanceCsv = (x: EventExport) =>
	toCsv(
		ATTENDANCE_COLUMNS,
		x.attendance.samples.flatMap((s) => [
			{ at: s.at, roomId: '*', room: '(all)', count: s.total, tz: x.event.timezone },
			...x.attendance.rooms.map((r) => ({
				at: s.at,
				roomId: r.id,
				room: r.name,
				count: s.byRoom[r.id] ?? 0,
				tz: x.event.timezone
			}))
		])
	);

/** The CSV files an export can be had as, by name. */
export const CSV_FILES = {
	questions: {
		columns: QUESTION_COLUMNS,
		write: questionsCsv,
		about: 'Questions the room saw, one row each, by votes within each session.'
	},
	polls: {
		columns: POLL_COLUMNS,
		write: pollsCsv,
		about: 'Poll results, one row per option (or word, or published open answer).'
	},
	audit: { columns: AUDIT_COLUMNS, write: auditCsv, about: 'What staff did, newest first.' },
	attendance: {
		columns: ATTENDANCE_COLUMNS,
		write: attendanceCsv,
		about: 'Head counts per hall, once a minute.'
	}
} as const;
export type CsvFile = keyof typeof CSV_FILES;

/** README.txt of an archive: what each file is and what every column of every CSV file means. */
export function archiveReadme(x: EventExport, files: CsvFile[]): string {
	const lines = [
		`${x.event.title} (${x.event.code})`,
		x.sessionId
			? `One session: ${x.sessions[0]?.title ?? x.sessionId}`
			: 'Whole event, as far as the exporting staff link reaches',
		`Exported ${x.exportedAt} (UTC). Times in the files are UTC (ISO 8601); each has a column beside it ending in _local with the same time in the event's time zone, ${x.event.timezone}.`,
		'',
		'CSV files are UTF-8 with a byte-order mark, comma-separated, every value quoted. A value that starts with',
		"= + - @ is prefixed with ' so that spreadsheets show it as text instead of running it as a formula.",
		'No file holds a device id or anything else that identifies an attendee beyond what they chose to type.',
		'',
		'export.json',
		'  Everything below in one file, with ids and names side by side (objectives, rooms, sessions, options).',
		''
	];
	for (const f of files) {
		lines.push(`${f}.csv`, `  ${CSV_FILES[f].about}`);
		for (const c of CSV_FILES[f].columns as Column<never>[]) lines.push(`  - ${c.header}: ${c.about}`);
		lines.push('');
	}
	return lines.join('\r\n');
}

/** The whole export as one zip: README.txt, export.json and each CSV file. */
export function exportArchive(x: EventExport, files: CsvFile[]): Uint8Array {
	const members: Record<string, Uint8Array> = {
		'README.txt': strToU8(archiveReadme(x, files)),
		'export.json': strToU8(JSON.stringify(x, null, 2))
	};
	for (const f of files) members[`${f}.csv`] = strToU8(CSV_FILES[f].write(x));
	return zipSync(members, { level: 6, mtime: new Date(x.exportedAt) });
}
