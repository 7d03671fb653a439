import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { EventSnapshot, PollListResult } from '$lib/protocol';

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

/**
 * The last poll list each session page had (its polls, this device's ballots and the results shown), kept on the
 * device beside the programme: a page reloaded without a network shows the polls as last seen, with the ballot that
 * waits to be sent, instead of an empty panel.
 */
let polls: UseStore | null = null;
const openPolls = () => (polls ??= createStore('dais-polls', 'sessions'));
const pollsKey = (code: string, sessionId: string) => `${code.toUpperCase()}/${sessionId}`;

export async function savePolls(code: string, sessionId: string, list: PollListResult): Promise<void> {
	if (typeof indexedDB === 'undefined') return;
	try {
		await set(pollsKey(code, sessionId), list, openPolls());
	} catch {
		// As above: without IndexedDB the panel waits for the network.
	}
}

export async function savedPolls(code: string, sessionId: string): Promise<PollListResult | undefined> {
	if (typeof indexedDB === 'undefined') return undefined;
	try {
		return await get<PollListResult>(pollsKey(code, sessionId), openPolls());
	} catch {
		return undefined;
	}
}
