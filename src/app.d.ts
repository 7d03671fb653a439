import type { AppContext } from '../server/context';
import type { StoredCredential } from '../server/access/access.store';

declare global {
	namespace App {
		interface Locals {
			ctx: AppContext;
			/** The staff credential behind the signed cookie, if any and not revoked. */
			staff: StoredCredential | null;
		}
		interface Error {
			message: string;
			/** What a 404 could not find, so the error page can say it in the reader's language. */
			missing?: { kind: 'event' | 'hall'; name: string };
		}
	}
}

export {};
