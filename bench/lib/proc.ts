import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of processes the bench did not start itself (redis-server, PostgreSQL's postmaster and backends), read
 * from /proc/<pid>/stat as `top` does.
 */
export interface ProcStat {
	pid: number;
	ppid: number;
	/** User + system CPU time in clock ticks (utime + stime, fields 14 and 15). */
	ticks: number;
}

/** Parses one /proc/<pid>/stat line; the command name (field 2) may hold spaces and parentheses. */
export function parseStat(line: string): ProcStat {
	const close = line.lastIndexOf(')');
	if (close < 0) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
	const pid = Number(line.slice(0, line.indexOf(' ')));
	// From field 3 (state) on: index 0 is field 3, so field n is at n - 3.
	const rest = line.slice(close + 2).split(' ');
	return { pid, ppid: Number(rest[4 - 3]), ticks: Number(rest[14 - 3]) + Number(rest[15 - 3]) };
}

function readStat(pid: number): ProcStat | null {
	try {
		return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return null; // gone meanwhile
	}
}

/** The processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
	return readdirSync('/proc')
		.filter((e) => /^\d+$/.test(e))
		.map((e) => readStat(Number(e)))
		.filter((s): s is ProcStat => s !== null && s.ppid === pid)
		.map((s) => s.pid);
}

let tickMs: number | null = null;
/** Milliseconds per clock tick (USER_HZ, nearly always 100 per second). */
function msPerTick(): number {
	tickMs ??= 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
	return tickMs;
}

/** CPU ms per pid now, to difference later with `cpuSince`. */
export function cpuSample(pids: number[]): Map<number, number> {
	const m = new Map<number, number>();
	for (const pid of pids) {
		const s = readStat(pid);
		if (s) m.set(pid, s.ticks * msPerTick());
	}
	return m;
}

/**
 * CPU ms spent since `before` by the processes in `after`: a process that appeared meanwhile counts in full, one
 * that exited meanwhile is lost (a PostgreSQL pool keeps its backends, so that is rare; say so when it happens).
 */
export function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
	let ms = 0;
	for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
	return ms;
}
