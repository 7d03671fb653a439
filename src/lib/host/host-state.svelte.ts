import { m } from '$lib/paraglide/messages';
import type { HostEventRow } from '$lib/protocol';
import { Connection } from '$lib/realtime/connection.svelte';
import { Writes } from '$lib/realtime/writes.svelte';

/** How often the host's list refreshes its figures (connected attendees, open polls) while the page is open. */
const REFRESH_MS = 5000;

/** The host console's one copy of the events list, and the one write path its controls share. */
export class HostState {
	events = $state<HostEventRow[] | null>(null);
	readonly connection: Connection;
	readonly writes: Writes;
	#timer: ReturnType<typeof setInterval> | null = null;

	constructor(connection: Connection = new Connection()) {
		this.connection = connection;
		this.writes = new Writes(connection, { timeoutMessage: m.org_err_timeout });
	}

	/** Connects, lists the events, and keeps their figures fresh; returns the stop. */
	start() {
		this.connection.socket.on('connect', () => void this.refresh());
		this.connection.connect();
		this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
		return () => {
			if (this.#timer) clearInterval(this.#timer);
			this.connection.close();
		};
	}

	async refresh() {
		const res = await this.writes.send('event:list', 'event:list', { archived: true }, { error: 'list' });
		if (res.ok) this.events = res.data.events;
	}
}
