import { describe, expect, it } from 'vitest';
import type { AgendaSession } from '$lib/protocol';
import { consoleSessions, openingSession } from './console-sessions';

const rooms = [
	{ id: 'hall-a', name: 'Hall A' },
	{ id: 'hall-b', name: 'Hall B' }
];
const at = (hhmm: string) => `2026-12-08T${hhmm}:00Z`;
function session(id: string, roomId: string, from: string, to: string, more: Partial<AgendaSession> = {}) {
	return {
		id,
		title: id,
		description: '',
		kind: 'working',
		roomId,
		startsAt: at(from),
		endsAt: at(to),
		delayMinutes: 0,
		cancelled: false,
		movedFromRoomId: null,
		speakers: [],
		objectives: [],
		chathamHouse: false,
		...more
	} satisfies AgendaSession;
}
const t = (hhmm: string) => Date.parse(at(hhmm));

describe('consoleSessions', () => {
	const sessions = [
		session('b-morning', 'hall-b', '09:00', '10:00'),
		session('coffee', 'hall-a', '10:00', '10:30', { kind: 'break' }),
		session('a-morning', 'hall-a', '09:00', '10:00'),
		session('a-late', 'hall-a', '08:00', '08:30', { delayMinutes: 90 })
	];

	it('lists a hall link’s sessions only, without breaks, by effective start', () => {
		expect(consoleSessions({ sessions, rooms }, 'hall-a').map((s) => s.id)).toEqual(['a-morning', 'a-late']);
	});

	it('lists every hall for an event-wide link, parallel sessions in the event’s hall order', () => {
		expect(consoleSessions({ sessions, rooms }, null).map((s) => s.id)).toEqual([
			'a-morning',
			'b-morning',
			'a-late'
		]);
	});
});

describe('openingSession', () => {
	const list = [
		session('first', 'hall-a', '09:00', '10:00'),
		session('called-off', 'hall-a', '10:00', '11:00', { cancelled: true }),
		session('second', 'hall-a', '11:00', '12:00'),
		session('last', 'hall-a', '14:00', '15:00', { cancelled: true })
	];

	it('opens on the session asked for in the link when the console lists it', () => {
		expect(openingSession(list, t('09:30'), 'second')).toBe('second');
		expect(openingSession(list, t('09:30'), 'someone-elses')).toBe('first');
	});

	it('opens on the live session, else the next one that is not cancelled', () => {
		expect(openingSession(list, t('09:30'))).toBe('first');
		expect(openingSession(list, t('10:15'))).toBe('second');
	});

	it('opens on the last session once the day is over, and on nothing when there is none', () => {
		expect(openingSession(list, t('18:00'))).toBe('last');
		expect(openingSession([], t('18:00'))).toBeNull();
	});
});
