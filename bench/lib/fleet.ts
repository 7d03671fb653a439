import { join } from 'node:path';
import { Child, ROOT } from './children';
import type { GeneratorStats, HallSession, LoadOptions } from './load-process';

/** Client indices per source address: stays under the ~28k ephemeral ports of one address pair, with room to spare. */
const PER_ADDRESS = 20_000;

export interface FleetProc {
	child: Child;
	kind: 'wire' | 'probe';
	first: number;
	count: number;
}

/**
 * The attendees: `attendees - probes` lightweight clients spread over wire processes, then `probes` full
 * socket.io-client sockets in one probe process, connected last. Every process is pinned to core 1.
 */
export class Fleet {
	readonly procs: FleetProc[] = [];
	readonly total: number;

	constructor(
		readonly o: {
			attendees: number;
			probes: number;
			perProcess: number;
			devicePrefix: string;
			maxLifetimeMs: number;
		}
	) {
		this.total = o.attendees;
		const probes = Math.min(o.probes, o.attendees);
		const wire = o.attendees - probes;
		const n = Math.ceil(wire / o.perProcess);
		let first = 0;
		for (let k = 0; k < n; k++) {
			const count = Math.floor(wire / n) + (k < wire % n ? 1 : 0);
			this.procs.push({ child: this.spawn('wire', `${o.devicePrefix}wire${k}`), kind: 'wire', first, count });
			first += count;
		}
		if (probes)
			this.procs.push({
				child: this.spawn('probe', `${o.devicePrefix}probe`),
				kind: 'probe',
				first,
				count: probes
			});
	}

	private spawn(kind: 'wire' | 'probe', name: string) {
		const options: LoadOptions = { kind, name, maxLifetimeMs: this.o.maxLifetimeMs };
		return new Child(join(ROOT, 'bench', 'lib', 'load-process.ts'), {
			name,
			cpu: 1,
			execArgv: ['--max-old-space-size=4096'],
			options
		});
	}

	/** Makes every attendee for the hub at `url` (not yet connected): each process its own index range. */
	async setup(o: {
		url: string;
		/** The hub's secret: each attendee's device id is signed as the hub would have issued it. */
		secret: string;
		eventCode: string;
		eventId: string;
		/** The sessions attendees follow (attendee k follows session k mod their number). */
		sessions: HallSession[];
		/** The programme each attendee's page came with (its HTML), which its join says it holds. */
		have: ProgrammeHeld | null;
	}) {
		const addresses =
			this.total > PER_ADDRESS
				? Array.from({ length: Math.ceil(this.total / PER_ADDRESS) }, (_, k) => `127.0.0.${k + 2}`)
				: null;
		await this.all(
			'setup',
			(p) => ({
				...o,
				first: p.first,
				count: p.count,
				devicePrefix: this.o.devicePrefix,
				localAddresses: addresses,
				perAddress: PER_ADDRESS
			}),
			60_000
		);
	}

	/** Sends one command to every process (or to those `only` picks) and returns the replies in order. */
	async all<T>(
		cmd: string,
		params: object | ((p: FleetProc) => unknown),
		timeoutMs: number,
		only: (p: FleetProc) => boolean = () => true
	): Promise<{ proc: FleetProc; r: T }[]> {
		const procs = this.procs.filter(only);
		const replies = await Promise.all(
			procs.map((p) =>
				p.child.request<T>(
					cmd,
					typeof params === 'function' ? (params as (p: FleetProc) => unknown)(p) : params,
					timeoutMs
				)
			)
		);
		return replies.map((r, i) => ({ proc: procs[i], r }));
	}

	/** Frames received per client since the last reset: totals by event name and per-client totals. */
	async frames(reset = true) {
		const replies = await this.all<{ total: Uint32Array; byName: Record<string, number> }>(
			'frames',
			{ reset },
			60_000
		);
		const byName: Record<string, number> = {};
		for (const { r } of replies)
			for (const [k, v] of Object.entries(r.byName)) byName[k] = (byName[k] ?? 0) + v;
		const perClient = concat(replies.map(({ r }) => Float64Array.from(r.total)));
		return { byName, perClient, total: Object.values(byName).reduce((a, b) => a + b, 0) };
	}

	async stop() {
		await Promise.all(this.procs.map((p) => p.child.stop(20_000)));
	}
}

export function concat(parts: ArrayLike<number>[]): Float64Array {
	const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/**
 * The generators' load in one phase. They share one core (taskset), so their CPU adds up: `busiestSecond` is the
 * largest sum, over one wall-clock second, of their shares of a core; `cpuShare` is their CPU over the phase.
 */
export function generatorLoad(parts: GeneratorStats[]) {
	const wallMs = Math.max(...parts.map((g) => g.wallMs));
	const bySecond = new Map<number, number>();
	for (const g of parts)
		for (let k = 0; k < g.seconds.length; k += 2)
			bySecond.set(g.seconds[k], (bySecond.get(g.seconds[k]) ?? 0) + g.seconds[k + 1]);
	return {
		cpuMs: parts.reduce((a, g) => a + g.cpuMs, 0),
		cpuShare: parts.reduce((a, g) => a + g.cpuMs, 0) / wallMs,
		busiestSecond: Math.max(0, ...bySecond.values()),
		lagP99: Math.max(...parts.map((g) => g.lagP99)),
		lagMax: Math.max(...parts.map((g) => g.lagMax)),
		lateMs: Math.max(...parts.map((g) => g.lateMs))
	};
}
export type GeneratorLoad = ReturnType<typeof generatorLoad>;

/** A phase is refused when its generators were saturated: lag p99 over the limit, or their core nearly full. */
export function saturation(
	g: GeneratorLoad,
	limits: { lagP99Ms: number; busiestSecond: number }
): string | null {
	if (g.lagP99 > limits.lagP99Ms)
		return `generator lag p99 ${g.lagP99.toFixed(0)} ms > ${limits.lagP99Ms} ms`;
	if (g.busiestSecond > limits.busiestSecond)
		return `generator core ${(g.busiestSecond * 100).toFixed(0)} % busy in its busiest second > ${limits.busiestSecond * 100} %`;
	return null;
}

/** An event and the version of its programme (what a page's join says it holds: `have`). */
export interface ProgrammeHeld {
	eventId: string;
	version: number;
}
