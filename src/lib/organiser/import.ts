import type { ErrorCode } from '../protocol';
import type { ErrorReason, ReasonParams } from '../protocol/reasons';

/** How a programme file goes to the hub: the file's text as the body of a POST to this path. */
export const IMPORT_PATH = '/organiser/import';
export const IMPORT_MAX_BYTES = 1024 * 1024;
export const IMPORT_MODES = ['merge', 'replace'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** A problem in an imported file, located so the organiser can find it in an editor. */
export interface ImportProblem {
	line: number;
	column: number;
	path: string;
	message: string;
	/** What is wrong, for pages to word in their language (the message is the parser's English), with its ids. */
	reason?: ErrorReason;
	params?: ReasonParams;
}

/** The query parameter that confirms a merge import may change the event itself (dates, time zone, details). */
export const ALLOW_EVENT_CHANGES = 'allowEventChanges';

/**
 * The event's own details a file carries besides its dates and zone. A merge takes them from the file, so it changes
 * them only once the organiser has seen the change and confirmed it (a file with an empty organisers list emptied
 * the event's, unasked).
 */
export const EVENT_DETAILS = [
	'title',
	'subtitle',
	'city',
	'venue',
	'description',
	'organisers',
	'funders',
	'timeZoneNames'
] as const;
export type EventDetail = (typeof EVENT_DETAILS)[number];

/** What of the event itself an import would change, besides its programme: a detail as a line of text. */
export interface EventChange {
	field: 'startsOn' | 'endsOn' | 'timezone' | EventDetail;
	from: string;
	to: string;
}

type EventFields = { startsOn: string; endsOn: string; timezone: string } & Partial<
	Record<EventDetail, unknown>
>;

/** A detail as a line of text: a list joined, time-zone names as "en: …" in the languages' order, nothing as "". */
function detailText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (Array.isArray(value)) return value.map(String).join(', ');
	if (typeof value === 'object')
		return Object.entries(value as Record<string, unknown>)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([k, v]) => `${k}: ${String(v)}`)
			.join(' · ');
	return String(value);
}

/**
 * The event's dates, time zone and details that `next` would change in `current` (none for an event not there yet).
 * A detail the file leaves out reads as empty, as the hub stores it.
 */
export function eventChanges(current: EventFields | undefined, next: EventFields): EventChange[] {
	if (!current) return [];
	const moves = (['startsOn', 'endsOn', 'timezone'] as const)
		.filter((field) => current[field] !== next[field])
		.map((field) => ({ field, from: current[field], to: next[field] }));
	const details = EVENT_DETAILS.map((field) => ({
		field,
		from: detailText(current[field]),
		to: detailText(next[field])
	})).filter((c) => c.from !== c.to);
	return [...moves, ...details];
}

export interface ImportSummary {
	eventId: string;
	code: string;
	version: number;
	sessions: number;
	/** What of the event itself the import changed (dates, time zone, details). */
	eventChanges: EventChange[];
}

export type ImportResponse =
	| { ok: true; data: ImportSummary }
	| {
			ok: false;
			error: ErrorCode;
			message?: string;
			problems?: ImportProblem[];
			/** A merge that would change the event itself, refused until confirmed. */
			eventChanges?: EventChange[];
	  };

/**
 * A programme file's text, or null when it is not Unicode text. A file that opens with a byte-order mark is read in
 * the encoding it names (Notepad saves UTF-16 with one); any other must be valid UTF-8. A file in a legacy encoding
 * (Windows-1256 for Arabic, say) is refused here rather than read with every Arabic or Urdu letter turned into "�",
 * which `File.text()` does without a word, and which the hub, given that text, could no longer tell from a real one.
 */
export async function readProgrammeFile(file: Blob): Promise<string | null> {
	const bytes = new Uint8Array(await file.arrayBuffer());
	const encoding =
		bytes[0] === 0xff && bytes[1] === 0xfe
			? 'utf-16le'
			: bytes[0] === 0xfe && bytes[1] === 0xff
				? 'utf-16be'
				: 'utf-8';
	try {
		return new TextDecoder(encoding, { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
}

/** Sends a programme file's text to an import endpoint: the hub's answer (null when the body is not one) and status. */
export async function postImport(
	url: string,
	text: string
): Promise<{ body: ImportResponse | null; status: number }> {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: text
	});
	const body = (await res.json().catch(() => null)) as ImportResponse | null;
	return { body, status: res.status };
}
