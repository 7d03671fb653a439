import { describe, expect, it } from 'vitest';
import type { AttendanceSeries } from '$lib/protocol';
import { layoutDays, niceStep } from './chart';

const attendance: AttendanceSeries = {
	eventId: 'isb26',
	intervalSeconds: 60,
	rooms: [
		{ id: 'hall-a', name: 'Hall A' },
		{ id: 'hall-b', name: 'Hall B' }
	],
	samples: [
		{ at: '2026-12-08T06:00:00Z', total: 30, byRoom: { 'hall-a': 20, 'hall-b': 10 } },
		{ at: '2026-12-08T07:00:00Z', total: 45, byRoom: { 'hall-a': 40 } },
		{ at: '2026-12-09T05:00:00Z', total: 12, byRoom: { 'hall-b': 12 } }
	]
};
const dayOf = (t: number) => new Date(t + 5 * 3600_000).toISOString().slice(0, 10);
const size = { width: 100, height: 50 };

describe('niceStep', () => {
	it('picks 1, 2, 5 or 10 times a power of ten', () => {
		expect([3, 8, 40, 170, 0].map((n) => niceStep(n))).toEqual([1, 2, 10, 50, 1]);
	});
});

describe('layoutDays', () => {
	it('draws one chart per day, a missing hall counting as zero', () => {
		const days = layoutDays(attendance, dayOf, size, false);
		expect(days.map((d) => d.day)).toEqual(['2026-12-08', '2026-12-09']);
		const hallB = days[0].lines.find((l) => l.roomId === 'hall-b')!;
		expect(hallB.peak).toBe(10);
		expect(hallB.points.at(-1)!.y).toBe(size.height);
		expect(days[0].max).toBeGreaterThanOrEqual(40);
	});
	it('charts only the conference’s days when told them: a hub left running the week after drew empty halls', () => {
		const withStray = {
			...attendance,
			samples: [...attendance.samples, { at: '2026-12-15T06:00:00Z', total: 0, byRoom: {} }]
		};
		expect(layoutDays(withStray, dayOf, size, false).map((d) => d.day)).toContain('2026-12-15');
		expect(layoutDays(withStray, dayOf, size, false, ['2026-12-08', '2026-12-09']).map((d) => d.day)).toEqual(
			['2026-12-08', '2026-12-09']
		);
	});
	it('runs time left to right, and right to left for Urdu and Arabic', () => {
		const ltr = layoutDays(attendance, dayOf, size, false)[0].lines[0].points;
		const rtl = layoutDays(attendance, dayOf, size, true)[0].lines[0].points;
		expect(ltr[0].x).toBeLessThan(ltr[1].x);
		expect(rtl[0].x).toBeGreaterThan(rtl[1].x);
		expect(rtl.map((p) => p.x)).toEqual(ltr.map((p) => size.width - p.x));
	});
});
