import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import {
	BADGE_ALPHABET,
	BADGE_CODE_LENGTH,
	type BadgeGenerateResult,
	type BadgeSummaryResult,
	type GeneratedBadge
} from '../../src/lib/protocol';
import { coversEvent, type Scope } from '../access/scope';
import type { BadgesStore, StoredBadge } from './badges.store';

/** A badge's ballots are kept under this key, whichever phone holds the badge when it votes. */
export const badgeVoter = (badgeId: string) => `badge:${badgeId}`;

/** A random code over the badge alphabet (32 symbols: each random byte's low five bits are uniform). */
function newCode(): string {
	return Array.from(randomBytes(BADGE_CODE_LENGTH), (b) => BADGE_ALPHABET[b & 31]).join('');
}

/**
 * Verified attendees: badge codes an organiser generates for registered attendees (shown once, kept as a keyed
 * hash), each redeemed on one phone at a time. A phone holding a badge votes in verified-only polls as that badge.
 */
export function createBadgesService(deps: { store: BadgesStore; secret: string; clock: Clock }) {
	const { store, secret, clock } = deps;
	const codeHash = (code: string) =>
		createHmac('sha256', secret).update(`badge-code:${code}`).digest('base64url');

	/** Badges belong to the whole event: a hall's organiser link does not reach them. */
	function requireEventWide(scope: Scope) {
		if (!coversEvent(scope))
			throw DomainError.because('forbidden', 'role-forbidden', 'badges belong to the whole event');
	}

	async function find(scope: Scope, ref: { code: string } | { serial: number }): Promise<StoredBadge> {
		requireEventWide(scope);
		const badge =
			'code' in ref
				? await store.byCodeHash(codeHash(ref.code))
				: await store.bySerial(scope.eventId, ref.serial);
		if (!badge || badge.eventId !== scope.eventId)
			throw DomainError.because('not-found', 'badge-not-found', 'no such badge in this event');
		return badge;
	}

	return {
		/** Makes `count` badges; the codes are in this answer only, and a retry answered from the ledger has none. */
		async generate(
			scope: Scope,
			count: number
		): Promise<{ data: BadgeGenerateResult; ledger: BadgeGenerateResult }> {
			requireEventWide(scope);
			const first = await store.nextSerial(scope.eventId);
			const now = clock.now().toISOString();
			const badges: GeneratedBadge[] = [];
			for (let serial = first; serial < first + count; serial++) {
				let code = newCode();
				// A clash of 50-bit codes is next to impossible; the unique hash would refuse it, so draw again.
				while (await store.byCodeHash(codeHash(code))) code = newCode();
				const id = `b-${randomBytes(9).toString('base64url')}`;
				await store.insert({ id, eventId: scope.eventId, serial, codeHash: codeHash(code), now });
				badges.push({ serial, code });
			}
			const last = first + count - 1;
			return { data: { badges, first, last }, ledger: { badges: [], first, last } };
		},

		/** Whether the event has any badge codes (serials start at 1). */
		hasBadges: async (eventId: string) => (await store.nextSerial(eventId)) > 1,

		/** Puts a badge on this phone, once: an unknown code, or one another phone holds, is refused. */
		async redeem(eventId: string, deviceHash: string, code: string): Promise<{ verified: true }> {
			const badge = await store.byCodeHash(codeHash(code));
			if (!badge || badge.eventId !== eventId)
				throw DomainError.because(
					'not-found',
					'badge-not-found',
					'no badge has this code: check it, or ask at the registration desk'
				);
			if (badge.deviceHash === deviceHash) return { verified: true };
			if (badge.deviceHash)
				throw DomainError.because(
					'conflict',
					'badge-code-taken',
					'this badge code is already in use on another phone'
				);
			if (await store.byDevice(eventId, deviceHash))
				throw DomainError.because('conflict', 'badge-other-held', 'this phone already holds another badge');
			await store.bind(badge.id, deviceHash, clock.now().toISOString());
			return { verified: true };
		},

		/** Frees a badge so the attendee can redeem it on another phone (a lost or replaced one). */
		async release(scope: Scope, ref: { code: string } | { serial: number }) {
			const badge = await find(scope, ref);
			return { serial: badge.serial, released: await store.release(badge.id) };
		},

		summary(scope: Scope): Promise<BadgeSummaryResult> {
			requireEventWide(scope);
			return store.summary(scope.eventId);
		},

		/** The key a verified-only poll counts this phone's ballot under: its badge's, or null without one. */
		async voterFor(eventId: string, deviceHash: string | null): Promise<string | null> {
			const badge = deviceHash ? await store.byDevice(eventId, deviceHash) : undefined;
			return badge ? badgeVoter(badge.id) : null;
		},

		isVerified: async (eventId: string, deviceHash: string | null) =>
			Boolean(deviceHash && (await store.byDevice(eventId, deviceHash)))
	};
}
export type BadgesService = ReturnType<typeof createBadgesService>;
