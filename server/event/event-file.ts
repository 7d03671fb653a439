import { z } from 'zod';
import {
	ERROR_REASONS,
	EVENT_TEXT_MAX,
	EventCode,
	IsoInstant,
	PollDefinitionFields,
	PollId,
	refinePoll,
	SessionKind,
	ShortText,
	Slug,
	Speaker,
	UserText,
	type ErrorReason,
	type ReasonParams
} from '../../src/lib/protocol';
import type { ImportProblem } from '../../src/lib/organiser/import';
import { JsonSyntaxError, lineOf, parseJsonLocated } from './json-locate';
import { dayKey, daysBetween } from '../../src/lib/agenda/time';

/** The file format an organiser imports (and the sample conference is written in). */
export const EVENT_FILE_SCHEMA = 'dais.event/1';

const IsoDate = z.iso.date();
const knownZone = (tz: string) => {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
};
const TimeZone = z.string().refine(knownZone, 'not a known IANA time zone, e.g. "Asia/Karachi"');

/**
 * A session's start or end: a date and time with its offset from UTC. A time without one is the commonest slip (a
 * spreadsheet's local time), so it is named as such, with the value written right as the example.
 */
const FileInstant = z.string().superRefine((value, ctx) => {
	if (IsoInstant.safeParse(value).success) return;
	const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?$/.exec(value);
	if (local) {
		const time = `${local[1]}T${local[2]}${local[3] ?? ':00'}`;
		const example = `"${time}+05:00"`;
		ctx.addIssue({
			code: 'custom',
			message: `"${value}" has no offset from UTC: a time needs its offset or Z, e.g. ${example} (UTC+5, as in Islamabad) or "${time}Z" (UTC)`,
			params: { reason: 'file-time-no-offset', params: { example } }
		});
		return;
	}
	const example = '"2026-12-08T09:30:00+05:00"';
	ctx.addIssue({
		code: 'custom',
		message: `not a date and time with its offset from UTC, e.g. ${example} or "2026-12-08T04:30:00Z"`,
		params: { reason: 'file-bad-time', params: { example } }
	});
});

/** A language tag such as "ur" or "fr-CA". */
const LanguageTag = z
	.string()
	.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'not a language tag, e.g. "ur" or "fr"');

export const EventFile = z
	.strictObject({
		schema: z.literal(EVENT_FILE_SCHEMA),
		event: z.strictObject({
			id: Slug,
			code: EventCode,
			title: ShortText(EVENT_TEXT_MAX.title),
			subtitle: UserText(EVENT_TEXT_MAX.subtitle, { min: 0 }).default(''),
			city: UserText(EVENT_TEXT_MAX.city, { min: 0 }).default(''),
			venue: UserText(EVENT_TEXT_MAX.venue, { min: 0 }).default(''),
			timezone: TimeZone,
			/** How people name the event's time per language ({"fr": "heure d’Islamabad"}); else made from the city. */
			timeZoneNames: z
				.record(LanguageTag, z.string().trim().min(1).max(100))
				.refine((names) => Object.keys(names).length <= 30, 'at most 30 languages')
				.default({}),
			startsOn: IsoDate,
			endsOn: IsoDate,
			sample: z.boolean().default(false),
			organisers: z.array(ShortText(EVENT_TEXT_MAX.name)).max(EVENT_TEXT_MAX.names).default([]),
			funders: z.array(ShortText(EVENT_TEXT_MAX.name)).max(EVENT_TEXT_MAX.names).default([]),
			description: UserText(EVENT_TEXT_MAX.description, { min: 0, multiline: true }).default('')
		}),
		objectives: z
			.array(
				z.strictObject({
					id: Slug,
					name: ShortText(120),
					description: UserText(400, { min: 0, multiline: true }).default('')
				})
			)
			.max(20)
			.default([]),
		rooms: z
			.array(z.strictObject({ id: Slug, name: ShortText(120) }))
			.min(1)
			.max(50),
		sessions: z
			.array(
				z.strictObject({
					id: Slug,
					title: ShortText(200),
					description: UserText(2000, { min: 0, multiline: true }).default(''),
					kind: SessionKind.default('working'),
					roomId: Slug,
					startsAt: FileInstant,
					endsAt: FileInstant,
					speakers: z.array(Speaker).max(20).default([]),
					objectives: z.array(Slug).max(8).default([])
				})
			)
			.max(500),
		/** Ready-made polls, imported as drafts for the chairs to launch. */
		polls: z
			.array(PollDefinitionFields.extend({ id: PollId, sessionId: Slug }).superRefine(refinePoll))
			.max(500)
			.default([])
	})
	.superRefine((f, ctx) => {
		/** A problem with the reason pages word it by (and the file's own id it names), beside zod's English. */
		const problem = (
			path: (string | number)[],
			message: string,
			reason: ErrorReason,
			params?: ReasonParams
		) => ctx.addIssue({ code: 'custom', path, message, params: { reason, params } });
		if (f.event.endsOn < f.event.startsOn) {
			problem(['event', 'endsOn'], 'ends before it starts', 'file-ends-before-start');
		}
		const dupes = (items: { id: string }[], key: string) => {
			const seen = new Set<string>();
			items.forEach((item, n) => {
				if (seen.has(item.id))
					problem([key, n, 'id'], `duplicate id "${item.id}"`, 'file-duplicate-id', { id: item.id });
				seen.add(item.id);
			});
		};
		dupes(f.objectives, 'objectives');
		dupes(f.rooms, 'rooms');
		dupes(f.sessions, 'sessions');
		dupes(f.polls, 'polls');
		/** A reference to an id the file must define, e.g. a session's room. */
		const ref = (known: Set<string>, id: string, path: (string | number)[], what: keyof typeof UNKNOWN) => {
			if (!known.has(id)) problem(path, `no ${what} with id "${id}"`, UNKNOWN[what], { id });
		};
		const ids = (items: { id: string }[]) => new Set(items.map((x) => x.id));
		const [sessions, rooms, objectives] = [ids(f.sessions), ids(f.rooms), ids(f.objectives)];
		f.polls.forEach((p, n) => ref(sessions, p.sessionId, ['polls', n, 'sessionId'], 'session'));
		f.sessions.forEach((s, n) => {
			ref(rooms, s.roomId, ['sessions', n, 'roomId'], 'room');
			// A time that is not one (no offset: read in the server's own zone) is reported already, by itself.
			const timed = IsoInstant.safeParse(s.startsAt).success && IsoInstant.safeParse(s.endsAt).success;
			if (timed && Date.parse(s.endsAt) <= Date.parse(s.startsAt)) {
				problem(['sessions', n, 'endsAt'], 'must be after startsAt', 'file-ends-before-start');
			}
			s.objectives.forEach((o, k) => ref(objectives, o, ['sessions', n, 'objectives', k], 'objective'));
		});
		// The file's days become the event's: a start on none of them (a year mistyped) would give phones a day of
		// its own, so it is refused as the session form warns of it.
		// (Refinements run on a file with other problems too: an unknown zone or a bad time is reported already.)
		if (f.event.endsOn >= f.event.startsOn && knownZone(f.event.timezone)) {
			const days = daysBetween(f.event.startsOn, f.event.endsOn);
			f.sessions.forEach((s, n) => {
				if (!IsoInstant.safeParse(s.startsAt).success) return;
				const day = dayKey(Date.parse(s.startsAt), f.event.timezone);
				if (!days.includes(day))
					problem(
						['sessions', n, 'startsAt'],
						`session "${s.id}" starts on ${day} (${f.event.timezone}), outside the event's days, ${f.event.startsOn} to ${f.event.endsOn}: check its year and month (phones would show it on a day of its own)`,
						'file-session-off-days',
						{ id: s.id, day, first: f.event.startsOn, last: f.event.endsOn }
					);
			});
		}
	});
export type EventFile = z.output<typeof EventFile>;

/** A problem in a file: where it is, the parser's English, and (for the file's own rules) the reason pages word. */
export type FileProblem = ImportProblem;

const UNKNOWN = {
	room: 'file-unknown-room',
	session: 'file-unknown-session',
	objective: 'file-unknown-objective'
} as const satisfies Record<string, ErrorReason>;

/** The reason and params a problem of this file's own rules carries (see `problem` above, and `refinePoll`). */
function reasonOf(issue: { code: string; params?: unknown }): Pick<FileProblem, 'reason' | 'params'> {
	if (issue.code !== 'custom' || typeof issue.params !== 'object' || issue.params === null) return {};
	const { reason, params } = issue.params as { reason?: unknown; params?: ReasonParams };
	if (!(ERROR_REASONS as readonly unknown[]).includes(reason)) return {};
	return params ? { reason: reason as ErrorReason, params } : { reason: reason as ErrorReason };
}

export type ParsedEventFile = { ok: true; file: EventFile } | { ok: false; problems: FileProblem[] };

/** Parses and validates an event file, naming the line and field of every problem. */
export function parseEventFile(text: string): ParsedEventFile {
	// A CSV, a spreadsheet's text or a PDF is not "unexpected "i" at line 1": it is not a programme file at all.
	const start = /^\uFEFF?\s*(.)/.exec(text)?.[1];
	if (start !== undefined && start !== '{' && start !== '[')
		return {
			ok: false,
			problems: [
				{
					line: 1,
					column: 1,
					path: '',
					message:
						'this is not a programme file: Dais imports the JSON file its export gives, not a spreadsheet or CSV',
					reason: 'file-not-json'
				}
			]
		};
	let located;
	try {
		located = parseJsonLocated(text);
	} catch (e) {
		if (e instanceof JsonSyntaxError) {
			return {
				ok: false,
				problems: [
					{
						line: e.line,
						column: e.column,
						path: '',
						message: e.message.replace(/^line \d+, column \d+: /, '')
					}
				]
			};
		}
		throw e;
	}
	const result = EventFile.safeParse(located.value);
	if (result.success) return { ok: true, file: result.data };
	return {
		ok: false,
		problems: result.error.issues
			.map((issue) => ({
				...lineOf(located, issue.path),
				path: issue.path.map(String).join('.'),
				message: issue.message,
				...reasonOf(issue)
			}))
			.sort((a, b) => a.line - b.line || a.column - b.column)
	};
}

export function formatProblems(problems: FileProblem[]): string {
	return problems
		.map((p) => `line ${p.line}, column ${p.column}${p.path ? ` (${p.path})` : ''}: ${p.message}`)
		.join('\n');
}
