import { m } from '$lib/paraglide/messages';
import type { PollOption, PollResults, PollType } from '$lib/protocol';

/** A poll type in a word or two ("Word cloud"). */
export function typeLabel(type: PollType): string {
	switch (type) {
		case 'single':
			return m.poll_type_single();
		case 'multiple':
			return m.poll_type_multiple();
		case 'rating':
			return m.poll_type_rating();
		case 'ranking':
			return m.poll_type_ranking();
		case 'wordcloud':
			return m.poll_type_wordcloud();
		case 'open':
			return m.poll_type_open();
	}
}

/** Results narrowed to one type, for the helpers below and the renderer of each type. */
export type Of<T extends PollResults['type']> = Extract<PollResults, { type: T }>;

const labelOf = (options: PollOption[]) => {
	const byId = new Map(options.map((o) => [o.id, o.label]));
	return (id: string) => byId.get(id) ?? id;
};

/** Whole percent of a part; 0 when there is nothing to divide by. */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

export interface ChoiceRow {
	id: string;
	label: string;
	count: number;
	/** Share of ballots: for multiple choice the rows add up to more than 100, as voters pick several. */
	pct: number;
	/**
	 * Bar length: the share of ballots, as the figure beside it says. Drawn relative to the leading choice, 60 % filled
	 * the hall screen's whole width and 20 % looked like a third, on a result that will be quoted.
	 */
	width: number;
	leading: boolean;
}

/** Single and multiple choice: one row per choice, in the order the chair wrote them. */
export function choiceRows(
	r: Of<'single' | 'multiple'>,
	options: PollOption[],
	ballots: number
): ChoiceRow[] {
	const label = labelOf(options);
	const ids = options.length ? options.map((o) => o.id) : Object.keys(r.counts);
	const counts = ids.map((id) => r.counts[id] ?? 0);
	const max = Math.max(0, ...counts);
	return ids.map((id, i) => ({
		id,
		label: label(id),
		count: counts[i],
		pct: percent(counts[i], ballots),
		width: ballots > 0 ? Math.min(100, (counts[i] / ballots) * 100) : 0,
		leading: max > 0 && counts[i] === max
	}));
}

export interface RatingRow {
	id: string;
	label: string;
	mean: number;
	/** How many gave 1..5. */
	distribution: number[];
	/** Column heights 0..100, relative to this item's most-given score. */
	heights: number[];
	votes: number;
}

/** Rating matrix: one row per item, in the poll's order, with its mean and 1–5 distribution. */
export function ratingRows(r: Of<'rating'>, options: PollOption[]): RatingRow[] {
	const label = labelOf(options);
	const ids = options.length ? options.map((o) => o.id) : Object.keys(r.items);
	return ids.map((id) => {
		const item = r.items[id] ?? { mean: 0, distribution: [0, 0, 0, 0, 0] };
		const distribution = [0, 1, 2, 3, 4].map((i) => item.distribution[i] ?? 0);
		const max = Math.max(0, ...distribution);
		return {
			id,
			label: label(id),
			mean: item.mean,
			distribution,
			heights: distribution.map((c) => (max ? (c / max) * 100 : 0)),
			votes: distribution.reduce((a, b) => a + b, 0)
		};
	});
}

export interface RankingRow {
	id: string;
	label: string;
	/** 1-based place by Borda score; tied scores share a place. */
	place: number;
	borda: number;
	/** How many put this item 1st, 2nd, ... */
	positions: number[];
	/** The same as shares 0..100 of this item's ballots, for a stacked bar. */
	shares: number[];
}

/** Ranking: items ordered by Borda score (ties keep the poll's order), each with where voters placed it. */
export function rankingRows(r: Of<'ranking'>, options: PollOption[]): RankingRow[] {
	const label = labelOf(options);
	const ids = options.length ? options.map((o) => o.id) : Object.keys(r.items);
	const rows = ids.map((id, order) => {
		const item = r.items[id] ?? { borda: 0, positions: ids.map(() => 0) };
		const total = item.positions.reduce((a, b) => a + b, 0);
		return {
			id,
			order,
			label: label(id),
			borda: item.borda,
			positions: item.positions,
			shares: item.positions.map((c) => (total ? (c / total) * 100 : 0))
		};
	});
	rows.sort((a, b) => b.borda - a.borda || a.order - b.order);
	let place = 0;
	return rows.map(({ order: _order, ...row }, i) => {
		if (i === 0 || row.borda !== rows[i - 1].borda) place = i + 1;
		return { ...row, place };
	});
}

export interface CloudWord {
	word: string;
	count: number;
	/** 0..1: where this word's size sits between the smallest and the largest. */
	weight: number;
	/** One of a few tones, so neighbouring words can be told apart. */
	tone: number;
}

export const CLOUD_TONES = 4;

/**
 * A word cloud laid out for a flex-wrap row: the most given words in the middle, smaller ones outward, and sizes
 * by the square root of the count so one runaway word does not dwarf the rest.
 */
export function cloudWords(r: Of<'wordcloud'>, limit = 60): CloudWord[] {
	const top = [...r.words].sort((a, b) => b.count - a.count || a.word.localeCompare(b.word)).slice(0, limit);
	if (top.length === 0) return [];
	const max = Math.sqrt(top[0].count);
	const min = Math.sqrt(top[top.length - 1].count);
	const out: CloudWord[] = [];
	top.forEach((w, i) => {
		const weight = max === min ? (top.length === 1 ? 1 : 0.5) : (Math.sqrt(w.count) - min) / (max - min);
		const item = { word: w.word, count: w.count, weight, tone: i % CLOUD_TONES };
		if (i % 2) out.push(item);
		else out.unshift(item);
	});
	return out;
}
