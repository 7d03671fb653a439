import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { EventSnapshot } from '$lib/protocol';

/**
 * The copy of each event's programme kept on this device (IndexedDB), so the programme and every session page open
 * without a network. The live event writes it whenever its snapshot changes; the attendee pages read it only when
 * the network cannot answer.
 */
let store: UseStore | null = null;
const open = () => (store ??= createStore('dais-programme', 'events'));

export async function saveSnapshot(snapshot: EventSnapshot): Promise<void> {
	if (typeof indexedDB === 'undefined') return;
	try {
		await set(snapshot.event.code, snapshot, open());
	} catch {
		// Private browsing may refuse IndexedDB: the page then works online only, as it always has.
	}
}

export async function savedSnapshot(code: string): Promise<EventSnapshot | undefined> {
	if (typeof indexedDB === 'undefined') return undefined;
	try {
		return await get<EventSnapshot>(code.toUpperCase(), open());
	} catch {
		return undefined;
	}
}
