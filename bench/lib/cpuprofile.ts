import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './children';
import { printTable } from './report';
import { fmt, ms } from './stats';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

const ROOT_URL = pathToFileURL(ROOT).href;

/** Where a sample's code comes from: a package, a Node built-in, the hub's own source, or V8 itself. */
function category(url: string, fn: string): string {
	if (!url) return fn.startsWith('(') ? fn : '(native)';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
	if (pkg) return pkg[1];
	if (url.startsWith('node:')) return url;
	// The repository's own code, relative to its root (the root's own name may be anything, even "bench").
	if (url.startsWith(ROOT_URL)) return url.slice(ROOT_URL.length);
	return url;
}

/**
 * Self time of the hub's main thread in a CPU profile (written with --cpu-prof into `dir`), by function and by
 * origin, optionally cut to one named window (e.g. "poll-storm") that the hub process recorded in the same
 * monotonic clock as the profile.
 */
export function summarizeProfile(dir: string, windowsFile: string | null, windowName?: string, topN = 25) {
	// Node names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread.
	const main = readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && f.split('.')[4] === '0');
	if (!main) throw new Error(`no main-thread CPU profile in ${dir}`);
	const profile = JSON.parse(readFileSync(join(dir, main), 'utf8')) as Profile;
	let from = -Infinity;
	let to = Infinity;
	if (windowName && windowsFile && existsSync(windowsFile)) {
		const w = (
			JSON.parse(readFileSync(windowsFile, 'utf8')) as {
				name: string;
				startUs: number;
				endUs: number | null;
			}[]
		).find((x) => x.name === windowName);
		if (w) {
			from = w.startUs;
			to = w.endUs ?? Infinity;
		}
	}
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const selfByFn = new Map<string, number>();
	const selfByCategory = new Map<string, number>();
	let t = profile.startTime;
	let total = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		if (t < from || t > to) continue;
		const dt = profile.timeDeltas[i + 1] ?? 0;
		const node = byId.get(profile.samples[i]);
		if (!node) continue;
		const { functionName, url, lineNumber } = node.callFrame;
		const cat = category(url, functionName);
		const key = url ? `${functionName || '(anonymous)'}  ${cat}:${lineNumber + 1}` : functionName || cat;
		selfByFn.set(key, (selfByFn.get(key) ?? 0) + dt);
		selfByCategory.set(cat, (selfByCategory.get(cat) ?? 0) + dt);
		total += dt;
	}
	const top = (m: Map<string, number>, n: number) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
	return {
		window: windowName ?? 'whole run',
		totalMs: total / 1000,
		functions: top(selfByFn, topN),
		origins: top(selfByCategory, Math.min(topN, 15))
	};
}
export type ProfileSummary = ReturnType<typeof summarizeProfile>;

export function printProfile(p: ProfileSummary) {
	printTable(
		`Hub CPU profile, ${p.window}: ${fmt(p.totalMs)} ms of samples, self time by origin`,
		p.origins.map((o) => [o.name, ms(o.ms), `${fmt(o.share * 100)} %`])
	);
	printTable(
		'Top functions by self time',
		p.functions.map((f) => [f.name, ms(f.ms), `${fmt(f.share * 100)} %`])
	);
}
