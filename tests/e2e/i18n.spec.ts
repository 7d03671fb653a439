import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient, StaffRole } from '../../src/lib/protocol';
import {
	deviceCookie,
	docShot,
	expect,
	mintSignInPath,
	PHONE,
	signInOnPage,
	staffSocket,
	test,
	waitLive,
	setClock
} from './fixtures';

/** Every language the project is translated into; the tests below run for each. */
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
	baseLocale: string;
	locales: string[];
};
const LOCALES = settings.locales;
const RTL = new Set(['ur', 'ar']);

const AT_1230 = new Date('2026-12-08T07:30:00Z'); // day 1, 12:30: the working sessions in Hall A and Hall B are on
const E = 'isb26';
const S = 'ws-intelligence'; // Hall A: other specs leave it alone until live-updates delays it
/** A delegate's question, Urdu with English acronyms: "Can UNODC and FIA share smuggling-route intelligence at once?" */
const MIXED = 'کیا UNODC اور FIA اسمگلنگ کے راستوں کی معلومات فوراً شیئر کر سکتے ہیں؟';
/**
 * Client ids for the set-up writes, this worker's own: the hub refuses a client id that another device or staff link
 * used, and a worker restarted after a failure has new ones. What a set-up before it did is found by its text instead.
 */
const RUN = `${process.pid}-${Date.now()}`;
const id = (what: string) => `i18n-${what}-${RUN}`;
const POLL_QUESTION = 'ما الذي ينبغي أن تبدأ به فرقة العمل الإقليمية؟';

type Client = Socket<ServerToClient, ClientToServer>;
function ok<T>(res: { ok: true; data: T } | { ok: false; error: string; message?: string }): T {
	if (!res.ok) throw new Error(`${res.error}: ${res.message ?? ''}`);
	return res.data;
}

/**
 * Once per run (each e2e run has a fresh database): the mixed Urdu/English question, published and on Hall A's
 * screen, and a poll whose results the room sees, so every page has typed text, a poll and a question to render.
 * Every write has a fixed client id, so doing it again changes nothing (each device id is one the hub issued).
 */
let prepared: string | null = null;
async function prepare(baseURL: string) {
	prepared ??= await (async () => {
		const moderator = await staffSocket(baseURL, 'moderator');
		const chair = await staffSocket(baseURL, 'chair');
		const asker: Client = io(baseURL, {
			transports: ['websocket'],
			extraHeaders: { cookie: await deviceCookie(baseURL) }
		});
		await asker.emitWithAck('event:join', { code: 'ISB26', protocol: 1 });
		// A worker restarted after a failed test finds the question (and the poll) an earlier set-up made.
		const room = ok(await asker.emitWithAck('qa:open', { eventId: E, sessionId: S }));
		let asked = room.questions.find((q) => q.text === MIXED)?.id;
		if (!asked) {
			asked = ok(
				await asker.emitWithAck('question:ask', {
					clientId: id('ask'),
					eventId: E,
					sessionId: S,
					text: MIXED,
					name: 'عائشہ',
					country: 'Pakistan',
					objectiveId: null
				})
			).question.id;
			ok(
				await moderator.emitWithAck('question:approve', {
					clientId: id('approve'),
					eventId: E,
					questionIds: [asked]
				})
			);
		}
		ok(
			// A fresh id: the pin is taken off after this file, and a restarted worker must put it back.
			await moderator.emitWithAck('question:pin', {
				clientId: `i18n-pin-${Date.now()}`,
				eventId: E,
				sessionId: S,
				questionId: asked
			})
		);

		const managed = ok(await chair.emitWithAck('poll:manage', { eventId: E, sessionId: S }));
		const earlier = managed.polls.find((p) => p.question === POLL_QUESTION)?.id;
		const pollId =
			earlier ??
			ok(
				await chair.emitWithAck('poll:create', {
					clientId: id('poll'),
					eventId: E,
					sessionId: S,
					poll: {
						type: 'single',
						question: POLL_QUESTION,
						options: [
							{ id: 'routes', label: 'تبادل بيانات الطرق (routes)' },
							{ id: 'finance', label: 'Following the money' }
						],
						maxChoices: null,
						minBallots: 1
					}
				})
			).poll.id;
		if (!earlier)
			ok(
				await chair.emitWithAck('poll:transition', {
					clientId: id('open'),
					eventId: E,
					pollId,
					action: 'open'
				})
			);
		// Closed after this file: a restarted worker opens it again (refused, and harmless, while it is still open).
		await chair.emitWithAck('poll:transition', {
			clientId: `i18n-reopen-${Date.now()}`,
			eventId: E,
			pollId,
			action: 'reopen'
		});
		ok(
			await chair.emitWithAck('poll:reveal', {
				clientId: id('reveal'),
				eventId: E,
				pollId,
				visibility: 'everyone'
			})
		);
		// The ballots, once: an earlier set-up's are in.
		for (const [i, choice] of (earlier
			? []
			: ['routes', 'routes', 'finance', 'routes', 'finance']
		).entries()) {
			const voter: Client = io(baseURL, {
				transports: ['websocket'],
				extraHeaders: { cookie: await deviceCookie(baseURL) }
			});
			await voter.emitWithAck('event:join', { code: 'ISB26', protocol: 1 });
			ok(
				await voter.emitWithAck('poll:vote', {
					clientId: id(`vote-${i}`),
					eventId: E,
					pollId,
					answer: { choice }
				})
			);
			voter.close();
		}
		for (const s of [moderator, chair, asker]) s.close();
		return pollId;
	})();
	return prepared;
}

/** Leaves Hall A as the other specs (and their README screenshots) expect it: no poll open, nothing pinned. */
test.afterAll(async () => {
	if (!prepared) return;
	const pollId = await prepared;
	const chair = await staffSocket(`http://localhost:${process.env.E2E_PORT ?? 4173}`, 'chair');
	const once = `i18n-cleanup-${Date.now()}`;
	ok(
		await chair.emitWithAck('poll:transition', {
			clientId: `${once}-close`,
			eventId: E,
			pollId,
			action: 'close'
		})
	);
	ok(
		await chair.emitWithAck('question:pin', {
			clientId: `${once}-unpin`,
			eventId: E,
			sessionId: S,
			questionId: null
		})
	);
	chair.close();
});

async function open(
	browser: Browser,
	contexts: BrowserContext[],
	path: string,
	opts: {
		locale: string;
		staff?: StaffRole;
		roomId?: string;
		size?: 'phone' | 'big-phone' | 'laptop' | 'hall';
	}
): Promise<Page> {
	const device = {
		phone: PHONE,
		'big-phone': { ...PHONE, viewport: { width: 390, height: 844 } },
		laptop: { viewport: { width: 1280, height: 860 } },
		hall: { viewport: { width: 1920, height: 1080 } }
	}[opts.size ?? 'phone'];
	const context = await browser.newContext({ ...device, locale: opts.locale, timezoneId: 'Asia/Karachi' });
	await setClock(context, AT_1230);
	contexts.push(context);
	const page = await context.newPage();
	if (opts.staff) await signInOnPage(page, await mintSignInPath(opts.staff, opts.roomId ?? null));
	await page.goto(path);
	await waitLive(page);
	return page;
}

// ---- what "untranslated" means, worked out from the catalogues ----

type Message = string | { match: Record<string, string> }[];
const catalogue = (locale: string) =>
	JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, Message>;
const textsOf = (m: Message | undefined): string[] =>
	m === undefined ? [] : typeof m === 'string' ? [m] : m.flatMap((v) => Object.values(v.match));

/**
 * English wording that must not show on a page in `locale`: every stretch of an English message between its
 * placeholders with at least three letters, unless the locale's own messages use the same words (French "Questions").
 */
function englishLeftovers(locale: string): string[] {
	if (locale === settings.baseLocale) return [];
	const en = catalogue(settings.baseLocale);
	const own = Object.values(catalogue(locale)).flatMap(textsOf);
	const out = new Set<string>();
	for (const [key, message] of Object.entries(en)) {
		if (key.startsWith('$')) continue;
		for (const text of textsOf(message)) {
			for (const chunk of text.split(/\{[^}]*\}/)) {
				const words = chunk.trim();
				if ((words.match(/\p{L}/gu) ?? []).length < 3) continue;
				if (own.some((t) => t.includes(words))) continue;
				out.add(words);
			}
		}
	}
	return [...out];
}
const KEYS = Object.keys(catalogue(settings.baseLocale)).filter((k) => !k.startsWith('$'));

/**
 * The page's own words (text, aria-label, title, placeholder), without what people typed: elements with dir="auto",
 * <bdi>, text isolated inside a message (FSI…PDI), and anything marked as another language (the language names).
 */
async function uiText(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const lang = document.documentElement.lang;
		const typed = (el: Element | null) =>
			!el || !!el.closest(`[dir="auto"], bdi, [lang]:not([lang="${lang}"])`);
		const clean = (s: string) => s.replace(/\u2068[^\u2069]*\u2069/g, ' ').trim();
		const out: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const parent = node.parentElement;
			if (!parent || typed(parent) || parent.closest('script, style')) continue;
			const text = clean(node.textContent ?? '');
			if (text) out.push(text);
		}
		for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder]')) {
			if (typed(el)) continue;
			for (const attr of ['aria-label', 'title', 'placeholder']) {
				const text = clean(el.getAttribute(attr) ?? '');
				if (text) out.push(text);
			}
		}
		out.push(clean(document.title));
		return out;
	});
}

/** Fails with the offending text when a page shows a raw message key or English where its language has words. */
async function expectFullyTranslated(page: Page, locale: string, where: string) {
	const texts = await uiText(page);
	const found: string[] = [];
	const keys = new Set(KEYS);
	for (const t of texts) {
		for (const word of t.split(/[^\w]+/)) if (keys.has(word)) found.push(`raw key "${word}" in "${t}"`);
	}
	const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	for (const english of englishLeftovers(locale)) {
		const re = new RegExp(`(?<![\\p{L}])${escape(english)}(?![\\p{L}])`, 'u');
		const hit = texts.find((t) => re.test(t));
		if (hit) found.push(`English "${english}" in "${hit}"`);
	}
	if (locale !== settings.baseLocale) {
		// Dates too: no English day names where the language has its own.
		const hit = texts.find((t) => /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/.test(t));
		if (hit) found.push(`English day name in "${hit}"`);
	}
	expect(found, `${where} in ${locale}`).toEqual([]);
}

async function expectNoHorizontalOverflow(page: Page, where: string) {
	const { scroll, client } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		client: document.documentElement.clientWidth
	}));
	expect(scroll, `${where}: page wider than the screen`).toBeLessThanOrEqual(client);
}

async function expectLanguage(page: Page, locale: string) {
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expect(page.locator('html')).toHaveAttribute('dir', RTL.has(locale) ? 'rtl' : 'ltr');
}

/**
 * Nastaliq climbs and descends far (its tallest letters reach 1.8em above the baseline): every line of Urdu interface
 * text must have a line box at least 1.85 times its font size, or lines overlap and clipped boxes cut letters off.
 */
async function expectRoomForNastaliq(page: Page, where: string) {
	const cramped = await page.evaluate(() => {
		const out: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const el = node.parentElement;
			if (!el || !/[\u0600-\u06FF]/.test(node.textContent ?? '')) continue;
			if (el.closest('[dir="auto"], bdi, option, select, script, style')) continue;
			const style = getComputedStyle(el);
			if (style.display === 'none' || !style.fontFamily.includes('Nastaliq')) continue;
			const ratio = parseFloat(style.lineHeight) / parseFloat(style.fontSize);
			if (style.lineHeight !== 'normal' && ratio < 1.85)
				out.push(`${ratio.toFixed(2)}: ${node.textContent?.trim()}`);
		}
		return out;
	});
	expect(cramped, `${where}: Urdu lines without room for Nastaliq`).toEqual([]);
}

// First, before any test below puts Urdu or Arabic text on the event's pages.
test('an English page downloads no Arabic-script font; an Urdu page sets its words in Nastaliq', async ({
	browser,
	contexts
}) => {
	const fonts = (page: Page) => {
		const seen: string[] = [];
		page.on('request', (r) => {
			if (r.resourceType() === 'font') seen.push(r.url());
		});
		return seen;
	};
	const context = await browser.newContext({ ...PHONE, locale: 'en-GB', timezoneId: 'Asia/Karachi' });
	await setClock(context, AT_1230);
	contexts.push(context);
	const english = await context.newPage();
	const englishFonts = fonts(english);
	await english.goto('/e/ISB26');
	await waitLive(english);
	await english.waitForLoadState('networkidle');
	expect(englishFonts).toEqual([]);

	const urduContext = await browser.newContext({ ...PHONE, locale: 'ur', timezoneId: 'Asia/Karachi' });
	await setClock(urduContext, AT_1230);
	contexts.push(urduContext);
	const urdu = await urduContext.newPage();
	const urduFonts = fonts(urdu);
	await urdu.goto('/e/ISB26');
	await waitLive(urdu);
	await urdu.waitForLoadState('networkidle');
	expect(urduFonts.some((u) => u.includes('nastaliq'))).toBe(true);
	// Once the fonts the page asked for have arrived, its Urdu words are set in Nastaliq.
	expect(
		await urdu.evaluate(async () => {
			await document.fonts.ready;
			return document.fonts.check('16px "Dais Nastaliq"', 'اس وقت');
		})
	).toBe(true);
});

for (const locale of LOCALES) {
	test(`${locale}: a phone asking for ${locale} gets the agenda and a session (Q&A and a poll) in ${locale}, ${RTL.has(locale) ? 'right to left' : 'left to right'}, within 360 px`, async ({
		browser,
		contexts,
		baseURL
	}) => {
		await prepare(baseURL!);
		const agenda = await open(browser, contexts, '/e/ISB26', { locale });
		await expectLanguage(agenda, locale);
		await expect(agenda.getByTestId('session').first()).toBeVisible();
		await expectFullyTranslated(agenda, locale, 'attendee agenda');
		await expectNoHorizontalOverflow(agenda, 'attendee agenda');
		if (locale === 'ur') await expectRoomForNastaliq(agenda, 'attendee agenda');

		const session = await open(browser, contexts, `/e/ISB26/s/${S}`, { locale });
		await expectLanguage(session, locale);
		await expect(session.getByTestId('poll').first().getByTestId('poll-results')).toBeVisible();
		await expect(session.getByTestId('question-text').filter({ hasText: 'UNODC' })).toBeVisible();
		await expectFullyTranslated(session, locale, 'session page');
		await expectNoHorizontalOverflow(session, 'session page');
		if (locale === 'ur') await expectRoomForNastaliq(session, 'session page');
	});

	test(`${locale}: the moderator, chair and organiser consoles and the hall screen are in ${locale} within 360 px`, async ({
		browser,
		contexts,
		baseURL
	}) => {
		await prepare(baseURL!);
		const pages: [string, Page][] = [
			[
				'moderator console',
				await open(browser, contexts, `/moderator?session=${S}`, { locale, staff: 'moderator' })
			],
			['chair console', await open(browser, contexts, `/chair?session=${S}`, { locale, staff: 'chair' })],
			['organiser console', await open(browser, contexts, '/organiser', { locale, staff: 'organiser' })],
			[
				'hall screen',
				await open(browser, contexts, '/screen/hall-a', { locale, staff: 'screen', roomId: 'hall-a' })
			]
		];
		for (const [where, page] of pages) {
			await expectLanguage(page, locale);
			await expectFullyTranslated(page, locale, where);
			await expectNoHorizontalOverflow(page, where);
			if (locale === 'ur') await expectRoomForNastaliq(page, where);
		}
		// On a phone the published list is a tab of its own: the typed question is there, and the tab is in the language.
		const [, moderator] = pages[0];
		await moderator.getByTestId('mod-tab-published').click();
		await expect(moderator.getByTestId('mod-question-text').filter({ hasText: 'UNODC' })).toBeVisible();
		await expectFullyTranslated(moderator, locale, 'moderator console, published list');
		await expectNoHorizontalOverflow(moderator, 'moderator console, published list');
		const [, screen] = pages[3];
		await expect(screen.getByTestId('screen-pinned')).toContainText('UNODC');
	});
}

/**
 * Where each of two words of a line is drawn: the bounding boxes of their Range rects, in whichever of the element's
 * text nodes holds each (a phone number is a <bdi> of its own).
 */
async function wordBoxes(page: Page, selector: string, words: string[]) {
	return page.locator(selector).evaluate((el, words) => {
		const nodes: Text[] = [];
		const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
		return words.map((w) => {
			const node = nodes.find((n) => n.data.includes(w))!;
			const range = document.createRange();
			const start = node.data.indexOf(w);
			range.setStart(node, start);
			range.setEnd(node, start + w.length);
			const r = range.getBoundingClientRect();
			return { left: r.left, right: r.right, top: r.top };
		});
	}, words);
}

test('a mixed Urdu and English question reads right to left on an English phone, console and hall screen', async ({
	browser,
	contexts,
	baseURL
}) => {
	await prepare(baseURL!);
	const phone = await open(browser, contexts, `/e/ISB26/s/${S}`, { locale: 'en-GB' });
	await expectLanguage(phone, 'en');
	const card = '[data-testid=question-text]:text("UNODC")';
	await expect(phone.locator(card)).toHaveText(MIXED);
	// Right to left although the page is English: the first Urdu word is drawn right of the Latin acronyms, and
	// "UNODC اور FIA" keeps the Urdu order (UNODC, then FIA to its left). Left to right, both would be the other way.
	const [kya, unodc, fia] = await wordBoxes(phone, card, ['کیا', 'UNODC', 'FIA']);
	expect(Math.abs(kya.top - unodc.top)).toBeLessThan(8);
	expect(kya.left).toBeGreaterThan(unodc.right);
	expect(unodc.left).toBeGreaterThan(fia.right);

	const moderator = await open(browser, contexts, `/moderator?session=${S}`, {
		locale: 'en-GB',
		staff: 'moderator',
		size: 'laptop'
	});
	const row = '[data-testid=mod-question-text]:text("UNODC")';
	const [k2, u2] = await wordBoxes(moderator, row, ['کیا', 'UNODC']);
	expect(k2.left).toBeGreaterThan(u2.right);

	const screen = await open(browser, contexts, '/screen/hall-a', {
		locale: 'en-GB',
		staff: 'screen',
		roomId: 'hall-a',
		size: 'hall'
	});
	const pinned = '[data-testid=screen-pinned] .q';
	const [k3, u3] = await wordBoxes(screen, pinned, ['کیا', 'UNODC']);
	expect(k3.left).toBeGreaterThan(u3.right);
});

test('an Urdu question that opens with acronyms reads right to left, and the phone number in it in its own order', async ({
	browser,
	contexts,
	baseURL
}) => {
	await prepare(baseURL!);
	// "How do we reach FIA and UNODC on 051-111-345-786?" The first letter is Latin: the first-strong rule alone
	// lays it out left to right, and after Urdu letters Unicode's rules draw the number's groups in reverse.
	const text = 'FIA اور UNODC سے 051-111-345-786 پر کیسے رابطہ کریں؟';
	const phone = await open(browser, contexts, `/e/ISB26/s/${S}`, { locale: 'en-GB' });
	await phone.getByTestId('ask-text').fill(text);
	await phone.getByTestId('ask-submit').click();
	const mine = '[data-testid=my-question][data-state=awaiting-review] .t:text("UNODC")';
	await expect(phone.locator(mine)).toBeVisible();
	for (const [page, selector] of [
		[phone, mine],
		[
			await open(browser, contexts, `/moderator?session=${S}`, {
				locale: 'en-GB',
				staff: 'moderator',
				size: 'laptop'
			}),
			'[data-testid=mod-question-text]:has-text("051")'
		]
	] as const) {
		// Right to left: "FIA" is the rightmost word, "اور" to its left; the number reads 051 … 786 left to right.
		const [fia, aur, first, last] = await wordBoxes(page, selector, ['FIA', 'اور', '051', '786']);
		expect(Math.abs(fia.top - aur.top)).toBeLessThan(8);
		expect(fia.left).toBeGreaterThan(aur.right);
		expect(Math.abs(first.top - last.top)).toBeLessThan(8);
		expect(last.left).toBeGreaterThan(first.right);
	}
});

test('switching language keeps a half-typed question and the live connection, and is remembered', async ({
	browser,
	contexts
}) => {
	const page = await open(browser, contexts, `/e/ISB26/s/${S}`, { locale: 'en-GB' });
	await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
	await page.getByTestId('ask-text').fill('Will the task force publish its data?');
	await page.getByTestId('locale-switcher').first().locator('select').selectOption('ur');

	await expectLanguage(page, 'ur');
	await expect(page.getByRole('heading', { name: 'سوالات' })).toBeVisible();
	await expect(page.getByTestId('ask-text')).toHaveValue('Will the task force publish its data?');
	await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
	expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
		true
	);

	// The choice outlives the page: a new visit from the same browser (which still asks for English) is in Urdu.
	await page.reload();
	await expectLanguage(page, 'ur');
	await expect(page.getByRole('heading', { name: 'سوالات' })).toBeVisible();
	await page.getByTestId('locale-switcher').first().locator('select').selectOption('en');
	await expectLanguage(page, 'en');
});

test('every page offers the language switcher: start, join, sign-in, error and the staff sign-in pages', async ({
	browser,
	contexts
}) => {
	const context = await browser.newContext({ ...PHONE, locale: 'fr' });
	contexts.push(context);
	const page = await context.newPage();
	for (const path of [
		'/?all',
		'/join?code=NOPE1',
		'/signin?token=nope',
		'/e/NOPE1',
		'/no-such-page',
		'/moderator',
		'/chair',
		'/organiser',
		'/screen'
	]) {
		await page.goto(path);
		await expectLanguage(page, 'fr');
		await expect(page.getByTestId('locale-switcher'), path).toHaveCount(1);
		await expectFullyTranslated(page, 'fr', path);
	}
	// A page's words follow a switch even when the server worded them (the join error, the missing event).
	await page.goto('/join?code=NOPE1');
	await page.getByTestId('locale-switcher').locator('select').selectOption('ar');
	await expectLanguage(page, 'ar');
	await expect(page.getByRole('alert')).toContainText('NOPE1');
	// The words change as the new language's messages arrive: give them the moment a person would.
	await expect(() => expectFullyTranslated(page, 'ar', 'join page after a switch')).toPass({ timeout: 5000 });
});

test('an event code typed on an Arabic or Urdu keyboard, or with spaces as the hall screen spaces it, opens the event', async ({
	page
}) => {
	for (const typed of ['ISB٢٦', 'isb۲۶', 'ISB 26']) {
		await page.goto('/join');
		await page.locator('#event-code').fill(typed);
		await page.locator('#event-code').press('Enter');
		await expect(page, typed).toHaveURL(/\/e\/ISB26$/);
	}
});

test('the hall screen shows its fixed labels in two languages, primary first, set by its URL and remembered', async ({
	browser,
	contexts,
	baseURL
}) => {
	await prepare(baseURL!);
	const screen = await open(browser, contexts, '/screen/hall-a?lang=ar&also=en', {
		locale: 'en-GB',
		staff: 'screen',
		roomId: 'hall-a',
		size: 'hall'
	});
	await expect(screen).toHaveURL(/\/screen\/hall-a$/);
	await expectLanguage(screen, 'ar');
	const second = screen.getByTestId('second-language');
	await expect(second.first()).toHaveAttribute('lang', 'en');
	await expect(second.first()).toHaveAttribute('dir', 'ltr');
	// Primary first: each label starts with its Arabic wording, the English line under it.
	const pinnedLabel = screen.getByTestId('screen-pinned').locator('.label');
	await expect(pinnedLabel).toHaveText(/^السؤال المطروح للنقاش\s*\/\s*Question on the floor$/);
	await expect(screen.getByTestId('screen-poll').locator('.label')).toContainText('Vote now on your phone');
	await expect(screen.locator('.join')).toContainText('Join on your phone');
	await expectFullyTranslated(screen, 'ar', 'hall screen in two languages');
	await expectNoHorizontalOverflow(screen, 'hall screen');
	await screen.waitForLoadState('networkidle');
	await docShot(screen, 'hall-screen-ar');

	await screen.reload();
	await expectLanguage(screen, 'ar');
	await expect(screen.getByTestId('second-language').first()).toHaveText(/./);
	await screen.getByTestId('screen-second-language').selectOption('');
	await expect(screen.getByTestId('second-language')).toHaveCount(0);
	await screen.reload();
	await expect(screen.getByTestId('second-language')).toHaveCount(0);
});

test('an Urdu phone: the agenda and a session page, right to left in Nastaliq (README screenshots)', async ({
	browser,
	contexts,
	baseURL
}) => {
	await prepare(baseURL!);
	const options = { locale: 'ur', size: 'big-phone' as const };
	const agenda = await open(browser, contexts, '/e/ISB26', options);
	await agenda.waitForLoadState('networkidle');
	await docShot(agenda, 'phone-agenda-ur');
	const session = await open(browser, contexts, `/e/ISB26/s/${S}`, options);
	await expect(session.getByTestId('poll-results').first()).toBeVisible();
	await session.waitForLoadState('networkidle');
	// The poll and the questions under it: the part of the page the screenshot is about.
	await session.getByTestId('polls').evaluate((el) => {
		const header = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
		window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - header - 8);
	});
	await docShot(session, 'phone-session-ur');
});

test('the event’s title and the language switcher share the top bar of a phone without overlapping', async ({
	browser,
	contexts
}) => {
	// Eight phones, each waited for until its socket is live: 22 s alone here, over 30 s in a loaded CI run.
	test.setTimeout(60_000);
	for (const locale of LOCALES) {
		for (const size of ['phone', 'big-phone'] as const) {
			const page = await open(browser, contexts, '/e/ISB26', { locale, size });
			const [title, switcher] = await Promise.all([
				page.locator('header.top .title').boundingBox(),
				page.getByTestId('locale-switcher').boundingBox()
			]);
			const overlap =
				Math.min(title!.x + title!.width, switcher!.x + switcher!.width) - Math.max(title!.x, switcher!.x);
			const stacked =
				title!.y + title!.height <= switcher!.y + 1 || switcher!.y + switcher!.height <= title!.y + 1;
			expect(stacked || overlap <= 0, `${locale} ${size}: ${overlap}px of the title under the switcher`).toBe(
				true
			);
		}
	}
});
