import { describe, expect, it } from 'vitest';
import type { StoredCredential } from '../access/access.store';
import { holdsStaffRoom, rooms, unentitled, type Reach } from './rooms';
import type { Conn } from './types';

const cred = (over: Partial<StoredCredential> = {}): StoredCredential => ({
	id: 'c-mod',
	eventId: 'isb26',
	role: 'moderator',
	roomId: 'hall-a',
	label: '',
	createdAt: '',
	usedAt: '',
	revokedAt: null,
	...over
});
const conn = (credential: StoredCredential | null, signInId: string | null = null): Conn => ({
	deviceHash: 'd',
	address: 'a',
	credential,
	signInId,
	eventId: 'isb26',
	hallId: null
});
// Sessions in Hall A are reachable from a Hall A link; "ws-moved" has left for Hall B.
const reach: Reach = (c, eventId, sessionId) =>
	c.credential?.eventId === eventId && sessionId !== 'ws-moved' && c.credential.role !== 'screen';

describe('unentitled', () => {
	const publicRooms = [
		rooms.event('isb26'),
		rooms.hall('isb26', 'hall-a'),
		rooms.session('isb26', 'ws-moved'),
		rooms.device('d'),
		'sid-123'
	];

	it('keeps every public room, whoever the connection is', async () => {
		expect(await unentitled(publicRooms, conn(null), reach)).toEqual([]);
		expect(await unentitled(publicRooms, conn(cred(), 'si-a'), reach)).toEqual([]);
	});

	it('drops the staff room of a session the link no longer reaches, and keeps those it does', async () => {
		const names = [rooms.sessionStaff('isb26', 'ws-intelligence'), rooms.sessionStaff('isb26', 'ws-moved')];
		expect(await unentitled(names, conn(cred(), 'si-a'), reach)).toEqual([
			rooms.sessionStaff('isb26', 'ws-moved')
		]);
	});

	it('finds no staff room among public ones (nothing to re-derive), and each kind of staff room among them', () => {
		expect(holdsStaffRoom(publicRooms)).toBe(false);
		for (const staff of [
			rooms.credential('c-mod'),
			rooms.signIn('si-a'),
			rooms.organisers('isb26'),
			rooms.sessionStaff('isb26', 'ws-intelligence')
		])
			expect(holdsStaffRoom([...publicRooms, staff])).toBe(true);
	});

	it('drops every staff room from a connection whose sign-in is gone', async () => {
		const names = [
			rooms.credential('c-mod'),
			rooms.signIn('si-a'),
			rooms.organisers('isb26'),
			rooms.sessionStaff('isb26', 'ws-intelligence')
		];
		expect(await unentitled([...names, ...publicRooms], conn(null), reach)).toEqual(names);
	});

	it('drops another link’s or sign-in’s room, and the organisers’ room of a non-organiser or another event', async () => {
		const organiser = conn(cred({ id: 'c-org', role: 'organiser', roomId: null }), 'si-b');
		expect(
			await unentitled(
				[
					rooms.credential('c-org'),
					rooms.credential('c-mod'),
					rooms.signIn('si-b'),
					rooms.signIn('si-a'),
					rooms.organisers('isb26'),
					rooms.organisers('lhr27')
				],
				organiser,
				reach
			)
		).toEqual([rooms.credential('c-mod'), rooms.signIn('si-a'), rooms.organisers('lhr27')]);
		expect(await unentitled([rooms.organisers('isb26')], conn(cred(), 'si-a'), reach)).toEqual([
			rooms.organisers('isb26')
		]);
	});
});
