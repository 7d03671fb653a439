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
		p.move(nowhere, at('e1'), 'a');
		p.move(nowhere, at('e1'), 'b');
		p.move(nowhere, at('e1'), 'c');
		p.move(at('e1'), at('e1', 'hall-a'), 'a');
		p.move(at('e1'), at('e1', 'hall-a'), 'b');
		p.move(at('e1'), at('e1', 'hall-b'), 'c');
		p.move(at('e1', 'hall-b'), at('e1', 'hall-a'), 'c');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 3, byRoom: { 'hall-a': 3 } });
		expect(p.counts('unknown')).toEqual({ eventId: 'unknown', total: 0, byRoom: {} });
	});

	it('drops a hall from the counts when its last attendee leaves, and the event total when they disconnect', () => {
		const p = createPresence((c) => published.push(c), 1000);
		p.move(nowhere, at('e1', 'hall-a'), 'a');
		p.move(at('e1', 'hall-a'), at('e1'), 'a');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 1, byRoom: {} });
		p.move(at('e1'), nowhere, 'a');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 0, byRoom: {} });
	});

	it('moves an attendee between events, changing both totals', () => {
		const p = createPresence((c) => published.push(c), 1000);
		p.move(nowhere, at('e1', 'hall-a'), 'a');
		p.move(at('e1', 'hall-a'), at('e2'), 'a');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 0, byRoom: {} });
		expect(p.counts('e2')).toEqual({ eventId: 'e2', total: 1, byRoom: {} });
	});

	it('publishes nothing before the interval, then one update per event with the latest counts', () => {
		const p = createPresence((c) => published.push(c), 1000);
		for (let n = 0; n < 50; n++) p.move(nowhere, at('e1', n % 2 ? 'hall-a' : 'hall-b'), `d${n}`);
		for (let n = 1; n < 20; n += 2) p.move(at('e1', 'hall-a'), nowhere, `d${n}`);
		p.move(nowhere, at('e2'), 'x');
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
		p.move(nowhere, at('e1'), 'a');
		vi.advanceTimersByTime(100);
		vi.advanceTimersByTime(1000);
		expect(published).toHaveLength(1);
		p.move(at('e1'), at('e1', 'hall-a'), 'a');
		p.move(nowhere, at('e1', 'hall-a'), 'b');
		vi.advanceTimersByTime(100);
		expect(published).toEqual([
			{ eventId: 'e1', total: 1, byRoom: {} },
			{ eventId: 'e1', total: 2, byRoom: { 'hall-a': 2 } }
		]);
	});

	it('ignores a move to where the attendee already is', () => {
		const p = createPresence((c) => published.push(c), 100);
		p.move(at('e1', 'hall-a'), at('e1', 'hall-a'), 'a');
		p.move(nowhere, nowhere, 'a');
		vi.advanceTimersByTime(1000);
		expect(published).toEqual([]);
	});

	it('publishes nothing after it is stopped', () => {
		const p = createPresence((c) => published.push(c), 100);
		p.move(nowhere, at('e1'), 'a');
		p.stop();
		vi.advanceTimersByTime(1000);
		expect(published).toEqual([]);
	});

	it('counts people, not connections: a device with two sockets is one, until its last leaves', () => {
		const p = createPresence((c) => published.push(c), 1000);
		// Two tabs, or a phone back on the Wi-Fi before its old connection timed out.
		p.move(nowhere, at('e1', 'hall-a'), 'phone');
		p.move(nowhere, at('e1', 'hall-a'), 'phone');
		p.move(nowhere, at('e1', 'hall-b'), 'other');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 2, byRoom: { 'hall-a': 1, 'hall-b': 1 } });
		// One tab goes to another hall: the person is in both until the first tab leaves too.
		p.move(at('e1', 'hall-a'), at('e1', 'hall-b'), 'phone');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 2, byRoom: { 'hall-a': 1, 'hall-b': 2 } });
		p.move(at('e1', 'hall-a'), nowhere, 'phone');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 2, byRoom: { 'hall-b': 2 } });
		p.move(at('e1', 'hall-b'), nowhere, 'phone');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 1, byRoom: { 'hall-b': 1 } });
	});

	it('does not count a socket without a device, however many there are', () => {
		const p = createPresence((c) => published.push(c), 1000);
		for (let n = 0; n < 200; n++) p.move(nowhere, at('e1', 'hall-b'), null);
		p.move(nowhere, at('e1', 'hall-b'), 'phone');
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 1, byRoom: { 'hall-b': 1 } });
		for (let n = 0; n < 200; n++) p.move(at('e1', 'hall-b'), nowhere, null);
		expect(p.counts('e1')).toEqual({ eventId: 'e1', total: 1, byRoom: { 'hall-b': 1 } });
	});
});
