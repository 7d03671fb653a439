import type { AttendanceSeries } from '$lib/protocol';

/** One day's lines of an attendance chart, in chart units (0..width, 0..height, y growing downwards). */
export interface DayChart {
	day: string;
	start: number;
	end: number;
	max: number;
	lines: { roomId: string; name: string; points: { x: number; y: number }[]; peak: number }[];
	/** Hour marks: their instant and x. */
	ticks: { t: number; x: number }[];
	/** Count marks: value and y. */
	levels: { value: number; y: number }[];
}

const HOUR = 3_600_000;

/** A round step for the count axis: 1, 2, 5, 10, 20, 50 … so there are at most `marks` marks above zero. */
export function niceStep(max: number, marks = 4): number {
	if (max <= 0) return 1;
	const raw = max / marks;
	const pow = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw) ?? 10 * pow;
	return Math.max(1, step);
}

/**
 * Lays out attendance per hall as one chart per conference day (a night between the days would flatten everything
 * else). Time runs along x in reading direction: in a right-to-left page the earliest sample sits at the right edge.
 */
export function layoutDays(
	attendance: AttendanceSeries,
	dayOf: (t: number) => string,
	size: { width: number; height: number },
	rtl: boolean,
	/** Only these days are charted (the conference's): a hub left running before or after it sampled empty halls. */
	only: readonly string[] | null = null
): DayChart[] {
	const days = new Map<string, { t: number; count: number; roomId: string }[]>();
	for (const sample of attendance.samples) {
		const t = Date.parse(sample.at);
		const day = dayOf(t);
		if (only && !only.includes(day)) continue;
		if (!days.has(day)) days.set(day, []);
		// A hall nobody followed at that minute counts as zero, so its line drops rather than skipping the sample.
		for (const room of attendance.rooms)
			days.get(day)!.push({ t, count: sample.byRoom[room.id] ?? 0, roomId: room.id });
	}
	return [...days.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([day, samples]) => {
			const start = Math.floor(Math.min(...samples.map((s) => s.t)) / HOUR) * HOUR;
			const end = Math.max(start + HOUR, Math.ceil(Math.max(...samples.map((s) => s.t)) / HOUR) * HOUR);
			const step = niceStep(Math.max(...samples.map((s) => s.count)));
			const max = Math.max(step, Math.ceil(Math.max(...samples.map((s) => s.count)) / step) * step);
			const xOf = (t: number) => {
				const x = ((t - start) / (end - start)) * size.width;
				return rtl ? size.width - x : x;
			};
			const yOf = (n: number) => size.height - (n / max) * size.height;
			const ticks: DayChart['ticks'] = [];
			const every = end - start > 6 * HOUR ? 2 * HOUR : HOUR;
			for (let t = start; t <= end; t += every) ticks.push({ t, x: xOf(t) });
			const levels: DayChart['levels'] = [];
			for (let v = 0; v <= max; v += step) levels.push({ value: v, y: yOf(v) });
			const lines = attendance.rooms
				.map((room) => {
					const pts = samples.filter((p) => p.roomId === room.id).sort((a, b) => a.t - b.t);
					return {
						roomId: room.id,
						name: room.name,
						points: pts.map((p) => ({ x: xOf(p.t), y: yOf(p.count) })),
						peak: Math.max(0, ...pts.map((p) => p.count))
					};
				})
				.filter((l) => l.points.length > 0);
			return { day, start, end, max, lines, ticks, levels };
		});
}
