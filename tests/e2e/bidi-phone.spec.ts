import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { io } from 'socket.io-client';
import {
	chairPoll,
	DAY1_1100,
	deviceCookie,
	expect,
	mintSignInPath,
	PHONE,
	setClock,
	setHubClock,
	signInOnPage,
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

/** Every session of the sample, for `othersClosed`. */
const SAMPLE_SESSIONS = [
	'registration',
	'opening',
	'partner-remarks',
	'coffee-1',
	'ws-intelligence',
	'ws-legal',
	'lunch-1',
	'nap-greece',
	'digital-networks',
	'ws-victims',
	'ws-root-causes',
	'coffee-2',
	'reports',
	'lunch-2',
	'closing'
];

/** A chair's open, close or reopen of a poll, each with a client id of its own. */
const pollTransition = (
	chair: Awaited<ReturnType<typeof staffSocket>>,
	pollId: string,
	action: 'open' | 'close' | 'reopen'
) =>
	chair.emitWithAck('poll:transition', {
		clientId: tag(),
		eventId: 'isb26',
		pollId,
		action,
		countdownSeconds: null
	});

/**
 * Closes every poll other tests left open (two or more open make one bar, not the bar these tests measure); the
 * function it returns opens them again.
 */
async function othersClosed(baseURL: string) {
	const chair = await staffSocket(baseURL, 'chair');
	const closed: string[] = [];
	const transition = (pollId: string, action: 'close' | 'reopen') => pollTransition(chair, pollId, action);
	for (const sessionId of SAMPLE_SESSIONS) {
		const managed = await chair.emitWithAck('poll:manage', { eventId: 'isb26', sessionId });
		if (!managed.ok) continue;
		for (const p of managed.data.polls)
			if (p.state === 'open' && (await transition(p.id, 'close')).ok) closed.push(p.id);
	}
	return async () => {
		for (const pollId of closed) {
			const reopened = await transition(pollId, 'reopen');
			if (!reopened.ok) throw new Error(`could not reopen ${pollId}: ${reopened.error}`);
		}
		chair.close();
	};
}
/** Set by a test that closed the others' polls: they are opened again after it, passed or failed. */
let reopenOthers: (() => Promise<void>) | null = null;
test.afterEach(async () => {
	await reopenOthers?.();
	reopenOthers = null;
});

test('on an Urdu phone the open-poll bar says a poll is open before the session title takes its two lines', async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(60_000);
	reopenOthers = await othersClosed(baseURL!);
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
	const transition = (action: 'open' | 'close') => pollTransition(chair, pollId, action);
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
	reopenOthers = await othersClosed(baseURL!);
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

/** Day 1, 15:40 in Islamabad: Hall A's "digital networks" session is next, and a question put on screen shows. */
const AT_1540 = new Date('2026-12-08T10:40:00Z');
const NUMBERS_SESSION = 'digital-networks';
/** Phone and case numbers as delegates type them: the phone's number runs must each stay whole and left to right. */
const NUMBERS = [
	'+92-300-1234567',
	'FIA-2026-0412',
	'+92-51-9201234',
	'FIA-2025-1187',
	'+92-321-7654321',
	'FIA-2026-0099'
];
const NUMBERED = {
	ur: `ہیلپ لائن ${NUMBERS[0]}، مقدمہ ${NUMBERS[1]}، دفتر ${NUMBERS[2]}، مقدمہ ${NUMBERS[3]}، شکایت ${NUMBERS[4]} اور مقدمہ ${NUMBERS[5]}۔ کیا متاثرین ان نمبروں پر رابطہ کریں؟`,
	ar: `الخط الساخن ${NUMBERS[0]}، القضية ${NUMBERS[1]}، المكتب ${NUMBERS[2]}، القضية ${NUMBERS[3]}، الشكوى ${NUMBERS[4]} والقضية ${NUMBERS[5]}. هل يتصل الضحايا بهذه الأرقام؟`
};
/** A number wider than a phone's line: it may break inside, but not run off the screen. */
const LONG = '0092-300-1234567-8901-2345-6789-0123-4567-8901';

/**
 * Where each character of `run` is drawn inside `el` (invisible bidi marks aside), wherever the text nodes holding it
 * are: the run's boxes in reading order.
 */
function runBoxes(el: Locator, run: string) {
	return el.evaluate((root, run) => {
		const chars: { node: Text; at: number; ch: string }[] = [];
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null)
			for (let i = 0; i < n.data.length; i++)
				if (!/[\u200e\u200f\u2066-\u2069]/u.test(n.data[i])) chars.push({ node: n, at: i, ch: n.data[i] });
		const start = chars
			.map((c) => c.ch)
			.join('')
			.indexOf(run);
		if (start < 0) return null;
		return chars.slice(start, start + run.length).map((c) => {
			const range = document.createRange();
			range.setStart(c.node, c.at);
			range.setEnd(c.node, c.at + 1);
			const r = range.getBoundingClientRect();
			return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
		});
	}, run);
}

/** Each number of NUMBERS in `el` is on one line and reads left to right, its first character leftmost. */
async function expectNumbersWhole(el: Locator, where: string) {
	for (const run of NUMBERS) {
		const boxes = await runBoxes(el, run);
		expect(boxes, `${where}: ${run} shown`).not.toBeNull();
		const middle = boxes!.map((b) => (b.top + b.bottom) / 2);
		expect(Math.max(...middle) - Math.min(...middle), `${where}: ${run} on one line`).toBeLessThan(6);
		const lefts = boxes!.map((b) => b.left);
		for (let i = 1; i < lefts.length; i++)
			expect(lefts[i], `${where}: ${run} left to right at "${run[i]}"`).toBeGreaterThan(lefts[i - 1]);
	}
}

/** Hall A's screen at 1280×720, live, at 15:40 on day 1 by its own clock. */
async function hallAScreenAt1540(browser: Browser, contexts: BrowserContext[]) {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 720 },
		timezoneId: 'Asia/Karachi'
	});
	contexts.push(context);
	await setClock(context, AT_1540);
	const screen = await context.newPage();
	await signInOnPage(screen, await mintSignInPath('screen', 'hall-a'));
	await waitLive(screen);
	return screen;
}

async function askApproved(baseURL: string, texts: string[]) {
	const asker = io(baseURL, {
		transports: ['websocket'],
		extraHeaders: { cookie: await deviceCookie(baseURL) }
	});
	const ids: string[] = [];
	try {
		await asker.emitWithAck('event:join', { code: 'ISB26', protocol: 1 });
		for (const text of texts) {
			const res = await asker.emitWithAck('question:ask', {
				clientId: tag(),
				eventId: 'isb26',
				sessionId: NUMBERS_SESSION,
				text,
				objectiveId: null
			});
			if (!res.ok) throw new Error(res.error);
			ids.push(res.data.question.id);
		}
	} finally {
		asker.close();
	}
	const moderator = await staffSocket(baseURL, 'moderator');
	const res = await moderator.emitWithAck('question:approve', {
		clientId: tag(),
		eventId: 'isb26',
		questionIds: ids
	});
	if (!res.ok) throw new Error(res.error);
	return { ids, moderator };
}

test('on a 390 px Urdu or Arabic phone a phone or case number in a question is never split, and reads left to right', async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(90_000);
	const run = Date.now().toString(36);
	const texts = [`${NUMBERED.ur} (${run})`, `${NUMBERED.ar} (${run})`, `ملاحظہ ${LONG} (${run})`];
	const { ids, moderator: mod } = await askApproved(baseURL!, texts);
	const read = await mod.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: NUMBERS_SESSION });
	if (!read.ok) throw new Error(read.error);
	const wasPinned = read.data.questions.find((q) => q.pinned && q.state === 'published')?.id ?? null;
	const pin = (questionId: string | null) =>
		mod.emitWithAck('question:pin', {
			clientId: tag(),
			eventId: 'isb26',
			sessionId: NUMBERS_SESSION,
			questionId
		});
	try {
		const question = (page: Page, testid: string, locale: 'ur' | 'ar') =>
			page
				.getByTestId(testid)
				.filter({ hasText: NUMBERED[locale].split(' ').slice(0, 2).join(' ') })
				.filter({ hasText: run });
		for (const locale of ['ur', 'ar'] as const) {
			const context = await browser.newContext({
				...PHONE,
				deviceScaleFactor: 2,
				timezoneId: 'Asia/Karachi',
				locale
			});
			contexts.push(context);
			await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
			await setClock(context, AT_1540);
			const page = await context.newPage();
			await page.setViewportSize({ width: 390, height: 844 });
			await page.goto(`/e/ISB26/s/${NUMBERS_SESSION}`);
			await waitLive(page);
			await page.evaluate(() => document.fonts.ready);
			for (const l of ['ur', 'ar'] as const)
				await expectNumbersWhole(question(page, 'question-text', l), `${locale} phone, ${l} question`);
			// A number wider than the line breaks inside rather than run off the phone's screen.
			const long = page.getByTestId('question-text').filter({ hasText: LONG });
			const box = (await long.boundingBox())!;
			for (const b of (await runBoxes(long, LONG))!) {
				expect(b.right).toBeLessThanOrEqual(box.x + box.width + 1);
				expect(b.left).toBeGreaterThanOrEqual(box.x - 1);
			}
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
			await question(page, 'question-text', locale).scrollIntoViewIfNeeded();
			await page.screenshot({ path: `${SHOTS}/numbers-${locale}-390.png` });
			await question(page, 'question-text', locale).screenshot({
				path: `${SHOTS}/numbers-${locale}-390-question.png`,
				scale: 'device'
			});
		}

		// The moderator's console on a phone, and the hall screen with the question on it.
		const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi', locale: 'ur' });
		contexts.push(context);
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await setClock(context, AT_1540);
		const console = await context.newPage();
		await console.setViewportSize({ width: 390, height: 844 });
		await signInOnPage(console, await mintSignInPath('moderator'));
		await waitLive(console);
		await console.getByTestId('mod-session-select').selectOption(NUMBERS_SESSION);
		await console.getByTestId('mod-tab-published').click();
		await console.evaluate(() => document.fonts.ready);
		for (const l of ['ur', 'ar'] as const)
			await expectNumbersWhole(question(console, 'mod-question-text', l), `moderator console, ${l} question`);
		await question(console, 'mod-question-text', 'ur').scrollIntoViewIfNeeded();
		await console.screenshot({ path: `${SHOTS}/numbers-moderator-ur-390.png` });

		expect((await pin(ids[0])).ok).toBe(true);
		const screen = await hallAScreenAt1540(browser, contexts);
		const pinned = screen.locator('[data-testid=screen-pinned] .q');
		await expect(pinned).toContainText(run);
		await screen.evaluate(() => document.fonts.ready);
		await expectNumbersWhole(pinned, 'hall screen');
		await screen.screenshot({ path: `${SHOTS}/numbers-screen-ur.png` });
	} finally {
		await pin(wasPinned);
		mod.close();
	}
});

test("an announcement's phone and case numbers stay whole and left to right on an Urdu phone, the hall screen and the organiser's list", async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(90_000);
	const organiser = await staffSocket(baseURL!, 'organiser');
	const posted = await organiser.emitWithAck('announcement:post', {
		clientId: tag(),
		eventId: 'isb26',
		text: NUMBERED.ur,
		roomId: null
	});
	if (!posted.ok) throw new Error(posted.error);
	const announcementId = posted.data.announcement.id;
	try {
		const context = await browser.newContext({
			...PHONE,
			deviceScaleFactor: 2,
			timezoneId: 'Asia/Karachi',
			locale: 'ur'
		});
		contexts.push(context);
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await setClock(context, AT_1540);
		const page = await context.newPage();
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/e/ISB26');
		await waitLive(page);
		await page.evaluate(() => document.fonts.ready);
		const bar = page.getByTestId('announcement').filter({ hasText: 'ہیلپ لائن' }).locator('p');
		await expectNumbersWhole(bar, 'Urdu phone, announcement');
		await page.screenshot({ path: `${SHOTS}/numbers-announcement-ur-390.png` });

		const screen = await hallAScreenAt1540(browser, contexts);
		const onScreen = screen.locator(
			`[data-testid=screen-announcement][data-announcement-id="${announcementId}"]`
		);
		await expect(onScreen).toBeVisible({ timeout: 20_000 });
		await screen.evaluate(() => document.fonts.ready);
		await expectNumbersWhole(onScreen, 'hall screen, announcement');

		const orgContext = await browser.newContext({
			viewport: { width: 1280, height: 800 },
			timezoneId: 'Asia/Karachi'
		});
		contexts.push(orgContext);
		await orgContext.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await setClock(orgContext, AT_1540);
		const console = await orgContext.newPage();
		await signInOnPage(console, await mintSignInPath('organiser'));
		await waitLive(console);
		const listed = console.locator('.text', { hasText: 'ہیلپ لائن' }).first();
		await listed.scrollIntoViewIfNeeded();
		await expectNumbersWhole(listed, "organiser's announcements");
	} finally {
		await organiser.emitWithAck('announcement:withdraw', {
			clientId: tag(),
			eventId: 'isb26',
			announcementId
		});
		organiser.close();
	}
});

test('on a phone two open polls make one compact bar, a sixth of a 360×740 screen at most, each linking to its session, in every language', async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(90_000);
	reopenOthers = await othersClosed(baseURL!);
	// Later than every other test's polls (the bar names the two opened last), in two sessions no other test polls in.
	await setHubClock(new Date('2026-12-09T16:50:00Z'));
	const questions = {
		'partner-remarks': 'Should the task force meet every quarter, in Islamabad or online?',
		'lunch-2': 'Which border crossing needs a joint team first: Torkham, Taftan or Wagah?'
	};
	const polls = [];
	for (const [sessionId, question] of Object.entries(questions))
		polls.push(
			await chairPoll(baseURL!, sessionId, question, [
				{ id: 'y', label: 'Yes' },
				{ id: 'n', label: 'No' }
			])
		);
	try {
		for (const poll of polls) expect((await poll.transition('open')).ok).toBe(true);
		for (const locale of ['ur', 'ar', 'fr', 'en']) {
			const page = await phoneIn(browser, contexts, baseURL!, locale);
			await page.goto('/e/ISB26');
			await waitLive(page);
			await page.evaluate(() => document.fonts.ready);
			const bars = page.getByTestId('open-poll-banner');
			await expect(bars).toHaveCount(2);
			// Newest first, each a link to its own session's page, naming its question.
			for (const [i, [sessionId, question]] of Object.entries(questions).reverse().entries()) {
				await expect(bars.nth(i)).toHaveAttribute('href', `/e/ISB26/s/${sessionId}`);
				await expect(bars.nth(i)).toContainText(question);
			}
			for (const size of PHONES) {
				await page.setViewportSize(size);
				const at = `${locale} ${size.width}x${size.height}`;
				// The whole of it: the polls' links and what holds them.
				const box = await page.evaluate(() => {
					const parts = [
						...document.querySelectorAll('[data-testid=open-poll-banner], [data-testid=open-polls]')
					].map((el) => el.getBoundingClientRect());
					return {
						top: Math.min(...parts.map((r) => r.top)),
						bottom: Math.max(...parts.map((r) => r.bottom)),
						left: Math.min(...parts.map((r) => r.left)),
						right: Math.max(...parts.map((r) => r.right))
					};
				});
				expect(box.bottom - box.top, `${at}: the bar's height`).toBeLessThanOrEqual(740 / 6);
				expect(box.left, at).toBeGreaterThanOrEqual(0);
				expect(box.right, at).toBeLessThanOrEqual(size.width);
				for (let i = 0; i < 2; i++) {
					const link = (await bars.nth(i).boundingBox())!;
					// Each still a target a thumb finds.
					expect(link.height, `${at}: poll ${i + 1}'s link`).toBeGreaterThanOrEqual(32);
				}
				await page.screenshot({
					path: `${SHOTS}/poll-bar-two-${locale}-${size.width}.png`,
					clip: { x: 0, y: 0, width: size.width, height: Math.min(size.height, box.bottom + 40) }
				});
			}
		}
		// A third: the bar still links the two opened last, and says how many are open, all three. Opened after the two
		// (the phones above put the hub's clock back at day 1, 11:00; its chair signs in at the new time, as a sign-in
		// from 30 hours before would have ended).
		await setHubClock(new Date('2026-12-09T16:55:00Z'));
		polls.push(
			await chairPoll(baseURL!, 'digital-networks', 'Is a regional task force the right next step?', [
				{ id: 'y', label: 'Yes' },
				{ id: 'n', label: 'No' }
			])
		);
		expect((await polls[2].transition('open')).ok).toBe(true);
		const page = await phoneIn(browser, contexts, baseURL!, 'en');
		await page.goto('/e/ISB26');
		await waitLive(page);
		await expect(page.getByTestId('open-polls')).toContainText('3 polls are open');
		await expect(page.getByTestId('open-poll-banner')).toHaveCount(2);
		await expect(page.getByTestId('open-poll-banner').first()).toHaveAttribute(
			'href',
			'/e/ISB26/s/digital-networks'
		);
		// The third is a tap away: "Show all" lists the three, newest first, each linking to its session, and keeps
		// the focus; "Show two" folds it back.
		const showAll = page.getByTestId('open-polls-show-all');
		await expect(showAll).toHaveAttribute('aria-expanded', 'false');
		await showAll.click();
		const rows = page.getByTestId('open-poll-banner');
		await expect(rows).toHaveCount(3);
		for (const [i, sessionId] of ['digital-networks', 'lunch-2', 'partner-remarks'].entries())
			await expect(rows.nth(i)).toHaveAttribute('href', `/e/ISB26/s/${sessionId}`);
		await expect(showAll).toBeFocused();
		await expect(showAll).toHaveAttribute('aria-expanded', 'true');
		await expect(showAll).toHaveText('Show two');
		await page.screenshot({
			path: `${SHOTS}/poll-bar-three-en-360.png`,
			clip: { x: 0, y: 0, width: 360, height: 300 }
		});
		await showAll.press('Enter');
		await expect(rows).toHaveCount(2);
		// In Urdu, the button is in the page's words and the bar keeps to the screen.
		const urdu = await phoneIn(browser, contexts, baseURL!, 'ur');
		await urdu.goto('/e/ISB26');
		await waitLive(urdu);
		await urdu.getByTestId('open-polls-show-all').click();
		await expect(urdu.getByTestId('open-poll-banner')).toHaveCount(3);
		await expect(urdu.getByTestId('open-polls-show-all')).toHaveText('دو دکھائیں');
		expect(await urdu.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await urdu.screenshot({
			path: `${SHOTS}/poll-bar-three-ur-360.png`,
			clip: { x: 0, y: 0, width: 360, height: 320 }
		});
	} finally {
		for (const poll of polls) {
			await poll.transition('close');
			poll.done();
		}
		await setHubClock(DAY1_1100);
	}
});
