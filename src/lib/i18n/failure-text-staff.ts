import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { ImportProblem } from '$lib/organiser/import';
import type { ReasonParams } from '$lib/protocol/reasons';
import { reasonText, wordStaffRefusals, type Options } from './failure-text';
import { dayRange, formatNumber } from './format';

/**
 * The refusals only staff meet, and the fields of staff forms, worded in the page's language. Staff consoles import
 * this module; an attendee's page does not, so its phone downloads none of these texts (in any language).
 */
const str = (v: string | number | undefined) => (v === undefined ? '' : String(v));
/** An id from a file (Latin letters, digits, hyphens), quoted and isolated so it keeps its shape in any sentence. */
const id = (v: string | number | undefined) => `\u2068"${str(v)}"\u2069`;
/** Days a reason names ("YYYY-MM-DD"), in the page's words; a value that is no date is shown as sent, isolated. */
const days = (first: string | number | undefined, last: string | number | undefined, o: Options) => {
	const date = (v: string | number | undefined) => /^\d{4}-\d{2}-\d{2}$/.test(str(v));
	return date(first) && date(last) ? dayRange(str(first), str(last), o.locale) : `\u2068${str(first)}\u2069`;
};
/** A count a reason names, in the page's digits; `fallback` when the hub sent none. */
const num = (v: string | number | undefined, fallback: number, o: Options) =>
	formatNumber(typeof v === 'number' ? v : fallback, o.locale ?? getLocale());

/** A field of an imported file as the file spells it ("kind", "objectives.0"), isolated; "" is the file itself. */
const field = (p: ReasonParams, o: Options) =>
	p.field ? `\u2068${str(p.field)}\u2069` : m.err_file_whole({}, o);
/** Latin text a sentence quotes (allowed values, an example written right), isolated so it keeps its order. */
const latin = (v: string | number | undefined) => `\u2068${str(v)}\u2069`;
/** What a value of a file must be (`params.expected`: zod's name for it), in the page's words. */
const EXPECTED: Record<string, (o: Options) => string> = {
	string: (o) => m.err_file_expected_string({}, o),
	number: (o) => m.err_file_expected_number({}, o),
	int: (o) => m.err_file_expected_int({}, o),
	boolean: (o) => m.err_file_expected_boolean({}, o),
	array: (o) => m.err_file_expected_array({}, o),
	object: (o) => m.err_file_expected_object({}, o)
};
const expected = (v: string | number | undefined, o: Options) =>
	Object.prototype.hasOwnProperty.call(EXPECTED, str(v)) ? EXPECTED[str(v)](o) : latin(v);

/** A refusal of a command on several questions at once (`params.among` of them). */
const bulk = (p: ReasonParams) => typeof p.among === 'number' && p.among > 1;

wordStaffRefusals(
	{
		'signin-ended': (_, o) => m.err_reason_signin_ended({}, o),
		'role-forbidden': (_, o) => m.err_reason_role_forbidden({}, o),
		'other-event': (_, o) => m.err_reason_other_event({}, o),
		'text-unchanged': (_, o) => m.err_reason_text_unchanged({}, o),
		'poll-state': (_, o) => m.err_reason_poll_state({}, o),
		'own-link': (_, o) => m.err_reason_own_link({}, o),
		'own-signin': (_, o) => m.err_reason_own_signin({}, o),
		// An event code is Latin capitals and digits: isolated so it keeps its shape in a right-to-left sentence.
		'code-taken': (p, o) => m.err_reason_code_taken({ code: `\u2068${str(p.code)}\u2069` }, o),
		'confirm-code': (p, o) => m.err_reason_confirm_code({ code: `\u2068${str(p.code)}\u2069` }, o),
		'session-already-there': (_, o) => m.err_reason_session_already_there({}, o),
		'session-must-end-after-start': (_, o) => m.err_reason_session_must_end_after_start({}, o),
		'room-not-found': (_, o) => m.err_reason_room_not_found({}, o),
		'merge-into-itself': (_, o) => m.err_reason_merge_into_itself({}, o),
		'merge-other-session': (_, o) => m.err_reason_merge_other_session({}, o),
		'question-already-merged': (_, o) => m.err_reason_question_already_merged({}, o),
		'merge-archived': (_, o) => m.err_reason_merge_archived({}, o),
		'merge-into-declined': (_, o) => m.err_reason_merge_into_declined({}, o),
		'merge-into-merged': (_, o) => m.err_reason_merge_into_merged({}, o),
		'question-not-merged': (_, o) => m.err_reason_question_not_merged({}, o),
		'unmerge-into-merged': (_, o) => m.err_reason_unmerge_into_merged({}, o),
		'merge-target-gone': (_, o) => m.err_reason_merge_target_gone({}, o),
		// In a bulk approve (`among` ticked), "this question" would read as all of them: none was approved.
		'question-approved-meanwhile': (p, o) =>
			bulk(p)
				? m.err_reason_question_approved_meanwhile_bulk({}, o)
				: m.err_reason_question_approved_meanwhile({}, o),
		'question-declined-meanwhile': (p, o) =>
			bulk(p)
				? m.err_reason_question_declined_meanwhile_bulk({}, o)
				: m.err_reason_question_declined_meanwhile({}, o),
		'question-edited-meanwhile': (_, o) => m.err_reason_question_edited_meanwhile({}, o),
		'question-replied-meanwhile': (_, o) => m.err_reason_question_replied_meanwhile({}, o),
		'poll-too-few-choices': (p, o) => m.err_reason_poll_too_few_choices({ min: num(p.min, 2, o) }, o),
		'poll-too-few-items': (p, o) => m.err_reason_poll_too_few_items({ min: num(p.min, 2, o) }, o),
		'poll-duplicate-choices': (_, o) => m.err_reason_poll_duplicate_choices({}, o),
		'poll-max-choices': (p, o) => m.err_reason_poll_max_choices({ max: num(p.max, 12, o) }, o),
		'poll-no-objectives': (_, o) => m.err_reason_poll_no_objectives({}, o),
		'poll-not-draft': (_, o) => m.err_reason_poll_not_draft({}, o),
		'session-too-long': (p, o) => m.err_reason_session_too_long({ hours: num(p.hours, 24, o) }, o),
		'other-hall': (_, o) => m.err_reason_other_hall({}, o),
		'pick-your-hall': (_, o) => m.err_reason_pick_your_hall({}, o),
		'file-not-json': (_, o) => m.err_reason_file_not_json({}, o),
		'file-duplicate-id': (p, o) => m.err_reason_file_duplicate_id({ id: id(p.id) }, o),
		'file-unknown-room': (p, o) => m.err_reason_file_unknown_room({ id: id(p.id) }, o),
		'file-unknown-session': (p, o) => m.err_reason_file_unknown_session({ id: id(p.id) }, o),
		'file-unknown-objective': (p, o) => m.err_reason_file_unknown_objective({ id: id(p.id) }, o),
		'file-ends-before-start': (_, o) => m.err_reason_file_ends_before_start({}, o),
		'file-other-event': (p, o) => m.err_reason_file_other_event({ id: id(p.id) }, o),
		'file-session-off-days': (p, o) =>
			m.err_reason_file_session_off_days(
				{
					id: id(p.id),
					day: days(p.day, p.day, o),
					days: days(p.first, p.last, o)
				},
				o
			),
		// The example is Latin digits and signs: isolated so a right-to-left sentence keeps its order.
		'file-time-no-offset': (p, o) =>
			m.err_reason_file_time_no_offset({ example: `\u2068${str(p.example)}\u2069` }, o),
		'file-bad-time': (p, o) => m.err_reason_file_bad_time({ example: `\u2068${str(p.example)}\u2069` }, o),
		// A value not what its field must be: the field as the file spells it, and what it may be (its allowed values,
		// limits, or an example written right), so the organiser fixes it without reading the format's schema.
		'file-missing': (p, o) => m.err_reason_file_missing({ field: field(p, o) }, o),
		'file-wrong-type': (p, o) =>
			m.err_reason_file_wrong_type({ field: field(p, o), expected: expected(p.expected, o) }, o),
		'file-one-of': (p, o) => m.err_reason_file_one_of({ field: field(p, o), values: latin(p.values) }, o),
		'file-must-be': (p, o) => m.err_reason_file_must_be({ field: field(p, o), value: latin(p.value) }, o),
		'file-text-too-long': (p, o) =>
			m.err_reason_file_text_too_long({ field: field(p, o), max: num(p.max, 1, o) }, o),
		'file-text-too-short': (p, o) =>
			m.err_reason_file_text_too_short({ field: field(p, o), min: num(p.min, 1, o) }, o),
		'file-too-many': (p, o) => m.err_reason_file_too_many({ field: field(p, o), max: num(p.max, 1, o) }, o),
		'file-too-few': (p, o) => m.err_reason_file_too_few({ field: field(p, o), min: num(p.min, 1, o) }, o),
		'file-number-too-large': (p, o) =>
			m.err_reason_file_number_too_large({ field: field(p, o), max: num(p.max, 1, o) }, o),
		'file-number-too-small': (p, o) =>
			m.err_reason_file_number_too_small({ field: field(p, o), min: num(p.min, 1, o) }, o),
		'file-bad-id': (p, o) => m.err_reason_file_bad_id({ field: field(p, o), example: latin('hall-a') }, o),
		'file-bad-poll-id': (p, o) =>
			m.err_reason_file_bad_poll_id(
				{
					field: field(p, o),
					prefix: latin('p-'),
					min: num(3, 3, o),
					max: num(40, 40, o),
					example: latin('p-opening-vote')
				},
				o
			),
		'file-bad-code': (p, o) => m.err_reason_file_bad_code({ field: field(p, o), example: latin('ISB26') }, o),
		'file-bad-date': (p, o) =>
			m.err_reason_file_bad_date(
				{ field: field(p, o), pattern: latin('YYYY-MM-DD'), example: latin('2026-12-08') },
				o
			),
		'file-bad-language': (p, o) =>
			m.err_reason_file_bad_language({ field: field(p, o), example: latin('"ur", "fr"') }, o),
		'file-bad-timezone': (p, o) =>
			m.err_reason_file_bad_timezone({ field: field(p, o), example: latin('Asia/Karachi') }, o),
		'file-invisible-text': (p, o) => m.err_reason_file_invisible_text({ field: field(p, o) }, o),
		'file-unknown-field': (p, o) =>
			m.err_reason_file_unknown_field({ field: field(p, o), key: latin(`"${str(p.key)}"`) }, o),
		'file-not-accepted': (p, o) => m.err_reason_file_not_accepted({ field: field(p, o) }, o)
	},
	{
		title: (o) => m.err_field_title({}, o),
		code: (o) => m.err_field_code({}, o),
		label: (o) => m.err_field_label({}, o),
		options: (o) => m.err_field_options({}, o),
		question: (o) => m.err_field_question({}, o),
		body: (o) => m.err_field_body({}, o),
		start: (o) => m.err_field_start({}, o),
		end: (o) => m.err_field_end({}, o),
		startsAt: (o) => m.err_field_start({}, o),
		endsAt: (o) => m.err_field_end({}, o),
		speakers: (o) => m.err_field_speakers({}, o),
		description: (o) => m.err_field_description({}, o),
		confirmCode: (o) => m.err_field_confirm_code({}, o)
	}
);

/**
 * What is wrong at one located problem of an imported programme file, in the page's language: an English page keeps
 * the hub's own words (which say more); other languages word the problem's reason with the file's id when it has
 * one (a duplicate id, an unknown hall...) or what the field must be (its allowed values, its limits, an example), else
 * say only that the value was not accepted. The line, column and field are shown beside it.
 */
export function importProblemText(p: ImportProblem, locale: Locale = getLocale()): string {
	if (locale === 'en') return p.message;
	return (
		reasonText({ error: 'invalid-payload', reason: p.reason, params: p.params }, locale) ??
		m.err_issue_general({}, { locale })
	);
}
