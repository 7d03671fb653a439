import { z } from 'zod';
import {
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
import { describeIssue, unknownKeys, type FileIssue } from './file-issues';

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
const TimeZone = z.string().refine(knownZone, {
	message: 'not a known IANA time zone, e.g. "Asia/Karachi"',
	params: { reason: 'file-bad-timezone', params: { field: 'timezone' } }
});

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

/** The file's shape: each field's own format, before the checks across fields (`crossProblems`). */
const EventFileShape = z.strictObject({
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
			.refine((names) => Object.keys(names).length <= 30, {
				message: 'at most 30 languages',
				params: { reason: 'file-too-many', params: { field: 'timeZoneNames', max: 30 } }
			})
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
});

/** A problem of the file's own rules, found across its fields: where, the hub's English, and the reason pages word. */
interface CrossProblem {
	path: (string | number)[];
	message: string;
	reason: ErrorReason;
	params?: ReasonParams;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
	typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
/** The value if it passes its own format check, else undefined (its own problem is reported by the shape). */
const valid = <T>(schema: z.ZodType<T>, v: unknown): T | undefined => {
	const r = schema.safeParse(v);
	return r.success ? r.data : undefined;
};
/** A list of the file: its entries, [] when a list that may be left out is, undefined when it cannot be read. */
const entries = (v: unknown, optional: boolean): unknown[] | undefined =>
	Array.isArray(v) ? v : v === undefined && optional ? [] : undefined;

/**
 * The checks across fields (an event that ends before it starts, duplicate ids, a session in a hall the file does not
 * have, a session that ends before it starts or off the event's days...), run on the file as it was read, whatever
 * else is wrong in it: each check uses the fields that passed their own format check and skips only what cannot be
 * checked (a room reference when the rooms are no list, the days when a date is bad). So one import reports every
 * problem it can find, not the cross-field ones only once the format ones are fixed.
 */
/**
 * What a file is checked against beyond itself. `expectEventId`: the event it is imported into. `codeOwner`: the
 * event that holds the file's code now, looked up before parsing (the parse is synchronous; storage may not be), so a
 * taken code is named with the file's other problems instead of after they are fixed.
 */
export interface FileContext {
	expectEventId?: string;
	codeOwner?: { code: string; eventId: string };
}

export function crossProblems(input: unknown, opts: FileContext = {}): CrossProblem[] {
	const out: CrossProblem[] = [];
	/** A problem with the reason pages word it by (and the file's own id it names), beside the hub's English. */
	const problem = (path: (string | number)[], message: string, reason: ErrorReason, params?: ReasonParams) =>
		out.push(params ? { path, message, reason, params } : { path, message, reason });
	const file = record(input) ?? {};
	const event = record(file.event) ?? {};
	const eventId = valid(Slug, event.id);
	if (opts.expectEventId && eventId && eventId !== opts.expectEventId)
		problem(
			['event', 'id'],
			`this file is for event "${eventId}", not "${opts.expectEventId}"`,
			'file-other-event',
			{ id: eventId }
		);
	const code = valid(EventCode, event.code);
	if (opts.codeOwner && code === opts.codeOwner.code && eventId !== opts.codeOwner.eventId)
		problem(['event', 'code'], `code ${code} is already used by another event`, 'code-taken', { code });
	const startsOn = valid(IsoDate, event.startsOn);
	const endsOn = valid(IsoDate, event.endsOn);
	const timezone = valid(TimeZone, event.timezone);
	if (startsOn && endsOn && endsOn < startsOn) {
		problem(['event', 'endsOn'], 'ends before it starts', 'file-ends-before-start');
	}
	const lists = {
		objectives: entries(file.objectives, true),
		rooms: entries(file.rooms, false),
		sessions: entries(file.sessions, false),
		polls: entries(file.polls, true)
	};
	/** The ids of a list's entries that are ids at all (a bad one is reported by itself), by position. */
	const idsOf = (key: keyof typeof lists, schema: z.ZodType<string> = Slug) =>
		(lists[key] ?? []).map((item) => valid(schema, record(item)?.id));
	const dupes = (key: keyof typeof lists, ids: (string | undefined)[]) => {
		const seen = new Set<string>();
		ids.forEach((id, n) => {
			if (id === undefined) return;
			if (seen.has(id)) problem([key, n, 'id'], `duplicate id "${id}"`, 'file-duplicate-id', { id });
			seen.add(id);
		});
	};
	const ids = {
		objectives: idsOf('objectives'),
		rooms: idsOf('rooms'),
		sessions: idsOf('sessions'),
		polls: idsOf('polls', PollId)
	};
	for (const key of ['objectives', 'rooms', 'sessions', 'polls'] as const) dupes(key, ids[key]);
	/** The ids a reference may name; none when that list cannot be read (then its references are not checked). */
	const known = (key: keyof typeof lists) =>
		lists[key] ? new Set(ids[key].filter((id) => id !== undefined)) : undefined;
	const [sessions, rooms, objectives] = [known('sessions'), known('rooms'), known('objectives')];
	/** A reference to an id the file must define, e.g. a session's room. */
	const ref = (
		among: Set<string> | undefined,
		value: unknown,
		path: (string | number)[],
		what: keyof typeof UNKNOWN
	) => {
		const id = valid(Slug, value);
		if (among && id !== undefined && !among.has(id))
			problem(path, `no ${what} with id "${id}"`, UNKNOWN[what], { id });
	};
	(lists.polls ?? []).forEach((p, n) =>
		ref(sessions, record(p)?.sessionId, ['polls', n, 'sessionId'], 'session')
	);
	// The file's days become the event's: a start on none of them (a year mistyped) would give phones a day of its
	// own, so it is refused as the session form warns of it.
	const days =
		startsOn && endsOn && endsOn >= startsOn && timezone ? daysBetween(startsOn, endsOn) : undefined;
	(lists.sessions ?? []).forEach((entry, n) => {
		const s = record(entry);
		if (!s) return;
		ref(rooms, s.roomId, ['sessions', n, 'roomId'], 'room');
		// A time that is not one (no offset: read in the server's own zone) is reported already, by itself.
		const start = valid(IsoInstant, s.startsAt);
		const end = valid(IsoInstant, s.endsAt);
		if (start && end && Date.parse(end) <= Date.parse(start)) {
			problem(['sessions', n, 'endsAt'], 'must be after startsAt', 'file-ends-before-start');
		}
		const named = entries(s.objectives, true) ?? [];
		named.forEach((o, k) => ref(objectives, o, ['sessions', n, 'objectives', k], 'objective'));
		if (days && start && timezone && startsOn && endsOn) {
			const id = valid(Slug, s.id) ?? String(n);
			const day = dayKey(Date.parse(start), timezone);
			if (!days.includes(day))
				problem(
					['sessions', n, 'startsAt'],
					`session "${id}" starts on ${day} (${timezone}), outside the event's days, ${startsOn} to ${endsOn}: check its year and month (phones would show it on a day of its own)`,
					'file-session-off-days',
					{ id, day, first: startsOn, last: endsOn }
				);
		}
	});
	return out;
}

/** A file that passes its fields' own checks and those across them. */
export const EventFile = EventFileShape.superRefine((f, ctx) => {
	for (const { path, message, reason, params } of crossProblems(f))
		ctx.addIssue({ code: 'custom', path, message, params: { reason, params } });
});
export type EventFile = z.output<typeof EventFile>;

/** A problem in a file: where it is, the parser's English, and (for the file's own rules) the reason pages word. */
export type FileProblem = ImportProblem;

const UNKNOWN = {
	room: 'file-unknown-room',
	session: 'file-unknown-session',
	objective: 'file-unknown-objective'
} as const satisfies Record<string, ErrorReason>;

export type ParsedEventFile = { ok: true; file: EventFile } | { ok: false; problems: FileProblem[] };

/**
 * Parses and validates an event file, naming the line and field of every problem, all at once: each field's own
 * format, and the checks across fields on those that passed theirs. `expectEventId`: the event it is imported into.
 */
export function parseEventFile(text: string, opts: FileContext = {}): ParsedEventFile {
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
	const result = EventFileShape.safeParse(located.value);
	const cross = crossProblems(located.value, opts);
	if (result.success && cross.length === 0) return { ok: true, file: result.data };
	const where = (path: readonly PropertyKey[]) => ({
		...lineOf(located, path),
		path: path.map(String).join('.')
	});
	const own = (result.error?.issues ?? []).flatMap((issue) =>
		issue.code === 'unrecognized_keys'
			? unknownKeys(issue as FileIssue).map((d) => ({ ...where(issue.path), ...d }))
			: [{ ...where(issue.path), ...describeIssue(issue as FileIssue) }]
	);
	const across = cross.map(({ path, ...d }) => ({ ...where(path), ...d }));
	return {
		ok: false,
		problems: [...own, ...across].sort((a, b) => a.line - b.line || a.column - b.column)
	};
}

export function formatProblems(problems: FileProblem[]): string {
	return problems
		.map((p) => `line ${p.line}, column ${p.column}${p.path ? ` (${p.path})` : ''}: ${p.message}`)
		.join('\n');
}
