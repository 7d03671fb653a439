import type { LiveEvent } from '$lib/agenda/live-event.svelte';

/** How often the console asks again: questions asked in a session it is not showing are not told to it as they come. */
const EVERY_MS = 15_000;

/**
 * How many questions wait for review in each session this staff link reaches (`qa:waiting`), for the moderator's
 * session picker: a link for the whole event sees where questions wait without opening every session. Asked on every
 * join and every 15 s while live; one small read per console, so no fact is sent to every console per question asked.
 */
export class WaitingElsewhere {
	/** Session id -> questions waiting (sessions with none are absent). */
	counts = $state<Record<string, number>>({});
	readonly #loaded: ReturnType<LiveEvent['keepLoaded']>;
	readonly #timer: ReturnType<typeof setInterval>;

	constructor(live: LiveEvent) {
		this.#loaded = live.keepLoaded(async () => {
			const res = await live.connection.call('qa:waiting', { eventId: live.eventId });
			if (res.ok) this.counts = res.data.waiting;
			return res.ok || res.error !== 'timeout';
		});
		this.#timer = setInterval(() => {
			if (live.connection.status === 'live') this.#loaded.reload();
		}, EVERY_MS);
	}

	destroy() {
		clearInterval(this.#timer);
		this.#loaded();
	}
}
