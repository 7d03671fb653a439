import type { BallotAnswer, PollResults, PollType } from '../../src/lib/protocol';
import { ballotSpellings, Spellings } from './words';

/**
 * A poll's running result. Each ballot is added once and, when changed, removed and added again, so a vote costs
 * O(size of the ballot), never O(ballots): the tally is what a storm of votes touches.
 */
export class Tally {
	ballots = 0;
	private readonly counts = new Map<string, number>();
	private readonly positions = new Map<string, number[]>();
	private readonly spellings = new Spellings();

	constructor(
		readonly type: PollType,
		private readonly items: string[]
	) {}

	/** `sign`: how many ballots give this answer (1 for a vote, −1 to take one back, n for n counted by the database). */
	add(answer: BallotAnswer, sign = 1) {
		this.ballots += sign;
		const bump = (key: string, by = 1) => {
			const n = (this.counts.get(key) ?? 0) + by * sign;
			if (n === 0) this.counts.delete(key);
			else this.counts.set(key, n);
		};
		if ('choice' in answer) bump(answer.choice);
		else if ('choices' in answer) for (const c of new Set(answer.choices)) bump(c);
		else if ('ratings' in answer) {
			for (const [item, score] of Object.entries(answer.ratings)) this.bumpPosition(item, score - 1, sign);
		} else if ('ranking' in answer) {
			answer.ranking.forEach((item, i) => this.bumpPosition(item, i, sign));
		} else if ('words' in answer) {
			for (const [key, spelling] of ballotSpellings(answer.words)) {
				bump(key);
				this.spellings.bump(key, spelling, sign);
			}
		}
	}

	remove(answer: BallotAnswer) {
		this.add(answer, -1);
	}

	private bumpPosition(item: string, index: number, sign: number) {
		let row = this.positions.get(item);
		if (!row)
			this.positions.set(
				item,
				(row = new Array<number>(this.type === 'rating' ? 5 : this.items.length).fill(0))
			);
		row[index] += sign;
	}

	/** The results as the wire carries them. Open text is not tallied here: its answers are listed, not counted. */
	results(): PollResults {
		switch (this.type) {
			case 'single':
			case 'multiple':
				return {
					type: this.type,
					counts: Object.fromEntries(this.items.map((id) => [id, this.counts.get(id) ?? 0]))
				};
			case 'rating':
				return {
					type: 'rating',
					items: Object.fromEntries(
						this.items.map((id) => {
							const d = this.positions.get(id) ?? [0, 0, 0, 0, 0];
							const n = d.reduce((a, b) => a + b, 0);
							const mean = n ? d.reduce((sum, c, i) => sum + c * (i + 1), 0) / n : 0;
							return [id, { mean: Math.round(mean * 100) / 100, distribution: [...d] }];
						})
					)
				};
			case 'ranking': {
				const n = this.items.length;
				return {
					type: 'ranking',
					items: Object.fromEntries(
						this.items.map((id) => {
							const p = this.positions.get(id) ?? new Array<number>(n).fill(0);
							// Borda: first place earns n-1 points, last place none.
							const borda = p.reduce((sum, c, i) => sum + c * (n - 1 - i), 0);
							return [id, { borda, positions: [...p] }];
						})
					)
				};
			}
			case 'wordcloud':
				return {
					type: 'wordcloud',
					// Counted by the folded key, shown as people typed it most often.
					words: [...this.counts]
						.map(([key, count]) => ({ word: this.spellings.label(key), count }))
						.sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
						.slice(0, 80)
				};
			case 'open':
				return { type: 'open', answers: [] };
		}
	}
}
