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
	return cpus <= 1 ? ['--single-threaded-gc'] : [];
}
