import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Child, ROOT } from './children';
import type { GeneratorLoad } from './fleet';
import { fmt, ms } from './stats';

export const RESULTS_DIR = join(ROOT, 'bench', 'results');

export function machine() {
	let model = cpus()[0]?.model ?? 'unknown';
	try {
		model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
	} catch {
		// Not Linux: os.cpus() is the best we have.
	}
	let nproc = cpus().length;
	try {
		nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
	} catch {
		// No coreutils: os.cpus() again.
	}
	return {
		nproc,
		cpu: model,
		/** Other work on the machine skews the figures: the 1-minute load average when the bench started. */
		loadavg: loadavg()[0],
		node: process.version,
		date: new Date().toISOString(),
		pinned: Child.pinned ? 'hub on core 0, load generators on core 1 (taskset)' : 'not pinned (no taskset)'
	};
}

/** Prints rows as a plain table. */
export function printTable(title: string, rows: (string | number)[][], header?: string[]) {
	const all = (header ? [header, ...rows] : rows).map((r) => r.map(String));
	// A one-cell row is a heading or a note: it may run past the columns.
	const widths = all
		.filter((r) => r.length > 1)
		.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
	// Two columns read as label: value; wider tables compare figures, which line up on the right.
	const right = widths.length > 2;
	const line = (r: string[]) =>
		r
			.map((c, i) => (i > 0 && right ? c.padStart(widths[i]) : c.padEnd(widths[i])))
			.join('  ')
			.trimEnd();
	const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
	const out = [``, title, rule];
	if (header) out.push(line(header.map(String)), rule);
	for (const r of all.slice(header ? 1 : 0)) out.push(r.length === 1 ? r[0] : line(r));
	out.push(rule);
	console.log(out.join('\n'));
}

/** Writes the figures as JSON to bench/results/<name>-<timestamp>.json and returns the path. */
export function writeResults(name: string, data: unknown): string {
	mkdirSync(RESULTS_DIR, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const file = join(RESULTS_DIR, `${name}-${stamp}.json`);
	const plain = JSON.stringify(
		data,
		(_k, v: unknown) =>
			ArrayBuffer.isView(v) ? `<${(v as unknown as ArrayLike<number>).length} values>` : v,
		2
	);
	writeFileSync(file, plain + '\n');
	return file;
}

/** The load generators' own load, printed beside the figures it could have skewed. */
export const generatorText = (g: GeneratorLoad) =>
	`lag p99 ${ms(g.lagP99)} / max ${ms(g.lagMax)}, core ${fmt(g.busiestSecond * 100, 0)} % in its busiest second, started up to ${ms(g.lateMs)} late`;
