import type { LiveEvent } from '$lib/agenda/live-event.svelte';

/** Attendee head counts the hub pushes to organisers: connected to the event, and following each hall. */
export class PresenceState {
	/** Null until the hub has sent the first count (it does so right after an organiser joins). */
	total = $state<number | null>(null);
	byRoom = $state<Record<string, number>>({});

	constructor(live: LiveEvent) {
		live.connection.socket.on('presence:updated', (counts) => {
			if (counts.eventId !== live.eventId) return;
			this.total = counts.total;
			this.byRoom = counts.byRoom;
		});
	}

	inRoom(roomId: string): number | null {
		return this.total === null ? null : (this.byRoom[roomId] ?? 0);
	}
}
