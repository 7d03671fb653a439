import type { Db } from '../db/connection';
import type { AttendanceSample } from '../../src/lib/protocol';

/** SQL for head counts per hall over time. Each hub process writes its own row a minute; reads add them up. */
export function createAttendanceStore(db: Db) {
	const q = {
		upsert: db.prepare<[string, string, string, number, string]>(
			`INSERT INTO attendance_samples (event_id, at, hub, total, by_room) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT(event_id, at, hub) DO UPDATE SET total = excluded.total, by_room = excluded.by_room`
		),
		series: db.prepare<[string], { at: string; total: number; by_room: string }>(
			'SELECT at, total, by_room FROM attendance_samples WHERE event_id = ? ORDER BY at, hub'
		)
	};
	return {
		record: (eventId: string, at: string, hub: string, total: number, byRoom: Record<string, number>) =>
			q.upsert.run(eventId, at, hub, total, JSON.stringify(byRoom)),
		/** One sample per minute, the hubs' counts added together. */
		series(eventId: string): AttendanceSample[] {
			const out: AttendanceSample[] = [];
			for (const r of q.series.all(eventId)) {
				let last = out[out.length - 1];
				if (!last || last.at !== r.at) out.push((last = { at: r.at, total: 0, byRoom: {} }));
				last.total += r.total;
				for (const [room, n] of Object.entries(JSON.parse(r.by_room) as Record<string, number>))
					last.byRoom[room] = (last.byRoom[room] ?? 0) + n;
			}
			return out;
		}
	};
}
export type AttendanceStore = ReturnType<typeof createAttendanceStore>;
