import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ServerToClient } from '../../src/lib/protocol';
import type { DaisServer } from './types';
import { DaisAdapter } from './adapter';

type Fact = keyof ServerToClient;

/** What one frame to one socket costs before anything has been measured (~10 µs here, see bench/README.md). */
const FRAME_MS_PRIOR = 0.01;
/** Sends to fewer sockets than this are not timed: their fixed costs would read as a dear frame. */
const TIMED_FROM = 100;
/** How much each timed send moves the running cost (an exponential average over the last ten or so). */
const WEIGHT = 0.1;
interface Job {
	rooms: string[];
	event: Fact;
	payload: unknown;
	/** A fact of which only the newest counts (a poll's tally): a newer one with the same key replaces this one. */
	latest?: string;
	/** What `waiting` knows this broadcast by (a session's coalesced vote counts). */
	tag?: string;
}

/** A sliced broadcast going out: its sockets, how far it has got, and the newer tally riding with it, if any. */
interface Pass {
	job: Job;
	ids: string[];
	at: number;
	rider: Rider | null;
}

/** A newer fact of the same `latest` key as the pass it rides, sent in the same slices, then to the rest. */
interface Rider {
	job: Job;
	/** Its packet, stored for recovery the moment it rode (so its offset follows everything sent before it). */
	data: unknown[];
	/** Its own audience (read at the pass's next slice) and which of them have had it. */
	ids: Set<string> | null;
	sent: Set<string>;
}

/**
 * Room broadcasts, in order, in slices. Writing one frame to 10,000 sockets blocks the event loop for over 100 ms,
 * and every ack queued behind it waits that long; sending to a few hundred sockets per turn of the event loop lets
 * acks (and everything else) through between slices. Broadcasts leave in the order they were made, so a socket
 * never sees an older fact after a newer one. A fact of which only the newest counts (a poll's tally) never waits
 * behind an older one of its kind. One already going out finishes, so every socket gets each tally that started
 * (cutting it short left the sockets of its later slices without a tally the others had: the reconnect bench
 * counted them as missed facts), but the newer one rides with it: each of its remaining slices gets the older tally
 * and then the newer one, and the sockets it had already reached get the newer one next. The last tally of a storm
 * thus reaches the hall in one pass from the moment it was made, not after the rest of the one before it. A tally
 * rides only when nothing but other tallies is queued (whose order against it does not matter), and one at a time:
 * a third goes to the queue, where a newer one takes its place. Each slice is encoded once for all its sockets.
 *
 * Who is in the rooms comes from the adapter's `sockets()`; each broadcast is stored once for connection-state
 * recovery (`DaisAdapter.remember`), whatever the number of its slices. With another adapter (cluster mode's Redis
 * streams) every broadcast goes out whole through `io.to(rooms).emit`, still in order and still superseded.
 */
export function createFanout(
	io: DaisServer,
	opts: {
		sliceSize?: number;
		log?: Logger;
		/** Told how many sockets each broadcast (or slice of one) was written to. */
		onSent?: (event: Fact, sockets: number) => void;
		/** The clock sends are timed with, in milliseconds. */
		now?: () => number;
	} = {}
) {
	const { sliceSize = 500, log, onSent, now = () => performance.now() } = opts;
	const base = io.of('/').adapter;
	const adapter = base instanceof DaisAdapter ? base : null;
	const queue: Job[] = [];
	let current: Job | null = null;
	/** The sliced broadcast going out, while it goes. */
	let pass: Pass | null = null;
	let sliced = 0;
	let superseded = 0;
	let rode = 0;
	let frameMs = FRAME_MS_PRIOR;

	/**
	 * Times a send to `sockets` sockets. The writes reach the kernel inside the send, so this includes the system
	 * calls, and with them the network stack's work that the kernel does in the sender's time; it is what a frame
	 * costs on this machine, under this load (10–17 µs in the bench's vote storms and reconnect herds on one box).
	 */
	function timed(event: Fact, sockets: number, write: () => void) {
		const started = now();
		write();
		if (sockets >= TIMED_FROM) frameMs += ((now() - started) / sockets - frameMs) * WEIGHT;
		onSent?.(event, sockets);
	}

	const turn = () => new Promise((resolve) => setImmediate(resolve));
	/** `ids` a slice at a time, a turn of the event loop after each (taken when the next one is asked for). */
	async function* slices(ids: string[]) {
		for (let at = 0; at < ids.length; at += sliceSize) {
			yield ids.slice(at, at + sliceSize);
			await turn();
		}
	}

	async function send(job: Job) {
		// The audience is fixed when the broadcast starts; sockets that join later get the state from their join.
		const ids = [...(await base.sockets(new Set(job.rooms)))];
		if (!adapter || ids.length <= sliceSize) {
			timed(job.event, ids.length, () =>
				(io.to(job.rooms).emit as (event: Fact, payload: unknown) => boolean)(job.event, job.payload)
			);
			return;
		}
		sliced++;
		const data = adapter.remember(job.rooms, job.event, job.payload);
		const p: Pass = (pass = { job, ids, at: 0, rider: null });
		try {
			for await (const slice of slices(ids)) {
				timed(job.event, slice.length, () => adapter.sendSlice(data, slice));
				const rider = p.rider;
				if (rider) {
					rider.ids ??= await base.sockets(new Set(rider.job.rooms));
					const audience = rider.ids;
					// A pass's sockets are distinct, so none of this slice has had it yet.
					const theirs = slice.filter((id) => audience.has(id));
					timed(rider.job.event, theirs.length, () => adapter.sendSlice(rider.data, theirs));
					for (const id of theirs) rider.sent.add(id);
				}
				p.at += slice.length;
			}
			const rider = p.rider;
			if (!rider) return;
			// The sockets the older one reached before the newer one rode, and any that joined its rooms since.
			rider.ids ??= await base.sockets(new Set(rider.job.rooms));
			const rest = [...rider.ids].filter((id) => !rider.sent.has(id));
			for await (const slice of slices(rest))
				timed(rider.job.event, slice.length, () => adapter.sendSlice(rider.data, slice));
		} finally {
			pass = null;
		}
	}

	async function pump() {
		while ((current = queue.shift() ?? null)) {
			try {
				await send(current);
			} catch (err) {
				// One broadcast that could not go out must not stop the ones behind it.
				log?.error({ err, event: current.event }, 'broadcast failed');
			}
		}
	}

	return {
		/**
		 * `latest`: a key for a fact of which only the newest counts (a poll's tally), per audience. `tag`: what
		 * `waiting` knows the broadcast by.
		 */
		emit<E extends Fact>(
			rooms: string | string[],
			event: E,
			payload: Parameters<ServerToClient[E]>[0],
			latest?: string,
			tag?: string
		) {
			const job: Job = { rooms: Array.isArray(rooms) ? rooms : [rooms], event, payload, latest, tag };
			if (latest !== undefined) {
				const older = queue.findIndex((j) => j.latest === latest);
				if (older >= 0) {
					queue.splice(older, 1);
					superseded++;
				}
				// The older one is going out in slices and has some left: the newer one rides with it.
				if (
					adapter &&
					pass?.job.latest === latest &&
					!pass.rider &&
					pass.at < pass.ids.length &&
					queue.every((j) => j.latest !== undefined)
				) {
					pass.rider = { job, data: adapter.remember(job.rooms, event, payload), ids: null, sent: new Set() };
					rode++;
					return;
				}
			}
			queue.push(job);
			if (!current) void pump();
		},
		/**
		 * Whether a broadcast with this `tag` is queued and has not started: a coalescer holds its next update back
		 * until then, so that, when the fan-out falls behind, the update waiting in the coalescer takes in everything
		 * newer rather than one more broadcast queueing behind the others.
		 */
		waiting: (tag: string) => queue.some((j) => j.tag === tag),
		/**
		 * How many of this process's sockets a broadcast to these rooms would reach, at most (a socket in two of them
		 * counts twice), and how many dropped ones it would be replayed to on their return: from the adapter's public
		 * room map and DaisAdapter's count of the sessions it keeps, so it costs a lookup or two per room.
		 */
		audience: (rooms: string[]) =>
			rooms.reduce((n, room) => n + (base.rooms.get(room)?.size ?? 0) + (adapter?.away(room) ?? 0), 0),
		/** What one frame to one socket has cost lately, in milliseconds (an average over the recent timed sends). */
		frameMs: () => frameMs,
		stats: () => ({ queued: queue.length, sliced, superseded, rode })
	};
}
export type Fanout = ReturnType<typeof createFanout>;
