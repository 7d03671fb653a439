import { describe, expect, it } from 'vitest';
import { cpuSample, cpuSince, parseStat } from './proc';

describe('reading CPU time from /proc/<pid>/stat', () => {
	it('takes the parent and utime + stime after a command name with spaces and parentheses', () => {
		const line =
			'4242 (postgres: dais (x) idle) S 4000 4000 4000 0 -1 4194560 1021 0 0 0 37 12 0 0 20 0 1 0 898 226594816 6034 18446744073709551615';
		expect(parseStat(line)).toEqual({ pid: 4242, ppid: 4000, ticks: 49 });
	});

	it('refuses a line that is not a stat line', () => {
		expect(() => parseStat('nothing here')).toThrow(/not a \/proc stat line/);
	});

	it('counts the CPU a process spent between two samples, and a new process in full', () => {
		expect(
			cpuSince(
				new Map([
					[1, 100],
					[2, 50]
				]),
				new Map([
					[1, 130],
					[2, 50],
					[3, 20]
				])
			)
		).toBe(50);
	});

	it('reads this very process, whose CPU time only grows', () => {
		const before = cpuSample([process.pid]);
		let x = 0;
		for (let i = 0; i < 5e7; i++) x += i;
		expect(x).toBeGreaterThan(0);
		const after = cpuSample([process.pid]);
		expect(after.get(process.pid)).toBeGreaterThan(0);
		expect(cpuSince(before, after)).toBeGreaterThan(0);
	});
});
