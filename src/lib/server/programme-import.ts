import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { AUDIT_IMPORT, ERROR_CODES, type ErrorCode, type StaffRole } from '$lib/protocol';
import '$lib/i18n/failure-text-staff';
import { failureText, type FailureLike } from '$lib/i18n/failure-text';
import {
	ALLOW_EVENT_CHANGES,
	IMPORT_MAX_BYTES,
	IMPORT_MODES,
	type EventChange,
	type ImportMode,
	type ImportProblem,
	type ImportResponse
} from '$lib/organiser/import';

const STATUS: Partial<Record<ErrorCode, number>> = {
	'invalid-payload': 400,
	unauthenticated: 401,
	forbidden: 403,
	'not-found': 404,
	conflict: 409,
	'payload-too-large': 413
};

export const reply = (body: ImportResponse, status = 200) => json(body, { status });
export const refuse = (error: ErrorCode, message: string) =>
	reply({ ok: false, error, message }, STATUS[error] ?? 500);

/** Reads at most `limit` bytes of the body; null when there is more (the client's Content-Length may be absent or wrong). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			return null;
		}
		chunks.push(value);
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.byteLength;
	}
	return out;
}

// The hub's services come from another bundle, so its error classes are recognised by shape, not `instanceof`.
const problemsOf = (e: unknown): ImportProblem[] | null =>
	e instanceof Error && 'problems' in e && Array.isArray(e.problems) ? (e.problems as ImportProblem[]) : null;
const eventChangesOf = (e: unknown): EventChange[] | null =>
	e instanceof Error && 'changes' in e && Array.isArray(e.changes) ? (e.changes as EventChange[]) : null;
const codeOf = (e: unknown): ErrorCode | null =>
	e instanceof Error && 'code' in e && (ERROR_CODES as readonly unknown[]).includes(e.code)
		? (e.code as ErrorCode)
		: null;

/**
 * Imports a programme file (its JSON text as the request's body) into `eventId`, then tells every connected page of
 * that event to fetch a fresh snapshot. The caller has checked who may do this; the organiser's console and the host's
 * both come through here. A merge that would move the event's dates or time zone is refused (409, with the changes)
 * unless `allowEventChanges=1`.
 */
export async function importProgramme(
	{ request, url, locals }: { request: Request; url: URL; locals: App.Locals },
	eventId: string,
	/** Who imports: the organiser's link or the host's, for the event's audit log. */
	by: { id: string; role: StaffRole | 'host'; label: string }
): Promise<Response> {
	if (await locals.ctx.services.events.archived(eventId))
		return refuse('forbidden', m.event_archived_read_only());
	const mode = url.searchParams.get('mode') as ImportMode | null;
	if (!mode || !IMPORT_MODES.includes(mode)) return refuse('invalid-payload', m.org_import_bad_mode());
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json' && type !== 'text/plain') {
		return reply({ ok: false, error: 'invalid-payload', message: m.org_import_bad_type() }, 415);
	}
	const tooLarge = () => refuse('payload-too-large', m.org_import_too_large());
	if (Number(request.headers.get('content-length') ?? 0) > IMPORT_MAX_BYTES) return tooLarge();

	let bytes: Uint8Array | null;
	try {
		bytes = await readLimited(request, IMPORT_MAX_BYTES);
	} catch (e) {
		// The Node server's own body limit (BODY_SIZE_LIMIT) can be lower than ours; it ends the stream with a 413.
		if (e instanceof Error && 'status' in e && e.status === 413) {
			const limit = Number(/(?:limit of|BODY_SIZE_LIMIT of) (\d+)/.exec(e.message)?.[1]);
			if (!limit || limit >= IMPORT_MAX_BYTES) return tooLarge();
			return refuse('payload-too-large', m.org_import_too_large_server({ size: Math.floor(limit / 1024) }));
		}
		throw e;
	}
	if (!bytes) return tooLarge();
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return refuse('invalid-payload', m.org_import_not_utf8());
	}
	if (!text.trim()) return refuse('invalid-payload', m.org_import_empty());

	let data;
	try {
		const { services } = locals.ctx;
		data = await services.events.importText(text, mode, {
			expectEventId: eventId,
			allowEventChanges: url.searchParams.get(ALLOW_EVENT_CHANGES) === '1',
			// In the audit log as the console's commands are, committed with the import or not at all.
			within: (result) =>
				services.audit.record({
					eventId,
					credential: by,
					command: AUDIT_IMPORT,
					payload: {},
					data: result
				})
		});
	} catch (e) {
		const eventChanges = eventChangesOf(e);
		if (eventChanges) {
			const message = m.org_import_moves_event();
			return reply({ ok: false, error: 'conflict', message, eventChanges }, 409);
		}
		const problems = problemsOf(e);
		if (problems) {
			return reply({ ok: false, error: 'invalid-payload', message: (e as Error).message, problems }, 400);
		}
		const code = codeOf(e);
		if (code && code !== 'internal') {
			// A rule's refusal: in the page's language when the hub named its reason, else its code's general text.
			const { reason, params } = e as Partial<FailureLike>;
			return refuse(code, failureText({ error: code, reason, params }));
		}
		throw e;
	}
	// Every page on this event (phones, screens, other organisers) resyncs from a fresh snapshot.
	locals.ctx.publish([
		{ type: 'agenda', eventId: data.eventId, fact: { type: 'replaced', version: data.version } }
	]);
	return reply({ ok: true, data });
}
