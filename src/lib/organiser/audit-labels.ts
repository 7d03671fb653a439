import { m } from '$lib/paraglide/messages';
import type { AUDIT_IMPORT, AuditEntry } from '$lib/protocol';
import type { WriteCommand } from '$lib/realtime/writes.svelte';
import { formatNumber } from '$lib/i18n/format';
import { roleTitle } from '$lib/i18n/roles';
import { EVENT_FIELD_LABEL } from './event-fields';
import type { EventDetail } from './import';

/**
 * The writes staff and hosts make on an event, which its audit log records (attendees' own writes are not staff
 * actions), and a programme file's import. A deleted event has no log to show its deletion in.
 */
type AuditedCommand =
	| Exclude<
			WriteCommand,
			| 'question:ask'
			| 'question:vote'
			| 'question:withdraw'
			| 'poll:vote'
			| 'badge:redeem'
			| 'star:set'
			| 'feed:link'
			| 'feed:revoke'
			| 'event:delete'
	  >
	| typeof AUDIT_IMPORT;

/** A session's fields as the session form names them. */
const FIELD_NAMES: Record<string, () => string> = {
	title: () => m.org_form_title(),
	description: () => m.org_form_description(),
	kind: () => m.org_form_kind(),
	roomId: () => m.session_room(),
	startsAt: () => m.org_form_starts(),
	endsAt: () => m.org_form_ends(),
	speakers: () => m.session_speakers(),
	objectives: () => m.session_objectives()
};

/** A poll's change as it went: opened (with its countdown), closed, reopened, a countdown set or stopped. */
function pollTransition(e: AuditEntry): string {
	const seconds = e.target.countdownSeconds;
	const s = seconds === undefined ? null : { seconds: formatNumber(seconds) };
	switch (e.target.transition) {
		case 'open':
			return s ? m.audit_poll_opened_countdown(s) : m.audit_poll_opened();
		case 'reopen':
			return s ? m.audit_poll_reopened_countdown(s) : m.audit_poll_reopened();
		case 'close':
			return m.audit_poll_closed();
		case 'countdown':
			return s ? m.audit_poll_countdown(s) : m.audit_poll_countdown_stopped();
		default:
			return m.audit_poll_transition();
	}
}

/** Each audited command in the organiser's words; tsc fails when the protocol adds a staff write this does not name. */
const ACTIONS: Record<AuditedCommand, (e: AuditEntry) => string> = {
	'session:create': () => m.audit_session_create(),
	'session:update': (e) =>
		e.target.fields?.length
			? m.audit_session_update_fields({
					fields: e.target.fields.map((f) => FIELD_NAMES[f]?.() ?? f).join(m.list_separator())
				})
			: m.audit_session_update(),
	'session:delay': (e) =>
		e.target.minutes === undefined
			? m.audit_session_delay()
			: m.audit_session_delay_to({ minutes: formatNumber(e.target.minutes) }),
	'session:move': () => m.audit_session_move(),
	// Entries from before the log kept which way it went say both.
	'session:cancel': (e) =>
		e.target.cancelled === true
			? m.audit_session_cancelled()
			: e.target.cancelled === false
				? m.audit_session_restored()
				: m.audit_session_cancel(),
	'session:chatham': () => m.audit_session_chatham(),
	'event:details': (e) =>
		e.target.fields?.length
			? m.audit_event_details_fields({
					fields: e.target.fields
						.map((f) => EVENT_FIELD_LABEL[f as EventDetail]?.() ?? f)
						.join(m.list_separator())
				})
			: m.audit_event_details(),
	'announcement:post': () => m.audit_announcement_post(),
	'announcement:withdraw': () => m.audit_announcement_withdraw(),
	// Which link: three "Created a staff link" in a row said nothing.
	'staff:mint': (e) =>
		e.target.role ? m.audit_staff_mint_role({ role: roleTitle(e.target.role) }) : m.audit_staff_mint(),
	'staff:revoke': () => m.audit_staff_revoke(),
	'staff:end-signin': () => m.audit_staff_end_signin(),
	'question:approve': (e) => m.audit_question_approve({ count: e.target.questionIds?.length ?? 1 }),
	'question:decline': () => m.audit_question_decline(),
	'question:edit': () => m.audit_question_edit(),
	'question:merge': () => m.audit_question_merge(),
	'question:label': () => m.audit_question_label(),
	// Entries from before the log kept what a pin or a poll's change did say it generally.
	'question:pin': (e) =>
		e.target.pinned === true
			? m.audit_question_pinned()
			: e.target.pinned === false
				? m.audit_question_unpinned()
				: m.audit_question_pin(),
	'question:answer': () => m.audit_question_answer(),
	'question:archive': () => m.audit_question_archive(),
	'question:restore': () => m.audit_question_restore(),
	'question:unmerge': () => m.audit_question_unmerge(),
	'question:reply': () => m.audit_question_reply(),
	'qa:settings': () => m.audit_qa_settings(),
	'qa:restrict': () => m.audit_qa_restrict(),
	'badge:generate': () => m.audit_badge_generate(),
	'badge:release': () => m.audit_badge_release(),
	'poll:create': () => m.audit_poll_create(),
	'poll:edit': () => m.audit_poll_edit(),
	'poll:delete': () => m.audit_poll_delete(),
	'poll:transition': pollTransition,
	'poll:reveal': (e) =>
		e.target.visibility === 'everyone'
			? m.audit_poll_results_everyone()
			: e.target.visibility === 'chair'
				? m.audit_poll_results_chair()
				: e.target.visibility === 'hidden'
					? m.audit_poll_results_hidden()
					: m.audit_poll_reveal(),
	'poll:publish-text': () => m.audit_poll_publish_text(),
	'event:create': () => m.audit_event_create(),
	// Entries from before the log kept which way it went say both.
	'event:archive': (e) =>
		e.target.archived === true
			? m.audit_event_archive()
			: e.target.archived === false
				? m.audit_event_restore()
				: m.audit_event_archive_either(),
	'programme:clear': () => m.audit_programme_clear(),
	'organiser:mint': () => m.audit_organiser_mint(),
	'programme:import': () => m.audit_programme_import()
};

/** What an audit entry says was done; a command this page does not know (a newer hub) shows by its name. */
export function auditAction(e: AuditEntry): string {
	const describe = (ACTIONS as Partial<Record<string, (e: AuditEntry) => string>>)[e.command];
	return describe ? describe(e) : e.command;
}
