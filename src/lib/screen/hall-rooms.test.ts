import { describe, expect, it } from 'vitest';
import type { AgendaSession, PollView } from '$lib/protocol';
import { eventIsOver } from '$lib/agenda/time';
import { hallNotices, screenPoll, watchedSessions } from './hall-rooms.svelte';
import { focusSession, pinOnScreen, screenDay } from './focus';

const at = (hhmm: string) => Date.parse(`2026-12-08T${hhmm}:00+05:00`);
const session = (id: string, from: string, to: string): AgendaSession =>
	({
		id,
		roomId: 'hall-a',
		title: id,
		startsAt: new Date(at(from)).toISOString(),
		endsAt: new Date(at(to)).toISOString(),
		delayMinutes: 0,
		cancelled: false,
		speakers: []
	}) as unknown as AgendaSession;

const hall = [
	session('morning', '09:00', '10:00'),
	session('midday', '11:30', '13:00'),
	session('late', '16:00', '17:00')
];
const idle = () => ({ openPoll: false, pinned: false });

describe('which session a hall screen is about', () => {
	it('is the programme’s current session when nothing is open or pinned', () => {
		expect(focusSession(hall, at('12:00'), idle)?.id).toBe('midday');
		expect(focusSession(hall, at('14:00'), idle)).toBeUndefined();
	});

	it('is a session marked late once its planned start has passed, not "no session" until its new start', () => {
		const late = { ...session('midday', '11:30', '13:00'), delayMinutes: 20 };
		const delayed = [hall[0], late, hall[2]];
		// Before its planned start the hall has no session; from it until the new start, the late one; then it is on.
		expect(focusSession(delayed, at('11:20'), idle)).toBeUndefined();
		expect(focusSession(delayed, at('11:30'), idle)?.id).toBe('midday');
		expect(focusSession(delayed, at('11:45'), idle)?.id).toBe('midday');
		expect(focusSession(delayed, at('13:10'), idle)?.id).toBe('midday');
		expect(focusSession(delayed, at('13:20'), idle)).toBeUndefined();
		// Cancelled, it is not waited for.
		expect(focusSession([{ ...late, cancelled: true }], at('11:45'), idle)).toBeUndefined();
	});

	it('is a session with an open poll, even before it starts or after it ended', () => {
		expect(focusSession(hall, at('15:40'), (id) => ({ openPoll: id === 'late', pinned: false }))?.id).toBe(
			'late'
		);
		expect(focusSession(hall, at('13:10'), (id) => ({ openPoll: id === 'midday', pinned: false }))?.id).toBe(
			'midday'
		);
	});

	it('is a session with a pinned question when no poll is open, the programme’s own first', () => {
		const pins = (id: string) => ({ openPoll: false, pinned: id === 'midday' || id === 'late' });
		expect(focusSession(hall, at('12:00'), pins)?.id).toBe('midday');
		expect(focusSession(hall, at('13:20'), pins)?.id).toBe('midday');
		// Half an hour after its end the old pin gives way: to the next session's own pin, ahead of its start.
		expect(focusSession(hall, at('15:50'), pins)?.id).toBe('late');
		expect(focusSession(hall, at('16:10'), pins)?.id).toBe('late');
	});

	it('lets a question left pinned hold the screen for half an hour after its session, not through lunch', () => {
		const left = (id: string) => ({ openPoll: false, pinned: id === 'midday' });
		expect(focusSession(hall, at('13:25'), left)?.id).toBe('midday');
		// No later session in the hall has begun, yet the screen no longer says the morning's session is on.
		expect(focusSession(hall, at('13:45'), left)).toBeUndefined();
		expect(focusSession(hall, at('15:00'), left)).toBeUndefined();
		expect(focusSession(hall, at('16:10'), left)?.id).toBe('late');
	});

	it('lets a poll left open hold the screen for half an hour after its session, not for hours', () => {
		const forgotten = (id: string) => ({ openPoll: id === 'morning', pinned: false });
		// Running over by up to half an hour: the forgotten poll still holds the screen.
		expect(focusSession(hall, at('10:20'), forgotten)?.id).toBe('morning');
		expect(focusSession(hall, at('10:30'), forgotten)?.id).toBe('morning');
		// Past that, between sessions, it no longer does: the screen shows what it would with nothing open (it held
		// Hall B's screen from 12:40 to past 16:50, "Vote now on your phone").
		expect(focusSession(hall, at('10:35'), forgotten)).toBeUndefined();
		expect(focusSession(hall, at('11:00'), forgotten)).toBeUndefined();
		// Once the next session has begun: the screen is about it.
		expect(focusSession(hall, at('11:40'), forgotten)?.id).toBe('midday');
		// A later session's pinned question, from half an hour before its start, is not held off by it either.
		expect(
			focusSession(hall, at('11:10'), (id) => ({ openPoll: id === 'morning', pinned: id === 'midday' }))?.id
		).toBe('midday');
		// After it, with nothing on now, the screen has no session (the old poll does not come back).
		expect(focusSession(hall, at('14:00'), forgotten)).toBeUndefined();
		// A session that ran over by less than half an hour keeps the screen.
		expect(focusSession(hall, at('13:20'), (id) => ({ openPoll: id === 'midday', pinned: false }))?.id).toBe(
			'midday'
		);
	});

	it('keeps the current session with its own pin or poll, and takes a later one’s poll only from half an hour before it', () => {
		// The 16:00 chair launched hours ahead: the hall goes on with its own pinned question, or its own session.
		const early = (id: string) => ({ openPoll: id === 'late', pinned: id === 'midday' });
		expect(focusSession(hall, at('12:50'), early)?.id).toBe('midday');
		expect(focusSession(hall, at('12:50'), (id) => ({ openPoll: id === 'late', pinned: false }))?.id).toBe(
			'midday'
		);
		// Between sessions, more than half an hour before: nothing yet.
		expect(focusSession(hall, at('14:00'), early)).toBeUndefined();
		// Within half an hour of its start: the early poll is on screen.
		expect(focusSession(hall, at('15:35'), early)?.id).toBe('late');
		// The current session's own poll wins over another's pin.
		const own = (id: string) => ({ openPoll: id === 'midday', pinned: id === 'late' });
		expect(focusSession(hall, at('12:00'), own)?.id).toBe('midday');
	});
});

describe('which sessions a hall screen follows', () => {
	it('follows the last one that ended, the one on or next, and the one after', () => {
		expect(watchedSessions(hall, at('12:00'), new Set())).toEqual(['morning', 'midday', 'late']);
		expect(watchedSessions(hall, at('14:00'), new Set())).toEqual(['midday', 'late']);
		expect(watchedSessions(hall, at('08:00'), new Set())).toEqual(['morning', 'midday']);
		expect(watchedSessions(hall, at('18:00'), new Set())).toEqual(['late']);
	});

	it('also follows any session of the hall with a poll open, once', () => {
		expect(watchedSessions(hall, at('18:00'), new Set(['morning', 'late']))).toEqual(['late', 'morning']);
	});
});

describe('the day a hall screen considers', () => {
	const TZ = 'Asia/Karachi';
	const evening = [
		session('dinner-talk', '22:30', '23:59'),
		{ ...session('overnight', '23:25', '23:59'), endsAt: new Date(at('23:25') + 90 * 60_000).toISOString() },
		session('yesterday-morning', '09:00', '10:00')
	];
	const next = (hhmm: string) => Date.parse(`2026-12-09T${hhmm}:00+05:00`);
	const tomorrow = session('tomorrow', '09:00', '10:00');
	tomorrow.startsAt = new Date(next('09:00')).toISOString();
	tomorrow.endsAt = new Date(next('10:00')).toISOString();

	it('keeps a session that runs over midnight, on screen and in focus, until it ends', () => {
		const hall = [...evening, tomorrow];
		const day = screenDay(hall, next('00:20'), TZ);
		expect(day.map((s) => s.id)).toEqual(['overnight', 'tomorrow']);
		expect(focusSession(day, next('00:20'), idle)?.id).toBe('overnight');
		expect(screenDay(hall, next('01:00'), TZ).map((s) => s.id)).toEqual(['tomorrow']);
	});

	it('leaves out the other days’ sessions, so a poll left open yesterday does not take the screen', () => {
		const day = screenDay([...evening, tomorrow], next('09:30'), TZ);
		expect(day.map((s) => s.id)).toEqual(['tomorrow']);
		expect(screenDay([...evening, tomorrow], at('12:00'), TZ).map((s) => s.id)).toEqual([
			'dinner-talk',
			'overnight',
			'yesterday-morning'
		]);
	});
});

describe('what a hall screen tells the hall of the programme’s changes', () => {
	const TZ = 'Asia/Karachi';
	const changed = (s: AgendaSession, change: Partial<AgendaSession>) =>
		({ ...s, ...change }) as AgendaSession;
	const day = [
		changed(session('moved-out', '11:30', '13:00'), { roomId: 'hall-b', movedFromRoomId: 'hall-a' }),
		changed(session('cancelled-here', '14:00', '15:00'), { cancelled: true }),
		changed(session('moved-in', '16:00', '17:00'), { movedFromRoomId: 'hall-b' }),
		changed(session('other-hall', '09:00', '10:00'), { roomId: 'hall-b', cancelled: true }),
		changed(session('moved-then-cancelled', '15:00', '15:30'), {
			roomId: 'plenary',
			movedFromRoomId: 'hall-a',
			cancelled: true
		}),
		changed(session('tomorrow', '11:00', '12:00'), {
			startsAt: new Date(at('11:00') + 86_400_000).toISOString(),
			endsAt: new Date(at('12:00') + 86_400_000).toISOString(),
			cancelled: true
		})
	];

	it('names today’s sessions planned in this hall and moved out of it or cancelled, soonest first, until their time is over', () => {
		const seen = (now: number, max?: number) =>
			hallNotices(day, 'hall-a', now, TZ, max).map((n) => `${n.kind}:${n.session.id}`);
		expect(seen(at('09:00'), 5)).toEqual([
			'moved:moved-out',
			'cancelled:cancelled-here',
			'cancelled:moved-then-cancelled'
		]);
		// Two at most, the soonest.
		expect(seen(at('09:00'))).toEqual(['moved:moved-out', 'cancelled:cancelled-here']);
		// Once its time is over a change is no longer news.
		expect(seen(at('13:00'), 5)).toEqual(['cancelled:cancelled-here', 'cancelled:moved-then-cancelled']);
		expect(seen(at('15:30'), 5)).toEqual([]);
		// Hall B's screen hears of its own cancellation and of the session moved from it to hall A, not of hall A's.
		expect(hallNotices(day, 'hall-b', at('09:00'), TZ, 5).map((n) => `${n.kind}:${n.session.id}`)).toEqual([
			'cancelled:other-hall',
			'moved:moved-in'
		]);
	});

	it('says the conference is over once nothing is on or to come on its last day, not between two days', () => {
		const event = { startsOn: '2026-12-08', endsOn: '2026-12-09', timezone: TZ };
		const next = (hhmm: string) => at(hhmm) + 86_400_000;
		const last = changed(session('closing', '11:00', '12:00'), {
			startsAt: new Date(next('11:00')).toISOString(),
			endsAt: new Date(next('12:00')).toISOString()
		});
		const programme = [...hall, last];
		expect(eventIsOver(event, programme, at('18:00'))).toBe(false);
		expect(eventIsOver(event, programme, next('11:30'))).toBe(false);
		expect(eventIsOver(event, programme, next('12:01'))).toBe(true);
		// A cancelled session still to come keeps nothing open.
		expect(
			eventIsOver(event, [...programme, changed(last, { id: 'late', cancelled: true })], next('12:01'))
		).toBe(true);
	});
});

describe('whether a pinned question is on its hall screen, for the moderator', () => {
	const TZ = 'Asia/Karachi';
	const midday = hall[1];
	const noPolls = () => false;
	const other = { ...session('other-hall', '11:30', '13:00'), roomId: 'hall-b' } as AgendaSession;
	const all = [...hall, other];

	it('is now while its session is on, and from half an hour before it starts', () => {
		expect(pinOnScreen(midday, all, at('12:00'), TZ, noPolls)).toEqual({ kind: 'now' });
		expect(pinOnScreen(midday, all, at('11:05'), TZ, noPolls)).toEqual({ kind: 'now' });
		// An open poll in another hall changes nothing.
		expect(pinOnScreen(midday, all, at('12:00'), TZ, (id) => id === 'other-hall')).toEqual({ kind: 'now' });
	});

	it('is later when pinned more than half an hour ahead, saying from when', () => {
		expect(pinOnScreen(midday, all, at('10:30'), TZ, noPolls)).toEqual({ kind: 'later', at: at('11:00') });
		// On the day before: still later, from the same moment.
		expect(pinOnScreen(midday, all, at('10:30') - 86_400_000, TZ, noPolls)).toEqual({
			kind: 'later',
			at: at('11:00')
		});
	});

	it('is over half an hour after its session, and the next day', () => {
		expect(pinOnScreen(midday, all, at('13:25'), TZ, noPolls)).toEqual({ kind: 'now' });
		expect(pinOnScreen(midday, all, at('13:45'), TZ, noPolls)).toEqual({ kind: 'over' });
		expect(pinOnScreen(midday, all, at('12:00') + 86_400_000, TZ, noPolls)).toEqual({ kind: 'over' });
	});

	it('is behind another of the hall’s sessions that holds the screen with an open poll', () => {
		// 11:10: the 10:45 session ran over and its chair's poll is still open; midday's pin, twenty minutes early,
		// waits behind it.
		const short = { ...session('short', '10:15', '10:45') } as AgendaSession;
		const shortPoll = (id: string) => id === 'short';
		expect(pinOnScreen(midday, [...all, short], at('11:10'), TZ, shortPoll)).toEqual({
			kind: 'behind',
			session: short
		});
		// The morning session's poll, left open since 10:00, holds nothing by then: the pin is on screen.
		expect(pinOnScreen(midday, all, at('11:10'), TZ, (id) => id === 'morning')).toEqual({ kind: 'now' });
		// Its own poll open: the screen is its session's, poll and pin together.
		expect(pinOnScreen(midday, all, at('12:00'), TZ, (id) => id === 'midday')).toEqual({ kind: 'now' });
	});

	it('is never for a cancelled session', () => {
		expect(pinOnScreen({ ...midday, cancelled: true }, all, at('12:00'), TZ, noPolls)).toEqual({
			kind: 'cancelled'
		});
	});
});

describe('which poll a hall screen shows for its session', () => {
	const poll = (id: string, state: PollView['state'], closedAt: string | null, results: boolean) =>
		({ id, state, closedAt, results: results ? { type: 'choice' } : null }) as unknown as PollView;
	it('is the open one, whatever closed before it', () => {
		const polls = [poll('a', 'closed', '2026-12-08T07:00:00Z', true), poll('b', 'open', null, false)];
		expect(screenPoll(polls)?.id).toBe('b');
	});
	it('is the one that closed last, with its results out', () => {
		// Run out of their order: b closed first, a after it.
		const polls = [
			poll('a', 'closed', '2026-12-08T07:10:00Z', true),
			poll('b', 'closed', '2026-12-08T07:00:00Z', true)
		];
		expect(screenPoll(polls)?.id).toBe('a');
	});
	it('is none when the one that closed last keeps its results to the chair: an older result never comes back', () => {
		const polls = [
			poll('a', 'closed', '2026-12-08T07:00:00Z', true),
			poll('b', 'closed', '2026-12-08T07:10:00Z', false)
		];
		expect(screenPoll(polls)).toBeUndefined();
		expect(screenPoll([poll('d', 'draft', null, false)])).toBeUndefined();
	});
});
