import type { Sql } from '../db/sql';
import type { AuditEntry, AuditTarget, StaffRole } from '../../src/lib/protocol';

interface AuditRow {
	id: number;
	at: string;
	credential_id: string;
	role: StaffRole | 'host';
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
export function createAuditStore(sql: Sql) {
	const q = {
		insert: `INSERT INTO audit_log (event_id, at, credential_id, role, label, command, session_id, room_id, target)
			 VALUES (@eventId, @at, @credentialId, @role, @label, @command, @sessionId, @roomId, @target)`,
		// A hall's organiser sees what was done in their hall: on its sessions (where they are now) or addressed to it.
		page: `SELECT a.id, a.at, a.credential_id, a.role, a.label, a.command, a.session_id, a.target
			 FROM audit_log a LEFT JOIN sessions s ON s.event_id = a.event_id AND s.id = a.session_id
			 WHERE a.event_id = @eventId
			   AND (CAST(@room AS TEXT) IS NULL OR s.room_id = @room OR a.room_id = @room)
			   AND (CAST(@session AS TEXT) IS NULL OR a.session_id = @session)
			   AND (CAST(@before AS INTEGER) IS NULL OR a.id < @before)
			 ORDER BY a.id DESC LIMIT @limit`
	};
	return {
		insert: (e: Omit<AuditEntry, 'id'> & { eventId: string }) =>
			sql.run(q.insert, {
				...e,
				roomId: typeof e.target.roomId === 'string' ? e.target.roomId : null,
				target: JSON.stringify(e.target)
			}),
		page: async (p: {
			eventId: string;
			room: string | null;
			session: string | null;
			before: number | null;
			limit: number;
		}) => (await sql.all<AuditRow>(q.page, p)).map(toEntry)
	};
}
export type AuditStore = ReturnType<typeof createAuditStore>;
