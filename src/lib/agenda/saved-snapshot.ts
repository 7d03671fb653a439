import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { EventSnapshot, PollListResult, QaRoomState } from '$lib/protocol';

/**
 * One kind of value kept on this device (IndexedDB), by key. Private browsing may refuse IndexedDB: then nothing is
 * kept and nothing is found, and the page works online only, as it always has.
 */
function deviceStore<T>(database: string, table: string) {
	let store: UseStore | null = null;
	const open = () => (store ??= createStore(database, table));
	return {
		async save(key: string, value: T): Promise<void> {
			if (typeof indexedDB === 'undefined') return;
			try {
				await set(key, value, open());
			} catch {
				// Refused: see above.
			}
		},
		async load(key: string): Promise<T | undefined> {
			if (typeof indexedDB === 'undefined') return undefined;
			try {
				return await get<T>(key, open());
			} catch {
				return undefined;
			}
		}
	};
}

/**
 * The copy of each event's programme kept on this device, so the programme and every session page open without a
 * network. The live event writes it whenever its snapshot changes; the attendee pages read it only when the network
 * cannot answer.
 */
const programmes = deviceStore<EventSnapshot>('dais-programme', 'events');

export const saveSnapshot = (snapshot: EventSnapshot) => programmes.save(snapshot.event.code, snapshot);
export const savedSnapshot = (code: string) => programmes.load(code.toUpperCase());

/**
 * The last poll list each session page had (its polls, this device's ballots and the results shown), kept beside the
 * programme: a page reloaded without a network shows the polls as last seen, with the ballot that waits to be sent,
 * instead of an empty panel.
 */
const pollLists = deviceStore<PollListResult>('dais-polls', 'sessions');
const pollsKey = (code: string, sessionId: string) => `${code.toUpperCase()}/${sessionId}`;

export const savePolls = (code: string, sessionId: string, list: PollListResult) =>
	pollLists.save(pollsKey(code, sessionId), list);
export const savedPolls = (code: string, sessionId: string) => pollLists.load(pollsKey(code, sessionId));

/**
 * The last Q&A each session page had (the published questions, their votes, this device's questions and upvotes),
 * kept likewise: a page reloaded without a network shows the questions as last seen, with the upvote that waits to be
 * sent, instead of a panel that reads as if nobody had asked anything.
 */
const qaRooms = deviceStore<QaRoomState>('dais-qa', 'sessions');

export const saveQa = (code: string, sessionId: string, room: QaRoomState) =>
	qaRooms.save(pollsKey(code, sessionId), room);
export const savedQa = (code: string, sessionId: string) => qaRooms.load(pollsKey(code, sessionId));

/**
 * Gives a room the copy it kept on the device, marked as last seen, unless the hub's answer came first (it is newer).
 */
export async function restoreCopy<T>(
	saved: Promise<T | null | undefined>,
	room: { state: T | null; stale: boolean }
) {
	const copy = await saved;
	if (copy && !room.state) {
		room.state = copy;
		room.stale = true;
	}
}

/**
 * Writes a room's copy to the device: at once (`now`, for the hub's whole answer, which a reload a moment later must
 * find), or at most once a second however fast facts come (`soon`); `flush` writes what is still pending (the page
 * leaves the room).
 */
export function deviceCopy(write: () => void, everyMs = 1000) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const now = () => {
		clearTimeout(timer);
		timer = undefined;
		write();
	};
	return {
		now,
		soon() {
			timer ??= setTimeout(now, everyMs);
		},
		flush() {
			if (timer !== undefined) now();
		}
	};
}
