import { describe, expect } from 'vitest';
import type { AgendaFact } from '../../src/lib/protocol';
import { cid, EVENT_ID, expectOk, it, nextEvent, sendRaw } from '../fixtures/hub';

const isEventFact = (f: AgendaFact) => f.type === 'event';

describe("the event's details, edited by an organiser", () => {
	it('stores the changed fields, keeps the others, and tells every joined page in one small fact', async ({
		hub,
		organiser,
		connect
	}) => {
		const phone = await connect();
		const before = await hub.snapshot();
		const seen = nextEvent(phone.socket, 'agenda:changed', isEventFact);

		const fields = {
			venue: 'مرکز کنونشن جناح، اسلام آباد',
			organisers: ['وزارت داخلہ، حکومت پاکستان', 'UNODC Pakistan'],
			description: 'Deux jours.\nدو دن۔'
		};
		const ack = expectOk(
			await organiser.send('event:details', { clientId: cid(), eventId: EVENT_ID, fields })
		);

		expect(ack.version).toBe(before.version + 1);
		expect(ack.event).toEqual({ ...before.event, ...fields });
		const fact = await seen;
		expect(fact).toEqual({ type: 'event', version: ack.version, event: ack.event });
		// A fact of its own, not a resync: a few hundred bytes to each phone.
		expect(JSON.stringify(fact).length).toBeLessThan(2000);

		const after = await hub.snapshot();
		expect(after.event).toEqual(ack.event);
		expect(after.version).toBe(ack.version);
		expect(after.sessions).toEqual(before.sessions);
	});

	it('names the event’s time per language: a new name replaces, an empty one drops, the rest stay', async ({
		hub,
		organiser
	}) => {
		const before = (await hub.snapshot()).event.timeZoneNames;
		const ack = expectOk(
			await organiser.send('event:details', {
				clientId: cid(),
				eventId: EVENT_ID,
				fields: { timeZoneNames: { ar: 'التوقيت الرسمي لباكستان', en: '' } }
			})
		);
		const { en: _dropped, ...kept } = before;
		expect(ack.event.timeZoneNames).toEqual({ ...kept, ar: 'التوقيت الرسمي لباكستان' });
		expect((await hub.snapshot()).event.timeZoneNames).toEqual(ack.event.timeZoneNames);
	});

	it('applies a retried save once', async ({ hub, organiser }) => {
		const payload = { clientId: cid(), eventId: EVENT_ID, fields: { subtitle: 'Hosted in Islamabad' } };
		const first = expectOk(await organiser.send('event:details', payload));
		const again = expectOk(await organiser.send('event:details', payload));
		expect(again).toEqual(first);
		expect((await hub.snapshot()).version).toBe(first.version);
	});

	it('refuses bad details with invalid-payload and changes nothing', async ({ hub, organiser }) => {
		const before = await hub.snapshot();
		const bad: unknown[] = [
			{},
			{ title: '' },
			{ title: '\u200b\u200f' },
			{ title: 'x'.repeat(201) },
			{ venue: 7 },
			{ description: 'x'.repeat(4001) },
			{ organisers: Array.from({ length: 31 }, (_, n) => `Partner ${n}`) },
			{ funders: ['x'.repeat(201)] },
			{ funders: [''] },
			{ organisers: 'UNODC' },
			{ timezone: 'Europe/Brussels' },
			{ code: 'HACK' },
			{ startsOn: '2027-01-01' },
			{ timeZoneNames: { 'EN!': 'Islamabad time' } },
			{ timeZoneNames: { fr: 'x'.repeat(101) } },
			{ timeZoneNames: { ur: 5 } },
			{ timeZoneNames: 'Islamabad time' }
		];
		for (const fields of bad) {
			const res = await sendRaw(organiser.socket, 'event:details', {
				clientId: cid(),
				eventId: EVENT_ID,
				fields
			});
			expect({ fields, res }).toMatchObject({ fields, res: { ok: false, error: 'invalid-payload' } });
		}
		expect(await hub.snapshot()).toEqual(before);
	});

	it('refuses an organiser whose link covers one hall, changing nothing', async ({ hub, connect }) => {
		const hallOrganiser = await connect({ role: 'organiser', roomId: 'hall-a' });
		const before = await hub.snapshot();
		const res = await hallOrganiser.send('event:details', {
			clientId: cid(),
			eventId: EVENT_ID,
			fields: { title: 'Hall A conference' }
		});
		expect(res).toMatchObject({ ok: false, error: 'forbidden' });
		expect(await hub.snapshot()).toEqual(before);
	});

	it('records in the audit log which fields changed, never their text', async ({ organiser }) => {
		expectOk(
			await organiser.send('event:details', {
				clientId: cid(),
				eventId: EVENT_ID,
				fields: { funders: ['European Union'], city: 'Islamabad' }
			})
		);
		const { entries } = expectOk(await organiser.send('audit:list', { eventId: EVENT_ID }));
		const entry = entries.find((e) => e.command === 'event:details');
		expect(entry?.target).toEqual({ fields: ['city', 'funders'] });
		expect(JSON.stringify(entry)).not.toContain('European Union');
	});
});
