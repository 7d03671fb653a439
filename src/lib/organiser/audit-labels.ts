import { m } from '$lib/paraglide/messages';
import type { AuditEntry } from '$lib/protocol';
import type { WriteCommand } from '$lib/realtime/writes.svelte';

/** The writes staff make, which the audit log records (attendees' own writes are not staff actions). */
type AuditedCommand = Exclude<WriteCommand, 'question:ask' | 'question:vote' | 'poll:vote' | 'badge:redeem'>;

/** Each audited command in the organiser's words; tsc fails when the protocol adds a staff write this does not name. */
const ACTIONS: Record<AuditedCommand, (e: AuditEntry) => string> = {
	'session:create': () => m.audit_session_create(),
	'session:update': () => m.audit_session_update(),
	'session:delay': () => m.audit_session_delay(),
	'session:move': () => m.audit_session_move(),
	'session:cancel': () => m.audit_session_cancel(),
	'announcement:post': () => m.audit_announcement_post(),
	'announcement:withdraw': () => m.audit_announcement_withdraw(),
	'staff:mint': () => m.audit_staff_mint(),
	'staff:revoke': () => m.audit_staff_revoke(),
	'staff:end-signin': () => m.audit_staff_end_signin(),
	'question:approve': (e) => m.audit_question_approve({ count: e.target.questionIds?.length ?? 1 }),
	'question:decline': () => m.audit_question_decline(),
	'question:edit': () => m.audit_question_edit(),
	'question:merge': () => m.audit_question_merge(),
	'question:label': () => m.audit_question_label(),
	'question:pin': () => m.audit_question_pin(),
	'question:answer': () => m.audit_question_answer(),
	'question:archive': () => m.audit_question_archive(),
	'question:reply': () => m.audit_question_reply(),
	'qa:settings': () => m.audit_qa_settings(),
	'qa:restrict': () => m.audit_qa_restrict(),
	'badge:generate': () => m.audit_badge_generate(),
	'badge:release': () => m.audit_badge_release(),
	'poll:create': () => m.audit_poll_create(),
	'poll:edit': () => m.audit_poll_edit(),
	'poll:delete': () => m.audit_poll_delete(),
	'poll:transition': () => m.audit_poll_transition(),
	'poll:reveal': () => m.audit_poll_reveal(),
	'poll:publish-text': () => m.audit_poll_publish_text()
};

/** What an audit entry says was done; a command this page does not know (a newer hub) shows by its name. */
export function auditAction(e: AuditEntry): string {
	const describe = (ACTIONS as Partial<Record<string, (e: AuditEntry) => string>>)[e.command];
	return describe ? describe(e) : e.command;
}
