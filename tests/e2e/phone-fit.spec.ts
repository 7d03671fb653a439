import type { Locator, Page } from '@playwright/test';
import { DAY1_1100, expect, PHONE, setClock, setHubClock, staffSocket, test, waitLive } from './fixtures';

const PHONES = [
	{ width: 390, height: 844 },
	{ width: 360, height: 740 }
];
// A session no other browser test puts polls in.
const VERIFIED_SESSION = 'partner-remarks';

/** How many lines an element's text takes: the distinct tops of its text's boxes (a flex item's own box may be
 * stretched taller than its text). */
function linesOf(target: Locator) {
	return target.evaluate((el) => {
		const text = document.createRange();
		text.selectNodeContents(el);
		const boxes = [...text.getClientRects()].filter((r) => r.width > 0);
		const tops: number[] = [];
		for (const r of boxes) if (!tops.some((t) => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
		return tops.length;
	});
}

async function phoneIn(
	browser: import('@playwright/test').Browser,
	contexts: import('@playwright/test').BrowserContext[],
	baseURL: string,
	locale: string,
	timezoneId: string
): Promise<Page> {
	const context = await browser.newContext({ ...PHONE, timezoneId, locale });
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
	await setClock(context, DAY1_1100);
	contexts.push(context);
	return context.newPage();
}

for (const locale of ['en', 'fr', 'ar', 'ur']) {
	test(`in ${locale}, a session's time range reads on one line on a phone, on its page and in the agenda, in the event's zone and in another`, async ({
		browser,
		contexts,
		baseURL
	}) => {
		test.setTimeout(60_000);
		// Karachi: the event's own zone (no "your time" line); London: a reader elsewhere, whose range is added; Los
		// Angeles: the reader's day before the event's, named above the range rather than a date inside it.
		for (const timezoneId of ['Asia/Karachi', 'Europe/London', 'America/Los_Angeles']) {
			const page = await phoneIn(browser, contexts, baseURL!, locale, timezoneId);
			for (const path of ['/e/ISB26/s/opening', '/e/ISB26']) {
				await page.goto(path);
				await waitLive(page);
				await page.evaluate(() => document.fonts.ready);
				const cards = page.getByTestId('session');
				for (const size of PHONES) {
					await page.setViewportSize(size);
					const where = `${path} ${locale} ${timezoneId} ${size.width}x${size.height}`;
					const count = Math.min(await cards.count(), 6);
					expect(count, where).toBeGreaterThan(0);
					for (let i = 0; i < count; i++) {
						const card = cards.nth(i);
						if (!(await card.isVisible())) continue;
						const range = card.locator('.time .range');
						expect(await linesOf(range), `${where}: "${await range.textContent()}" in one line`).toBe(1);
						// The session's own page names its day (it may be opened from a link, away from the day tabs).
						const day = card.getByTestId('session-day');
						if (path.includes('/s/')) {
							await expect(day, where).toHaveText(/[8٨۸]/);
							expect(await linesOf(day), `${where}: "${await day.textContent()}" in one line`).toBe(1);
						} else await expect(day, where).toHaveCount(0);
						const local = card.locator('.time .local');
						if (timezoneId === 'Asia/Karachi') {
							// The hub renders the page in its own zone; the reader's is known only in the browser.
							await expect(local, `${where}: no "your time" in the event's own zone`).toHaveCount(0);
						} else {
							await expect(local, where).toHaveCount(1);
							const span = local.locator('.local-range');
							expect(await linesOf(span), `${where}: "${await span.textContent()}" in one line`).toBe(1);
							expect(await span.textContent(), `${where}: a range of times, no dates`).not.toMatch(/\d{4}/);
						}
						// Nothing of the card leaves the screen sideways.
						const box = (await card.boundingBox())!;
						expect(box.x, where).toBeGreaterThanOrEqual(0);
						expect(box.x + box.width, where).toBeLessThanOrEqual(size.width + 0.5);
					}
					if (locale === 'ar' || locale === 'ur')
						await page.screenshot({
							path: `test-results/screenshots/${path.includes('/s/') ? 'session' : 'agenda'}-time-${locale}-${timezoneId.replace('/', '-')}-${size.width}.png`
						});
				}
			}
		}
	});
}

/** Every element of `box` lies inside it and inside the viewport; every input shows its whole value. */
function overflowsIn(box: Locator) {
	return box.evaluate((root) => {
		const outer = root.getBoundingClientRect();
		const problems: string[] = [];
		for (const el of [root, ...root.querySelectorAll<HTMLElement>('*')]) {
			const r = el.getBoundingClientRect();
			const name = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
			if (r.left < -0.5 || r.right > window.innerWidth + 0.5)
				problems.push(`${name} leaves the screen (${r.left}-${r.right})`);
			if (r.left < outer.left - 0.5 || r.right > outer.right + 0.5)
				problems.push(`${name} leaves its box (${r.left}-${r.right} in ${outer.left}-${outer.right})`);
			if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline')
				problems.push(`${name} cuts its content (${el.scrollWidth} in ${el.clientWidth})`);
		}
		return problems;
	});
}

for (const locale of ['ur', 'ar']) {
	test(`in ${locale}, the badge form and its example code fit a phone, on the event page and inside a verified-only poll`, async ({
		browser,
		contexts,
		baseURL
	}) => {
		test.setTimeout(60_000);
		// The event page offers the form once the organisers have made badge codes.
		const organiser = await staffSocket(baseURL!, 'organiser');
		const made = await organiser.emitWithAck('badge:generate', {
			clientId: `fit-badges-${locale}-${Date.now()}`,
			eventId: 'isb26',
			count: 1
		});
		organiser.close();
		expect(made.ok).toBe(true);
		const chair = await staffSocket(baseURL!, 'chair');
		const pollId = await openPoll(chair, {
			type: 'single',
			question: 'Which objective first?',
			options: [
				{ id: 'a', label: 'Intelligence sharing' },
				{ id: 'b', label: 'Legal frameworks' }
			],
			verifiedOnly: true
		});

		const page = await phoneIn(browser, contexts, baseURL!, locale, 'Asia/Karachi');
		for (const [path, where] of [
			['/e/ISB26', 'event page'],
			[`/e/ISB26/s/${VERIFIED_SESSION}`, 'poll']
		] as const) {
			await page.goto(path);
			await waitLive(page);
			const form =
				where === 'poll'
					? page.locator(`[data-testid=poll][data-poll-id=${pollId}]`).getByTestId('badge-form')
					: page.getByTestId('badge-form').first();
			await form.scrollIntoViewIfNeeded();
			await page.evaluate(() => document.fonts.ready);
			const input = form.getByTestId('badge-code');
			for (const size of [{ width: 360, height: 740 }, { width: 320, height: 640 }, ...PHONES]) {
				await page.setViewportSize(size);
				const at = `${where} ${locale} ${size.width}x${size.height}`;
				// The example code in the empty field: typed in, it must show whole (an input scrolls what it cannot show).
				await input.fill('');
				const placeholder = await input.getAttribute('placeholder');
				await input.fill(placeholder!);
				const shown = await input.evaluate((el: HTMLInputElement) => ({
					scroll: el.scrollWidth,
					client: el.clientWidth
				}));
				// Both widths are whole pixels of a field whose width is not: inside a poll a field read one pixel more
				// scrolled than inside at 360 and at 390 px alike (154/155, 184/185: the same whatever room the code has),
				// so one pixel is rounding, not a cut.
				expect(shown.scroll, `${at}: the example code is cut (${JSON.stringify(shown)})`).toBeLessThanOrEqual(
					shown.client + 1
				);
				await input.fill('');
				expect(await overflowsIn(form), at).toEqual([]);
				if (size.width === 360)
					await form.screenshot({
						path: `test-results/screenshots/badge-form-${where.replace(' ', '-')}-${locale}-360.png`
					});
			}
		}
		await closePolls(chair, [pollId]);
	});
}

// The session of this file's verified-only poll, which no other browser test puts polls in.
const LONG_SESSION = VERIFIED_SESSION;

/**
 * The open-poll bar names the two polls opened last by the hub's clock, and earlier tests leave polls open at
 * rehearsal moments as late as day 2's afternoon: a poll this test opens is opened later than all of them.
 */
const AFTER_EVERY_OTHER_TEST = new Date('2026-12-09T16:00:00Z');

type Chair = Awaited<ReturnType<typeof staffSocket>>;

/** A chair signed in at that late moment (the clock first: a sign-in made before the jump would have lapsed). */
async function lateChair(baseURL: string): Promise<Chair> {
	await setHubClock(AFTER_EVERY_OTHER_TEST);
	return staffSocket(baseURL, 'chair');
}
interface NewPoll {
	type: 'single' | 'multiple' | 'rating' | 'ranking';
	question: string;
	options: { id: string; label: string }[];
	verifiedOnly?: boolean;
}

/** A chair's new poll in this file's session (the verified-only poll's), opened at once; its id. */
async function openPoll(chair: Chair, poll: NewPoll): Promise<string> {
	const created = await chair.emitWithAck('poll:create', {
		clientId: `phone-fit-${Date.now()}-${Math.random().toString(36).slice(2)}`,
		eventId: 'isb26',
		sessionId: LONG_SESSION,
		poll: { ...poll, minBallots: 1 }
	});
	if (!created.ok) throw new Error(created.error);
	const pollId = created.data.poll.id;
	const opened = await chair.emitWithAck('poll:transition', {
		clientId: `phone-fit-open-${pollId}`,
		eventId: 'isb26',
		pollId,
		action: 'open',
		countdownSeconds: null
	});
	expect(opened.ok).toBe(true);
	return pollId;
}

/** Closes a test's polls (even after a failed check: a later test would find them open on the hall screen). */
async function closePolls(chair: Chair, pollIds: string[]) {
	for (const pollId of pollIds)
		await chair.emitWithAck('poll:transition', {
			clientId: `phone-fit-close-${pollId}`,
			eventId: 'isb26',
			pollId,
			action: 'close',
			countdownSeconds: null
		});
	chair.close();
}

/** What of `box` (itself included) reaches past the screen's sides, text that wraps or not. */
function outsideTheScreen(box: Locator) {
	return box.evaluate((root) =>
		[root, ...root.querySelectorAll<HTMLElement>('*')]
			.filter((el) => {
				const r = el.getBoundingClientRect();
				return r.width > 1 && (r.left < -0.5 || r.right > window.innerWidth + 0.5);
			})
			.map(
				(el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${el.textContent?.slice(0, 30)}`
			)
	);
}

for (const locale of ['en', 'ur']) {
	test(`in ${locale}, polls whose question and choices hold one unbroken word (a pasted link, digits) stay inside a phone's width, on the ballot and in the open-poll bar`, async ({
		browser,
		contexts,
		baseURL
	}) => {
		test.setTimeout(60_000);
		const chair = await lateChair(baseURL!);
		// The longest a chair may type, without a space: a link to the resolution, Arabic letters and digits.
		const link = `https://example.org/${'r'.repeat(100)}`;
		const word = 'ا'.repeat(60) + '١٢٣٤٥٦٧٨٩٠'.repeat(6);
		const options = [
			{ id: 'link', label: link },
			{ id: 'word', label: word },
			{ id: 'short', label: 'Legal frameworks' }
		];
		const pollIds: string[] = [];
		for (const type of ['single', 'multiple', 'rating', 'ranking'] as const)
			pollIds.push(await openPoll(chair, { type, question: word + 'ب'.repeat(80), options }));

		try {
			const page = await phoneIn(browser, contexts, baseURL!, locale, 'Asia/Karachi');
			for (const path of [`/e/ISB26/s/${LONG_SESSION}`, '/e/ISB26']) {
				await page.goto(path);
				await waitLive(page);
				await page.evaluate(() => document.fonts.ready);
				// The bar names the two polls opened last in other sessions: two of these.
				const parts =
					path === '/e/ISB26'
						? [0, 1].map((i) =>
								page.locator(`[data-testid=open-poll-banner][href$="/s/${LONG_SESSION}"]`).nth(i)
							)
						: pollIds.map((id) => page.locator(`[data-testid=poll][data-poll-id=${id}]`));
				for (const part of parts) await expect(part).toBeVisible();
				for (const size of [{ width: 360, height: 740 }, ...PHONES]) {
					await page.setViewportSize(size);
					const at = `${path} ${locale} ${size.width}x${size.height}`;
					const width = await page.evaluate(() => document.documentElement.scrollWidth);
					expect(width, `${at}: the page is wider than the phone`).toBeLessThanOrEqual(size.width);
					for (const part of parts) expect(await outsideTheScreen(part), at).toEqual([]);
				}
				await page.screenshot({
					path: `test-results/screenshots/long-words-${path === '/e/ISB26' ? 'agenda' : 'ballots'}-${locale}-360.png`,
					fullPage: true
				});
			}
		} finally {
			await closePolls(chair, pollIds);
		}
	});
}

test("a link pasted in a session's description and a speaker's long name wrap inside the card, on the agenda and the session's page", async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(60_000);
	// A break no other browser test touches; its fields are put back at the end.
	const sessionId = 'lunch-1';
	const organiser = await staffSocket(baseURL!, 'organiser');
	const edit = (fields: { description: string; speakers: { name: string; role?: string }[] }) =>
		organiser.emitWithAck('session:update', {
			clientId: `phone-fit-desc-${Date.now()}-${Math.random().toString(36).slice(2)}`,
			eventId: 'isb26',
			sessionId,
			fields
		});
	const link = `https://www.unodc.org/documents/${'Smuggling_of_Migrants_Protocol_'.repeat(3)}.pdf`;
	const edited = await edit({
		description: `Background reading: ${link}`,
		speakers: [{ name: 'ع'.repeat(60), role: `contact@${'x'.repeat(60)}.org` }]
	});
	expect(edited, JSON.stringify(edited)).toMatchObject({ ok: true });
	const page = await phoneIn(browser, contexts, baseURL!, 'en', 'Asia/Karachi');
	for (const path of ['/e/ISB26', `/e/ISB26/s/${sessionId}`]) {
		await page.goto(path);
		await waitLive(page);
		const card = page.locator(`[data-testid=session][data-session-id=${sessionId}]`).last();
		await expect(card).toContainText('Background reading');
		// An Arabic-script name is followed by the Arabic comma, as its speaker typed it.
		await expect(card.locator('.speakers li')).toContainText(/ع، [\u200e\u200f]?contact@/);
		for (const size of [{ width: 360, height: 740 }, ...PHONES]) {
			await page.setViewportSize(size);
			const at = `${path} ${size.width}x${size.height}`;
			const width = await page.evaluate(() => document.documentElement.scrollWidth);
			expect(width, `${at}: the page is wider than the phone`).toBeLessThanOrEqual(size.width);
			expect(await outsideTheScreen(card), at).toEqual([]);
		}
	}
	expect((await edit({ description: '', speakers: [] })).ok).toBe(true);
	organiser.close();
});

const LONG_AR = 'هل تؤيد إنشاء فرقة عمل إقليمية مع UNODC و IOM لتبادل المعلومات بين الدول؟ '.repeat(2).trim();

test('the bar on other pages names the two polls opened last, newest first, in four lines at most', async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(60_000);
	const chair = await lateChair(baseURL!);
	const pollIds: string[] = [];
	try {
		// Three polls opened one after another (in the session the long-poll tests use, so no report test counts them).
		for (const n of ['first', 'second', 'third']) {
			pollIds.push(
				await openPoll(chair, {
					type: 'single',
					// The last one long, in Arabic: the bar shows its start, in four lines at most.
					question: n === 'third' ? `Opened third? ${LONG_AR}` : `Opened ${n}?`,
					options: [
						{ id: 'yes', label: 'Yes' },
						{ id: 'no', label: 'No' }
					]
				})
			);
			// Polls are ordered by the moment they opened, to the millisecond: keep the three moments apart.
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const page = await phoneIn(browser, contexts, baseURL!, 'en', 'Asia/Karachi');
		await page.goto('/e/ISB26');
		await waitLive(page);
		const bar = page.getByTestId('open-poll-banner');
		await expect(bar).toHaveCount(2);
		await expect(bar.nth(0)).toContainText('Opened third?');
		await expect(bar.nth(1)).toContainText('Opened second?');
		const urdu = await phoneIn(browser, contexts, baseURL!, 'ur', 'Asia/Karachi');
		await urdu.goto('/e/ISB26');
		await waitLive(urdu);
		const long = urdu.getByTestId('open-poll-banner').first();
		await expect(long).toContainText('Opened third?');
		// Two lines of where it is (in Nastaliq), two of the question: it took 182 px with the question in full.
		expect((await long.boundingBox())!.height).toBeLessThanOrEqual(130);
	} finally {
		await closePolls(chair, pollIds);
	}
});

test('on a phone the header scrolls away with the page, a lost connection still showing; on a laptop it stays at the top', async ({
	browser,
	contexts,
	baseURL
}) => {
	const page = await phoneIn(browser, contexts, baseURL!, 'ur', 'Asia/Karachi');
	await page.goto('/e/ISB26');
	await waitLive(page);
	const header = page.locator('header.top');
	const scrolled = async () => {
		await page.evaluate(() => window.scrollTo(0, 600));
		await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
		return (await header.boundingBox())!;
	};
	// 360×740: the whole header is above the screen once the reader has scrolled.
	const phone = await scrolled();
	expect(phone.y + phone.height).toBeLessThanOrEqual(0);
	// A lost connection still shows, at the top of the screen, while the header is away; back at the top, the
	// header's own badge says it.
	const away = page.getByTestId('connection-away');
	await expect(away).toHaveCount(0);
	await page.context().setOffline(true);
	await expect(away).toHaveAttribute('data-status', 'reconnecting');
	const pill = (await away.boundingBox())!;
	expect(pill.y).toBeGreaterThanOrEqual(0);
	expect(pill.y + pill.height).toBeLessThan(60);
	await page.evaluate(() => window.scrollTo(0, 0));
	await expect(away).toHaveCount(0);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'reconnecting');
	await page.context().setOffline(false);
	await waitLive(page);
	await page.evaluate(() => window.scrollTo(0, 600));
	await expect(away).toHaveCount(0);
	await page.setViewportSize({ width: 1366, height: 768 });
	await page.evaluate(() => window.scrollTo(0, 0));
	const laptop = await scrolled();
	expect(laptop.y).toBe(0);
});
