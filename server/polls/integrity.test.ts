import { describe, expect, it } from 'vitest';
import { PollSignals } from './integrity';

describe('PollSignals', () => {
	it('counts ballots from new devices, starting from those already stored', () => {
		const s = new PollSignals(['v1']);
		s.add('v2', true, 'a');
		s.add('v3', false, 'a');
		expect(s.view.newDevices).toBe(2);
	});

	it('finds the largest share of ballots from one address', () => {
		const s = new PollSignals();
		expect(s.view.topAddress).toBeNull();
		s.add('v1', false, 'a');
		s.add('v2', false, 'a');
		s.add('v3', false, 'b');
		expect(s.view.topAddress).toEqual({ ballots: 2, of: 3 });
	});

	it('counts a changed ballot once, from the address it last came from', () => {
		const s = new PollSignals();
		s.add('v1', false, 'a');
		s.add('v2', false, 'a');
		s.add('v1', false, 'b');
		s.add('v1', false, 'b');
		expect(s.view.topAddress).toEqual({ ballots: 1, of: 2 });
	});
});
