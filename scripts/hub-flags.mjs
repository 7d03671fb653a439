import { availableParallelism } from 'node:os';

/**
 * The Node flags a hub process starts with. A hub that can run on one CPU only (a container given one, or pinned with
 * `taskset -c 0`; Node counts the CPUs this process may use) collects garbage on its main thread: V8's helper threads
 * could only take turns with it on that CPU, and in a 10,000-phone vote storm each of its full collections then slowed
 * every socket for 100-300 ms, which showed as the slowest hundredth of the acks. On more CPUs the helpers run beside
 * the main thread, as V8 intends.
 * @param {number} [cpus] the CPUs the hub may use (by default this process's)
 * @returns {string[]}
 */
export function hubNodeFlags(cpus = availableParallelism()) {
	return [...(cpus <= 1 ? ['--single-threaded-gc'] : []), `--max-semi-space-size=${SEMI_SPACE_MB}`];
}

/**
 * The young generation's semi-space, at most (MB; V8's default on 64-bit is 16). A storm (10,000 handshakes, a vote
 * each, a herd coming back) makes short-lived garbage by the gigabyte: with four times the room, V8 collects it a
 * quarter as often, and each collection copies only what is still alive. On a 2 CPU AMD EPYC box, 4 rounds each way
 * (5 Dec 2026, 23:31-23:48 UTC, bench/README.md): reconnect p99 2.2 s against 4.0 s, vote ack p99 40 ms against
 * 65 ms; the cost is the room itself, about 75 MB more RSS once a storm has grown it.
 */
const SEMI_SPACE_MB = 64;
