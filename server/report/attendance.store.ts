import type { Sql } from '../db/sql';
import type { AttendanceSample } from '../../src/lib/protocol';

/** SQL for head counts per hall over time. Each hub process writes its own row a minute; reads add them up. */
export function createAttendanceStore(sql: Sql) {
	const q = {
		upsert: `INSERT INTO attendance_samples (event_id, at, hub, total, by_room) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT(event_id, at, hub) DO UPDATE SET total = excluded.total, by_room = excluded.by_room`,
		series: 'SELECT at, total, by_room FROM attendance_samples WHERE event_id = ? ORDER BY at, hub',
		event: 'SELECT 1 AS one FROM events WHERE id = ?'
	};
	return {
		/** Writes one sample; none for an event that is no longer there (deleted while its phones were counted). */
		async record(
			eventId: string,
			at: string,
			hub: string,
			total: number,
			byRoom: Record<string, number>
		): Promise<boolean> {
			if (!(await sql.get(q.event, [eventId]))) return false;
			await sql.run(q.upsert, [eventId, at, hub, total, JSON.stringify(byRoom)]);
			return true;
		},
		/** One sample per minute, the hubs' counts added together. */
		async series(eventId: string): Promise<AttendanceSample[]> {
			const out: AttendanceSample[] = [];
			const rows = await sql.all<{ at: string; total: number; by_room: string }>(q.series, [eventId]);
			for (const r of rows) {
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
