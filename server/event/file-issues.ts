import {
	ERROR_REASONS,
	EVENT_CODE_PATTERN,
	INVISIBLE_TEXT_MESSAGE,
	POLL_ID_PATTERN,
	SLUG_PATTERN,
	type ErrorReason,
	type ReasonParams
} from '../../src/lib/protocol';
import type { ImportProblem } from '../../src/lib/organiser/import';

/** What a problem of a file says: the hub's English (for the CLI and the API), and the reason pages word it by. */
export type Described = Pick<ImportProblem, 'message' | 'reason' | 'params'>;

/** The parts of a zod issue an imported file's problem is worded from (kept structural, as `ZodIssue` is). */
export interface FileIssue {
	code: string;
	path: readonly PropertyKey[];
	message: string;
	params?: unknown;
	values?: readonly unknown[];
	expected?: string;
	origin?: string;
	format?: string;
	pattern?: string;
	minimum?: number | bigint;
	maximum?: number | bigint;
	keys?: readonly string[];
	issues?: readonly FileIssue[];
}

/**
 * The name of the field a problem is about, as the file spells it: the path's last key ("kind"), or an item of a
 * list with its list ("objectives.0"); "" for the file as a whole.
 */
export function fieldOf(path: readonly PropertyKey[]): string {
	const parts = path.map(String);
	const last = parts.at(-1);
	if (last === undefined) return '';
	return /^\d+$/.test(last) && parts.length > 1 ? `${parts.at(-2)}.${last}` : last;
}

/** A value the file must hold, as its author would type it: a string in quotes, anything else as JSON. */
const shown = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

/** How the hub says, in English, what a value must be (the pages word `params.expected` in their language). */
const EXPECTED: Record<string, string> = {
	string: 'a text in quotes',
	number: 'a number',
	int: 'a whole number',
	boolean: 'true or false',
	array: 'a list in square brackets',
	object: 'an object in curly brackets',
	null: 'null'
};

/** The hub's English for each of these reasons (pages word them from messages/*.json). */
const ENGLISH: Partial<Record<ErrorReason, (p: ReasonParams & { field: string }) => string>> = {
	'file-missing': (p) => `${p.field} is missing`,
	'file-wrong-type': (p) => `${p.field} must be ${EXPECTED[String(p.expected)] ?? String(p.expected)}`,
	'file-one-of': (p) => `${p.field} must be one of: ${p.values}`,
	'file-must-be': (p) => `${p.field} must be ${p.value}`,
	'file-text-too-long': (p) => `${p.field} is too long: at most ${p.max} characters`,
	'file-text-too-short': (p) => `${p.field} is too short: at least ${p.min} characters`,
	'file-too-many': (p) => `${p.field} has too many entries: at most ${p.max}`,
	'file-too-few': (p) => `${p.field} has too few entries: at least ${p.min}`,
	'file-number-too-large': (p) => `${p.field} must be at most ${p.max}`,
	'file-number-too-small': (p) => `${p.field} must be at least ${p.min}`,
	'file-bad-id': (p) => `${p.field} must be an id of lowercase letters, digits, - and _, e.g. hall-a`,
	'file-bad-poll-id': (p) =>
		`${p.field} must be p- followed by 3 to 40 lowercase letters, digits or -, e.g. p-opening-vote`,
	'file-bad-code': (p) => `${p.field} may hold only letters, digits and -, e.g. ISB26`,
	'file-bad-date': (p) => `${p.field} must be a date written YYYY-MM-DD, e.g. 2026-12-08`,
	'file-bad-language': (p) => `${p.field} is not a language tag, e.g. ur or fr`,
	'file-bad-timezone': (p) => `${p.field} is not a known IANA time zone, e.g. Asia/Karachi`,
	'file-invisible-text': (p) => `${p.field} ${INVISIBLE_TEXT_MESSAGE}`,
	'file-unknown-field': (p) =>
		`${p.field} has a field Dais does not know, "${p.key}": remove it or check its spelling`
};

/** A problem with one of the reasons above: its English, and the reason and params pages word it by. */
export function described(reason: ErrorReason, params: ReasonParams & { field: string }): Described {
	const english = ENGLISH[reason];
	const field = params.field || 'the file';
	return { message: english ? english({ ...params, field }) : field, reason, params };
}

const num = (v: number | bigint | undefined) => (typeof v === 'bigint' ? Number(v) : (v ?? 0));

/**
 * One zod issue of a file, worded as a person would read it: what the field must be, with the values it may take,
 * its limits or an example written right, beside the path (never zod's "Invalid input: expected object, received
 * undefined"). The file's own rules (a duplicate id, an unknown hall...) carry their reason already and keep it.
 */
export function describeIssue(issue: FileIssue): Described {
	const own = ownReason(issue);
	if (own?.params && typeof own.params.field === 'string' && own.reason && ENGLISH[own.reason])
		return described(own.reason, { ...own.params, field: own.params.field });
	if (own) return { message: issue.message, ...own };
	const field = fieldOf(issue.path);
	const at = { field };
	switch (issue.code) {
		case 'invalid_type':
			// A missing key is reported as "expected …, received undefined": it is not there at all.
			if (/received undefined$/.test(issue.message)) return described('file-missing', at);
			return described('file-wrong-type', { ...at, expected: issue.expected ?? '' });
		case 'invalid_value': {
			const values = issue.values ?? [];
			if (values.length === 1) return described('file-must-be', { ...at, value: shown(values[0]) });
			return described('file-one-of', { ...at, values: values.map(String).join(', ') });
		}
		case 'too_big':
		case 'too_small': {
			const big = issue.code === 'too_big';
			const limit: ReasonParams = big ? { max: num(issue.maximum) } : { min: num(issue.minimum) };
			// An empty id is empty, not "at least 1 character(s)" short.
			if (issue.origin === 'string' && !big && num(issue.minimum) <= 1)
				return described('file-invisible-text', at);
			if (issue.origin === 'string')
				return described(big ? 'file-text-too-long' : 'file-text-too-short', { ...at, ...limit });
			if (issue.origin === 'array' || issue.origin === 'set')
				return described(big ? 'file-too-many' : 'file-too-few', { ...at, ...limit });
			return described(big ? 'file-number-too-large' : 'file-number-too-small', { ...at, ...limit });
		}
		case 'invalid_format': {
			if (issue.format === 'date') return described('file-bad-date', at);
			const pattern = issue.pattern;
			if (pattern === String(SLUG_PATTERN)) return described('file-bad-id', at);
			if (pattern === String(POLL_ID_PATTERN)) return described('file-bad-poll-id', at);
			if (pattern === String(EVENT_CODE_PATTERN)) return described('file-bad-code', at);
			break;
		}
		case 'invalid_key':
			// A record's key (a time-zone name's language) that is not what the record's keys must be.
			return described('file-bad-language', at);
		case 'custom':
			if (issue.message === INVISIBLE_TEXT_MESSAGE) return described('file-invisible-text', at);
			break;
	}
	return {
		message: field ? `${field}: ${issue.message}` : issue.message,
		reason: 'file-not-accepted',
		params: at
	};
}

/** The reason and params a problem of the file's own rules carries (see `problem` in event-file.ts, `refinePoll`). */
function ownReason(issue: FileIssue): Pick<ImportProblem, 'reason' | 'params'> | null {
	if (issue.code !== 'custom' || typeof issue.params !== 'object' || issue.params === null) return null;
	const { reason, params } = issue.params as { reason?: unknown; params?: ReasonParams };
	if (!(ERROR_REASONS as readonly unknown[]).includes(reason)) return null;
	// A rule that names the field it is about (an unknown time zone) is told which field that is.
	const wanted = params && 'field' in params ? { ...params, field: fieldOf(issue.path) } : params;
	return wanted ? { reason: reason as ErrorReason, params: wanted } : { reason: reason as ErrorReason };
}

/** Each key an object should not have, as a problem of its own (at the object: the key has no value of its own). */
export function unknownKeys(issue: FileIssue): Described[] {
	const field = fieldOf(issue.path);
	return (issue.keys ?? []).map((key) => described('file-unknown-field', { field, key }));
}
