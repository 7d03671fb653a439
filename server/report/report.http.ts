import { credentialScope } from '../access/scope';
import type { StoredCredential } from '../access/access.store';
import { exportEvent } from '../event/export';
import type { Services } from '../services';
import { CSV_FILES, exportArchive, type CsvFile } from './files';
import { outcomeReport } from './report.service';

/** Staff who may take the record away: organisers, and moderators and chairs for their own hall's sessions. */
const EXPORTERS = new Set(['organiser', 'moderator', 'chair']);

const plain = (status: number, text: string) =>
	new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** A refused scope (another hall's session) or a missing session, as HTTP. */
async function guarded(run: () => Promise<Response> | Response): Promise<Response> {
	try {
		return await run();
	} catch (e) {
		// Recognised by shape: the built routes and the hub load separate copies of the error class.
		if (e instanceof Error && 'code' in e && (e.code === 'forbidden' || e.code === 'not-found'))
			return plain(e.code === 'forbidden' ? 403 : 404, e.message);
		throw e;
	}
}

/**
 * GET /organiser/export: `format` json (default), csv or zip; `file` questions (default), polls, audit or
 * attendance for csv; `session` for one session instead of the event. Scope-checked: a hall's staff link exports
 * that hall; only organisers get the audit log.
 */
export async function answerExport(
	services: Services,
	staff: StoredCredential | null,
	url: URL
): Promise<Response | null> {
	if (!staff || !EXPORTERS.has(staff.role)) return null;
	return guarded(async () => {
		const scope = credentialScope(staff);
		const sessionId = url.searchParams.get('session');
		const audit = staff.role === 'organiser';
		const x = await exportEvent(services, scope, { sessionId, audit });
		const name = `${x.event.code.toLowerCase()}${sessionId ? `-${sessionId}` : ''}-${x.exportedAt.slice(0, 10)}`;
		const format = url.searchParams.get('format') ?? 'json';
		const files = (Object.keys(CSV_FILES) as CsvFile[]).filter((f) => audit || f !== 'audit');
		const download = (body: BodyInit, type: string, file: string) =>
			new Response(body, {
				headers: { 'content-type': type, 'content-disposition': `attachment; filename="${file}"` }
			});
		if (format === 'csv') {
			const file = (url.searchParams.get('file') ?? 'questions') as CsvFile;
			if (!files.includes(file))
				return plain(file === 'audit' ? 403 : 400, `file must be one of ${files.join(', ')}`);
			return download(CSV_FILES[file].write(x), 'text/csv; charset=utf-8', `${name}-${file}.csv`);
		}
		if (format === 'zip') {
			const zip = exportArchive(x, files);
			return download(zip.slice().buffer, 'application/zip', `${name}.zip`);
		}
		if (format !== 'json') return plain(400, 'format must be json, csv or zip');
		return download(JSON.stringify(x, null, 2), 'application/json; charset=utf-8', `${name}.json`);
	});
}

/** GET /organiser/report.json[?session=ID]: the outcome report's data, for the report page. */
export async function answerReport(
	services: Services,
	staff: StoredCredential | null,
	url: URL
): Promise<Response | null> {
	if (!staff || !EXPORTERS.has(staff.role)) return null;
	return guarded(async () =>
		Response.json(await outcomeReport(services, credentialScope(staff), url.searchParams.get('session')))
	);
}

/** GET /organiser/attendance.json: head counts per hall over time, as far as the staff link reaches. */
export async function answerAttendance(
	services: Services,
	staff: StoredCredential | null
): Promise<Response | null> {
	if (!staff || staff.role !== 'organiser') return null;
	return Response.json((await exportEvent(services, credentialScope(staff), { audit: false })).attendance);
}
