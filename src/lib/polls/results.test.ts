import { describe, expect, it } from 'vitest';
import { choiceRows } from './results';

const options = ['a', 'b', 'c'].map((id) => ({ id, label: id.toUpperCase() }));

describe('choice results', () => {
	it('draws each bar as its share of the ballots, as its percentage says', () => {
		const rows = choiceRows({ type: 'single', counts: { a: 3, b: 1, c: 1 } }, options, 5);
		expect(rows.map((r) => [r.pct, r.width])).toEqual([
			[60, 60],
			[20, 20],
			[20, 20]
		]);
		expect(rows.map((r) => r.leading)).toEqual([true, false, false]);
	});

	it('lets several choices of a multiple-choice poll each reach their own share', () => {
		const rows = choiceRows({ type: 'multiple', counts: { a: 4, b: 4, c: 0 } }, options, 4);
		expect(rows.map((r) => r.width)).toEqual([100, 100, 0]);
	});

	it('draws nothing before the first ballot', () => {
		const rows = choiceRows({ type: 'single', counts: {} }, options, 0);
		expect(rows.map((r) => [r.pct, r.width, r.leading])).toEqual([
			[0, 0, false],
			[0, 0, false],
			[0, 0, false]
		]);
	});
});
