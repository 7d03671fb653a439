import { excerpt as cut } from '$lib/ui/excerpt';
import { m } from '$lib/paraglide/messages';
import type { ModQuestion, QuestionFlag, QuestionState } from '$lib/protocol';
import type { ListTab } from './lists';
import type { PinOnScreen } from '$lib/screen/focus';
import { dayKey } from '$lib/agenda/time';
import { clock, dayAndClock, intlLocale } from '$lib/i18n/format';
import { isolate } from '$lib/i18n/bidi';

export const flagLabel: Record<QuestionFlag, () => string> = {
	profanity: m.mod_flag_profanity,
	email: m.mod_flag_email,
	phone: m.mod_flag_phone,
	'id-number': m.mod_flag_id_number
};

/** What a moderator should check, for the tooltip and screen readers. */
export const flagHint: Record<QuestionFlag, () => string> = {
	profanity: m.mod_flag_profanity_hint,
	email: m.mod_flag_email_hint,
	phone: m.mod_flag_phone_hint,
	'id-number': m.mod_flag_id_number_hint
};

/** What a flag says the question may contain, as words inside a sentence ("a phone number"). */
export const flagWhat: Record<QuestionFlag, () => string> = {
	profanity: m.mod_flag_what_profanity,
	email: m.mod_flag_what_email,
	phone: m.mod_flag_what_phone,
	'id-number': m.mod_flag_what_id_number
};

/** The flags of a question as one phrase of the page's language: "a phone number and an email address". */
export const flagsInWords = (flags: QuestionFlag[]) =>
	new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(flags.map((f) => flagWhat[f]()));

export const stateLabel: Record<QuestionState, () => string> = {
	pending: m.mod_state_pending,
	published: m.mod_state_published,
	declined: m.mod_state_declined,
	merged: m.mod_state_merged,
	archived: m.mod_state_archived
};

/** One line of a question for pickers and "merged into …": long texts end in an ellipsis. */
export const excerpt = (text: string, max = 90) => cut(text, max);

/** The inline forms a question row can open; one at a time across the console. */
export type RowPanel = 'edit' | 'decline' | 'merge' | 'reply';

/**
 * Why a question put on screen is not on the hall screen, and from when it will be, for the moderator and the chair;
 * null when it is on it.
 */
export function screenWhy(shown: PinOnScreen | null, now: number, timeZone: string): string | null {
	switch (shown?.kind) {
		case 'later':
			return m.mod_screen_later({
				time:
					dayKey(shown.at, timeZone) === dayKey(now, timeZone)
						? clock(shown.at, timeZone)
						: dayAndClock(shown.at, timeZone)
			});
		case 'over':
			return m.mod_screen_over();
		case 'behind':
			return m.mod_screen_behind({ session: isolate(shown.session.title) });
		case 'cancelled':
			return m.mod_screen_cancelled();
		default:
			return null;
	}
}

/** The console's lists by name, as their tabs say. */
export const listName: Record<ListTab, () => string> = {
	queue: m.mod_tab_queue,
	published: m.mod_tab_published,
	answered: m.mod_tab_answered,
	declined: m.mod_tab_declined,
	archived: m.mod_tab_archived
};

/** What another moderator did to a question that has left the list `home` while a form was open on it there. */
export function movedMeanwhile(q: ModQuestion, home: ListTab): string {
	if (q.state === 'published')
		return home === 'answered' ? m.mod_meanwhile_unanswered() : m.mod_meanwhile_approved();
	if (q.state === 'declined') return m.mod_meanwhile_declined();
	if (q.state === 'merged') return m.mod_meanwhile_merged();
	if (q.state === 'archived') return m.mod_meanwhile_archived();
	return m.mod_meanwhile_queued();
}
