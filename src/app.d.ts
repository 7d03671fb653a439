import type { AppContext } from '../server/context';
import type { StoredCredential } from '../server/access/access.store';

declare global {
	namespace App {
		interface Locals {
			ctx: AppContext;
			/** The staff link behind the cookie's sign-in, if the sign-in stands (not ended, expired or revoked). */
			staff: StoredCredential | null;
			/** That sign-in's handle (to sign out of it). */
			signInId: string | null;
		}
		interface Error {
			message: string;
			/** What a 404 could not find, so the error page can say it in the reader's language. */
			missing?: { kind: 'event' | 'hall'; name: string };
		}
	}
}

export {};
