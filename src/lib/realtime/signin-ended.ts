import { m } from '$lib/paraglide/messages';
import type { SignInEnd } from '$lib/protocol';

/** What a staff page says when the hub lets its socket go because its sign-in is over, by why it is. */
export const signInEndedText = (reason: SignInEnd): string =>
	({
		revoked: m.staff_link_revoked,
		ended: m.staff_signin_ended,
		'signed-out': m.staff_signed_out,
		expired: m.staff_signin_expired,
		'event-deleted': m.staff_event_deleted
	})[reason]();
