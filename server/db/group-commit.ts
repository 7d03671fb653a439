import type { Sql } from './sql';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A write threw in a batch run without savepoints: roll the transaction back (see `commitBatch`). */
class Unguarded extends Error {
	constructor(readonly alone: boolean) {
		super('a write in an unguarded batch failed');
	}
}

/** How many times a batch that lost a transient conflict (a deadlock between hubs, say) is run again. */
const RETRIES = 3;

/**
 * Group commit: writes that arrive together share one transaction (one fsync with SQLite's synchronous=FULL, one
 * commit round trip with PostgreSQL), and each is answered only after that transaction has committed. A write that
 * throws is rolled back alone and the others still commit (the batch is then run again with a savepoint around each
 * write); a write's work may therefore run more than once, and must only touch storage. One batch commits at a time;
 * what arrives meanwhile forms the next.
 */
export function createGroupCommit(sql: Sql, opts: { maxBatch?: number; windowMs?: number } = {}) {
	const maxBatch = opts.maxBatch ?? 1000;
	// How long the first write of a batch may wait for company. Measured at 10,000 voters, a 2 ms window halved the
	// commits (2,893 -> 1,355) but saved no CPU and lengthened the ack tail, so by default a batch is what arrived
	// in the same turn of the event loop.
	const windowMs = opts.windowMs ?? 0;
	type Job = { work: () => unknown; done: (o: Outcome<unknown>) => void };
	let queue: Job[] = [];
	let scheduled = false;
	let running: Promise<void> | null = null;
	let batches = 0;
	let writes = 0;
	// Callbacks, told the size of each committed batch (the operators' metrics).
	const observers = new Set<(writes: number) => void>();

	async function commitBatch(batch: Job[]) {
		// First without a savepoint per write: on PostgreSQL each is two more round trips, and in a vote storm almost
		// every write succeeds. A write that throws may have written half of itself, so then the whole transaction is
		// rolled back and the batch runs again with a savepoint around each write, which rolls back that one alone.
		// (A batch of one needs no savepoint either way: its transaction is all it holds.)
		let guarded = false;
		for (let attempt = 0; ; attempt++) {
			const outcomes: Outcome<unknown>[] = [];
			try {
				await sql.tx(async () => {
					for (const job of batch) {
						try {
							outcomes.push({ ok: true, value: await (guarded ? sql.tx(job.work) : job.work()) });
						} catch (error) {
							// A conflict aborts the whole transaction: run the batch again rather than fail one write.
							if (sql.retryable(error)) throw error;
							outcomes.push({ ok: false, error });
							if (!guarded) throw new Unguarded(batch.length === 1);
						}
					}
				});
			} catch (error) {
				if (error instanceof Unguarded) {
					// The lone write failed and nothing else was in its transaction: that is its answer.
					if (error.alone) return batch[0].done(outcomes[0]);
					guarded = true;
					attempt--;
					continue;
				}
				if (attempt < RETRIES && sql.retryable(error)) continue;
				// The commit itself failed: nothing in the batch is stored, so nothing is acknowledged as done.
				for (const job of batch) job.done({ ok: false, error });
				return;
			}
			batches++;
			writes += batch.length;
			for (const observe of observers) observe(batch.length);
			batch.forEach((job, i) => job.done(outcomes[i]));
			return;
		}
	}

	async function drain() {
		scheduled = false;
		while (queue.length) {
			const batch = queue.slice(0, maxBatch);
			queue = queue.slice(batch.length);
			await commitBatch(batch);
		}
	}

	/** Commits everything queued; one drain at a time. */
	function flush(): Promise<void> {
		if (running) return running.then(() => (queue.length ? flush() : undefined));
		running = drain().finally(() => {
			running = null;
			// A write queued by an answer of the last batch, after the loop above last looked: commit it too.
			if (queue.length && !scheduled) {
				scheduled = true;
				setImmediate(() => void flush());
			}
		});
		return running;
	}

	return {
		/** Queues a write; `done` runs after the transaction holding it has committed (or failed). */
		run<T>(work: () => T | Promise<T>, done: (o: Outcome<T>) => void) {
			queue.push({ work, done: done as (o: Outcome<unknown>) => void });
			if (!scheduled && !running) {
				scheduled = true;
				// Everything the event loop reads from sockets meanwhile joins this batch.
				if (windowMs > 0) setTimeout(() => void flush(), windowMs);
				else setImmediate(() => void flush());
			}
		},
		/** The same, as a promise of the write's value (rejected when it failed). */
		write<T>(work: () => T | Promise<T>): Promise<T> {
			return new Promise<T>((resolve, reject) =>
				this.run(work, (o) => (o.ok ? resolve(o.value) : reject(o.error)))
			);
		},
		/** Commits what is queued now (on shutdown, before the database closes). */
		flush,
		stats: () => ({ batches, writes, pending: queue.length }),
		/** Calls `fn` with the number of writes in each batch that commits; returns the unsubscribe function. */
		onCommit(fn: (writes: number) => void) {
			observers.add(fn);
			return () => observers.delete(fn);
		}
	};
}
export type GroupCommit = ReturnType<typeof createGroupCommit>;
