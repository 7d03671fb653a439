import { describe, expect, it } from 'vitest';
import type { PresenceCounts } from '../../src/lib/protocol';
import { clockFrom } from '../clock';
import { createAttendanceSampler } from './attendance';
import type { AttendanceStore } from './attendance.store';

const counts = (eventId: string, total: number): PresenceCounts =>
	({ eventId, total, byRoom: { 'hall-a': total } }) as PresenceCounts;

/** A sampler over fixed counts and a store that keeps what it is given, refusing or failing for some events. */
function sampler(totals: Record<string, number>, store: { gone?: string[]; failing?: string[] } = {}) {
	const written: [string, number][] = [];
	const record: AttendanceStore['record'] = async (eventId, _at, _hub, total) => {
		if (store.failing?.includes(eventId)) throw new Error(`disk full for ${eventId}`);
		if (store.gone?.includes(eventId)) return false;
		written.push([eventId, total]);
		return true;
	};
	const s = createAttendanceSampler({
		presence: { eventIds: () => Object.keys(totals), counts: (id) => counts(id, totals[id]) },
		store: { record } as AttendanceStore,
		clock: clockFrom(new Date('2026-12-08T05:00:00Z')),
		intervalMs: 3_600_000
	});
	return { s, written };
}

describe('attendance sampler', () => {
	it('skips an event that is no longer there and samples the others', async () => {
		const { s, written } = sampler({ gone: 3, isb26: 12 }, { gone: ['gone'] });
		expect(await s.sample()).toBe(1);
		expect(written).toEqual([['isb26', 12]]);
		s.stop();
	});

	it("does not let one event's failed write cost the others their sample, and reports it", async () => {
		const { s, written } = sampler({ bad: 3, isb26: 12, bru26: 4 }, { failing: ['bad'] });
		await expect(s.sample()).rejects.toThrow('disk full for bad');
		expect(written).toEqual([
			['isb26', 12],
			['bru26', 4]
		]);
		s.stop();
	});
});
