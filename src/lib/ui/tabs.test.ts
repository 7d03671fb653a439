import { describe, expect, it } from 'vitest';
import { nextTab } from './tabs';

describe('nextTab (arrow keys in a tab list)', () => {
	it('moves right to the next tab and wraps from the last to the first', () => {
		expect(nextTab('ArrowRight', 0, 3)).toBe(1);
		expect(nextTab('ArrowRight', 2, 3)).toBe(0);
	});

	it('moves left to the previous tab and wraps from the first to the last', () => {
		expect(nextTab('ArrowLeft', 1, 3)).toBe(0);
		expect(nextTab('ArrowLeft', 0, 3)).toBe(2);
	});

	it('follows the reading direction in a right-to-left page: left is forward', () => {
		expect(nextTab('ArrowLeft', 0, 3, true)).toBe(1);
		expect(nextTab('ArrowRight', 0, 3, true)).toBe(2);
	});

	it('goes to the ends with Home and End', () => {
		expect(nextTab('Home', 2, 4)).toBe(0);
		expect(nextTab('End', 0, 4)).toBe(3);
	});

	it('leaves every other key (and an empty list) to the browser', () => {
		expect(nextTab('Enter', 0, 3)).toBeNull();
		expect(nextTab('ArrowDown', 0, 3)).toBeNull();
		expect(nextTab('ArrowRight', 0, 0)).toBeNull();
	});
});
