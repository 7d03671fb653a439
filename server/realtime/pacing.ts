import { performance } from 'node:perf_hooks';

/** The longest a room's counts gather, however dear its fan-out: the tally on the phones still moves. */
const MAX_GATHER_MS = 2_000;
/** The share of the hub's time a room's coalesced counts may take while votes keep coming. */
const FANOUT_SHARE = 0.2;
/** The share when the hub's loop has been nearly always busy (`BUSY` or more of the last quarter second). */
const BUSY_FANOUT_SHARE = 0.1;
const BUSY = 0.9;

/**
 * How long a room's coalesced counts (a poll's tally, a session's vote counts) may gather while updates keep coming,
 * for the phones they go to and what a frame to one of them has lately cost (`Fanout.frameMs`, as timed): sending
 * them then takes a fifth of the hub's time, or a tenth when the hub is already nearly always busy (a reconnect herd
 * restoring thousands of phones, a vote storm), so that the acks and the phones coming back get the rest. The
 * coalescer never sends a key more often than its interval whatever this says, and sends it soon after its updates
 * stop whatever this says: only the pace of the moving count changes.
 */
export function gatherMs(phones: number, busy: number, frameMs: number): number {
	return Math.min(MAX_GATHER_MS, (phones * frameMs) / (busy >= BUSY ? BUSY_FANOUT_SHARE : FANOUT_SHARE));
}

/** How busy this process's event loop was over the last `windowMs` (0 to 1), from Node's event-loop utilisation. */
export function createBusyGauge(windowMs = 250) {
	let last = performance.eventLoopUtilization();
	let busy = 0;
	const timer = setInterval(() => {
		const now = performance.eventLoopUtilization();
		busy = performance.eventLoopUtilization(now, last).utilization;
		last = now;
	}, windowMs);
	// The gauge must not keep the process alive.
	timer.unref();
	return { busy: () => busy, stop: () => clearInterval(timer) };
}
