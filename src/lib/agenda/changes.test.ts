import { describe, expect, it } from 'vitest';
import type { AgendaChange } from '$lib/protocol';
import { describeChange } from './changes';

const TZ = 'Asia/Karachi';
const ROOMS: Record<string, string> = { plenary: 'Plenary Hall', 'hall-b': 'Hall B' };
const roomName = (id: string | null) => (id ? (ROOMS[id] ?? id) : '');
/** Bidi isolates off, to read the line as a person would. */
const plain = (s: string) => s.replace(/[\u2066-\u2069]/g, '');
const edit = (detail: AgendaChange['detail']): AgendaChange => ({
	version: 7,
	at: '2026-12-08T04:00:00Z',
	kind: 'edited',
	sessionId: 'ws-legal',
	detail: { title: 'Working session 2', ...detail }
});

describe('the "what changed" line for an edit', () => {
	it('says the new start when an edit moved it within the day, in the event’s time', () => {
		const line = describeChange(
			edit({ startsAt: '2026-12-08T07:00:00Z', fromStartsAt: '2026-12-08T04:30:00Z' }),
			roomName,
			TZ
		);
		expect(plain(line)).toBe('Working session 2 now starts at 12:00');
	});

	it('says the day too when the edit moved the session to another day', () => {
		const line = describeChange(
			edit({ startsAt: '2026-12-09T04:00:00Z', fromStartsAt: '2026-12-08T04:30:00Z' }),
			roomName,
			TZ
		);
		expect(plain(line)).toBe('Working session 2 now starts at Wed 9 Dec, 09:00');
	});

	it('says the hall and the time when the edit changed both', () => {
		const line = describeChange(
			edit({
				startsAt: '2026-12-08T07:00:00Z',
				fromStartsAt: '2026-12-08T04:30:00Z',
				roomId: 'plenary',
				fromRoomId: 'hall-b'
			}),
			roomName,
			TZ
		);
		expect(plain(line)).toBe('Working session 2 moved to Plenary Hall, now at 12:00');
		// The title and the hall are people's text: each isolated for its own direction.
		expect(line).toContain('\u2068Working session 2\u2069');
		expect(line).toContain('\u2068Plenary Hall\u2069');
	});

	it('says the hall alone when only the hall changed, and "updated" for any other edit', () => {
		expect(plain(describeChange(edit({ roomId: 'plenary', fromRoomId: 'hall-b' }), roomName, TZ))).toBe(
			'Working session 2 moved to Plenary Hall'
		);
		expect(plain(describeChange(edit({}), roomName, TZ))).toBe('Updated: Working session 2');
	});
});
