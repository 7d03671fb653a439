import { describe, expect } from 'vitest';
import type { CommandInput, CommandName } from '../../src/lib/protocol';
import {
	cid,
	collect,
	disconnected,
	EVENT_ID,
	expectOk,
	it,
	joinEvent,
	nextEvent,
	openPoll,
	send,
	sendRaw,
	signInWith,
	type TestHub
} from '../fixtures/hub';
import { SAMPLE_TEXT, tableCounts } from '../fixtures/services';

/** A host signed in as the sign-in page's button does, on a socket that joined nothing. */
async function hostClient(hub: TestHub) {
	const minted = await hub.services.access.mintHost('test host');
	const { cookie } = await signInWith(hub.services, minted.token);
	const { socket } = await hub.open({ cookie });
	return {
		socket,
		send: <C extends CommandName>(name: C, payload: CommandInput<C>) => send(socket, name, payload)
	};
}

const brussels = (over: Partial<CommandInput<'event:create'>> = {}): CommandInput<'event:create'> => ({
	clientId: cid(),
	eventId: 'bru26',
	code: 'BRU26',
	title: 'Brussels follow-up',
	timezone: 'Europe/Brussels',
	city: 'Brussels',
	startsOn: '2026-12-14',
	endsOn: '2026-12-15',
	rooms: ['Salle Europa', 'Salle Atomium'],
	objectives: ['Prosecution'],
	...over
});

/** The sample file, moved to another event id and code (the programme a host imports into a new event). */
function programmeFor(eventId: string, code: string) {
	const file = JSON.parse(SAMPLE_TEXT) as {
		event: Record<string, unknown>;
		polls: unknown[];
	};
	file.event = { ...file.event, id: eventId, code, title: 'Brussels follow-up', timezone: 'Europe/Brussels' };
	return JSON.stringify(file);
}

/** A new event made by the host, with the sample's programme moved into it. */
async function eventWithProgramme(
	hub: TestHub,
	host: Awaited<ReturnType<typeof hostClient>>,
	eventId: string
) {
	const code = eventId.toUpperCase();
	expectOk(await host.send('event:create', brussels({ eventId, code })));
	await hub.services.events.importText(programmeFor(eventId, code), 'replace', { expectEventId: eventId });
}

describe('host commands', () => {
	it('creates an event with its halls and objectives, and lists it beside the others', async ({ hub }) => {
		const host = await hostClient(hub);
		const ack = await host.send('event:create', brussels());
		expect(ack).toMatchObject({
			ok: true,
			data: { event: { id: 'bru26', code: 'BRU26', city: 'Brussels' } }
		});
		const snap = await hub.services.events.snapshot('bru26');
		expect(snap.rooms).toEqual([
			{ id: 'salle-europa', name: 'Salle Europa' },
			{ id: 'salle-atomium', name: 'Salle Atomium' }
		]);
		expect(snap.objectives.map((o) => o.name)).toEqual(['Prosecution']);
		expect(snap.sessions).toEqual([]);

		const { events } = expectOk(await host.send('event:list', { archived: true }));
		const rows = Object.fromEntries(events.map((r) => [r.event.code, r]));
		expect(Object.keys(rows).sort()).toEqual(['BRU26', 'ISB26']);
		expect(rows.BRU26).toMatchObject({ sessions: 0, halls: 2, openPolls: 0, connected: 0 });
		// The hub's clock is 8 Dec 2026 in tests' fixed sample dates: Islamabad is on, Brussels is to come.
		expect(rows.BRU26.state).toBe('upcoming');
	});

	it('refuses bad input with located problems and creates nothing', async ({ hub }) => {
		const host = await hostClient(hub);
		const before = await tableCounts(hub.services);
		const ack = await host.send('event:create', {
			...brussels({ eventId: 'bad1', code: 'BAD1' }),
			title: '',
			timezone: 'Mars/Olympus',
			startsOn: '2026-12-15',
			endsOn: '2026-12-14',
			rooms: ['Hall A', 'hall a']
		});
		expect(ack.ok).toBe(false);
		if (ack.ok) return;
		expect(ack.error).toBe('invalid-payload');
		const paths = [...new Set((ack.issues ?? []).map((i) => i.path))].sort();
		expect(paths).toEqual(['endsOn', 'rooms.1', 'timezone', 'title']);
		expect(ack.issues?.find((i) => i.path === 'timezone')?.message).toMatch(/IANA time zone/);
		expect(await tableCounts(hub.services)).toEqual(before);
		expect(await hub.services.events.byCode('BAD1')).toBeUndefined();
	});

	it('refuses a code that another event uses, saying which field, and changes nothing', async ({ hub }) => {
		const host = await hostClient(hub);
		const before = await tableCounts(hub.services);
		const ack = await host.send('event:create', brussels({ eventId: 'isb26', code: 'isb26' }));
		expect(ack).toMatchObject({ ok: false, error: 'conflict', issues: [{ path: 'code' }] });
		expect(await tableCounts(hub.services)).toEqual(before);
		expect((await hub.services.events.byId(EVENT_ID))?.title).not.toBe('Brussels follow-up');
	});

	it('imports a programme into the new event, then clears it, leaving the halls', async ({ hub }) => {
		const host = await hostClient(hub);
		expectOk(await host.send('event:create', brussels({ eventId: 'imp1', code: 'IMP1' })));
		const isbBefore = await hub.services.events.snapshot(EVENT_ID);
		// What the host's import endpoint runs: the file must name the event it goes into.
		const result = await hub.services.events.importText(programmeFor('imp1', 'IMP1'), 'replace', {
			expectEventId: 'imp1'
		});
		expect(result.sessions).toBeGreaterThan(10);
		await expect(
			hub.services.events.importText(programmeFor('imp1', 'IMP1'), 'replace', { expectEventId: 'other' })
		).rejects.toThrow(/not "other"/);
		expect((await hub.services.events.snapshot('imp1')).sessions.length).toBe(result.sessions);

		const cleared = expectOk(await host.send('programme:clear', { clientId: cid(), eventId: 'imp1' }));
		expect(cleared.eventId).toBe('imp1');
		const after = await hub.services.events.snapshot('imp1');
		expect(after.sessions).toEqual([]);
		expect(after.rooms.length).toBeGreaterThan(0);
		// The other event's programme is untouched.
		expect((await hub.services.events.snapshot(EVENT_ID)).sessions).toEqual(isbBefore.sessions);
	});

	it("mints an event's first organiser link, which signs in once and only to that event", async ({ hub }) => {
		const host = await hostClient(hub);
		expectOk(await host.send('event:create', brussels({ eventId: 'org1', code: 'ORG1' })));
		const minted = expectOk(
			await host.send('organiser:mint', { clientId: cid(), eventId: 'org1', label: 'Brussels lead' })
		);
		expect(minted.credential).toMatchObject({ role: 'organiser', roomId: null, label: 'Brussels lead' });
		const token = new URLSearchParams(minted.signInPath!.split('?')[1]).get('token')!;
		const first = await hub.services.signIns.exchange(token);
		expect(first.status).toBe('ok');
		if (first.status === 'ok') expect(first.credential.eventId).toBe('org1');
		expect((await hub.services.signIns.exchange(token)).status).toBe('used');
	});

	it('archives an event read-only for its staff, and brings it back', async ({ hub, connect }) => {
		const host = await hostClient(hub);
		expectOk(await host.send('event:create', brussels({ eventId: 'arc1', code: 'ARC1' })));
		const minted = await hub.mintCookie('organiser', null, 'arc1');
		const organiser = await connect({ cookie: minted.cookie });
		const announce = () =>
			organiser.send('announcement:post', { clientId: cid(), eventId: 'arc1', text: 'Hello', roomId: null });

		const archived = expectOk(
			await host.send('event:archive', { clientId: cid(), eventId: 'arc1', archived: true })
		);
		expect(archived.archivedAt).not.toBeNull();
		expect(await announce()).toMatchObject({ ok: false, error: 'forbidden', reason: 'event-archived' });
		// Taking access away does not wait for a restore: a link is revoked and a sign-in ended in an archived event.
		const moderator = await hub.mintCookie('moderator', null, 'arc1');
		const modSocket = (await hub.open({ cookie: moderator.cookie })).socket;
		const moderatorGone = disconnected(modSocket);
		const revoked = expectOk(
			await organiser.send('staff:revoke', {
				clientId: cid(),
				eventId: 'arc1',
				credentialId: moderator.credentialId
			})
		);
		expect(revoked.credential.revokedAt).not.toBeNull();
		expect(await moderatorGone).toBe('io server disconnect');
		const chair = await hub.mintCookie('chair', null, 'arc1');
		const chairSocket = (await hub.open({ cookie: chair.cookie })).socket;
		const { signIns } = expectOk(await organiser.send('staff:list', { eventId: 'arc1' }));
		const chairSignIn = signIns.find((x) => x.credentialId === chair.credentialId)!;
		const chairGone = disconnected(chairSocket);
		expectOk(
			await organiser.send('staff:end-signin', { clientId: cid(), eventId: 'arc1', signInId: chairSignIn.id })
		);
		expect(await chairGone).toBe('io server disconnect');
		const { events } = expectOk(await host.send('event:list', { archived: false }));
		expect(events.map((r) => r.event.id)).not.toContain('arc1');

		expectOk(await host.send('event:archive', { clientId: cid(), eventId: 'arc1', archived: false }));
		expect((await announce()).ok).toBe(true);
	});

	it("closes an event's open polls as it is archived, and every phone on the event hears it", async ({
		hub,
		open
	}) => {
		const host = await hostClient(hub);
		await eventWithProgramme(hub, host, 'arc2');
		const chair = await open({ cookie: (await hub.mintCookie('chair', null, 'arc2')).cookie });
		const first = (JSON.parse(programmeFor('arc2', 'ARC2')) as { polls: { id: string }[] }).polls[0].id;
		await openPoll({ send: (name, payload) => send(chair.socket, name, payload) }, first, 'arc2');
		const phone = await open({});
		expectOk(await joinEvent(phone.socket, 'ARC2'));
		const closed = nextEvent(phone.socket, 'poll:closed');

		expectOk(await host.send('event:archive', { clientId: cid(), eventId: 'arc2', archived: true }));
		expect(await closed).toEqual({ pollId: first });
		expect((await hub.services.polls.openPolls('arc2')).length).toBe(0);
		// Brought back, it is writable again, and the poll stays closed.
		expectOk(await host.send('event:archive', { clientId: cid(), eventId: 'arc2', archived: false }));
		expect((await hub.services.polls.openPolls('arc2')).length).toBe(0);
	});

	it('tells every page open on an event that it is archived, and that it is back; an attendee still withdraws a question', async ({
		hub,
		open
	}) => {
		const host = await hostClient(hub);
		await eventWithProgramme(hub, host, 'arc3');
		const phone = await open({});
		const joined = expectOk(await joinEvent(phone.socket, 'ARC3'));
		expect(joined.snapshot?.event.archivedAt).toBeNull();
		const session = (await hub.services.events.snapshot('arc3')).sessions[0].id;
		const asked = expectOk(
			await send(phone.socket, 'question:ask', {
				clientId: cid(),
				eventId: 'arc3',
				sessionId: session,
				text: 'Who keeps the task force’s records after the conference?',
				objectiveId: null
			})
		);

		const told = nextEvent(phone.socket, 'agenda:changed');
		const archived = expectOk(
			await host.send('event:archive', { clientId: cid(), eventId: 'arc3', archived: true })
		);
		// A new version of the event: the page resyncs, and the snapshot it then reads says since when.
		const fact = await told;
		expect(fact).toMatchObject({ type: 'replaced', version: joined.snapshot!.version + 1 });
		const after = expectOk(await joinEvent(phone.socket, 'ARC3'));
		expect(after.snapshot?.version).toBe(fact.version);
		expect(after.snapshot?.event.archivedAt).toBe(archived.archivedAt);

		// Read-only, except that a person's own question can still be taken back.
		expect(
			await send(phone.socket, 'question:ask', {
				clientId: cid(),
				eventId: 'arc3',
				sessionId: session,
				text: 'And who may read them?',
				objectiveId: null
			})
		).toMatchObject({ ok: false, reason: 'event-archived' });
		expectOk(
			await send(phone.socket, 'question:withdraw', {
				clientId: cid(),
				eventId: 'arc3',
				questionId: asked.question.id
			})
		);

		const back = nextEvent(phone.socket, 'agenda:changed');
		expectOk(await host.send('event:archive', { clientId: cid(), eventId: 'arc3', archived: false }));
		expect(await back).toMatchObject({ type: 'replaced', version: fact.version + 1 });
		expect((await hub.services.events.snapshot('arc3')).event.archivedAt).toBeNull();
	});

	it("puts the host's actions on an event in that event's audit log, as the host's link", async ({
		hub,
		connect
	}) => {
		const host = await hostClient(hub);
		expectOk(await host.send('event:create', brussels({ eventId: 'aud1', code: 'AUD1' })));
		expectOk(await host.send('organiser:mint', { clientId: cid(), eventId: 'aud1', label: 'Lead' }));
		expectOk(await host.send('event:archive', { clientId: cid(), eventId: 'aud1', archived: true }));
		expectOk(await host.send('event:archive', { clientId: cid(), eventId: 'aud1', archived: false }));
		expectOk(await host.send('programme:clear', { clientId: cid(), eventId: 'aud1' }));
		const organiser = await connect({ cookie: (await hub.mintCookie('organiser', null, 'aud1')).cookie });
		const { entries } = expectOk(
			await organiser.send('audit:list', { eventId: 'aud1', sessionId: null, before: null })
		);
		expect(entries.map((e) => [e.command, e.role, e.label])).toEqual([
			['programme:clear', 'host', 'test host'],
			['event:archive', 'host', 'test host'],
			['event:archive', 'host', 'test host'],
			['organiser:mint', 'host', 'test host'],
			['event:create', 'host', 'test host']
		]);
		// Which way each archive went: brought back last, archived before.
		expect(entries.slice(1, 3).map((e) => e.target.archived)).toEqual([false, true]);
		// The sample event's log has none of them.
		const isb = await connect({ role: 'organiser' });
		const own = expectOk(await isb.send('audit:list', { eventId: EVENT_ID, sessionId: null, before: null }));
		expect(own.entries.some((e) => e.role === 'host')).toBe(false);
	});

	it('deletes an event only when its code is typed again', async ({ hub }) => {
		const host = await hostClient(hub);
		expectOk(await host.send('event:create', brussels({ eventId: 'del1', code: 'DEL1' })));
		const wrong = await host.send('event:delete', { eventId: 'del1', confirmCode: 'DEL' });
		expect(wrong).toMatchObject({ ok: false, error: 'invalid-payload', issues: [{ path: 'confirmCode' }] });
		expect(await hub.services.events.byId('del1')).toBeDefined();
		expectOk(await host.send('event:delete', { eventId: 'del1', confirmCode: 'del1' }));
		expect(await hub.services.events.byId('del1')).toBeUndefined();
		expect(await hub.services.events.byId(EVENT_ID)).toBeDefined();
	});

	it('lets every page of a deleted event go at once, so none of them hears a new event with its code', async ({
		hub,
		open
	}) => {
		const host = await hostClient(hub);
		await eventWithProgramme(hub, host, 'del2');
		const sessionId = (await hub.services.events.snapshot('del2')).sessions[0].id;
		// A moderator with the session's queue open (no join), a hall screen and a phone on the event.
		const moderator = await open({ cookie: (await hub.mintCookie('moderator', null, 'del2')).cookie });
		expectOk(await send(moderator.socket, 'qa:moderate', { eventId: 'del2', sessionId }));
		const screen = await open({ cookie: (await hub.mintCookie('screen', null, 'del2')).cookie });
		expectOk(await joinEvent(screen.socket, 'DEL2'));
		const phone = await open({});
		expectOk(await joinEvent(phone.socket, 'DEL2'));
		const heard = collect(moderator.socket, 'qa:mod-changed');

		const staffTold = nextEvent(moderator.socket, 'credential:revoked');
		const screenTold = nextEvent(screen.socket, 'credential:revoked');
		const phoneTold = nextEvent(phone.socket, 'event:removed');
		const gone = [moderator, screen, phone].map((c) => disconnected(c.socket));
		expectOk(await host.send('event:delete', { eventId: 'del2', confirmCode: 'DEL2' }));
		expect(await staffTold).toEqual({ reason: 'event-deleted' });
		expect(await screenTold).toEqual({ reason: 'event-deleted' });
		expect(await phoneTold).toEqual({ eventId: 'del2' });
		expect(await Promise.all(gone)).toEqual([
			'io server disconnect',
			'io server disconnect',
			'io server disconnect'
		]);

		// The same code again, and a question with the asker's name in it: nobody from before hears of it.
		await eventWithProgramme(hub, host, 'del2');
		const asker = await open({});
		expectOk(await joinEvent(asker.socket, 'DEL2'));
		expectOk(
			await send(asker.socket, 'question:ask', {
				clientId: cid(),
				eventId: 'del2',
				sessionId,
				text: 'Asked in the new event',
				name: 'Jean Dupont',
				organisation: 'Fedasil',
				country: 'Belgique'
			})
		);
		await new Promise((r) => setTimeout(r, 300));
		expect(heard).toEqual([]);
		expect(moderator.socket.connected).toBe(false);
	});

	it("ends the sign-ins of a deleted event's links that another process deleted", async ({ hub }) => {
		const host = await hostClient(hub);
		expectOk(await host.send('event:create', brussels({ eventId: 'del3', code: 'DEL3' })));
		const minted = await hub.mintCookie('organiser', null, 'del3');
		const { socket } = await hub.open({ cookie: minted.cookie });
		const told = nextEvent(socket, 'credential:revoked', () => true, 5000);
		const gone = disconnected(socket, 5000);
		// As another hub on the same database would: the rows go, and this hub's own sweep finds its sockets' sign-ins gone.
		await hub.services.sql.tx(() => hub.services.sql.run('DELETE FROM events WHERE id = ?', ['del3']));
		expect(await told).toEqual({ reason: 'event-deleted' });
		expect(await gone).toBe('io server disconnect');
	});

	it('refuses every host command from event staff and attendees', async ({ hub, connect }) => {
		const payloads = {
			'event:list': { archived: true },
			'event:create': brussels({ eventId: 'no1', code: 'NO1' }),
			'event:archive': { clientId: cid(), eventId: EVENT_ID, archived: true },
			'programme:clear': { clientId: cid(), eventId: EVENT_ID },
			'organiser:mint': { clientId: cid(), eventId: EVENT_ID, label: '' },
			'event:delete': { eventId: EVENT_ID, confirmCode: 'ISB26' }
		} as const;
		for (const role of ['attendee', 'organiser', 'moderator', 'chair', 'screen'] as const) {
			const client = await connect({ role });
			for (const [name, payload] of Object.entries(payloads)) {
				const before = await tableCounts(hub.services);
				const ack = await sendRaw(client.socket, name, payload);
				expect(ack, `${name} from ${role}`).toMatchObject({ ok: false, error: 'forbidden' });
				expect(await tableCounts(hub.services)).toEqual(before);
			}
		}
	});

	it('gives a host no power in an event: event staff commands are refused', async ({ hub }) => {
		const host = await hostClient(hub);
		const ack = await host.send('announcement:post', {
			clientId: cid(),
			eventId: EVENT_ID,
			text: 'From the host',
			roomId: null
		});
		expect(ack).toMatchObject({ ok: false, error: 'forbidden' });
	});

	it("disconnects a host's page when its link is revoked", async ({ hub }) => {
		const minted = await hub.services.access.mintHost('to revoke');
		const { cookie } = await signInWith(hub.services, minted.token);
		const { socket } = await hub.open({ cookie });
		expectOk(await sendRaw(socket, 'event:list', { archived: true }));
		const gone = new Promise<string>((done) => socket.once('disconnect', done));
		await hub.services.access.revokeHost(minted.credential.id);
		// A command from the page is refused from then on, unless the hub's sweep (every 1.5 s) has already
		// disconnected it, when the command goes nowhere; either way, the page is disconnected within seconds.
		const next = await sendRaw(socket, 'event:list', { archived: true }).catch(() => null);
		if (next) expect(next).toMatchObject({ ok: false, error: 'unauthenticated' });
		else expect(socket.disconnected).toBe(true);
		expect(await gone).toBe('io server disconnect');
	});
});
