import type { AckIssue, CommandInput, CommandName, CommandResults } from '$lib/protocol';
import type { Connection } from '$lib/realtime/connection.svelte';

/** Why a command did not go through: an error ack from the hub, or no answer in time. */
export interface CommandFailure {
	error: string;
	message?: string;
	issues?: AckIssue[];
}

/**
 * One control's command: in flight or not, and the last failure to show beside it. The result of a write is never
 * copied into page state; the hub's fact updates the LiveEvent, so the screen cannot drift from the hub.
 */
export class Command<C extends CommandName> {
	busy = $state(false);
	failure = $state<CommandFailure | null>(null);
	#last: CommandInput<C> | null = null;

	constructor(
		private readonly connection: Connection,
		readonly name: C
	) {}

	/** Sends the command; resolves with the ack's data, or null (the failure is then in `failure`). */
	async send(payload: CommandInput<C>): Promise<CommandResults[C] | null> {
		if (this.busy) return null;
		this.#last = payload;
		this.busy = true;
		this.failure = null;
		try {
			const res = await this.connection.call(this.name, payload);
			if (res.ok) return res.data;
			this.failure = {
				error: res.error,
				message: res.message,
				issues: 'issues' in res ? res.issues : undefined
			};
			return null;
		} finally {
			this.busy = false;
		}
	}

	/** A write lost to a slow link is re-sent with the same payload, client id included, so the hub applies it once. */
	get canRetry() {
		return this.failure?.error === 'timeout' && this.#last !== null;
	}

	retry() {
		return this.#last ? this.send(this.#last) : Promise.resolve(null);
	}

	clear() {
		this.failure = null;
	}
}
