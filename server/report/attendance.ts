import { randomBytes } from 'node:crypto';
import type { PresenceCounts } from '../../src/lib/protocol';
import type { Clock } from '../clock';
import type { AttendanceStore } from './attendance.store';

export const ATTENDANCE_INTERVAL_MS = 60_000;

/**
 * Writes each event's head counts (per hall, and in total) once a minute from the hub's presence counts: numbers
 * only, nothing about anyone. An event with nobody connected is written once at zero (so a chart drops to zero),
 * then not again until someone comes back.
 */
export function createAttendanceSampler(deps: {
	presence: { eventIds(): string[]; counts(eventId: string): PresenceCounts };
	store: AttendanceStore;
	clock: Clock;
	intervalMs?: number;
	onError?: (e: unknown) => void;
}) {
	const { presence, store, clock } = deps;
	const intervalMs = deps.intervalMs ?? ATTENDANCE_INTERVAL_MS;
	// Every process counts its own connections; its rows are told apart by this id and added up when read.
	const hub = randomBytes(6).toString('hex');
	const lastTotal = new Map<string, number>();

	/** Takes one sample now (at the current minute); returns how many events were written. */
	async function sample(): Promise<number> {
		const at = new Date(Math.floor(clock.now().getTime() / 60_000) * 60_000).toISOString();
		let written = 0;
		let failure: unknown;
		for (const eventId of presence.eventIds()) {
			const c = presence.counts(eventId);
			if (c.total === 0 && !lastTotal.get(eventId)) continue;
			try {
				if (!(await store.record(eventId, at, hub, c.total, c.byRoom))) {
					lastTotal.delete(eventId);
					continue;
				}
			} catch (e) {
				// One event's failed write does not cost the others their sample; it is reported after them.
				failure ??= e;
				continue;
			}
			lastTotal.set(eventId, c.total);
			written++;
		}
		if (failure !== undefined) throw failure;
		return written;
	}

	const timer = setInterval(() => {
		sample().catch((e: unknown) => deps.onError?.(e));
	}, intervalMs);
	timer.unref();

	return {
		sample,
		stop: () => clearInterval(timer)
	};
}
