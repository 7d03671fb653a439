import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { AckIssue } from '$lib/protocol';
import type { AttendeeReason, ReasonParams, StaffReason } from '$lib/protocol/reasons';
import { INVISIBLE_TEXT_MESSAGE } from '$lib/protocol/text-clean';
import { formatNumber } from './format';

/** A refusal as pages keep it: the hub's code, maybe its reason and params, and its English message (never shown). */
export interface FailureLike {
	error: string;
	message?: string;
	reason?: string;
	params?: ReasonParams;
	issues?: AckIssue[];
}

export type Options = { locale?: Locale };
export type Text = (params: ReasonParams, o: Options) => string;

/** The texts of the reasons an attendee's page can meet; `satisfies` makes tsc fail when one has none. */
const REASONS = {
	'poll-closed': (_, o) => m.err_reason_poll_closed({}, o),
	'poll-not-found': (_, o) => m.err_reason_poll_not_found({}, o),
	'question-not-found': (_, o) => m.err_reason_question_not_found({}, o),
	'session-cancelled': (_, o) => m.err_reason_session_cancelled({}, o),
	'event-archived': (_, o) => m.err_reason_event_archived({}, o),
	'too-fast': (p, o) =>
		m.err_reason_too_fast(
			{ seconds: formatNumber(typeof p.seconds === 'number' ? p.seconds : 1, o.locale ?? getLocale()) },
			o
		),
	'join-first': (_, o) => m.err_reason_join_first({}, o),
	'payload-too-large': (_, o) => m.err_reason_payload_too_large({}, o),
	'question-moved-on': (_, o) => m.err_reason_question_moved_on({}, o),
	'badge-code-taken': (_, o) => m.err_reason_badge_code_taken({}, o),
	'badge-other-held': (_, o) => m.err_reason_badge_other_held({}, o),
	'badge-not-found': (_, o) => m.err_reason_badge_not_found({}, o),
	'event-not-found': (_, o) => m.err_reason_event_not_found({}, o),
	'objective-not-found': (_, o) => m.err_reason_objective_not_found({}, o),
	// The code's own text says what to do (redeem the badge's code); no second text for phones to download.
	'badge-required': (_, o) => m.err_code_badge_required({}, o),
	'session-not-found': (_, o) => m.err_reason_session_not_found({}, o),
	'own-question': (_, o) => m.err_reason_own_question({}, o),
	'not-own-question': (_, o) => m.err_reason_not_own_question({}, o)
} satisfies Record<AttendeeReason, Text>;

/** The staff reasons' texts, once a staff page has loaded them (see failure-text-staff.ts). */
const staffReasons: Partial<Record<StaffReason, Text>> = {};

/** Called by failure-text-staff.ts: staff pages word the refusals only staff meet, and name their forms' fields. */
export function wordStaffRefusals(
	texts: Record<StaffReason, Text>,
	fields: Record<string, (o: Options) => string>
) {
	Object.assign(staffReasons, texts);
	Object.assign(FIELDS, fields);
}

const CODES: Record<string, (o: Options) => string> = {
	'invalid-payload': (o) => m.err_code_invalid_payload({}, o),
	'payload-too-large': (o) => m.err_code_payload_too_large({}, o),
	unauthenticated: (o) => m.err_code_unauthenticated({}, o),
	forbidden: (o) => m.err_code_forbidden({}, o),
	'not-found': (o) => m.err_code_not_found({}, o),
	'not-joined': (o) => m.err_code_not_joined({}, o),
	conflict: (o) => m.err_code_conflict({}, o),
	'rate-limited': (o) => m.err_code_rate_limited({}, o),
	'device-required': (o) => m.err_code_device_required({}, o),
	'badge-required': (o) => m.err_code_badge_required({}, o),
	'protocol-mismatch': (o) => m.err_code_protocol_mismatch({}, o),
	internal: (o) => m.err_code_internal({}, o),
	timeout: (o) => m.err_code_timeout({}, o)
};

/** A reason's text if `texts` has its own (never one inherited from Object, e.g. a reason named "constructor"). */
const own = (texts: Partial<Record<string, Text>>, reason: string): Text | undefined =>
	Object.prototype.hasOwnProperty.call(texts, reason) ? texts[reason] : undefined;

/**
 * The reason's text in the page's language, or null when the failure has no reason this page knows. Looked up in the
 * texts themselves, not in the list of every reason: an attendee's page then carries no list of the staff's reasons.
 */
export function reasonText(f: FailureLike, locale: Locale = getLocale()): string | null {
	if (f.reason === undefined) return null;
	const text = own(REASONS, f.reason) ?? own(staffReasons, f.reason);
	return text ? text(f.params ?? {}, { locale }) : null;
}

/** The code's general text in the page's language (an unknown code is named, never explained in English). */
export function codeText(error: string, locale: Locale = getLocale()): string {
	return CODES[error]?.({ locale }) ?? m.err_code_other({ code: error }, { locale });
}

/**
 * Why the hub said no, in the page's language: the reason's text when known, else the code's. The hub's English
 * `message` is for logs and API users; only an English page shows it, and only when there is no reason to word.
 */
export function failureText(f: FailureLike, locale: Locale = getLocale()): string {
	// A page's own check (`local`) words its failure in the page's language already; the hub's are English.
	if (f.error === 'local' && f.message) return f.message;
	const known = reasonText(f, locale);
	if (known) return known;
	if (locale === 'en' && f.message) return f.message;
	return codeText(f.error, locale);
}

/** `failureText` to put inside a sentence of its own ("Not accepted: {reason}."): without its closing full stop. */
export const failureClause = (f: FailureLike, locale: Locale = getLocale()) =>
	failureText(f, locale).replace(/[.۔]\s*$/u, '');

/** The fields an attendee's page sends (a question, a name, a poll answer); staff pages add theirs. */
const FIELDS: Record<string, (o: Options) => string> = {
	text: (o) => m.err_field_text({}, o),
	name: (o) => m.err_field_name({}, o),
	answer: (o) => m.err_field_answer({}, o)
};

/**
 * One problem of a refused payload, in the page's language: the field's name when this page knows it, and a general
 * "not accepted" (zod's sentences are English). An English page keeps the hub's own words, which say more.
 */
export function issueText(issue: AckIssue, locale: Locale = getLocale()): string {
	// The field is the path's first part a page names ("fields.speakers.3.name" is the speakers; "fields" says nothing).
	const named = issue.path.split('.').find((part) => FIELDS[part]);
	const field = named ? FIELDS[named] : undefined;
	// Text of invisible characters only (pasted zero-width spaces, direction marks): said in every language, the
	// field by its name rather than its path ("fields.title").
	if (issue.message === INVISIBLE_TEXT_MESSAGE)
		return field
			? m.err_issue_field_invisible({ field: field({ locale }) }, { locale })
			: m.err_issue_invisible({}, { locale });
	if (locale === 'en') return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
	return field
		? m.err_issue_field({ field: field({ locale }) }, { locale })
		: m.err_issue_general({}, { locale });
}
