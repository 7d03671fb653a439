import { describe, expect, it } from 'vitest';
import { generatorLoad, saturation } from './fleet';

const gen = (o: Partial<Parameters<typeof generatorLoad>[0][number]>) => ({
	cpuMs: 500,
	wallMs: 1000,
	busiestSecond: 0.4,
	lagP99: 10,
	lagMax: 20,
	lateMs: 1,
	...o
});

describe('generator load', () => {
	it('adds up the CPU of generators sharing one core and keeps the worst lag', () => {
		const g = generatorLoad([gen({}), gen({ lagP99: 40, busiestSecond: 0.5 })]);
		expect(g.cpuShare).toBe(1);
		expect(g.busiestSecond).toBe(0.9);
		expect(g.lagP99).toBe(40);
	});

	it('refuses a phase whose generators lagged or filled their core', () => {
		const limits = { lagP99Ms: 100, busiestSecond: 0.95 };
		expect(saturation(generatorLoad([gen({})]), limits)).toBeNull();
		expect(saturation(generatorLoad([gen({ lagP99: 150 })]), limits)).toMatch(/lag p99 150 ms/);
		expect(
			saturation(generatorLoad([gen({ busiestSecond: 0.6 }), gen({ busiestSecond: 0.5 })]), limits)
		).toMatch(/110 %/);
	});
});
