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

/** The query parameter that confirms a merge import may move the event's dates or time zone. */
export const ALLOW_EVENT_CHANGES = 'allowEventChanges';

/** What of the event itself an import would change, besides its programme. */
export interface EventChange {
	field: 'startsOn' | 'endsOn' | 'timezone';
	from: string;
	to: string;
}

type EventDates = Record<EventChange['field'], string>;

/** The event's dates and time zone that `next` would change in `current` (none for an event not there yet). */
export function eventChanges(current: EventDates | undefined, next: EventDates): EventChange[] {
	if (!current) return [];
	return (['startsOn', 'endsOn', 'timezone'] as const)
		.filter((field) => current[field] !== next[field])
		.map((field) => ({ field, from: current[field], to: next[field] }));
}

export interface ImportSummary {
	eventId: string;
	code: string;
	version: number;
	sessions: number;
	/** The event's dates or time zone that the import changed. */
	eventChanges: EventChange[];
}

export type ImportResponse =
	| { ok: true; data: ImportSummary }
	| {
			ok: false;
			error: ErrorCode;
			message?: string;
			problems?: ImportProblem[];
			/** A merge that would move the event, refused until confirmed. */
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
