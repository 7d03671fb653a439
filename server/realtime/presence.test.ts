import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresenceCounts } from '../../src/lib/protocol';
import { createPresence } from './presence';

const nowhere = { eventId: null, hallId: null };
const at = (eventId: string, hallId: string | null = null) => ({ eventId, hallId });

let published: PresenceCounts[];
beforeEach(() => {
	vi.useFakeTimers();
	published = [];
});
afterEach(() => {
	vi.useRealTimers();
});

describe('presence', () => {
	it('counts attendees per event and per hall', () => {
		const p = createPresence((c) => published.push(c), 1000);
		p.move(nowhere, at('e1'));
		p.move(nowhere, at('e1'));
		p.move(nowhere, at('e1'));
		p.move(at('e1'), at('e1', 'hall-a'));
		p.move(at('e1'), at('e1', 'hall-a'));
		p.move(at('e1'), at('e1', 'hall-b'));
		p.move(at('e1', 'hall-b'), at('e1', 'hall-a'));
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 3, byRoom: { 'hall-a': 3 } });
		expect(p.counts('unknown')).toEqual({ eventId: 'unknown', total: 0, byRoom: {} });
	});

	it('drops a hall from the counts when its last attendee leaves, and the event total when they disconnect', () => {
		const p = createPresence((c) => published.push(c), 1000);
		p.move(nowhere, at('e1', 'hall-a'));
		p.move(at('e1', 'hall-a'), at('e1'));
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 1, byRoom: {} });
		p.move(at('e1'), nowhere);
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 0, byRoom: {} });
	});

	it('moves an attendee between events, changing both totals', () => {
		const p = createPresence((c) => published.push(c), 1000);
		p.move(nowhere, at('e1', 'hall-a'));
		p.move(at('e1', 'hall-a'), at('e2'));
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 0, byRoom: {} });
		expect(p.counts('e2')).toEqual({ eventId: 'e2', total: 1, byRoom: {} });
	});

	it('publishes nothing before the interval, then one update per event with the latest counts', () => {
		const p = createPresence((c) => published.push(c), 1000);
		for (let n = 0; n < 50; n++) p.move(nowhere, at('e1', n % 2 ? 'hall-a' : 'hall-b'));
		for (let n = 0; n < 10; n++) p.move(at('e1', 'hall-a'), nowhere);
		p.move(nowhere, at('e2'));
		vi.advanceTimersByTime(999);
		expect(published).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(published).toEqual([
			{ eventId: 'e1', total: 40, byRoom: { 'hall-a': 15, 'hall-b': 25 } },
			{ eventId: 'e2', total: 1, byRoom: {} }
		]);
	});

	it('publishes again only after the next change, once per interval', () => {
		const p = createPresence((c) => published.push(c), 100);
		p.move(nowhere, at('e1'));
		vi.advanceTimersByTime(100);
		vi.advanceTimersByTime(1000);
		expect(published).toHaveLength(1);
		p.move(at('e1'), at('e1', 'hall-a'));
		p.move(nowhere, at('e1', 'hall-a'));
		vi.advanceTimersByTime(100);
		expect(published).toEqual([
			{ eventId: 'e1', total: 1, byRoom: {} },
			{ eventId: 'e1', total: 2, byRoom: { 'hall-a': 2 } }
		]);
	});

	it('ignores a move to where the attendee already is', () => {
		const p = createPresence((c) => published.push(c), 100);
		p.move(at('e1', 'hall-a'), at('e1', 'hall-a'));
		p.move(nowhere, nowhere);
		vi.advanceTimersByTime(1000);
		expect(published).toEqual([]);
	});

	it('publishes nothing after it is stopped', () => {
		const p = createPresence((c) => published.push(c), 100);
		p.move(nowhere, at('e1'));
		p.stop();
		vi.advanceTimersByTime(1000);
		expect(published).toEqual([]);
	});
});
