import {
	expect,
	mintSignInPath,
	PHONE,
	setHubClock,
	signInOnPage,
	staffSocket,
	test,
	waitLive
} from './fixtures';

const DAY2_1000 = new Date('2026-12-09T05:00:00Z'); // day 2, 10:00: working sessions 3 (Hall A) and 4 (Hall B) are on
// The devices' own clocks, both wrong: one a day and a half behind, one hours ahead of the hub.
const PHONE_CLOCK = new Date('2026-12-07T20:13:00Z');
const SCREEN_CLOCK = new Date('2026-12-09T13:47:00Z');

test('a phone and a hall screen with wrong clocks follow the hub’s rehearsal clock: now, next and a countdown agree', async ({
	browser,
	baseURL,
	contexts
}) => {
	await setHubClock(DAY2_1000);

	const phoneContext = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
	await phoneContext.clock.setFixedTime(PHONE_CLOCK);
	contexts.push(phoneContext);
	const phone = await phoneContext.newPage();
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	const now = phone.getByTestId('now');
	await expect(now).toContainText('Working session 3');
	await expect(now).toContainText('Working session 4');
	await expect(phone.getByTestId('next')).toContainText('Coffee');

	const screenContext = await browser.newContext({
		viewport: { width: 1280, height: 720 },
		timezoneId: 'Asia/Karachi'
	});
	await screenContext.clock.setFixedTime(SCREEN_CLOCK);
	contexts.push(screenContext);
	const screen = await screenContext.newPage();
	await signInOnPage(screen, await mintSignInPath('screen', 'hall-a'));
	await waitLive(screen);
	await expect(screen.getByTestId('screen-current')).toHaveAttribute('data-session-id', 'ws-victims');

	// The chair opens a one-minute poll: the phone counts down from a minute by the hub's clock, not its own.
	const chair = await staffSocket(baseURL!, 'chair');
	const run = Date.now();
	const created = await chair.emitWithAck('poll:create', {
		clientId: `clock-create-${run}`,
		eventId: 'isb26',
		sessionId: 'ws-victims',
		poll: {
			type: 'single',
			question: 'Is the timetable for the task force realistic?',
			options: [
				{ id: 'yes', label: 'Yes' },
				{ id: 'no', label: 'No' }
			],
			maxChoices: null,
			minBallots: 5
		}
	});
	if (!created.ok) throw new Error(created.error);
	const pollId = created.data.poll.id;
	const opened = await chair.emitWithAck('poll:transition', {
		clientId: `clock-open-${run}`,
		eventId: 'isb26',
		pollId,
		action: 'open',
		countdownSeconds: 60
	});
	expect(opened.ok).toBe(true);
	await phone.goto('/e/ISB26/s/ws-victims');
	await waitLive(phone);
	const card = phone.locator(`[data-testid=poll][data-poll-id=${pollId}]`);
	await expect(card).toHaveAttribute('data-state', 'open');
	// A fixed browser clock: the countdown shows what the hub's time said at join, within the minute.
	await expect(card).toContainText(/Closes in (1:00|0:[45]\d)/);
	await expect(screen.getByTestId('screen-poll')).toHaveAttribute('data-poll-id', pollId);

	await chair.emitWithAck('poll:transition', {
		clientId: `clock-close-${run}`,
		eventId: 'isb26',
		pollId,
		action: 'close',
		countdownSeconds: null
	});
	chair.close();
});

test('a chair’s and a moderator’s laptop with a wrong clock open their console on the session on now by the hub', async ({
	browser,
	contexts
}) => {
	await setHubClock(DAY2_1000);
	for (const [role, path, select] of [
		['chair', '/chair', 'chair-session-select'],
		['moderator', '/moderator', 'mod-session-select']
	] as const) {
		// The laptop's clock is a day and a half behind: by it, day 1 has not started.
		const context = await browser.newContext({
			viewport: { width: 1366, height: 768 },
			timezoneId: 'Asia/Karachi'
		});
		await context.clock.setFixedTime(PHONE_CLOCK);
		contexts.push(context);
		const page = await context.newPage();
		await signInOnPage(page, await mintSignInPath(role, 'hall-a'));
		expect(new URL(page.url()).pathname).toBe(path);
		await waitLive(page);
		await expect(page.getByTestId(select)).toHaveValue('ws-victims');
	}
});

test('a phone whose clock is hours off shows what is on by the hub’s time before its connection answers, and offline', async ({
	browser,
	contexts
}) => {
	test.setTimeout(90_000);
	await setHubClock(DAY2_1000);
	const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
	await context.clock.setFixedTime(PHONE_CLOCK);
	contexts.push(context);
	const page = await context.newPage();
	// No connection at all (venue Wi-Fi that lets the page through but not the socket yet): the page has only the
	// hub's time stamped in it.
	await page.routeWebSocket(/socket\.io/, () => {});
	await page.goto('/e/ISB26');
	// Day tabs switch only once the page's scripts run: what it shows after that is the app's, not the server's.
	await page.getByRole('tab', { name: /Day 2/ }).click();
	await expect(page.getByTestId('day-panel')).toHaveAttribute('data-day', '2026-12-09');
	const now = page.getByTestId('now');
	await expect(now).toContainText('Working session 3');
	await expect(now).toContainText('Working session 4');
	await page.unrouteAll();

	// Online once (the hub's answer is kept on the device), then opened again without a network: the shell the
	// service worker serves has no stamp, and the phone's own clock is a day and a half behind.
	const online = await context.newPage();
	await online.goto('/e/ISB26');
	await waitLive(online);
	await online.waitForFunction(() => navigator.serviceWorker?.controller !== null);
	await expect.poll(() => online.evaluate(() => localStorage.getItem('dais:hub-offset'))).not.toBeNull();
	await context.setOffline(true);
	await online.reload();
	await expect(online.getByTestId('now')).toContainText('Working session 3');
	await expect(online.getByTestId('now')).toContainText('Working session 4');
	await context.setOffline(false);
});

test('open pages follow the rehearsal clock when it is moved, without a reload', async ({
	browser,
	contexts
}) => {
	await setHubClock(DAY2_1000);
	const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
	await context.clock.setFixedTime(PHONE_CLOCK);
	contexts.push(context);
	const phone = await context.newPage();
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	const now = phone.getByTestId('now');
	await expect(now).toContainText('Working session 3');
	// The rehearsal jumps to 11:00 on day 1: the coffee break.
	await setHubClock(new Date('2026-12-08T06:00:00Z'));
	await expect(now).toContainText('Coffee break');
	await expect(now).not.toContainText('Working session 3');
});

test('a phone whose clock is set while its page is open keeps showing what is on by the hub’s time', async ({
	browser,
	contexts
}) => {
	await setHubClock(DAY2_1000);
	const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
	// The phone's clock runs, a day and a half behind the hub's.
	await context.clock.install({ time: PHONE_CLOCK });
	contexts.push(context);
	const phone = await context.newPage();
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	const now = phone.getByTestId('now');
	await expect(now).toContainText('Working session 3');
	// The network puts the phone's clock three hours further on while the page is open; a minute passes.
	await phone.clock.setSystemTime(PHONE_CLOCK.getTime() + 3 * 3600_000);
	await phone.clock.runFor(60_000);
	await expect(now).toContainText('Working session 3');
	await expect(now).toContainText('Working session 4');
	await expect(phone.getByTestId('next')).toContainText('Coffee');
});
