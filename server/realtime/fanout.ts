import type { ServerToClient } from '../../src/lib/protocol';
import type { DaisServer } from './types';
import { SLICE_FLAG, type DaisAdapter } from './adapter';

type Fact = keyof ServerToClient;
interface Job {
	rooms: string[];
	event: Fact;
	payload: unknown;
}

/**
 * Room broadcasts, in order, in slices. Writing one frame to 10,000 sockets blocks the event loop for over 100 ms,
 * and every ack queued behind it waits that long; sending to a few hundred sockets per turn of the event loop lets
 * acks (and everything else) through between slices. Broadcasts leave in the order they were made, so a socket
 * never sees an older fact after a newer one. Each slice is encoded once for all its sockets.
 */
export function createFanout(io: DaisServer, sliceSize = 500) {
	const queue: Job[] = [];
	let pumping = false;
	let sliced = 0;

	const members = (rooms: string[]) => {
		const all = io.sockets.adapter.rooms;
		if (rooms.length === 1) return all.get(rooms[0])?.size ?? 0;
		return rooms.reduce((n, r) => n + (all.get(r)?.size ?? 0), 0);
	};

	function send(job: Job, to: string | string[]) {
		(io.to(to).emit as (event: Fact, payload: unknown) => boolean)(job.event, job.payload);
	}

	function pump() {
		const job = queue.shift();
		if (!job) {
			pumping = false;
			return;
		}
		pumping = true;
		// The audience is fixed when the broadcast starts; sockets that join later get the state from their join.
		const ids = new Set<string>();
		for (const room of job.rooms) for (const id of io.sockets.adapter.rooms.get(room) ?? []) ids.add(id);
		const list = [...ids];
		// Stored once for sockets that are away (connection-state recovery); each slice carries the same offset.
		const adapter = io.of('/').adapter as unknown as Partial<DaisAdapter>;
		const data: unknown[] = [job.event, job.payload];
		const recoverable = typeof adapter.remember === 'function';
		if (recoverable) adapter.remember!(job.rooms, data);
		let at = 0;
		const step = () => {
			const slice = list.slice(at, at + sliceSize);
			at += sliceSize;
			if (slice.length) {
				if (recoverable) {
					io.of('/').adapter.broadcast(
						{ type: 2, data, nsp: '/' },
						{ rooms: new Set(slice), except: new Set(), flags: { [SLICE_FLAG]: true } as never }
					);
				} else send(job, slice);
			}
			setImmediate(at < list.length ? step : pump);
		};
		if (list.length > sliceSize) sliced++;
		step();
	}

	return {
		emit<E extends Fact>(rooms: string | string[], event: E, payload: Parameters<ServerToClient[E]>[0]) {
			const job = { rooms: Array.isArray(rooms) ? rooms : [rooms], event, payload };
			// The common case, a small room with nothing queued, goes out at once.
			if (!pumping && members(job.rooms) <= sliceSize) return send(job, job.rooms);
			queue.push(job);
			if (!pumping) pump();
		},
		stats: () => ({ queued: queue.length, sliced })
	};
}
export type Fanout = ReturnType<typeof createFanout>;
