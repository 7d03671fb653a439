import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Announcer } from './announcer.svelte';

describe('Announcer (one polite live region that never floods)', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	const make = () =>
		new Announcer({ gatherMs: 1000, minGapMs: 4000, maxItems: 3, more: (n) => `${n} more.` });

	it('says a lone message after the gathering pause, not before', () => {
		const a = make();
		a.announce('New question: Who funds shelters?');
		vi.advanceTimersByTime(999);
		expect(a.current).toBeNull();
		vi.advanceTimersByTime(1);
		expect(a.current).toEqual({ id: 1, items: ['New question: Who funds shelters?'] });
	});

	it('merges a burst into one announcement, counting what it does not read out', () => {
		const a = make();
		for (let i = 1; i <= 10; i++) a.announce(`Update ${i}.`);
		vi.advanceTimersByTime(5000);
		expect(a.count).toBe(1);
		expect(a.current?.items).toEqual(['Update 1.', 'Update 2.', '8 more.']);
	});

	it('reads up to three messages in full and drops exact repeats', () => {
		const a = make();
		for (const t of ['Poll open.', 'Results are in.', 'Poll open.', 'Session delayed.']) a.announce(t);
		vi.advanceTimersByTime(1000);
		expect(a.current?.items).toEqual(['Poll open.', 'Results are in.', 'Session delayed.']);
	});

	it('keeps announcements at least the minimum gap apart and merges what arrives in between', () => {
		const a = make();
		a.announce('First.');
		vi.advanceTimersByTime(1000);
		expect(a.count).toBe(1);
		// Four seconds after the first announcement, not one after the second message.
		a.announce('Second.');
		vi.advanceTimersByTime(2000);
		a.announce('Third.');
		vi.advanceTimersByTime(1999);
		expect(a.count).toBe(1);
		vi.advanceTimersByTime(1);
		expect(a.count).toBe(2);
		expect(a.current?.items).toEqual(['Second.', 'Third.']);
	});

	it('gives the same words a new id when they are said again, so the region changes', () => {
		const a = make();
		a.announce('Poll open.');
		vi.advanceTimersByTime(1000);
		a.announce('Poll open.');
		vi.advanceTimersByTime(4000);
		expect(a.current).toEqual({ id: 2, items: ['Poll open.'] });
	});

	it('takes back a message that no longer holds: not said if it waits, out of the region if it is there', () => {
		const a = make();
		a.announce('Poll open in Hall A: Who?');
		a.announce('New question: Why?');
		vi.advanceTimersByTime(1000);
		expect(a.current).toEqual({ id: 1, items: ['Poll open in Hall A: Who?', 'New question: Why?'] });
		// In the region: it leaves it, the rest stays under the same id (nothing is read again).
		a.retract('Poll open in Hall A: Who?');
		expect(a.current).toEqual({ id: 1, items: ['New question: Why?'] });
		// Still waiting: it is never said, and an announcement left with nothing to say is not made.
		a.announce('Poll open in Hall B: When?');
		a.retract('Poll open in Hall B: When?');
		vi.advanceTimersByTime(10_000);
		expect(a.count).toBe(1);
		a.retract('Never said.');
		expect(a.current).toEqual({ id: 1, items: ['New question: Why?'] });
	});

	it('ignores empty messages and says nothing after it is destroyed', () => {
		const a = make();
		a.announce('   ');
		a.announce('Late news.');
		a.destroy();
		vi.advanceTimersByTime(10_000);
		expect(a.current).toBeNull();
	});
});
