import { expect, staffSocket, test, waitLive } from './fixtures';

test('an attendee page opens its socket before its scripts arrive, goes live on that one socket and hears the hub on it', async ({
	phone,
	baseURL
}) => {
	const opened: { at: number; url: string }[] = [];
	const connects: { at: number; frame: string }[] = [];
	phone.on('websocket', (ws) => {
		opened.push({ at: Date.now(), url: ws.url() });
		ws.on('framesent', ({ payload }) => {
			if (String(payload).startsWith('40')) connects.push({ at: Date.now(), frame: String(payload) });
		});
	});
	// The app's scripts are held back, as venue Wi-Fi holds them for seconds.
	let released = 0;
	await phone.route('**/_app/immutable/**/*.js', async (route) => {
		await new Promise((r) => setTimeout(r, 1500));
		released ||= Date.now();
		await route.continue();
	});

	await phone.goto('/e/ISB26');
	await expect(phone.getByTestId('session').first()).toBeVisible();
	await expect.poll(() => opened.length).toBe(1);
	await waitLive(phone);
	expect(opened[0].at, 'the socket opened before any script of the app had arrived').toBeLessThan(released);
	// Socket.IO's CONNECT went out from the page's head, once: the app did not send a second one on the same socket.
	expect(connects.map((c) => c.frame)).toEqual(['40']);
	expect(connects[0].at).toBeLessThan(released);

	// Live on the socket the page opened first: a fact the hub sends now reaches it, and no second socket was opened.
	const organiser = await staffSocket(baseURL!, 'organiser');
	try {
		const text = 'Early socket: the plenary starts in Hall A';
		const posted = await organiser.emitWithAck('announcement:post', {
			eventId: 'isb26',
			clientId: `early-${Date.now()}`,
			text
		});
		expect(posted.ok).toBe(true);
		await expect(phone.getByTestId('announcement').filter({ hasText: text })).toBeVisible();
		// Other tests read the event's announcements: this one goes again.
		if (posted.ok) {
			const withdrawn = await organiser.emitWithAck('announcement:withdraw', {
				eventId: 'isb26',
				clientId: `early-withdraw-${Date.now()}`,
				announcementId: posted.data.announcement.id
			});
			expect(withdrawn.ok).toBe(true);
		}
		await expect(phone.getByTestId('announcement').filter({ hasText: text })).toHaveCount(0);
	} finally {
		organiser.close();
	}
	expect(opened.map((o) => new URL(o.url).pathname)).toEqual(['/socket.io/']);
});

test('a page that is not an attendee page opens no socket before its scripts', async ({ phone }) => {
	const opened: string[] = [];
	phone.on('websocket', (ws) => opened.push(ws.url()));
	await phone.route('**/_app/immutable/**/*.js', (route) => route.abort());
	await phone.goto('/join');
	await phone.waitForLoadState('load');
	expect(opened).toEqual([]);
});

test('a page whose app never takes the early socket lets it go after a minute', async ({
	browser,
	contexts
}) => {
	const context = await browser.newContext();
	contexts.push(context);
	await context.clock.install();
	const page = await context.newPage();
	const sockets: import('@playwright/test').WebSocket[] = [];
	page.on('websocket', (ws) => sockets.push(ws));
	// An event that does not exist: the error page is not live, so nothing takes the socket its head opened.
	const res = await page.goto('/e/NO-SUCH-EVENT');
	expect(res?.status()).toBe(404);
	await expect.poll(() => sockets.length).toBe(1);
	await page.clock.runFor(30_000);
	expect(sockets[0].isClosed()).toBe(false);
	await page.clock.runFor(31_000);
	await expect.poll(() => sockets[0].isClosed()).toBe(true);
	expect(sockets).toHaveLength(1);
});
