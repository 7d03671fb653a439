/**
 * A read that many callers make at once, run once for all of them.
 *
 * A caller shares a read only if that read had not started when it called, so what it gets is never older than its
 * call: while a key's read runs, new callers wait for the next one, which starts as soon as it ends and answers all of
 * them. That keeps the order the hub relies on (join a room, then read: a change committed in between is in the
 * answer or reaches the socket as a fact) while a thousand phones opening one session cost a few reads, not a
 * thousand. It matters on PostgreSQL, where each read is a round trip that costs the hub and the server CPU.
 *
 * Inside a transaction every read is the caller's own: it may see the transaction's uncommitted writes, which no
 * other caller may.
 */
export type SharedRead = <T>(key: string, read: () => Promise<T>) => Promise<T>;

interface Flight {
	/** The read under way for this key. */
	running: Promise<unknown>;
	/** The read that starts when `running` ends, for everyone who asked while it ran. */
	next: Promise<unknown> | null;
}

export function createSharedReads(inTransaction: () => boolean): SharedRead {
	const flights = new Map<string, Flight>();

	function start<T>(key: string, read: () => Promise<T>): Promise<T> {
		const running = (async () => read())();
		const flight: Flight = { running, next: null };
		flights.set(key, flight);
		const settle = () => {
			if (flights.get(key) === flight && !flight.next) flights.delete(key);
		};
		running.then(settle, settle);
		return running;
	}

	return <T>(key: string, read: () => Promise<T>): Promise<T> => {
		if (inTransaction()) return read();
		const flight = flights.get(key);
		if (!flight) return start(key, read);
		if (!flight.next) {
			const after = () => {
				// Whoever asked while the last read ran shares this one; whoever asks from now on waits for the one after.
				flights.delete(key);
				return start(key, read);
			};
			flight.next = flight.running.then(after, after);
		}
		return flight.next as Promise<T>;
	};
}

/**
 * Shared reads that are also kept between callers, for a store that knows every change to what it reads: SQLite,
 * whose only writer is this process (other processes on the file, such as `npm run staff`, are seen through
 * `changedElsewhere`).
 *
 * A kept answer is dropped at the next write: `generation()` moves on every commit and every statement that may
 * write, synchronously, before that write's effects are published. A caller therefore never gets an answer older
 * than the last commit before its call, which is what the in-flight sharing above promises too; a phone that joined
 * a room before the read still hears every change after it. Between writes (a join storm: thousands of phones
 * opening the same session, nobody voting yet) each key is read once, not once per phone.
 *
 * Answers are frozen, deeply: every later caller gets the same object, so none may change it.
 */
export function createKeptReads(
	inTransaction: () => boolean,
	generation: () => number,
	maxKeys = 4096
): SharedRead {
	const inFlight = createSharedReads(inTransaction);
	let keptAt = -1;
	const kept = new Map<string, Promise<unknown>>();

	return <T>(key: string, read: () => Promise<T>): Promise<T> => {
		if (inTransaction()) return read();
		const now = generation();
		if (now !== keptAt) {
			kept.clear();
			keptAt = now;
		}
		const hit = kept.get(key);
		if (hit) return hit as Promise<T>;
		if (kept.size >= maxKeys) kept.clear();
		const answer = inFlight(key, read).then(deepFreeze);
		// Only an answer read under this generation is kept: a write that committed during the read (a store whose
		// reads wait for a transaction) makes it one that the next caller must not get.
		kept.set(key, answer);
		answer.then(
			() => {
				if (generation() !== now && kept.get(key) === answer) kept.delete(key);
			},
			() => {
				if (kept.get(key) === answer) kept.delete(key);
			}
		);
		return answer;
	};
}

function deepFreeze<T>(value: T): T {
	if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
	Object.freeze(value);
	for (const v of Object.values(value)) deepFreeze(v);
	return value;
}
