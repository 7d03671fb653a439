import type { HandlerTable } from '../realtime/dispatcher';
import type { Services } from '../services';

/** Organisers read the staff audit log, a page at a time, as far as their link reaches. */
export function auditHandlers(services: Services): HandlerTable {
	return {
		'audit:list': async ({ sessionId, before }, { scope }) => ({
			data: await services.audit.list(scope, { sessionId: sessionId ?? null, before: before ?? null })
		})
	};
}
