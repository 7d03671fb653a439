/**
 * The targets of issues 15 and 16, judged round by round: each must hold in every round (a Dais round against the
 * bare round of the same index for the ratios). A phase refused because its generator saturated is not judged.
 */

type Phase = 'join' | 'storm' | 'reconnect';

/** The figures of one round that the targets read (the harness's round results have these and more). */
export interface RoundFigures {
	kind: 'dais' | 'bare';
	index: number;
	refused: Record<Phase, string | null>;
	join: { hub: { cpuMs: number } };
	storm: {
		ackMs: { p99: number };
		finalTallyMs: { p99: number };
		hub: { votesPerCpuSecond: number };
		lost: number;
		duplicated: number;
	};
	reconnect: {
		dropped: number;
		back: number;
		allInSyncAfterMs: number;
		reconnectMs: { p99: number };
		missedFacts: number;
		duplicatedFacts: number;
	};
}

interface Target {
	target: string;
	phase: Phase;
	/** A Dais round alone, or with the bare round of the same index: the figure and whether it meets the target. */
	check: (d: RoundFigures, b: RoundFigures | undefined) => { figure: string; ok: boolean } | null;
}

const f = (n: number, digits = 0) =>
	Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : String(n);
const ratio = (d: number, b: number | undefined, max: number, label: string) =>
	b === undefined || !(b > 0) ? null : { figure: `${label} ${f(d / b, 2)}×`, ok: d / b <= max };

export const TARGETS: Target[] = [
	{
		target: 'votes: 0 lost, 0 duplicated',
		phase: 'storm',
		check: (d) => ({
			figure: `${d.storm.lost} / ${d.storm.duplicated}`,
			ok: !d.storm.lost && !d.storm.duplicated
		})
	},
	{
		target: 'ack p99 ≤ 100 ms',
		phase: 'storm',
		check: (d) => ({ figure: `${f(d.storm.ackMs.p99)} ms`, ok: d.storm.ackMs.p99 <= 100 })
	},
	{
		target: 'ack p99 ≤ 0.5× bare',
		phase: 'storm',
		check: (d, b) => ratio(d.storm.ackMs.p99, b?.storm.ackMs.p99, 0.5, 'ack p99')
	},
	{
		target: 'final tally p99 ≤ 1.0× bare',
		phase: 'storm',
		check: (d, b) => ratio(d.storm.finalTallyMs.p99, b?.storm.finalTallyMs.p99, 1, 'tally p99')
	},
	{
		target: 'connect + join hub CPU ≤ 1.3× bare',
		phase: 'join',
		check: (d, b) => ratio(d.join.hub.cpuMs, b?.join.hub.cpuMs, 1.3, 'CPU')
	},
	{
		target: 'capacity (votes per hub CPU-second) ≥ 0.95× bare',
		phase: 'storm',
		check: (d, b) => {
			const bare = b?.storm.hub.votesPerCpuSecond;
			if (bare === undefined || !(bare > 0)) return null;
			const r = d.storm.hub.votesPerCpuSecond / bare;
			return { figure: `capacity ${f(r, 2)}×`, ok: r >= 0.95 };
		}
	},
	{
		target: 'reconnect: all back and in sync ≤ 5 s after the drop',
		phase: 'reconnect',
		check: (d) => ({
			figure: `${f(d.reconnect.back)} of ${f(d.reconnect.dropped)} back, in sync after ${f(d.reconnect.allInSyncAfterMs)} ms`,
			ok: d.reconnect.back === d.reconnect.dropped && d.reconnect.allInSyncAfterMs <= 5000
		})
	},
	{
		target: 'reconnect p99 ≤ 1.0× bare',
		phase: 'reconnect',
		check: (d, b) => ratio(d.reconnect.reconnectMs.p99, b?.reconnect.reconnectMs.p99, 1, 'reconnect p99')
	},
	{
		target: 'reconnect: 0 missed, 0 duplicated facts',
		phase: 'reconnect',
		check: (d) => ({
			figure: `${d.reconnect.missedFacts} / ${d.reconnect.duplicatedFacts}`,
			ok: !d.reconnect.missedFacts && !d.reconnect.duplicatedFacts
		})
	}
];

export interface Verdict {
	target: string;
	verdict: 'met' | 'not met' | 'not judged';
	detail: string;
	rounds: { index: number; figure: string; ok: boolean }[];
}

export function judge(rounds: RoundFigures[], targets = TARGETS): Verdict[] {
	const dais = rounds.filter((r) => r.kind === 'dais');
	const bareOf = (index: number) => rounds.find((r) => r.kind === 'bare' && r.index === index);
	return targets.map((t) => {
		const judged: Verdict['rounds'] = [];
		let refused = 0;
		for (const d of dais) {
			const b = bareOf(d.index);
			if (d.refused[t.phase] || (b && b.refused[t.phase])) {
				refused++;
				continue;
			}
			const c = t.check(d, b);
			if (c) judged.push({ index: d.index, ...c });
		}
		const met = judged.filter((j) => j.ok).length;
		const verdict = !judged.length ? 'not judged' : met === judged.length ? 'met' : 'not met';
		const figures = judged.map((j) => `#${j.index + 1} ${j.figure}${j.ok ? '' : ' ✗'}`).join('; ');
		const detail = `${met} of ${judged.length} rounds${refused ? `, ${refused} refused` : ''}${figures ? `: ${figures}` : ''}`;
		return { target: t.target, verdict, detail, rounds: judged };
	});
}
