import type { Db } from '../db/connection';
import type { AuditEntry, AuditTarget, StaffRole } from '../../src/lib/protocol';

interface AuditRow {
	id: number;
	at: string;
	credential_id: string;
	role: StaffRole;
	label: string;
	command: string;
	session_id: string | null;
	target: string;
}

const toEntry = (r: AuditRow): AuditEntry => ({
	id: r.id,
	at: r.at,
	credentialId: r.credential_id,
	role: r.role,
	label: r.label,
	command: r.command,
	sessionId: r.session_id,
	target: JSON.parse(r.target) as AuditTarget
});

/** SQL for the staff audit log: appended to by the dispatcher, read newest first by organisers. */
export function createAuditStore(db: Db) {
	const q = {
		insert: db.prepare(
			`INSERT INTO audit_log (event_id, at, credential_id, role, label, command, session_id, target)
			 VALUES (@eventId, @at, @credentialId, @role, @label, @command, @sessionId, @target)`
		),
		// A hall's organiser sees what was done in their hall: on its sessions (where they are now) or addressed to it.
		page: db.prepare<
			{ eventId: string; room: string | null; session: string | null; before: number | null; limit: number },
			AuditRow
		>(
			`SELECT a.id, a.at, a.credential_id, a.role, a.label, a.command, a.session_id, a.target
			 FROM audit_log a LEFT JOIN sessions s ON s.event_id = a.event_id AND s.id = a.session_id
			 WHERE a.event_id = @eventId
			   AND (@room IS NULL OR s.room_id = @room OR json_extract(a.target, '$.roomId') = @room)
			   AND (@session IS NULL OR a.session_id = @session)
			   AND (@before IS NULL OR a.id < @before)
			 ORDER BY a.id DESC LIMIT @limit`
		)
	};
	return {
		insert: (e: Omit<AuditEntry, 'id'> & { eventId: string }) =>
			q.insert.run({ ...e, target: JSON.stringify(e.target) }),
		page: (p: {
			eventId: string;
			room: string | null;
			session: string | null;
			before: number | null;
			limit: number;
		}) => q.page.all(p).map(toEntry)
	};
}
export type AuditStore = ReturnType<typeof createAuditStore>;
