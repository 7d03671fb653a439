import { failureText } from '$lib/i18n/failure-text';
import { getContext, setContext } from 'svelte';
import { isBadgeCode, normaliseBadgeCode, type Ack, type CommandResults } from '$lib/protocol';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import { newClientId } from '$lib/realtime/connection.svelte';
import { m } from '$lib/paraglide/messages';

type Answer = Ack<CommandResults['badge:redeem']> | { ok: false; error: 'timeout' };

/** The code in a badge's QR link (`/e/CODE#badge=K7P2M-9XQ4T`), if the page was opened with one. */
export function badgeFromFragment(hash: string): string | null {
	const match = /(?:^#|&)badge=([^&]+)/.exec(hash);
	return match ? decodeURIComponent(match[1]) : null;
}

/**
 * Redeeming this phone's badge code: once, from the event page or by scanning the badge's QR code. What the hub
 * answers becomes a sentence the attendee can act on (the code is unknown, or already on another phone).
 */
export class BadgeRedeem {
	busy = $state(false);
	/** The code is typed and waits for the page to be back on the event (a drop in the venue's Wi-Fi). */
	waiting = $state(false);
	error = $state<string | null>(null);
	/** Set by a successful redemption on this page (the join tells a phone that redeemed before). */
	justVerified = $state(false);
	/** The page was opened from a badge's QR code: its outcome belongs at the top of the page. */
	linked = $state(false);

	constructor(private readonly live: LiveEvent) {}

	get verified() {
		return this.live.verified;
	}

	async redeem(typed: string): Promise<boolean> {
		if (this.busy) return false;
		const code = normaliseBadgeCode(typed);
		if (!isBadgeCode(code)) {
			this.error = m.badge_code_invalid();
			return false;
		}
		this.busy = true;
		this.error = null;
		// Sent while the connection is down it would reach the hub before the page is back on the event, and be refused.
		if (!this.live.joined) {
			this.waiting = true;
			await this.#joined();
			this.waiting = false;
		}
		const payload = { clientId: newClientId(), eventId: this.live.eventId, code };
		let res: Answer = await this.live.connection.call('badge:redeem', payload);
		// A browser whose device cookie went missing gets a new id, then sends the same redemption again.
		if (!res.ok && res.error === 'device-required' && (await this.live.recoverDevice()))
			res = await this.live.connection.call('badge:redeem', payload);
		this.busy = false;
		if (res.ok) {
			this.live.verified = true;
			this.justVerified = true;
			return true;
		}
		this.error = this.#explain(res);
		return false;
	}

	/** Resolves once the page is joined to the event (at once when it is). */
	#joined(): Promise<void> {
		return new Promise((resolve) => {
			const off = this.live.onJoin(() => {
				queueMicrotask(() => off());
				resolve();
			});
		});
	}

	/** Redeems the code of a badge's QR link once the page has joined the event, then takes it out of the address. */
	fromLink(hash: string) {
		const code = badgeFromFragment(hash);
		if (!code) return;
		history.replaceState(history.state, '', location.pathname + location.search);
		this.linked = true;
		void this.#joined().then(() => {
			if (!this.live.verified) void this.redeem(code);
		});
	}

	#explain(res: Exclude<Answer, { ok: true }>): string {
		switch (res.error) {
			case 'not-found':
				return m.badge_unknown();
			case 'conflict':
				return this.live.verified ? m.badge_phone_has_one() : m.badge_in_use();
			case 'rate-limited':
				return m.badge_rate_limited();
			case 'timeout':
				return m.badge_timeout();
			case 'device-required':
				return this.live.deviceProblem ?? m.device_unavailable();
			default:
				return failureText(res);
		}
	}
}

const KEY = Symbol('badge-redeem');
export const setBadgeRedeem = (b: BadgeRedeem) => setContext(KEY, b);
export const getBadgeRedeem = () => getContext<BadgeRedeem | undefined>(KEY);
