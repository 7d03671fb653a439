import { describe, expect, it } from 'vitest';
import { Tally } from './tally';

const ITEMS = ['a', 'b', 'c', 'd'];

describe('Tally', () => {
	it('counts single choices and replaces a changed ballot', () => {
		const t = new Tally('single', ['yes', 'no']);
		t.add({ choice: 'yes' });
		t.add({ choice: 'yes' });
		t.remove({ choice: 'yes' });
		t.add({ choice: 'no' });
		expect(t.ballots).toBe(2);
		expect(t.results()).toEqual({ type: 'single', counts: { yes: 1, no: 1 } });
	});

	it('scores a ranking by Borda count and keeps the position distribution', () => {
		const t = new Tally('ranking', ITEMS);
		t.add({ ranking: ['a', 'b', 'c', 'd'] }); // a 3, b 2, c 1, d 0
		t.add({ ranking: ['b', 'a', 'd', 'c'] }); // b 3, a 2, d 1, c 0
		t.add({ ranking: ['a', 'c', 'b', 'd'] }); // a 3, c 2, b 1, d 0
		const r = t.results();
		expect(r.type).toBe('ranking');
		if (r.type !== 'ranking') return;
		expect(r.items.a).toEqual({ borda: 8, positions: [2, 1, 0, 0] });
		expect(r.items.b).toEqual({ borda: 6, positions: [1, 1, 1, 0] });
		expect(r.items.c).toEqual({ borda: 3, positions: [0, 1, 1, 1] });
		expect(r.items.d).toEqual({ borda: 1, positions: [0, 0, 1, 2] });
	});

	it('reports a rating as mean and 1-5 distribution per item', () => {
		const t = new Tally('rating', ['a', 'b']);
		t.add({ ratings: { a: 5, b: 1 } });
		t.add({ ratings: { a: 4, b: 2 } });
		t.add({ ratings: { a: 4, b: 2 } });
		const r = t.results();
		if (r.type !== 'rating') throw new Error('rating');
		expect(r.items.a).toEqual({ mean: 4.33, distribution: [0, 0, 0, 2, 1] });
		expect(r.items.b).toEqual({ mean: 1.67, distribution: [1, 2, 0, 0, 0] });
	});

	it('counts word-cloud entries across ballots, most frequent first, each shown in its first-seen spelling on a tie', () => {
		const t = new Tally('wordcloud', []);
		t.add({ words: ['Trust', 'data'] });
		t.add({ words: ['trust'] });
		t.add({ words: ['TRUST ', 'laws', 'Data'] });
		const r = t.results();
		if (r.type !== 'wordcloud') throw new Error('wordcloud');
		expect(r.words).toEqual([
			{ word: 'Trust', count: 3 },
			{ word: 'data', count: 2 },
			{ word: 'laws', count: 1 }
		]);
	});

	it('counts each choice of a multiple-choice ballot once', () => {
		const t = new Tally('multiple', ['x', 'y', 'z']);
		t.add({ choices: ['x', 'z'] });
		t.add({ choices: ['z'] });
		expect(t.results()).toEqual({ type: 'multiple', counts: { x: 1, y: 0, z: 2 } });
	});

	it('labels a folded entry with its most frequent original spelling, and follows a changed ballot', () => {
		const t = new Tally('wordcloud', []);
		t.add({ words: ['الثقة'] });
		t.add({ words: ['الثقہ'] });
		t.add({ words: ['الثقة'] });
		t.add({ words: ['Réseau'] });
		t.add({ words: ['reseau'] });
		t.add({ words: ['réseau'] });
		t.add({ words: ['réseau'] });
		const words = () => {
			const r = t.results();
			if (r.type !== 'wordcloud') throw new Error('wordcloud');
			return r.words;
		};
		// Arabic ة is not shown as the Urdu ہ it folds to, and the accent people typed stays.
		expect(words()).toEqual([
			{ word: 'réseau', count: 4 },
			{ word: 'الثقة', count: 3 }
		]);
		t.remove({ words: ['الثقة'] });
		t.remove({ words: ['الثقة'] });
		t.add({ words: ['الثقہ'] });
		expect(words()).toContainEqual({ word: 'الثقہ', count: 2 });
	});
});
