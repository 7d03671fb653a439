import type { PollIntegrity } from '../../src/lib/protocol';

/**
 * One poll's signs of stuffing, for the chair: which ballots came from devices the hub first issued an id to after
 * the poll opened, and how ballots spread over source addresses. In memory only; the addresses (already keyed
 * hashes) are never stored, so after a restart they cover the ballots cast since.
 */
export class PollSignals {
	readonly #fresh = new Set<string>();
	readonly #addressOf = new Map<string, string>();
	readonly #perAddress = new Map<string, number>();

	/** `freshVoters`: the stored ballots' voters whose device is newer than the poll. */
	constructor(freshVoters: Iterable<string> = []) {
		for (const v of freshVoters) this.#fresh.add(v);
	}

	/** Takes in a committed ballot (a changed one replaces the voter's earlier one). */
	add(voter: string, fresh: boolean, address: string) {
		if (fresh) this.#fresh.add(voter);
		else this.#fresh.delete(voter);
		const before = this.#addressOf.get(voter);
		if (before === address) return;
		if (before !== undefined) {
			const n = this.#perAddress.get(before)! - 1;
			if (n) this.#perAddress.set(before, n);
			else this.#perAddress.delete(before);
		}
		this.#addressOf.set(voter, address);
		this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
	}

	get view(): PollIntegrity {
		let top = 0;
		for (const n of this.#perAddress.values()) top = Math.max(top, n);
		return {
			newDevices: this.#fresh.size,
			topAddress: this.#addressOf.size ? { ballots: top, of: this.#addressOf.size } : null
		};
	}
}

/**
 * Cluster mode: a poll's signals kept where every hub counts into them and reads them (Redis, see
 * `createSharedSignals`), so each chair console sees the ballots that came through every hub. Only keyed hashes of
 * addresses are kept there, never the addresses.
 */
export interface SharedSignals {
	/** Takes in a committed ballot (a changed one replaces the voter's earlier one). */
	add(eventId: string, pollId: string, voter: string, fresh: boolean, address: string): Promise<void>;
	/** The stored ballots' voters whose device is newer than the poll (taken in once per hub; adding twice is harmless). */
	addFresh(eventId: string, pollId: string, voters: string[]): Promise<void>;
	view(eventId: string, pollId: string): Promise<PollIntegrity>;
}
