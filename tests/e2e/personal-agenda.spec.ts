import AxeBuilder from '@axe-core/playwright';
import ICAL from 'ical.js';
import type { APIRequestContext, Page } from '@playwright/test';
import { DAY1_1100, docShot, expect, PHONE, staffSocket, test, waitLive, setClock } from './fixtures';

const E = 'isb26';
/** Day 1's side event (Hall A, 16:00) and day 2's victims' rights working session (Hall A, 09:30). */
const DAY1_PICK = 'digital-networks';
const DAY2_PICK = 'ws-victims';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
let n = 0;
const cid = (what: string) => `personal-${what}-${Date.now()}-${++n}`;

interface FeedEvent {
	uid: string;
	summary: string;
	status: string;
	start: number;
}

/** Fetches a calendar feed as a calendar app would and reads its events with ical.js. */
async function readFeed(request: APIRequestContext, path: string): Promise<FeedEvent[]> {
	const res = await request.get(path);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toContain('text/calendar');
	const calendar = new ICAL.Component(ICAL.parse(await res.text()));
	return calendar.getAllSubcomponents('vevent').map((ev) => ({
		uid: String(ev.getFirstPropertyValue('uid')),
		summary: String(ev.getFirstPropertyValue('summary')),
		status: String(ev.getFirstPropertyValue('status')),
		start: (ev.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime()
	}));
}
const sessionOf = (uid: string) => uid.split('@')[0];

/** Stars a session from the programme of the day it is on. */
async function star(page: Page, day: string, sessionId: string) {
	await page.locator(`[data-testid=day-tab][data-day="${day}"]`).click();
	const button = page.locator(`[data-testid=session][data-session-id=${sessionId}] [data-testid=star]`);
	await button.click();
	await expect(button).toHaveAttribute('aria-pressed', 'true');
}

test('a phone stars two sessions; My agenda and the private calendar feed list exactly those, and the feed follows a delay and a cancellation', async ({
	phone,
	baseURL
}) => {
	const organiser = await staffSocket(baseURL!, 'organiser');
	try {
		await phone.goto('/e/ISB26');
		await waitLive(phone);
		await star(phone, '2026-12-08', DAY1_PICK);
		await star(phone, '2026-12-09', DAY2_PICK);

		await phone.getByTestId('view-mine').click();
		await expect(phone).toHaveURL(/\/e\/ISB26\/my$/);
		const mine = phone.getByTestId('my-agenda').getByTestId('session');
		await expect(mine).toHaveCount(2);
		expect(await mine.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id')))).toEqual([
			DAY1_PICK,
			DAY2_PICK
		]);

		// One tap subscribes (webcal://) or downloads the same private feed.
		const subscribe = phone.getByTestId('cal-subscribe');
		await expect(subscribe).toHaveAttribute(
			'href',
			/^webcal:\/\/localhost:\d+\/e\/ISB26\/my\/[\w-]{32}\.ics$/
		);
		const feedPath = (await phone.getByTestId('cal-download').getAttribute('href'))!;
		expect((await subscribe.getAttribute('href'))!.endsWith(feedPath)).toBe(true);
		await expect(phone.getByTestId('cal-feed-event')).toHaveAttribute('href', /\/e\/ISB26\/agenda\.ics$/);
		await expect(phone.getByTestId('cal-feed-room')).toHaveCount(3);
		await docShot(phone, 'phone-my-agenda');

		const before = await readFeed(phone.request, feedPath);
		expect(before.map((e) => sessionOf(e.uid)).sort()).toEqual([DAY1_PICK, DAY2_PICK].sort());
		expect(before.every((e) => e.status === 'CONFIRMED')).toBe(true);

		// The organiser runs day 2's session 20 minutes late: the next fetch says so; the phone shows and says it.
		const delayed = await organiser.emitWithAck('session:delay', {
			clientId: cid('delay'),
			eventId: E,
			sessionId: DAY2_PICK,
			minutes: 20
		});
		expect(delayed.ok).toBe(true);
		const afterDelay = await readFeed(phone.request, feedPath);
		const was = before.find((e) => sessionOf(e.uid) === DAY2_PICK)!.start;
		expect(afterDelay.find((e) => sessionOf(e.uid) === DAY2_PICK)!.start - was).toBe(20 * 60_000);
		const card = phone.locator(`[data-testid=my-agenda] [data-session-id=${DAY2_PICK}]`);
		await expect(card.getByTestId('reminder')).toHaveAttribute('data-reminder', 'changed');
		await expect(phone.getByTestId('agenda-reminders')).toContainText('delayed');

		// Cancelled: the event stays in the feed, marked CANCELLED, so subscribed calendars drop it.
		const cancelled = await organiser.emitWithAck('session:cancel', {
			clientId: cid('cancel'),
			eventId: E,
			sessionId: DAY1_PICK,
			cancelled: true
		});
		expect(cancelled.ok).toBe(true);
		const afterCancel = await readFeed(phone.request, feedPath);
		expect(afterCancel.find((e) => sessionOf(e.uid) === DAY1_PICK)!.status).toBe('CANCELLED');
		expect(afterCancel).toHaveLength(2);
		await expect(phone.getByTestId('agenda-reminders')).toContainText('cancelled');

		// Unstarring takes a session out of the feed too.
		await phone.locator(`[data-testid=my-agenda] [data-session-id=${DAY1_PICK}] [data-testid=star]`).click();
		await expect(mine).toHaveCount(1);
		await expect
			.poll(async () => (await readFeed(phone.request, feedPath)).map((e) => sessionOf(e.uid)))
			.toEqual([DAY2_PICK]);
	} finally {
		// Leave the programme as found for the specs and screenshots that follow.
		await organiser.emitWithAck('session:delay', {
			clientId: cid('undelay'),
			eventId: E,
			sessionId: DAY2_PICK,
			minutes: 0
		});
		await organiser.emitWithAck('session:cancel', {
			clientId: cid('restore'),
			eventId: E,
			sessionId: DAY1_PICK,
			cancelled: false
		});
		organiser.close();
	}
});

test('a star made offline is kept on the phone and reaches the hub once the connection is back', async ({
	phone
}) => {
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	await phone.context().setOffline(true);
	await star(phone, '2026-12-09', 'ws-root-causes');
	const button = phone.locator('[data-testid=session][data-session-id=ws-root-causes] [data-testid=star]');
	await expect(button).toContainText('waiting to send');
	await phone.context().setOffline(false);
	await expect(button).not.toContainText('waiting to send', { timeout: 15_000 });
	// Reloaded, the page takes the hub's list: the star is there.
	await phone.goto('/e/ISB26/my');
	await waitLive(phone);
	await expect(phone.getByTestId('my-agenda').getByTestId('session')).toHaveCount(1);
	const feedPath = (await phone.getByTestId('cal-download').getAttribute('href'))!;
	expect((await readFeed(phone.request, feedPath)).map((e) => sessionOf(e.uid))).toEqual(['ws-root-causes']);
});

test('a phone whose site data was cleared but not its cookie is told of its calendar address, and a new one is made only when asked', async ({
	browser,
	baseURL,
	contexts
}) => {
	const urduPhone = async () => {
		const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi', locale: 'ur' });
		contexts.push(context);
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await setClock(context, DAY1_1100);
		return context;
	};
	// Address A: two stars, My agenda opened.
	const first = await urduPhone();
	const page = await first.newPage();
	await page.goto('/e/ISB26');
	await waitLive(page);
	await star(page, '2026-12-08', DAY1_PICK);
	await star(page, '2026-12-09', DAY2_PICK);
	await page.goto('/e/ISB26/my');
	await waitLive(page);
	const a = (await page.getByTestId('cal-download').getAttribute('href'))!;
	expect(a).toMatch(/^\/e\/ISB26\/my\/[\w-]{32}\.ics$/);
	expect(await readFeed(page.request, a)).toHaveLength(2);

	// The same device cookie, none of the page's stored data (IndexedDB cleared).
	const device = (await first.cookies()).filter((c) => c.name === 'dais_device');
	expect(device).toHaveLength(1);
	const cleared = await urduPhone();
	await cleared.addCookies(device);
	const again = await cleared.newPage();
	await again.goto('/e/ISB26/my');
	await waitLive(again);
	await expect(again.getByTestId('my-agenda').getByTestId('session')).toHaveCount(2);
	const notice = again.getByTestId('cal-elsewhere');
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('کیلنڈر کا ایک پتا');
	await expect(notice).toContainText('11:00');
	await expect(again.getByTestId('cal-subscribe')).toHaveCount(0);
	// Nothing was minted by itself: a calendar subscribed to A still follows the programme.
	expect(await readFeed(again.request, a)).toHaveLength(2);

	// On purpose: address B, and A stops answering.
	await again.getByTestId('cal-renew').click();
	const download = again.getByTestId('cal-download');
	await expect(download).toHaveAttribute('href', /^\/e\/ISB26\/my\/[\w-]{32}\.ics$/);
	const b = (await download.getAttribute('href'))!;
	expect(b).not.toBe(a);
	await expect(notice).toHaveCount(0);
	expect(await readFeed(again.request, b)).toHaveLength(2);
	expect((await again.request.get(a)).status()).toBe(404);
	// Kept on this phone now: opened again, the page shows B and asks nothing.
	await again.reload();
	await waitLive(again);
	await expect(again.getByTestId('cal-download')).toHaveAttribute('href', b);
	await expect(notice).toHaveCount(0);
});

for (const locale of ['en', 'fr', 'ur', 'ar']) {
	test(`My agenda and the starred programme have no WCAG 2.2 AA violations in ${locale}`, async ({
		browser,
		baseURL
	}) => {
		const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi', locale });
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
		await setClock(context, DAY1_1100);
		const page = await context.newPage();
		await page.goto('/e/ISB26');
		await waitLive(page);
		await star(page, '2026-12-08', DAY1_PICK);
		for (const path of ['/e/ISB26', '/e/ISB26/my']) {
			await page.goto(path);
			await waitLive(page);
			await expect(page.locator('[data-testid=star][aria-pressed=true]').first()).toBeVisible();
			const size = page.viewportSize()!;
			const height = await page.evaluate(() => document.documentElement.scrollHeight);
			await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
			const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
			await page.setViewportSize(size);
			const found = violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
			expect(found, `${path} in ${locale}`).toEqual([]);
		}
		await context.close();
	});
}
