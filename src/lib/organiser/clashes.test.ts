import { describe, expect, it } from 'vitest';
import type { AgendaSession } from '$lib/protocol';
import { hallClashes } from './clashes';

const at = (hhmm: string) => `2026-12-08T${hhmm}:00+05:00`;
const session = (id: string, roomId: string, from: string, to: string, more: Partial<AgendaSession> = {}) =>
	({
		id,
		roomId,
		title: id,
		startsAt: at(from),
		endsAt: at(to),
		delayMinutes: 0,
		cancelled: false,
		speakers: [],
		...more
	}) as unknown as AgendaSession;

const ids = (m: Map<string, AgendaSession[]>, id: string) => m.get(id)?.map((s) => s.id);

describe('hallClashes', () => {
	it('pairs sessions whose times overlap in one hall, and only those', () => {
		const clashes = hallClashes([
			session('a', 'hall-a', '10:00', '11:30'),
			session('b', 'hall-a', '10:15', '11:00'),
			session('c', 'hall-a', '11:30', '12:00'), // starts as a ends: no clash
			session('d', 'hall-b', '10:00', '11:30'), // another hall
			session('e', 'hall-a', '10:45', '11:45')
		]);
		expect(ids(clashes, 'a')).toEqual(['b', 'e']);
		expect(ids(clashes, 'b')).toEqual(['a', 'e']);
		expect(ids(clashes, 'e')).toEqual(['a', 'b', 'c']);
		expect(ids(clashes, 'c')).toEqual(['e']);
		expect(clashes.has('d')).toBe(false);
	});

	it('counts a delay, and leaves cancelled sessions out', () => {
		const delayed = [
			session('a', 'hall-a', '10:00', '11:00', { delayMinutes: 15 }),
			session('b', 'hall-a', '11:00', '12:00')
		];
		expect(ids(hallClashes(delayed), 'b')).toEqual(['a']);
		const cancelled = [
			session('a', 'hall-a', '10:00', '11:00', { cancelled: true }),
			session('b', 'hall-a', '10:30', '12:00')
		];
		expect(hallClashes(cancelled).size).toBe(0);
	});
});
