import { describe, expect, it } from 'vitest';
import type { AgendaChange, AgendaSession } from '$lib/protocol';
import { newsFor, reminderOf, SOON_MS } from './reminders';

const session = (over: Partial<AgendaSession> = {}): AgendaSession =>
	({
		id: 'ws-1',
		title: 'Working session',
		kind: 'working',
		roomId: 'hall-a',
		startsAt: '2026-12-08T11:30:00+05:00',
		endsAt: '2026-12-08T13:00:00+05:00',
		delayMinutes: 0,
		cancelled: false,
		movedFromRoomId: null,
		speakers: [],
		objectives: [],
		description: '',
		chathamHouse: false,
		...over
	}) as AgendaSession;
const change = (version: number, kind: AgendaChange['kind'], sessionId = 'ws-1'): AgendaChange => ({
	version,
	at: '2026-12-08T06:00:00Z',
	kind,
	sessionId,
	detail: {}
});
const start = Date.parse('2026-12-08T11:30:00+05:00');

describe('reminderOf', () => {
	it('says "soon" only within the ten minutes before the effective start', () => {
		expect(reminderOf(session(), [], start - SOON_MS - 1)).toBeNull();
		expect(reminderOf(session(), [], start - SOON_MS)).toBe('soon');
		expect(reminderOf(session(), [], start - 1)).toBe('soon');
		expect(reminderOf(session(), [], start)).toBeNull();
	});
	it('counts from the delayed start', () => {
		expect(reminderOf(session({ delayMinutes: 20 }), [], start - 60_000)).toBeNull();
		expect(reminderOf(session({ delayMinutes: 20 }), [], start + 15 * 60_000)).toBe('soon');
	});
	it('says "changed" after a delay, move or cancellation of that session, and not for other kinds or sessions', () => {
		expect(reminderOf(session(), [change(2, 'moved')], start - 3600_000)).toBe('changed');
		expect(reminderOf(session({ cancelled: true }), [], start - 60_000)).toBe('changed');
		expect(reminderOf(session(), [change(2, 'edited'), change(3, 'delayed', 'other')], start - 60_000)).toBe(
			'soon'
		);
	});
});

describe('newsFor', () => {
	it('returns starred sessions’ delays, moves and cancellations newer than the version, oldest first', () => {
		const changes = [change(5, 'cancelled'), change(4, 'delayed'), change(3, 'moved'), change(6, 'edited')];
		expect(newsFor(changes, ['ws-1'], 3).map((c) => c.version)).toEqual([4, 5]);
		expect(newsFor(changes, ['other'], 0)).toEqual([]);
	});
});
