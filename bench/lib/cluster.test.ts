import { describe, expect, it } from 'vitest';
import type { HubStats } from '../hub-process';
import { mergeStats, perVote } from './cluster';

const memory = (rss: number): NodeJS.MemoryUsage => ({
	rss,
	heapTotal: rss / 2,
	heapUsed: rss / 4,
	external: 1,
	arrayBuffers: 1
});

const hub = (o: {
	cpuMs: number;
	p99: number;
	sockets: number;
	rss: number;
	eldMax: number[];
}): HubStats => ({
	eld: { p50: o.p99 / 2, p99: o.p99, max: o.p99 * 2, mean: o.p99 / 3 },
	elu: 0.5,
	cpuMs: o.cpuMs,
	wallMs: 1000,
	memory: memory(o.rss),
	engineClients: o.sockets,
	sockets: o.sockets,
	writes: { batches: 2, writes: 10, pending: 0 },
	timeline: o.eldMax.map((e, i) => ({ t: i, eldMaxMs: e, elu: 0.5, rss: o.rss, heapUsed: o.rss / 4 }))
});

describe('several hubs measured as one', () => {
	it('adds up CPU, sockets, memory and commits, and keeps the worst event-loop delay', () => {
		const m = mergeStats([
			hub({ cpuMs: 100, p99: 5, sockets: 10, rss: 1000, eldMax: [3, 9] }),
			hub({ cpuMs: 250, p99: 20, sockets: 30, rss: 3000, eldMax: [7, 1] })
		]);
		expect(m.cpuMs).toBe(350);
		expect(m.sockets).toBe(40);
		expect(m.memory.rss).toBe(4000);
		expect(m.writes).toEqual({ batches: 4, writes: 20, pending: 0 });
		expect(m.eld.p99).toBe(20);
		expect(m.timeline.map((t) => [t.eldMaxMs, t.rss])).toEqual([
			[7, 4000],
			[9, 4000]
		]);
	});

	it('refuses to merge nothing', () => {
		expect(() => mergeStats([])).toThrow(/no hub stats/);
	});
});

describe("the services' CPU per vote", () => {
	it('splits the CPU spent between two samples by service, counting a backend opened meanwhile in full', () => {
		const before = new Map([
			[10, 1000],
			[11, 500],
			[20, 300]
		]);
		const after = new Map([
			[10, 1400],
			[11, 600],
			[12, 100],
			[20, 500],
			[30, 50]
		]);
		expect(perVote(before, after, { postgres: [10, 11, 12], redis: [20], haproxy: [30] }, 100)).toEqual({
			postgres: 6,
			redis: 2,
			haproxy: 0.5
		});
	});
});
