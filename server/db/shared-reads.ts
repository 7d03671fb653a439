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
