import { describe, expect, it } from 'vitest';
import { fixedClock, memoryServices, tableCounts } from '../../tests/fixtures/services';
import { eventState, slugOf } from './host.service';

const event = (startsOn: string, endsOn: string, timezone = 'Europe/Brussels') => ({
	id: 'e',
	code: 'E1',
	title: 'E',
	subtitle: '',
	city: '',
	venue: '',
	timezone,
	timeZoneNames: {},
	startsOn,
	endsOn,
	sample: false,
	organisers: [],
	funders: [],
	description: ''
});

describe('an event’s state', () => {
	it('is upcoming, live or ended by the calendar of its own time zone, and archived above all', () => {
		const e = event('2026-12-14', '2026-12-15');
		expect(eventState(e, null, new Date('2026-12-13T22:59:00Z'))).toBe('upcoming');
		// Midnight in Brussels is 23:00 UTC the day before.
		expect(eventState(e, null, new Date('2026-12-13T23:00:00Z'))).toBe('live');
		expect(eventState(e, null, new Date('2026-12-15T22:59:00Z'))).toBe('live');
		expect(eventState(e, null, new Date('2026-12-15T23:00:00Z'))).toBe('ended');
		expect(eventState(e, '2026-12-14T10:00:00Z', new Date('2026-12-14T10:00:00Z'))).toBe('archived');
	});
});

describe('hall and objective ids', () => {
	it('are slugs of their names, with a numbered fallback for names in other scripts', () => {
		expect(slugOf('Salle Europa', 'hall-1')).toBe('salle-europa');
		expect(slugOf('Salle de l’Été', 'hall-1')).toBe('salle-de-l-ete');
		expect(slugOf('ہال الف', 'hall-2')).toBe('hall-2');
	});
});

/** The Brussels follow-up, created from the host's form with these halls. */
const createBrussels = (services: Awaited<ReturnType<typeof memoryServices>>, rooms: string[]) =>
	services.host.create({
		clientId: `c-${rooms.length}-0000001`,
		eventId: 'bru26',
		code: 'BRU26',
		title: 'Brussels follow-up',
		timezone: 'Europe/Brussels',
		city: 'Brussels',
		startsOn: '2026-12-14',
		endsOn: '2026-12-15',
		rooms,
		objectives: []
	});

describe('the host service', () => {
	it('gives halls with the same slug distinct ids', async () => {
		const services = await memoryServices({ clock: fixedClock() });
		await createBrussels(services, ['Hall A', 'Hall-A!', 'قاعة']);
		expect((await services.events.snapshot('bru26')).rooms.map((r) => r.id)).toEqual([
			'hall-a',
			'hall-a-2',
			'hall-3'
		]);
	});

	it('creates an event with no "what changed" line for its creation; its first import is one', async () => {
		const services = await memoryServices({ clock: fixedClock() });
		await createBrussels(services, ['Hall A']);
		const created = await services.events.snapshot('bru26');
		expect(created.changes).toEqual([]);
		expect(created.version).toBeGreaterThan(0);
		const imported = await services.events.importFile(
			{
				schema: 'dais.event/1',
				event: created.event,
				objectives: created.objectives,
				rooms: created.rooms,
				sessions: [],
				polls: []
			},
			'replace'
		);
		expect(imported.version).toBe(created.version + 1);
		expect((await services.events.snapshot('bru26')).changes.map((c) => c.kind)).toEqual(['imported']);
	});

	it('deletes an event with everything in it, and nothing of another', async () => {
		const services = await memoryServices({ clock: fixedClock() });
		const before = await tableCounts(services);
		const minted = await services.access.mint({ eventId: 'isb26', role: 'chair', roomId: null, label: '' });
		await expect(services.host.remove('isb26', 'WRONG')).rejects.toThrow(/type the event's code ISB26/);
		await services.host.remove('isb26', 'isb26');
		expect(await services.events.byId('isb26')).toBeUndefined();
		expect(await services.signIns.preview(minted.token)).toEqual({ status: 'invalid' });
		const after = await tableCounts(services);
		for (const table of ['events', 'sessions', 'rooms', 'polls', 'staff_credentials'])
			expect(after[table], table).toBe(0);
		expect(before.events).toBe(1);
	});
});
