import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import {
	chairPoll,
	DAY1_1100,
	expect,
	PHONE,
	setClock,
	setHubClock,
	staffSocket,
	test,
	waitLive
} from './fixtures';

/** Findings of an outside tester on Urdu and Arabic phones and consoles: text in the wrong order, cut, or unnamed. */

const SHOTS = 'test-results/screenshots';
const PHONES = [
	{ width: 390, height: 844 },
	{ width: 360, height: 740 }
];
const FSI = '\u2068';
const PDI = '\u2069';

async function phoneIn(browser: Browser, contexts: BrowserContext[], baseURL: string, locale: string) {
	const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi', locale });
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
	await setClock(context, DAY1_1100);
	contexts.push(context);
	return context.newPage();
}

const tag = () => `bidi-${Date.now()}-${Math.random().toString(36).slice(2)}`;
/** The eve of the conference, 14:00 in Islamabad: a change made then is in no conference day's change list. */
const EVE = new Date('2026-12-07T09:00:00Z');

/** Gives a session of the sample a new title, as its organiser. */
const retitleSession = (
	organiser: Awaited<ReturnType<typeof staffSocket>>,
	sessionId: string,
	title: string
) =>
	organiser.emitWithAck('session:update', {
		clientId: tag(),
		eventId: 'isb26',
		sessionId,
		fields: { title }
	});

/** The text boxes of `phrase` inside `el`'s text: those below the element's clipped box are not seen. */
function hiddenPartOf(el: Locator, phrase: string) {
	return el.evaluate((root, phrase) => {
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		const box = root.getBoundingClientRect();
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent!.indexOf(phrase);
			if (at < 0) continue;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + phrase.length);
			const rects = [...range.getClientRects()].filter((r) => r.width > 0);
			return rects.filter((r) => r.bottom > box.bottom + 1 || r.top < box.top - 1).length;
		}
		return -1;
	}, phrase);
}

test('on an Urdu phone the open-poll bar says a poll is open before the session title takes its two lines', async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(60_000);
	// Later than every other test's polls (the bar names the two opened last), in a session no other test polls in.
	await setHubClock(new Date('2026-12-09T16:30:00Z'));
	const chair = await staffSocket(baseURL!, 'chair');
	const created = await chair.emitWithAck('poll:create', {
		clientId: tag(),
		eventId: 'isb26',
		sessionId: 'partner-remarks',
		poll: {
			type: 'single',
			question: 'Bidi bar?',
			options: [
				{ id: 'y', label: 'Yes' },
				{ id: 'n', label: 'No' }
			]
		}
	});
	if (!created.ok) throw new Error(created.error);
	const pollId = created.data.poll.id;
	const transition = (action: 'open' | 'close') =>
		chair.emitWithAck('poll:transition', {
			clientId: tag(),
			eventId: 'isb26',
			pollId,
			action,
			countdownSeconds: null
		});
	expect((await transition('open')).ok).toBe(true);
	try {
		for (const locale of ['ur', 'ar', 'fr', 'en']) {
			const page = await phoneIn(browser, contexts, baseURL!, locale);
			await page.goto('/e/ISB26');
			await waitLive(page);
			await page.evaluate(() => document.fonts.ready);
			const bar = page.locator('[data-testid=open-poll-banner][href$="/s/partner-remarks"]').first();
			await expect(bar).toContainText('Bidi bar?');
			const phrase = {
				ur: 'رائے شماری جاری ہے',
				ar: 'استطلاع مفتوح',
				fr: 'Sondage ouvert',
				en: 'A poll is open'
			}[locale]!;
			for (const size of PHONES) {
				await page.setViewportSize(size);
				const at = `${locale} ${size.width}x${size.height}`;
				expect(await hiddenPartOf(bar.locator('.where'), phrase), `${at}: "${phrase}" in sight`).toBe(0);
				if (locale === 'ur' || locale === 'ar')
					await bar.screenshot({ path: `${SHOTS}/poll-bar-${locale}-${size.width}.png` });
			}
		}
	} finally {
		await transition('close');
		chair.close();
	}
});

test('on an Urdu or Arabic phone the English event title in the header runs left to right, so it is cut at its end', async ({
	browser,
	contexts,
	baseURL
}) => {
	for (const locale of ['ur', 'ar']) {
		const page = await phoneIn(browser, contexts, baseURL!, locale);
		await page.goto('/e/ISB26');
		await waitLive(page);
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		// The element that clamps the title to two lines (and so draws the "…") is the one whose direction counts.
		const title = page.locator('header.top .title');
		await expect(title).toContainText('International Conference');
		expect(await title.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
		for (const size of PHONES) {
			await page.setViewportSize(size);
			await page
				.locator('header.top')
				.screenshot({ path: `${SHOTS}/header-title-${locale}-${size.width}.png` });
		}
	}
});

test("on an English phone each part of the event's days, venue and city is laid out whole, an Arabic venue included", async ({
	browser,
	contexts,
	baseURL
}) => {
	const organiser = await staffSocket(baseURL!, 'organiser');
	const venue = (v: string) =>
		organiser.emitWithAck('event:details', { clientId: tag(), eventId: 'isb26', fields: { venue: v } });
	expect((await venue('مركز جناح للمؤتمرات (Jinnah Convention Centre)')).ok).toBe(true);
	try {
		for (const locale of ['en', 'ur', 'ar']) {
			const page = await phoneIn(browser, contexts, baseURL!, locale);
			await page.goto('/e/ISB26');
			await waitLive(page);
			await page.evaluate(() => document.fonts.ready);
			const where = page.getByTestId('about').locator('p.where');
			await expect(where).toContainText('Jinnah Convention Centre');
			for (const size of PHONES) {
				await page.setViewportSize(size);
				// A part that wraps along with the line is split in pieces, each laid out in the line's direction.
				const pieces = await where
					.locator(':scope > :not(.sep)')
					.evaluateAll((parts) => parts.map((p) => [p.textContent, p.getClientRects().length] as const));
				expect(pieces.length).toBe(3);
				for (const [text, boxes] of pieces) expect(boxes, `${locale} ${size.width}: "${text}" whole`).toBe(1);
				await where.screenshot({ path: `${SHOTS}/about-where-${locale}-${size.width}.png` });
			}
		}
	} finally {
		expect((await venue('Islamabad')).ok).toBe(true);
		organiser.close();
	}
});

test("each announcement's close button on a phone says which announcement it closes, in every language", async ({
	browser,
	contexts,
	baseURL
}) => {
	// Posted on the eve by the hub's clock: while they are up, a conference day's "What changed today" would show their
	// words, and an English phone would then have Urdu to set (see i18n.spec's font test).
	await setHubClock(EVE);
	const organiser = await staffSocket(baseURL!, 'organiser');
	const texts = [
		'Lunch is served in the garden marquee until 14:00 today',
		'وزارت داخلہ کی بس 17:30 پر مرکزی دروازے سے روانہ ہوگی'
	];
	const ids: number[] = [];
	try {
		for (const text of texts) {
			const posted = await organiser.emitWithAck('announcement:post', {
				clientId: tag(),
				eventId: 'isb26',
				text,
				roomId: null,
				minutes: null
			});
			if (!posted.ok) throw new Error(posted.error);
			ids.push(posted.data.announcement.id);
		}
		const names = {
			en: 'Dismiss announcement:',
			fr: 'Masquer l’annonce\u202f:',
			ur: 'اعلان بند کریں:',
			ar: 'إخفاء الإعلان:'
		} as const;
		for (const locale of ['en', 'fr', 'ur', 'ar'] as const) {
			const page: Page = await phoneIn(browser, contexts, baseURL!, locale);
			await page.goto('/e/ISB26');
			await waitLive(page);
			for (const text of texts) {
				const item = page.getByTestId('announcement').filter({ hasText: text.slice(0, 20) });
				const button = item.getByRole('button');
				const label = (await button.getAttribute('aria-label'))!;
				expect(label, locale).toContain(names[locale]);
				expect(label, locale).toContain(`${FSI}${text.split(' ').slice(0, 3).join(' ')}`);
				expect(label.endsWith(PDI)).toBe(true);
				await expect(page.getByRole('button', { name: label })).toHaveCount(1);
			}
			if (locale === 'ur' || locale === 'ar') {
				for (const size of PHONES) {
					await page.setViewportSize(size);
					await page
						.getByRole('region', { name: locale === 'ur' ? 'اعلان' : 'إعلان' })
						.screenshot({ path: `${SHOTS}/announcements-${locale}-${size.width}.png` });
				}
			}
		}
	} finally {
		for (const id of ids)
			await organiser.emitWithAck('announcement:withdraw', {
				clientId: tag(),
				eventId: 'isb26',
				announcementId: id
			});
		organiser.close();
		await setHubClock(DAY1_1100);
	}
});

const URDU_TITLE = 'تارکین وطن کی اسمگلنگ کا پروٹوکول (UN Protocol, 2000) اور اس پر عمل';

/**
 * Gives `lunch-2` (a break no other browser test reports on) an Urdu title with an English part for `fn`, and puts
 * its title back afterwards. Both changes are made on the eve of the conference by the hub's clock: made on a
 * conference day they stay in that day's "What changed today" on every phone, and an English phone then has Urdu
 * words to set (i18n.spec checks it downloads no Arabic-script font). The hub's clock is left at the suite's start.
 */
async function withUrduTitle(baseURL: string, fn: (sessionId: string) => Promise<void>) {
	await setHubClock(EVE);
	const sessionId = 'lunch-2';
	const organiser = await staffSocket(baseURL, 'organiser');
	const retitle = (title: string) => retitleSession(organiser, sessionId, title);
	expect((await retitle(URDU_TITLE)).ok).toBe(true);
	try {
		await fn(sessionId);
	} finally {
		expect((await retitle('Lunch')).ok).toBe(true);
		organiser.close();
		await setHubClock(DAY1_1100);
	}
}

test("a session's outcome report isolates its Urdu title in the heading", async ({ staffPage, baseURL }) => {
	test.setTimeout(60_000);
	await withUrduTitle(baseURL!, async (sessionId) => {
		const page = await staffPage('organiser');
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await page.goto(`/organiser/report/${sessionId}`);
		const h1 = page.locator('h1');
		await expect(h1).toContainText('(UN Protocol, 2000)');
		expect(await h1.textContent()).toContain(`${FSI}${URDU_TITLE}${PDI}`);
		await h1.screenshot({ path: `${SHOTS}/report-title-ur.png` });
	});
});

test("the consoles' pickers isolate every session and room named in them (an <option> cannot hold a <bdi>)", async ({
	staffPage,
	baseURL
}) => {
	test.setTimeout(60_000);
	await withUrduTitle(baseURL!, async () => {
		const page = await staffPage('organiser');
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await page.reload();
		await waitLive(page);
		// Every <select> whose options are someone's text: an <option> cannot hold a <bdi>, so the text is isolated.
		const userOptions = await page
			.locator('select')
			.evaluateAll((selects) =>
				selects.flatMap((s) =>
					[...(s as HTMLSelectElement).options]
						.filter((o) => o.value && !['all'].includes(o.value))
						.map((o) => `${s.dataset.testid ?? s.id}|${o.value}|${o.textContent}`)
				)
			);
		const named = userOptions.filter((o) =>
			/^(announcement-room|mint-room|room-filter|audit-session|form-room|move-room)\|/.test(o)
		);
		expect(named.length).toBeGreaterThan(3);
		for (const o of named) expect(o.split('|')[2], o).toMatch(new RegExp(`^${FSI}.*${PDI}$`, 'u'));

		await page.screenshot({ path: `${SHOTS}/organiser-ur.png` });
		const moderator = await staffPage('moderator');
		await moderator.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await moderator.goto(moderator.url());
		await waitLive(moderator);
		// The moderator's session picker lists the sessions with questions: each names its title and hall isolated.
		const options = moderator.getByTestId('mod-session-select').locator('option');
		await expect(options.first()).toBeAttached();
		for (const text of await options.allTextContents())
			expect(text).toMatch(new RegExp(`${FSI}[^${PDI}]+${PDI} · ${FSI}[^${PDI}]+${PDI}`, 'u'));
	});
});

/**
 * The element that cuts the text of `phrase` in `bar` (the nearest one that clips it with an ellipsis or a line
 * clamp): its direction, whether it cut anything, and whether the phrase itself (the title's start) is in sight.
 */
function cutOf(bar: Locator, phrase: string) {
	return bar.evaluate((root, phrase) => {
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const at = node.textContent!.indexOf(phrase);
			if (at < 0) continue;
			let el = node.parentElement!;
			const cuts = (cs: CSSStyleDeclaration) =>
				(cs.textOverflow === 'ellipsis' && cs.whiteSpace === 'nowrap') ||
				(cs.webkitLineClamp !== 'none' && cs.webkitLineClamp !== '');
			while (el !== root && !cuts(getComputedStyle(el))) el = el.parentElement!;
			const range = document.createRange();
			range.setStart(node, at);
			range.setEnd(node, at + phrase.length);
			const box = el.getBoundingClientRect();
			const seen = [...range.getClientRects()].filter((r) => r.width > 0);
			return {
				direction: getComputedStyle(el).direction,
				cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
				startInSight:
					seen.length > 0 &&
					seen.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1)
			};
		}
		return null;
	}, phrase);
}

const LONG_EN_TITLE =
	'Lunch with the partners of the regional task force on smuggling routes, hosted by the Ministry of Interior';
const LONG_UR_TITLE =
	'علاقائی ٹاسک فورس کے شراکت داروں کے ساتھ ظہرانہ، اسمگلنگ کے راستوں پر گفتگو اور وزارت داخلہ کی میزبانی میں';

test('on a phone the open-poll bar cuts a session title at its own end: an English one in Urdu, an Urdu one in English', async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(60_000);
	const sessionId = 'lunch-2';
	const organiser = await staffSocket(baseURL!, 'organiser');
	const retitle = (title: string) => retitleSession(organiser, sessionId, title);
	const cases = [
		{ locale: 'ur', title: LONG_EN_TITLE, direction: 'ltr', start: 'Lunch with the partners' },
		{ locale: 'en', title: LONG_UR_TITLE, direction: 'rtl', start: 'علاقائی ٹاسک فورس' }
	] as const;
	try {
		for (const c of cases) {
			// Retitled on the eve by the hub's clock (a conference day's "What changed today" would keep the title), and
			// the poll opened later than every other test's (the bar names the two opened last).
			await setHubClock(EVE);
			expect((await retitle(c.title)).ok).toBe(true);
			await setHubClock(new Date('2026-12-09T16:40:00Z'));
			const poll = await chairPoll(baseURL!, sessionId, `Cut at its end? (${c.locale})`, [
				{ id: 'y', label: 'Yes' },
				{ id: 'n', label: 'No' }
			]);
			try {
				expect((await poll.transition('open')).ok).toBe(true);
				const page = await phoneIn(browser, contexts, baseURL!, c.locale);
				await page.goto('/e/ISB26');
				await waitLive(page);
				await page.evaluate(() => document.fonts.ready);
				const bar = page.locator(`[data-testid=open-poll-banner][href$="/s/${sessionId}"]`).first();
				await expect(bar).toContainText(`Cut at its end? (${c.locale})`);
				await bar.screenshot({ path: `${SHOTS}/poll-bar-title-${c.locale}-360.png` });
				const cut = await cutOf(bar, c.start);
				const at = `${c.locale} UI, ${c.direction} title`;
				expect(cut, `${at}: the title is in the bar`).not.toBeNull();
				expect(cut!.cut, `${at}: the title is long enough to be cut`).toBe(true);
				// The "…" is drawn at the end of the element that cuts, in its direction: the title's own.
				expect(cut!.direction, `${at}: the title is cut in the bar's direction, at its start`).toBe(
					c.direction
				);
				expect(cut!.startInSight, `${at}: the title's first words are in sight`).toBe(true);
			} finally {
				await poll.transition('close');
				poll.done();
			}
		}
	} finally {
		await setHubClock(EVE);
		expect((await retitle('Lunch')).ok).toBe(true);
		organiser.close();
		await setHubClock(DAY1_1100);
	}
});
