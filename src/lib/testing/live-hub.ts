import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import type { ClientToServer, ServerToClient, StaffRole } from '$lib/protocol';
import { LiveEvent } from '$lib/agenda/live-event.svelte';
import { Connection } from '$lib/realtime/connection.svelte';
import type { Socket } from 'socket.io-client';
import type { TestHub } from '../../../tests/fixtures/hub';

export interface PageOptions {
	/** A staff link's role; without it the page is an attendee's phone. */
	role?: StaffRole;
	roomId?: string | null;
	/** The phone's device id, to open the same phone again (a reload); a new phone by default. */
	device?: string;
	/** Keep the programme on the device (IndexedDB), as the attendee pages do. */
	keepOffline?: boolean;
	/** A staff console's page (`LiveEvent`'s `staff`): it stops when its sign-in is over, and holds writes until joined. */
	staff?: boolean;
	/** Reconnect by itself after a drop, as a browser's page does (quickly, for a test); off by default. */
	reconnection?: boolean;
}

/**
 * A page as the browser has it, on its own socket to a test hub: the real LiveEvent and Connection, from the hub's
 * own snapshot, not yet connected (`start()` connects and joins, as `onMount` does). Specs for the `*.svelte.ts`
 * state classes build on it, so they run against the hub's real answers rather than hand-written ones.
 */
export async function openPage(t: TestHub, o: PageOptions = {}) {
	const device = o.device ?? randomBytes(16).toString('base64url');
	const minted = o.role ? await t.mintCookie(o.role, o.roomId ?? null) : null;
	const cookie = minted ? minted.cookie : t.deviceCookie(device);
	const socket: Socket<ServerToClient, ClientToServer> = io(t.url, {
		transports: ['websocket'],
		autoConnect: false,
		reconnection: o.reconnection ?? false,
		reconnectionDelay: 50,
		reconnectionDelayMax: 100,
		forceNew: true,
		extraHeaders: { cookie }
	});
	const live = new LiveEvent(await t.snapshot(), new Connection(socket), {
		keepOffline: o.keepOffline,
		staff: o.staff
	});
	return { live, socket, device, credentialId: minted?.credentialId ?? null };
}

/** Resolves after the page's next successful join (the hub's snapshot taken, per-page loads started). */
export function nextJoin(live: LiveEvent): Promise<void> {
	return new Promise((resolve) => {
		let first = live.joined;
		const off = live.onJoin(() => {
			// onJoin also calls back at once when already joined; wait for a join that happens from now on.
			if (first) {
				first = false;
				return;
			}
			off();
			resolve();
		});
	});
}
