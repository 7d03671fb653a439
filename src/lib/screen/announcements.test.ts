import { describe, expect, it } from 'vitest';
import type { Announcement } from '$lib/protocol';
import { screenAnnouncements } from './announcements';

const at = (hhmm: string) => Date.parse(`2026-12-08T${hhmm}:00+05:00`);
const ann = (
	id: number,
	roomId: string | null,
	posted: string,
	expires: string | null = null
): Announcement => ({
	id,
	text: `announcement ${id}`,
	roomId,
	postedAt: new Date(at(posted)).toISOString(),
	expiresAt: expires === null ? null : new Date(at(expires)).toISOString()
});

describe('the announcements a hall screen shows', () => {
	it('shows every current one for the event or the hall, newest first, not only the first it finds', () => {
		const list = [ann(1, null, '09:00'), ann(2, 'hall-a', '10:00'), ann(3, 'hall-b', '10:30')];
		expect(screenAnnouncements(list, 'hall-a', at('11:00')).map((a) => a.id)).toEqual([2, 1]);
		expect(screenAnnouncements(list, 'hall-b', at('11:00')).map((a) => a.id)).toEqual([3, 1]);
		expect(screenAnnouncements(list, 'hall-c', at('11:00')).map((a) => a.id)).toEqual([1]);
	});

	it('leaves out one whose time is up, and orders them as the hub numbered them', () => {
		const list = [ann(1, null, '09:00', '10:00'), ann(2, null, '10:00'), ann(3, 'hall-a', '10:00')];
		expect(screenAnnouncements(list, 'hall-a', at('11:00')).map((a) => a.id)).toEqual([3, 2]);
		expect(screenAnnouncements(list, 'hall-a', at('09:30')).map((a) => a.id)).toEqual([3, 2, 1]);
	});
});
