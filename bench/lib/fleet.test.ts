import { describe, expect, it } from 'vitest';
import { generatorLoad, saturation } from './fleet';

const gen = (o: Partial<Parameters<typeof generatorLoad>[0][number]>) => ({
	cpuMs: 500,
	wallMs: 1000,
	seconds: [100, 0.4, 101, 0.2],
	lagP99: 10,
	lagMax: 20,
	lateMs: 1,
	...o
});

describe('generator load', () => {
	it('adds up, second by second, the CPU of generators sharing one core, and keeps the worst lag', () => {
		// Second 100: 0.4 + 0.1; second 101: 0.2 + 0.5 (the busiest); each process's own peak would sum to 0.9.
		const g = generatorLoad([gen({}), gen({ lagP99: 40, seconds: [100, 0.1, 101, 0.5] })]);
		expect(g.cpuShare).toBe(1);
		expect(g.busiestSecond).toBeCloseTo(0.7);
		expect(g.lagP99).toBe(40);
	});

	it('refuses a phase whose generators lagged or filled their core', () => {
		const limits = { lagP99Ms: 100, busiestSecond: 0.95 };
		expect(saturation(generatorLoad([gen({})]), limits)).toBeNull();
		expect(saturation(generatorLoad([gen({ lagP99: 150 })]), limits)).toMatch(/lag p99 150 ms/);
		expect(
			saturation(generatorLoad([gen({ seconds: [7, 0.6] }), gen({ seconds: [7, 0.5] })]), limits)
		).toMatch(/110 %/);
	});
});
