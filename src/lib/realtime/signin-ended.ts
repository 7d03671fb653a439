import { m } from '$lib/paraglide/messages';
import type { SignInEnd } from '$lib/protocol';

/**
 * Why a staff page's sign-in is over: as the hub said (`SignInEnd`), or `missing` when the page came back without a
 * staff cookie the hub knows (cleared by the browser, or ended so long ago that the hub no longer keeps it).
 */
export type StaffEnd = SignInEnd | 'missing';

/** What a staff page says when its sign-in is over, by why it is. */
export const signInEndedText = (reason: StaffEnd): string =>
	({
		revoked: m.staff_link_revoked,
		ended: m.staff_signin_ended,
		'signed-out': m.staff_signed_out,
		expired: m.staff_signin_expired,
		'event-deleted': m.staff_event_deleted,
		missing: m.staff_signin_missing
	})[reason]();
