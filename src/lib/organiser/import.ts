import type { ErrorCode } from '$lib/protocol';

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
}

export interface ImportSummary {
	eventId: string;
	code: string;
	version: number;
	sessions: number;
}

export type ImportResponse =
	| { ok: true; data: ImportSummary }
	| { ok: false; error: ErrorCode; message?: string; problems?: ImportProblem[] };
