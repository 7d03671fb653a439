import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHub, type TestHub } from '../../../tests/fixtures/hub';
import { nextJoin, openPage } from '$lib/testing/live-hub';
import type { LiveEvent } from '$lib/agenda/live-event.svelte';
import { m } from '$lib/paraglide/messages';
import { signInEndedText } from './signin-ended';
import { Writes } from './writes.svelte';

/** Holds this process's event loop, so the hub (which runs in it too) cannot answer before a short ack timer fires. */
function hold(ms: number) {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		// Busy on purpose: nothing else may run meanwhile.
	}
}

describe('Writes (the consoles’ one path for commands: busy, failure and retry per key)', () => {
	let t: TestHub;
	let live: LiveEvent;
	let writes: Writes;
	const posted = async () => (await t.snapshot()).announcements.length;

	beforeEach(async () => {
		t = await startHub();
		live = (await openPage(t, { role: 'organiser' })).live;
		const joined = nextJoin(live);
		live.start();
		await joined;
		writes = new Writes(live.connection, { timeoutMessage: () => 'no answer in time' });
	});
	afterEach(async () => {
		live.connection.close();
		await t.stop();
	});

	const post = (text: string) => ({ eventId: live.eventId, text, roomId: null });

	it('sends a write whose ack was lost again as the same write: the hub applies it once', async () => {
		const before = await posted();
		writes.timeoutMs = 1;
		const first = writes.send('post', 'announcement:post', post('Hall B is open'));
		hold(20);
		expect(await first).toMatchObject({ ok: false, error: 'timeout', message: 'no answer in time' });
		expect(writes.canRetry('post')).toBe(true);
		// The write did reach the hub; only its answer was lost.
		await vi.waitFor(async () => expect(await posted()).toBe(before + 1));

		writes.timeoutMs = undefined;
		const again = await writes.send('post', 'announcement:post', post('Hall B is open'));
		expect(again.ok).toBe(true);
		expect(await posted()).toBe(before + 1);
		expect(writes.failure('post')).toBeNull();
		expect(writes.canRetry('post')).toBe(false);
	});

	it('gives a changed input a new client id, even under the same key after a lost ack', async () => {
		const before = await posted();
		writes.timeoutMs = 1;
		const first = writes.send('post', 'announcement:post', post('Lunch at 13:00'));
		hold(20);
		expect((await first).ok).toBe(false);
		writes.timeoutMs = undefined;
		expect((await writes.send('post', 'announcement:post', post('Lunch at 13:30'))).ok).toBe(true);
		await vi.waitFor(async () => expect(await posted()).toBe(before + 2));
	});

	it('keeps a control busy until the hub answers and ignores a second press meanwhile', async () => {
		const before = await posted();
		const first = writes.send('post', 'announcement:post', post('Press once'));
		expect(writes.isBusy('post')).toBe(true);
		expect(await writes.send('post', 'announcement:post', post('Press once'))).toMatchObject({
			error: 'busy'
		});
		expect((await first).ok).toBe(true);
		expect(writes.isBusy('post')).toBe(false);
		expect(await posted()).toBe(before + 1);
	});

	it('keeps the hub’s refusal under its error slot and the latest one for a one-line panel', async () => {
		const refused = await writes.send(
			'withdraw:999',
			'announcement:withdraw',
			{ eventId: live.eventId, announcementId: 999 },
			{ error: 'announcements' }
		);
		expect(refused.ok).toBe(false);
		expect(writes.failure('announcements')?.error).toBe(refused.ok ? null : refused.error);
		expect(writes.failure('withdraw:999')).toBeNull();
		expect(writes.latestMessage).toBe(refused.ok ? null : refused.message);
		// A session switch forgets every failure.
		writes.reset();
		expect(writes.failure('announcements')).toBeNull();
		expect(writes.latest).toBeNull();
	});

	it('shows no failure beside a control once the page’s sign-in is over: the page’s banner says why', async () => {
		await writes.send(
			'withdraw:999',
			'announcement:withdraw',
			{ eventId: live.eventId, announcementId: 999 },
			{ error: 'announcements' }
		);
		expect(writes.message('announcements')).not.toBeNull();
		live.connection.end('ended');
		expect(writes.message('announcements')).toBeNull();
		expect(writes.failure('announcements')).toBeNull();
		expect(writes.latestMessage).toBeNull();
	});

	it('sends a read without a client id (the hub refuses unknown fields)', async () => {
		const res = await writes.send('list', 'staff:list', { eventId: live.eventId });
		expect(res.ok).toBe(true);
	});
});

describe('Writes on a staff console whose link is revoked while it is offline', () => {
	let t: TestHub;
	afterEach(async () => {
		await t.stop();
	});

	it('sends what was pressed offline once the page is back and its join found the sign-in standing', async () => {
		t = await startHub();
		const { live } = await openPage(t, { role: 'organiser', staff: true });
		const joined = nextJoin(live);
		live.start();
		await joined;
		const writes = new Writes(live.connection);
		const before = (await t.snapshot()).announcements.length;
		live.connection.socket.disconnect();
		const pressed = writes.send('post', 'announcement:post', {
			eventId: live.eventId,
			text: 'Lunch is served',
			roomId: null
		});
		live.connection.socket.connect();
		expect((await pressed).ok).toBe(true);
		expect((await t.snapshot()).announcements.length).toBe(before + 1);
		expect(live.connection.unsent).toBe(0);
		live.connection.close();
	});

	it('never sends what was pressed offline once the hub says the link was revoked, and says it was not sent', async () => {
		t = await startHub();
		const { live, credentialId } = await openPage(t, { role: 'organiser', staff: true });
		const joined = nextJoin(live);
		live.start();
		await joined;
		const writes = new Writes(live.connection);
		// What the page hands its socket: spied on, and still sent.
		const emit = vi.spyOn(live.connection.socket, 'emit');
		const before = (await t.snapshot()).announcements.length;

		// Offline: the live region says what is sent waits on this device.
		live.connection.socket.disconnect();
		await vi.waitFor(() => expect(live.announcer.current).not.toBeNull(), { timeout: 3000 });
		const pressed = writes.send('post', 'announcement:post', {
			eventId: live.eventId,
			text: 'Hall B is open',
			roomId: null
		});
		expect(writes.isBusy('post')).toBe(true);

		await t.services.access.revoke(live.eventId, credentialId!);
		live.connection.socket.connect();
		const res = await pressed;

		expect(res.ok).toBe(false);
		expect(live.connection.status).toBe('ended');
		expect(emit.mock.calls.map(([name]) => name)).not.toContain('announcement:post');
		expect((await t.snapshot()).announcements.length).toBe(before);
		// The banner says why the page stopped and that what was pressed was not sent; the live region no longer
		// says that it waits to be sent.
		expect(live.problem).toBe(signInEndedText('revoked'));
		expect(live.unsentNote).toBe(m.staff_unsent());
		expect(live.announcer.current).toBeNull();
		live.connection.close();
	});
});
