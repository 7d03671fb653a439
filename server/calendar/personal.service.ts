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

	const eventCode = async (eventId: string) => {
		const e = await events.get(eventId);
		if (!e) throw DomainError.because('not-found', 'event-not-found', 'no such event');
		return e.event.code;
	};

	return {
		stars: async (eventId: string, deviceHash: string): Promise<StarsResult> => ({
			stars: await personal.stars(eventId, deviceHash)
		}),

		/** Idempotent: starring a starred session (or unstarring one that is not) leaves things as they are. */
		async setStar(
			eventId: string,
			deviceHash: string,
			sessionId: string,
			starred: boolean
		): Promise<StarSetResult> {
			await requireAccess.session(eventScope(eventId), sessionId);
			await personal.setStar(eventId, deviceHash, sessionId, starred, clock.now().toISOString());
			return { sessionId, starred, stars: await personal.stars(eventId, deviceHash) };
		},

		/** A fresh random token replaces the device's earlier one (which stops working); only its hash is kept. */
		async newFeed(
			eventId: string,
			deviceHash: string
		): Promise<{ result: FeedLinkResult; ledger: FeedLinkResult }> {
			const code = await eventCode(eventId);
			const token = randomToken(24);
			const createdAt = clock.now().toISOString();
			await personal.setFeed(eventId, deviceHash, sha256(token), createdAt);
			return {
				result: { path: `/e/${code}/my/${token}.ics`, createdAt },
				// A retry must not hand the token out again from the stored answer: the ledger keeps no secret.
				ledger: { path: null, createdAt }
			};
		},

		async feedStatus(eventId: string, deviceHash: string): Promise<FeedStatusResult> {
			const createdAt = await personal.feedCreatedAt(eventId, deviceHash);
			return { active: createdAt !== null, createdAt };
		},

		async revokeFeed(eventId: string, deviceHash: string): Promise<FeedStatusResult> {
			await personal.dropFeed(eventId, deviceHash);
			return { active: false, createdAt: null };
		},

		/** The device behind a feed address of the event with this code, or null (unknown, revoked or another event's). */
		async feedOwner(eventId: string, token: string): Promise<{ deviceHash: string } | null> {
			if (!FEED_TOKEN.test(token)) return null;
			const owner = await personal.feedOwner(sha256(token));
			return owner && owner.eventId === eventId ? { deviceHash: owner.deviceHash } : null;
		}
	};
}
export type PersonalService = ReturnType<typeof createPersonalService>;
