import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	cid,
	collect,
	EVENT_ID,
	expectOk,
	nextEvent,
	openPoll,
	startHub,
	type Client,
	type TestHub
} from '../../../tests/fixtures/hub';
import { nextJoin, openPage } from '$lib/testing/live-hub';
import type { LiveEvent } from './live-event.svelte';
import { savedSnapshot } from './saved-snapshot';
import { m } from '$lib/paraglide/messages';
import { PollRoom } from '$lib/polls/poll-room.svelte';
import { QaRoom } from '$lib/qa/qa-room.svelte';
import { Stars } from './stars.svelte';

const SESSION = 'ws-intelligence';
const POLL = 'p-intelligence-urgency';

describe('LiveEvent (the event as a page knows it, kept current by facts)', () => {
	let t: TestHub;
	let organiser: Client;
	let live: LiveEvent;

	beforeEach(async () => {
		t = await startHub();
		organiser = await t.connect({ role: 'organiser' });
		live = (await openPage(t)).live;
		const joined = nextJoin(live);
		live.start();
		await joined;
	});
	afterEach(async () => {
		live.connection.close();
		await t.stop();
	});

	/** Two announcements the page does not hear (a lost frame), as another phone receives them. */
	async function missedFacts() {
		live.connection.socket.off('agenda:changed');
		const other = await t.connect();
		const facts = collect(other.socket, 'agenda:changed');
		for (const text of ['Session 3 moved to Hall B', 'Lunch is served in the atrium'])
			expectOk(
				await organiser.send('announcement:post', {
					clientId: cid(),
					eventId: live.eventId,
					text,
					roomId: null
				})
			);
		await vi.waitFor(() => expect(facts).toHaveLength(2));
		return facts;
	}

	it('applies each fact once and in order: the same fact again changes nothing', async () => {
		const start = live.snapshot.version;
		const [first, second] = await missedFacts();

		expect(live.apply(first)).toBe('applied');
		const afterFirst = JSON.stringify(live.snapshot);
		expect(live.apply(first)).toBe('duplicate');
		expect(JSON.stringify(live.snapshot)).toBe(afterFirst);

		expect(live.apply(second)).toBe('applied');
		expect(live.snapshot.version).toBe(start + 2);
		expect(live.snapshot.announcements.map((a) => a.text).slice(0, 2)).toEqual([
			'Lunch is served in the atrium',
			'Session 3 moved to Hall B'
		]);
	});

	it('takes the event’s new details from their fact, without a fresh snapshot', async () => {
		const joins = vi.spyOn(live.connection, 'call');
		const version = live.snapshot.version;
		expectOk(
			await organiser.send('event:details', {
				clientId: cid(),
				eventId: live.eventId,
				fields: { venue: 'Jinnah Convention Centre', funders: ['الاتحاد الأوروبي'] }
			})
		);
		await vi.waitFor(() => expect(live.snapshot.event.venue).toBe('Jinnah Convention Centre'));
		expect(live.snapshot.event.funders).toEqual(['الاتحاد الأوروبي']);
		expect(live.snapshot.version).toBe(version + 1);
		expect(live.snapshot.event).toEqual((await t.snapshot()).event);
		expect(joins).not.toHaveBeenCalled();
	});

	it('takes a fresh snapshot from the hub when a fact shows it missed one', async () => {
		const start = live.snapshot.version;
		const [, second] = await missedFacts();

		expect(live.apply(second)).toBe('gap');
		await vi.waitFor(() => expect(live.snapshot.version).toBe(start + 2));
		expect(live.snapshot.announcements.map((a) => a.text)).toEqual(
			(await t.snapshot()).announcements.map((a) => a.text)
		);
	});

	it('applies facts the hub sends while joined, and rejoins with a fresh snapshot after a reconnect', async () => {
		const heard = nextEvent(organiser.socket, 'agenda:changed');
		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: live.eventId,
				sessionId: SESSION,
				minutes: 15
			})
		);
		await heard;
		await vi.waitFor(() =>
			expect(live.snapshot.sessions.find((s) => s.id === SESSION)?.delayMinutes).toBe(15)
		);

		// Changes made while the page is away arrive with the snapshot of the next join.
		live.connection.socket.disconnect();
		await vi.waitFor(() => expect(live.joined).toBe(false));
		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: live.eventId,
				sessionId: SESSION,
				minutes: 25
			})
		);
		const rejoined = nextJoin(live);
		live.connection.connect();
		await rejoined;
		expect(live.snapshot.sessions.find((s) => s.id === SESSION)?.delayMinutes).toBe(25);
		expect(live.snapshot.version).toBe((await t.snapshot()).version);
	});

	it('re-joins holding the hub’s version: the hub leaves the snapshot out and the page keeps its own', async () => {
		const call = vi.spyOn(live.connection, 'call');
		const before = JSON.parse(JSON.stringify(live.snapshot)) as typeof live.snapshot;
		live.connection.socket.disconnect();
		await vi.waitFor(() => expect(live.joined).toBe(false));
		const rejoined = nextJoin(live);
		live.connection.connect();
		await rejoined;
		const join = call.mock.calls.findIndex(([name]) => name === 'event:join');
		expect(call.mock.calls[join][1]).toEqual({
			code: before.event.code,
			protocol: 1,
			have: { eventId: live.eventId, version: before.version }
		});
		const answer = await call.mock.results[join].value;
		expect(answer.ok && answer.data.snapshot).toBeNull();
		expect(JSON.parse(JSON.stringify(live.snapshot))).toEqual(before);
		expect(live.joined).toBe(true);
	});

	it('lists the polls open anywhere in the event while they are open', async () => {
		const chair = await t.connect({ role: 'chair' });
		const transition = (action: 'open' | 'close') =>
			chair.send('poll:transition', {
				clientId: cid(),
				eventId: live.eventId,
				pollId: POLL,
				action,
				countdownSeconds: null
			});
		expectOk(await transition('open'));
		await vi.waitFor(() => expect(live.openPolls.map((p) => p.pollId)).toEqual([POLL]));
		expectOk(await transition('close'));
		await vi.waitFor(() => expect(live.openPolls).toEqual([]));
	});
	it('tells its announcer of a delay, an announcement, a poll opened (taken back and said closed when it closes) and a lost and returned connection; what a rejoin brings is not read out', async () => {
		const announce = vi.spyOn(live.announcer, 'announce');
		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: live.eventId,
				sessionId: SESSION,
				minutes: 15
			})
		);
		await vi.waitFor(() =>
			expect(announce).toHaveBeenCalledWith(expect.stringContaining('delayed by 15 min'))
		);
		expectOk(
			await organiser.send('announcement:post', {
				clientId: cid(),
				eventId: live.eventId,
				text: 'Lunch is served in the atrium',
				roomId: null
			})
		);
		await vi.waitFor(() =>
			expect(announce).toHaveBeenCalledWith(expect.stringContaining('Lunch is served in the atrium'))
		);
		const chair = await t.connect({ role: 'chair' });
		expectOk(
			await chair.send('poll:transition', {
				clientId: cid(),
				eventId: live.eventId,
				pollId: POLL,
				action: 'open',
				countdownSeconds: null
			})
		);
		await vi.waitFor(() => expect(live.openPolls).toHaveLength(1));
		await vi.waitFor(() =>
			expect(announce).toHaveBeenLastCalledWith(expect.stringContaining(live.openPolls[0].question))
		);
		// Closed, it leaves no "Poll open" behind in the live region (still waiting there, or said), and its close is
		// said instead.
		const question = live.openPolls[0].question;
		const retract = vi.spyOn(live.announcer, 'retract');
		expectOk(
			await chair.send('poll:transition', {
				clientId: cid(),
				eventId: live.eventId,
				pollId: POLL,
				action: 'close',
				countdownSeconds: null
			})
		);
		await vi.waitFor(() => expect(live.openPolls).toHaveLength(0));
		expect(retract).toHaveBeenCalledWith(expect.stringContaining(question));
		expect(announce).toHaveBeenLastCalledWith(m.announce_poll_closed({ question }));
		const heard = announce.mock.calls.length;

		live.connection.socket.disconnect();
		await vi.waitFor(() => expect(live.joined).toBe(false));
		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: live.eventId,
				sessionId: SESSION,
				minutes: 30
			})
		);
		const rejoined = nextJoin(live);
		live.connection.connect();
		await rejoined;
		expect(live.snapshot.sessions.find((s) => s.id === SESSION)?.delayMinutes).toBe(30);
		expect(announce.mock.calls.slice(heard).map(([text]) => text)).toEqual([
			m.announce_connection_lost(),
			m.announce_connection_back()
		]);
	});
});

describe('LiveEvent keeping the programme on the device (attendee pages open offline from it)', () => {
	let t: TestHub;

	beforeEach(async () => {
		globalThis.indexedDB = new IDBFactory();
		t = await startHub();
	});
	afterEach(async () => {
		await t.stop();
	});

	it('keeps the snapshot it starts from and every change after it; a staff console keeps nothing', async () => {
		const code = (await t.snapshot()).event.code;
		const staff = (await openPage(t, { role: 'organiser' })).live;
		const staffJoined = nextJoin(staff);
		staff.start();
		await staffJoined;
		expect(await savedSnapshot(code)).toBeUndefined();
		staff.connection.close();

		const attendee = (await openPage(t, { keepOffline: true })).live;
		const joined = nextJoin(attendee);
		attendee.start();
		await joined;
		await vi.waitFor(async () =>
			expect((await savedSnapshot(code))?.version).toBe(attendee.snapshot.version)
		);

		const organiser = await t.connect({ role: 'organiser' });
		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: attendee.eventId,
				sessionId: SESSION,
				minutes: 20
			})
		);
		// Looked up as a typed code would be: any case.
		await vi.waitFor(async () => {
			const saved = await savedSnapshot(code.toLowerCase());
			expect(saved?.version).toBe((await t.snapshot()).version);
			expect(saved?.sessions.find((s) => s.id === SESSION)?.delayMinutes).toBe(20);
		});
		attendee.connection.close();
	});
	it('drops a withdrawn announcement’s line from “what changed” as the withdrawal arrives, on the device too; a page opened after never has it', async () => {
		const code = (await t.snapshot()).event.code;
		const phone = (await openPage(t, { keepOffline: true })).live;
		const joined = nextJoin(phone);
		phone.start();
		await joined;
		const organiser = await t.connect({ role: 'organiser' });
		const words = 'Witness from Quetta will speak without a name tag';
		const posted = expectOk(
			await organiser.send('announcement:post', {
				clientId: cid(),
				eventId: phone.eventId,
				text: words,
				roomId: null
			})
		);
		const lines = (s: { changes: { detail: { title?: string } }[] } | undefined) =>
			(s?.changes ?? []).filter((c) => c.detail.title === words);
		await vi.waitFor(async () => {
			expect(lines(phone.snapshot)).toHaveLength(1);
			expect(lines(await savedSnapshot(code))).toHaveLength(1);
		});

		const gone = expectOk(
			await organiser.send('announcement:withdraw', {
				clientId: cid(),
				eventId: phone.eventId,
				announcementId: posted.announcement.id
			})
		);
		// Applied from the fact, not from a fresh snapshot.
		await vi.waitFor(() => expect(phone.snapshot.version).toBe(gone.version));
		expect(lines(phone.snapshot)).toEqual([]);
		expect(phone.snapshot.announcements.map((a) => a.id)).not.toContain(posted.announcement.id);
		await vi.waitFor(async () => expect((await savedSnapshot(code))?.version).toBe(gone.version));
		expect(lines(await savedSnapshot(code))).toEqual([]);

		const later = (await openPage(t)).live;
		const laterJoined = nextJoin(later);
		later.start();
		await laterJoined;
		expect(later.snapshot.version).toBe(gone.version);
		expect(JSON.stringify(later.snapshot)).not.toContain(words);
		phone.connection.close();
		later.connection.close();
	});
});

describe('LiveEvent after a Wi-Fi drop (connection-state recovery)', () => {
	let t: TestHub;
	let organiser: Client;

	beforeEach(async () => {
		globalThis.indexedDB = new IDBFactory();
		t = await startHub();
		organiser = await t.connect({ role: 'organiser' });
	});
	afterEach(async () => {
		await t.stop();
	});

	/** A page that reconnects by itself, joined, with every command it sends from now on recorded by name. */
	async function joinedPage() {
		const page = await openPage(t, { reconnection: true });
		const joined = nextJoin(page.live);
		page.live.start();
		await joined;
		const sent: string[] = [];
		page.socket.onAnyOutgoing((name: string) => sent.push(name));
		return { ...page, sent };
	}

	/**
	 * The network goes: the hub's end of the TCP connection is destroyed, no close frame either way. The page stays
	 * away until `back()` (it then reconnects as its socket would by itself), so what happens meanwhile is missed.
	 */
	async function drop(live: LiveEvent) {
		const { socket } = live.connection;
		const onHub = t.io.sockets.sockets.get(socket.id!);
		expect(onHub).toBeDefined();
		socket.io.reconnection(false);
		const gone = new Promise((resolve) => socket.once('disconnect', resolve));
		onHub!.request.socket.destroy();
		await gone;
		expect(live.joined).toBe(false);
		return () => {
			socket.io.reconnection(true);
			socket.connect();
		};
	}

	const announce = async (text: string) =>
		expectOk(
			await organiser.send('announcement:post', { clientId: cid(), eventId: EVENT_ID, text, roomId: null })
		);

	it('trusts a recovered connection: the facts it missed arrive, no event:join is sent, and the outbox still flushes', async () => {
		const { live, socket, sent } = await joinedPage();
		// A fact heard before the drop: it carries the offset recovery resumes from.
		await announce('Welcome to day two');
		await vi.waitFor(async () => expect(live.snapshot.version).toBe((await t.snapshot()).version));

		const back = await drop(live);
		const missed = [await announce('Session 3 moved to Hall B'), await announce('Lunch is in the atrium')];
		const asked = await live.outbox.submit('question:ask', 'ask:1', {
			eventId: live.eventId,
			sessionId: SESSION,
			text: 'Is the hotline open at night?',
			objectiveId: null
		});
		expect(asked).toBeNull(); // kept on the device while the page is away

		back();
		await vi.waitFor(() => expect(live.joined).toBe(true), { timeout: 5000 });
		expect(socket.recovered).toBe(true);
		expect(live.snapshot.version).toBe(missed[1].version);
		expect(live.snapshot.version).toBe((await t.snapshot()).version);
		expect(live.snapshot.announcements.map((a) => a.text).slice(0, 2)).toEqual([
			'Lunch is in the atrium',
			'Session 3 moved to Hall B'
		]);
		await vi.waitFor(() => expect(live.outbox.items).toEqual([]));
		expect(sent).toContain('question:ask');
		expect(sent).not.toContain('event:join');
		live.connection.close();
	});

	it('trusts a page that heard nothing between its join and the drop: it resumes from its join', async () => {
		const { live, socket, sent } = await joinedPage();
		// A command's answer is no broadcast: the page has heard none since its join when the network goes.
		await live.setHall('hall-a');
		const back = await drop(live);
		const missed = await announce('Session 3 moved to Hall B');

		back();
		await vi.waitFor(() => expect(live.joined).toBe(true), { timeout: 5000 });
		expect(socket.recovered).toBe(true);
		expect(live.snapshot.version).toBe(missed.version);
		expect(live.snapshot.version).toBe((await t.snapshot()).version);
		expect(sent).not.toContain('event:join');
		live.connection.close();
	});

	it('asks again for a panel whose answer the drop lost, once the connection is recovered (no join needed)', async () => {
		const { live, socket, sent } = await joinedPage();
		// The panels ask for the session's polls and questions, and the network goes before the hub has read it.
		const polls = new PollRoom(live, SESSION);
		const questions = new QaRoom(live, SESSION);
		const back = await drop(live);
		expect(sent.filter((name) => name === 'poll:list' || name === 'qa:open')).toEqual([
			'poll:list',
			'qa:open'
		]);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(polls.state).toBeNull();
		expect(questions.state).toBeNull();
		// A lost answer is no refusal: nothing to show the attendee but the connection badge.
		expect(polls.error).toBeNull();
		expect(questions.error).toBeNull();

		back();
		await vi.waitFor(() => expect(live.joined).toBe(true), { timeout: 5000 });
		expect(socket.recovered).toBe(true);
		await vi.waitFor(() => expect(polls.state).not.toBeNull());
		await vi.waitFor(() => expect(questions.state).not.toBeNull());
		expect(sent).not.toContain('event:join');
		// Loaded now: another recovered drop asks for nothing again.
		const again = await drop(live);
		again();
		await vi.waitFor(() => expect(live.joined).toBe(true), { timeout: 5000 });
		expect(sent.filter((name) => name === 'poll:list')).toEqual(['poll:list', 'poll:list']);
		polls.destroy();
		questions.destroy();
		live.connection.close();
	});

	/**
	 * A phone away longer than the hub's recovery window (500 ms here): it heard one announcement, missed two, and is
	 * not recovered on its return: it starts afresh and joins again.
	 */
	async function backAfterTheWindow() {
		await t.stop();
		t = await startHub({ recoveryWindowMs: 500 });
		organiser = await t.connect({ role: 'organiser' });
		const page = await joinedPage();
		const { live, socket } = page;
		// Heard: socket.io-client keeps this broadcast's offset from now on.
		await announce('Welcome to day two');
		await vi.waitFor(async () => expect(live.snapshot.version).toBe((await t.snapshot()).version));
		const before = live.snapshot.version;
		const back = await drop(live);
		await announce('Session 3 moved to Hall B');
		await announce('Lunch is in the atrium');
		await new Promise((resolve) => setTimeout(resolve, 600));
		const rejoined = nextJoin(live);
		back();
		await rejoined;
		expect(socket.recovered).toBe(false);
		return { ...page, before };
	}

	it('re-joins once when recovery fails, and ends on the hub’s version', async () => {
		const { live, sent, before } = await backAfterTheWindow();
		expect(live.snapshot.version).toBe(before + 2);
		expect(live.snapshot.version).toBe((await t.snapshot()).version);
		expect(sent.filter((name) => name === 'event:join')).toEqual(['event:join']);
		live.connection.close();
	});

	it('takes this device’s stars from its join’s answer, without asking for them', async () => {
		const device = randomBytes(16).toString('base64url');
		const other = await t.connect({ cookie: t.deviceCookie(device) });
		expectOk(
			await other.send('star:set', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-legal',
				starred: true
			})
		);
		const { live, socket } = await openPage(t, { device });
		const sent: string[] = [];
		socket.onAnyOutgoing((name: string) => sent.push(name));
		const stars = new Stars(live);
		const stop = stars.start();
		const joined = nextJoin(live);
		live.start();
		await joined;
		await vi.waitFor(() => expect(stars.ids).toEqual(['ws-legal']));
		expect(sent).not.toContain('star:list');
		expect(sent[0]).toBe('event:join');
		stop();
		live.connection.close();
	});

	it('sends a session page’s hall and panels with its join: one frame, and the panels fill from its answer', async () => {
		const page = await openPage(t, { reconnection: true });
		const { live, socket } = page;
		const sent: string[] = [];
		socket.onAnyOutgoing((name: string) => sent.push(name));
		// As the session page: its hall and panels are there before the socket connects.
		void live.setHall('hall-a');
		const polls = new PollRoom(live, SESSION);
		const questions = new QaRoom(live, SESSION);
		const joined = nextJoin(live);
		live.start();
		await joined;
		await vi.waitFor(() => expect(polls.state).not.toBeNull());
		await vi.waitFor(() => expect(questions.state).not.toBeNull());
		expect(sent).toEqual(['event:join']);
		// The hub answered each read as it answers the read alone, and put the socket in the hall and the session.
		const other = await t.connect();
		const session = { eventId: EVENT_ID, sessionId: SESSION };
		expect(polls.state).toEqual(expectOk(await other.send('poll:list', session)));
		expect(questions.state).toEqual(expectOk(await other.send('qa:open', session)));
		expect(t.io.sockets.sockets.get(socket.id!)!.data.hallId).toBe('hall-a');

		// A change while the page joins again after recovery failed reaches the panels through the join's answer.
		const hubSocket = t.io.sockets.sockets.get(socket.id!)!;
		socket.io.reconnection(false);
		const gone = new Promise((resolve) => socket.once('disconnect', resolve));
		// A hub restart's worth of loss: the session cannot be recovered, so the page starts afresh.
		hubSocket.disconnect(true);
		await gone;
		const chair = await t.connect({ role: 'chair' });
		await openPoll(chair, POLL);
		sent.length = 0;
		const rejoined = nextJoin(live);
		socket.io.reconnection(true);
		socket.connect();
		await rejoined;
		await vi.waitFor(() => expect(polls.state?.polls.find((p) => p.id === POLL)?.state).toBe('open'));
		expect(sent).toEqual(['event:join']);
		polls.destroy();
		questions.destroy();
		live.connection.close();
	});

	it('after a re-join, resumes from the new join: nothing from before it is replayed, though socket.io-client kept an older offset', async () => {
		const { live, socket, sent } = await backAfterTheWindow();
		// It hears nothing more before the next drop; back within the window, it must hear only what it missed.
		const heard: string[] = [];
		socket.onAny((name: string, ...args: unknown[]) => heard.push(`${name} ${JSON.stringify(args[0])}`));
		const back = await drop(live);
		const missed = await announce('Coffee is served');
		back();
		await vi.waitFor(() => expect(live.joined).toBe(true), { timeout: 5000 });
		expect(socket.recovered).toBe(true);
		expect(heard).toHaveLength(1);
		expect(heard[0]).toContain('Coffee is served');
		expect(live.snapshot.version).toBe(missed.version);
		expect(sent.filter((name) => name === 'event:join')).toEqual(['event:join']);
		live.connection.close();
	});
});

describe('Stars and the private calendar feed (an address the page cannot read back)', () => {
	let t: TestHub;

	beforeEach(async () => {
		// A page with none of its stored data: no stars and no feed address on the device.
		globalThis.indexedDB = new IDBFactory();
		t = await startHub();
	});
	afterEach(async () => {
		await t.stop();
	});

	/** A device that starred a session from another page, and optionally made a feed there. */
	async function deviceWithStar(feed: boolean) {
		const device = randomBytes(16).toString('base64url');
		const other = await t.connect({ cookie: t.deviceCookie(device) });
		expectOk(
			await other.send('star:set', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-legal',
				starred: true
			})
		);
		const link = feed
			? expectOk(await other.send('feed:link', { clientId: cid(), eventId: EVENT_ID }))
			: null;
		return { device, other, link };
	}

	async function joinedStars(device: string) {
		const { live, socket } = await openPage(t, { device });
		const sent: string[] = [];
		socket.onAnyOutgoing((name: string) => sent.push(name));
		const stars = new Stars(live);
		const stop = stars.start();
		const joined = nextJoin(live);
		live.start();
		await joined;
		return { live, stars, stop, sent };
	}

	it('makes the first address by itself when the device has none', async () => {
		const { device } = await deviceWithStar(false);
		const { live, stars, stop, sent } = await joinedStars(device);
		await vi.waitFor(() => expect(stars.feedPath).toMatch(/^\/e\/\w+\/my\/[\w-]{32}\.ics$/));
		expect(stars.feedElsewhere).toBeNull();
		expect(sent.filter((n) => n.startsWith('feed:'))).toEqual(['feed:status', 'feed:link']);
		stop();
		live.connection.close();
	});

	it('never retires a live address it does not hold: it says since when, and makes a new one only when asked', async () => {
		const { device, other, link } = await deviceWithStar(true);
		const { live, stars, stop, sent } = await joinedStars(device);
		await vi.waitFor(() => expect(stars.feedElsewhere).toBe(link!.createdAt));
		await stars.ensureFeed();
		expect(stars.feedPath).toBeNull();
		expect(sent).not.toContain('feed:link');
		expect(expectOk(await other.send('feed:status', { eventId: EVENT_ID }))).toEqual({
			active: true,
			createdAt: link!.createdAt
		});

		await stars.renewFeed();
		expect(stars.feedPath).toMatch(/^\/e\/\w+\/my\/[\w-]{32}\.ics$/);
		expect(stars.feedPath).not.toBe(link!.path);
		expect(stars.feedElsewhere).toBeNull();
		expect(sent.filter((n) => n === 'feed:link')).toHaveLength(1);
		stop();
		live.connection.close();
	});
});
