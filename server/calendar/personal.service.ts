import { createHash } from 'node:crypto';
import { randomToken } from '../access/access.service';
import { eventScope } from '../access/scope';
import type { DomainDeps } from '../domain-deps';
import { DomainError } from '../errors';
import type { FeedLinkResult, FeedStatusResult, StarSetResult, StarsResult } from '../../src/lib/protocol';
import type { PersonalStore } from './personal.store';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** base64url of 24 random bytes: 32 characters, as the feed route accepts. */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** A device's personal agenda: the sessions it starred and the private address of its calendar feed. */
export function createPersonalService(deps: DomainDeps & { personal: PersonalStore }) {
	const { personal, events, clock, requireAccess } = deps;

	const eventCode = (eventId: string) => {
		const e = events.get(eventId);
		if (!e) throw new DomainError('not-found', 'no such event');
		return e.event.code;
	};

	return {
		stars: (eventId: string, deviceHash: string): StarsResult => ({
			stars: personal.stars(eventId, deviceHash)
		}),

		/** Idempotent: starring a starred session (or unstarring one that is not) leaves things as they are. */
		setStar(eventId: string, deviceHash: string, sessionId: string, starred: boolean): StarSetResult {
			requireAccess.session(eventScope(eventId), sessionId);
			personal.setStar(eventId, deviceHash, sessionId, starred, clock.now().toISOString());
			return { sessionId, starred, stars: personal.stars(eventId, deviceHash) };
		},

		/** A fresh random token replaces the device's earlier one (which stops working); only its hash is kept. */
		newFeed(eventId: string, deviceHash: string): { result: FeedLinkResult; ledger: FeedLinkResult } {
			const code = eventCode(eventId);
			const token = randomToken(24);
			const createdAt = clock.now().toISOString();
			personal.setFeed(eventId, deviceHash, sha256(token), createdAt);
			return {
				result: { path: `/e/${code}/my/${token}.ics`, createdAt },
				// A retry must not hand the token out again from the stored answer: the ledger keeps no secret.
				ledger: { path: null, createdAt }
			};
		},

		feedStatus(eventId: string, deviceHash: string): FeedStatusResult {
			const createdAt = personal.feedCreatedAt(eventId, deviceHash);
			return { active: createdAt !== null, createdAt };
		},

		revokeFeed(eventId: string, deviceHash: string): FeedStatusResult {
			personal.dropFeed(eventId, deviceHash);
			return { active: false, createdAt: null };
		},

		/** The device behind a feed address of the event with this code, or null (unknown, revoked or another event's). */
		feedOwner(eventId: string, token: string): { deviceHash: string } | null {
			if (!FEED_TOKEN.test(token)) return null;
			const owner = personal.feedOwner(sha256(token));
			return owner && owner.eventId === eventId ? { deviceHash: owner.deviceHash } : null;
		}
	};
}
export type PersonalService = ReturnType<typeof createPersonalService>;
