import { m } from '$lib/paraglide/messages';
import { wordStaffRefusals } from './failure-text';

/**
 * The refusals only staff meet, and the fields of staff forms, worded in the page's language. Staff consoles import
 * this module; an attendee's page does not, so its phone downloads none of these texts (in any language).
 */
const str = (v: string | number | undefined) => (v === undefined ? '' : String(v));

wordStaffRefusals(
	{
		'signin-ended': (_, o) => m.err_reason_signin_ended({}, o),
		'role-forbidden': (_, o) => m.err_reason_role_forbidden({}, o),
		'text-unchanged': (_, o) => m.err_reason_text_unchanged({}, o),
		'poll-state': (_, o) => m.err_reason_poll_state({}, o),
		'own-link': (_, o) => m.err_reason_own_link({}, o),
		'own-signin': (_, o) => m.err_reason_own_signin({}, o),
		// An event code is Latin capitals and digits: isolated so it keeps its shape in a right-to-left sentence.
		'code-taken': (p, o) => m.err_reason_code_taken({ code: `\u2068${str(p.code)}\u2069` }, o),
		'confirm-code': (p, o) => m.err_reason_confirm_code({ code: `\u2068${str(p.code)}\u2069` }, o),
		'session-already-there': (_, o) => m.err_reason_session_already_there({}, o),
		'session-must-end-after-start': (_, o) => m.err_reason_session_must_end_after_start({}, o)
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
		confirmCode: (o) => m.err_field_confirm_code({}, o)
	}
);
