import { describe, expect, it } from 'vitest';
import { judge, type RoundFigures } from './targets';

const round = (
	kind: 'dais' | 'bare',
	index: number,
	o: { ack?: number; refused?: string } = {}
): RoundFigures => ({
	kind,
	index,
	refused: { join: null, storm: o.refused ?? null, reconnect: null },
	join: { hub: { cpuMs: kind === 'dais' ? 1200 : 1000 } },
	storm: {
		ackMs: { p99: o.ack ?? (kind === 'dais' ? 80 : 200) },
		finalTallyMs: { p99: 300 },
		hub: { votesPerCpuSecond: 1000 },
		lost: 0,
		duplicated: 0
	},
	reconnect: {
		dropped: 100,
		back: 100,
		allInSyncAfterMs: 4000,
		reconnectMs: { p99: 900 },
		missedFacts: 0,
		duplicatedFacts: 0
	}
});
const verdict = (rounds: RoundFigures[], target: string) => judge(rounds).find((v) => v.target === target)!;

describe('issue 15/16 targets', () => {
	it('meets a target only when every round meets it', () => {
		const rounds = [round('dais', 0), round('bare', 0), round('dais', 1, { ack: 120 }), round('bare', 1)];
		expect(verdict(rounds, 'ack p99 ≤ 100 ms').verdict).toBe('not met');
		expect(verdict(rounds, 'ack p99 ≤ 100 ms').detail).toMatch(/^1 of 2 rounds/);
		expect(verdict(rounds, 'connect + join hub CPU ≤ 1.3× bare').verdict).toBe('met');
	});

	it('compares each Dais round with the bare round of the same index', () => {
		// Round 1: 80 / 200 = 0.4 (met); round 2: 80 / 150 = 0.53 (not met).
		const rounds = [round('dais', 0), round('bare', 0), round('dais', 1), round('bare', 1, { ack: 150 })];
		const v = verdict(rounds, 'ack p99 ≤ 0.5× bare');
		expect(v.rounds.map((r) => r.ok)).toEqual([true, false]);
		expect(v.verdict).toBe('not met');
	});

	it('does not judge a phase whose generator saturated, on either side', () => {
		const rounds = [round('dais', 0), round('bare', 0, { refused: 'generator lag p99 300 ms > 100 ms' })];
		expect(verdict(rounds, 'ack p99 ≤ 0.5× bare')).toMatchObject({ verdict: 'not judged' });
		expect(verdict(rounds, 'ack p99 ≤ 0.5× bare').detail).toMatch(/1 refused/);
		expect(verdict(rounds, 'reconnect p99 ≤ 1.0× bare').verdict).toBe('met');
	});

	it('fails the reconnect target when a client is not back, however fast the others were', () => {
		const d = round('dais', 0);
		d.reconnect.back = 99;
		expect(
			verdict([d, round('bare', 0)], 'reconnect: all back and in sync ≤ 5 s after the drop').verdict
		).toBe('not met');
	});
});
