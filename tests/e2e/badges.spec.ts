import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import {
	DAY1_1100,
	ELSEWHERE_ORIGIN,
	expect,
	launchReachingHubElsewhere,
	mintSignInPath,
	PHONE,
	phoneAt,
	setClock,
	signInOnPage,
	staffSocket,
	test,
	waitLive
} from './fixtures';

const AT_1400 = new Date('2026-12-08T09:00:00Z'); // day 1, 14:00: the national action plan plenary is on
const E = 'isb26';
// Sessions no other browser test puts polls or questions in.
const S = 'nap-greece';
const QA_SESSION = 'ws-victims';
let n = 0;

/** The page as Chromium prints it (A4), as text; '' without poppler's pdftotext (apt-get install poppler-utils). */
async function pdfText(page: Page): Promise<string> {
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	const out = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
	if (out.error) test.skip(true, 'pdftotext is not installed (apt-get install poppler-utils)');
	return out.stdout;
}
const id = () => `e2e-badge-${Date.now()}-${++n}`;

test('an organiser prints badge codes; a phone redeems one and votes in a verified-only poll; the same code on a second phone is refused', async ({
	browser,
	contexts,
	staffPage,
	baseURL
}) => {
	test.setTimeout(60_000);
	// The organiser makes two badges and gets the CSV and the printable sheet, once.
	const organiser = await staffPage('organiser', { at: AT_1400 });
	await waitLive(organiser);
	const panel = organiser.getByTestId('badges-panel');
	// Nothing asked for yet: the button says what it does, not "Generate 0 badge codes".
	await expect(panel.getByTestId('badge-generate')).toHaveText('Generate badge codes');
	await expect(panel.getByTestId('badge-generate')).toBeDisabled();
	await panel.getByTestId('badge-attendees').fill('Ayesha Khan\nKarim Benali');
	await expect(panel.getByTestId('badge-generate')).toHaveText('Generate 2 badge codes');
	await panel.getByTestId('badge-generate').click();
	const sheet = panel.getByTestId('badge-sheet');
	await expect(sheet.getByTestId('badge-sheet-card')).toHaveCount(2);
	await expect(sheet.locator('img')).toHaveCount(2);
	await expect(sheet).toContainText('Ayesha Khan');
	const codes = await sheet.getByTestId('badge-sheet-code').allTextContents();
	expect(codes).toHaveLength(2);
	const csv = await panel.getByTestId('badge-csv').getAttribute('href');
	expect(decodeURIComponent(csv!.split(',').slice(1).join(','))).toContain(`"Ayesha Khan","${codes[0]}",`);
	await expect(panel.getByTestId('badge-summary')).toContainText('2');
	// On paper, the sheet alone: both codes, and none of the console around it.
	const printed = await pdfText(organiser);
	for (const code of codes) expect(printed).toContain(code);
	expect(printed).toContain('Ayesha Khan');
	expect(printed).not.toContain('Attendee badges');

	// The chair launches a poll that counts verified attendees only.
	const chair = await staffSocket(baseURL!, 'chair');
	const created = await chair.emitWithAck('poll:create', {
		clientId: id(),
		eventId: E,
		sessionId: S,
		poll: {
			type: 'single',
			question: 'Which objective should the regional task force take first?',
			options: [
				{ id: 'intelligence', label: 'Intelligence sharing' },
				{ id: 'legal', label: 'Legal frameworks' }
			],
			minBallots: 1,
			verifiedOnly: true
		}
	});
	if (!created.ok) throw new Error(created.error);
	const pollId = created.data.poll.id;
	const opened = await chair.emitWithAck('poll:transition', {
		clientId: id(),
		eventId: E,
		pollId,
		action: 'open',
		countdownSeconds: null
	});
	expect(opened.ok).toBe(true);

	const newPhone = async () => {
		const context = await phoneAt(browser, contexts, AT_1400);
		return context.newPage();
	};

	// Phone 1 opens the session: the poll asks for a badge first; the code goes in, then the ballot.
	const one = await newPhone();
	await one.goto(`/e/ISB26/s/${S}`);
	await waitLive(one);
	const poll = one.locator(`[data-testid=poll][data-poll-id=${pollId}]`);
	await expect(poll.getByTestId('poll-verified-only')).toBeVisible();
	await poll.getByTestId('badge-code').fill(codes[0].toLowerCase());
	await poll.getByTestId('badge-redeem').click();
	await poll.locator('[data-option-id=legal]').click();
	await expect(poll.getByTestId('ballot-in')).toBeVisible();

	// Phone 2 scans the same badge's QR code: the event page tries it and says it is in use elsewhere.
	const two = await newPhone();
	await two.goto(`/e/ISB26#badge=${codes[0]}`);
	await expect(two.getByTestId('badge-error')).toHaveText(/already in use on another phone/);
	// The code is taken out of the address, so it is not left in the history or shared by accident.
	expect(new URL(two.url()).hash).toBe('');
	await two.goto(`/e/ISB26/s/${S}`);
	await waitLive(two);
	await expect(
		two.locator(`[data-testid=poll][data-poll-id=${pollId}]`).getByTestId('poll-needs-badge')
	).toBeVisible();

	// One ballot counted, with the chair's integrity signals beside it.
	const managed = await chair.emitWithAck('poll:manage', { eventId: E, sessionId: S });
	const view = managed.ok ? managed.data.polls.find((p) => p.id === pollId) : undefined;
	expect(view?.ballots).toBe(1);
	expect(view?.integrity?.topAddress).toEqual({ ballots: 1, of: 1 });

	// The second code, by QR link, verifies a third phone.
	const three = await newPhone();
	await three.goto(`/e/ISB26#badge=${codes[1]}`);
	await expect(three.getByTestId('badge-verified')).toBeVisible();

	const closed = await chair.emitWithAck('poll:transition', {
		clientId: id(),
		eventId: E,
		pollId,
		action: 'close',
		countdownSeconds: null
	});
	expect(closed.ok).toBe(true);
	chair.close();
});

/** The sheet printed as Chromium prints it (A4) into test-results: each page's text (poppler's pdfinfo, pdftotext). */
async function printedPages(page: Page, name: string): Promise<string[]> {
	const path = `test-results/screenshots/${name}.pdf`;
	mkdirSync('test-results/screenshots', { recursive: true });
	writeFileSync(path, await page.pdf({ format: 'A4', printBackground: true }));
	const info = spawnSync('pdfinfo', [path], { encoding: 'utf8' });
	if (info.error) test.skip(true, 'pdfinfo is not installed (apt-get install poppler-utils)');
	const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
	return Array.from(
		{ length: pages },
		(_, i) =>
			spawnSync('pdftotext', ['-f', `${i + 1}`, '-l', `${i + 1}`, '-layout', path, '-'], { encoding: 'utf8' })
				.stdout
	);
}

/** The grey (0–255) of a printed page's middle, 60 % down (below a last row of cards, inside the margins): poppler's pdftoppm draws it as a PGM. */
function paperAtFoot(path: string, pageNumber: number): number {
	const pgm = spawnSync('pdftoppm', [
		'-f',
		`${pageNumber}`,
		'-l',
		`${pageNumber}`,
		'-r',
		'20',
		'-gray',
		path
	]).stdout;
	const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1'))!.map(Number);
	const pixels = pgm.subarray(pgm.length - width * height);
	return pixels[Math.floor(height * 0.6) * width + Math.floor(width / 2)];
}

/** Where each card's text sits against the card's padding box, under print styles. */
function textInsideCards(page: Page) {
	return page.getByTestId('badge-sheet-card').evaluateAll((cards) =>
		cards.map((card) => {
			const box = card.getBoundingClientRect();
			const cs = getComputedStyle(card);
			const top = box.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop);
			const bottom = box.bottom - parseFloat(cs.borderBottomWidth) - parseFloat(cs.paddingBottom);
			const text = card.querySelector('.text')!.getBoundingClientRect();
			return {
				serial: card.getAttribute('data-serial'),
				inside: text.top >= top - 0.5 && text.bottom <= bottom + 0.5
			};
		})
	);
}

test('the badge sheet prints on as many white pages as its cards need, each card whole and its text inside it', async ({
	staffPage
}) => {
	test.setTimeout(90_000);
	const organiser = await staffPage('organiser');
	await organiser.setViewportSize({ width: 1366, height: 768 });
	await waitLive(organiser);
	const panel = organiser.getByTestId('badges-panel');
	const names = [
		'Ayesha Khan, Director, Ministry of Interior, Islamabad',
		'محمد علی - ایف آئی اے',
		'فاطمة الزهراء الإدريسي (المغرب)',
		'Jean-Pierre Dubois, OFPRA',
		'REG-00451'
	];
	await panel.getByTestId('badge-attendees').fill(names.join('\n'));
	await panel.getByTestId('badge-generate').click();
	const sheet = panel.getByTestId('badge-sheet');
	await expect(sheet.locator('img')).toHaveCount(5);
	const codes = await sheet.getByTestId('badge-sheet-code').allTextContents();

	// On paper: five cards on one page, nothing after it.
	const five = await printedPages(organiser, 'badge-sheet-5');
	expect(five).toHaveLength(1);
	for (const code of codes) expect(five[0]).toContain(code);
	expect(five[0]).not.toContain('Attendee badges');
	// A long name makes a card taller rather than pushing the event's title over its top border (A4's printable width).
	await organiser.emulateMedia({ media: 'print' });
	await organiser.setViewportSize({ width: 703, height: 1000 });
	expect((await textInsideCards(organiser)).filter((c) => !c.inside)).toEqual([]);
	await organiser.emulateMedia({ media: null });
	await organiser.setViewportSize({ width: 1366, height: 768 });

	// Twelve cards, two a row, five rows a page: two pages, each card whole on one of them.
	await panel
		.getByTestId('badge-attendees')
		.fill(Array.from({ length: 12 }, (_, i) => `REG-${String(i + 1).padStart(5, '0')}`).join('\n'));
	await panel.getByTestId('badge-generate').click();
	await expect(sheet.getByTestId('badge-sheet-card')).toHaveCount(12);
	await expect(sheet.locator('img')).toHaveCount(12);
	const twelve = await printedPages(organiser, 'badge-sheet-12');
	expect(twelve).toHaveLength(2);
	for (const text of twelve) expect(text.trim()).not.toBe('');
	// White paper below the last row, not the console's grey.
	expect(paperAtFoot('test-results/screenshots/badge-sheet-12.pdf', 2)).toBe(255);
	const cards = await sheet.getByTestId('badge-sheet-card').evaluateAll((els) =>
		els.map((el) => ({
			serial: el.getAttribute('data-serial')!,
			code: el.querySelector('[data-testid=badge-sheet-code]')!.textContent!
		}))
	);
	for (const { serial, code } of cards) {
		const on = twelve.findIndex((text) => text.includes(code));
		expect(on, `card #${serial}`).toBeGreaterThanOrEqual(0);
		// Its code and its number on the same page: the card was not cut between two.
		expect(twelve[on], `card #${serial}`).toMatch(new RegExp(`#${serial}\\b`));
	}
});

test('the badge codes CSV is written as the hub writes its exports: UTF-8 with a byte-order mark, names intact, no formula', async ({
	staffPage
}) => {
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const panel = organiser.getByTestId('badges-panel');
	const names = [
		'محمد علی - ایف آئی اے',
		'فاطمة الزهراء الإدريسي (المغرب)',
		'Jean-Pierre Dubois, OFPRA',
		'=HYPERLINK("http://evil.example","x")'
	];
	await panel.getByTestId('badge-attendees').fill(names.join('\n'));
	await panel.getByTestId('badge-generate').click();
	const codes = panel.getByTestId('badge-sheet').getByTestId('badge-sheet-code');
	await expect(codes).toHaveCount(4);
	const [, , , formulaCode] = await codes.allTextContents();

	// The CSV as downloaded: a byte-order mark (Excel then reads the Urdu and Arabic as UTF-8), the names as typed,
	// and a name that looks like a formula written as the hub's exports write one: text, not a link.
	const [download] = await Promise.all([
		organiser.waitForEvent('download'),
		panel.getByTestId('badge-csv').click()
	]);
	const bytes = readFileSync((await download.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const csv = bytes.toString('utf8').slice(1);
	expect(csv.split('\r\n')[0]).toBe('"serial","attendee","code","join_url"');
	for (const name of names.slice(0, 3)) expect(csv).toContain(`,"${name.replaceAll('"', '""')}","`);
	expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")","${formulaCode}",`);
});

test('badges whose QR codes point at this computer’s own address are warned of on screen, not on paper; by another address, not at all', async ({
	staffPage
}) => {
	test.setTimeout(60_000);
	// The e2e hub is opened at localhost, as an organiser who starts it on a laptop without PUBLIC_URL would.
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const panel = organiser.getByTestId('badges-panel');
	await panel.getByTestId('badge-attendees').fill('Loopback Guest');
	await panel.getByTestId('badge-generate').click();
	await expect(panel.getByTestId('badge-sheet-card')).toHaveCount(1);
	const warning = panel.getByTestId('badge-loopback');
	await expect(warning).toHaveAttribute('role', 'alert');
	// The host left to right in its own isolate, whatever the language's direction; what to do named.
	expect(await warning.textContent()).toContain('\u2066localhost\u2069');
	await expect(warning).toContainText('PUBLIC_URL');
	await expect(panel.getByTestId('badge-print')).toBeVisible();
	// On paper, the sheet alone: not the warning.
	await organiser.emulateMedia({ media: 'print' });
	await expect(warning).toBeHidden();
	await expect(panel.getByTestId('badge-sheet-card')).toBeVisible();
	await organiser.emulateMedia({ media: null });
	expect(await pdfText(organiser)).not.toContain('PUBLIC_URL');

	// The console opened by an address phones reach: the QR codes point there, and nothing is said.
	const elsewhere = await launchReachingHubElsewhere();
	try {
		const context = await elsewhere.newContext({
			baseURL: ELSEWHERE_ORIGIN,
			timezoneId: 'Asia/Karachi',
			viewport: { width: 1280, height: 860 }
		});
		await setClock(context, DAY1_1100);
		const page = await context.newPage();
		await signInOnPage(page, await mintSignInPath('organiser'));
		await waitLive(page);
		const there = page.getByTestId('badges-panel');
		await there.getByTestId('badge-attendees').fill('Network Guest');
		await there.getByTestId('badge-generate').click();
		await expect(there.getByTestId('badge-sheet-card')).toHaveCount(1);
		const csv = decodeURIComponent((await there.getByTestId('badge-csv').getAttribute('href'))!);
		expect(csv).toContain(`"${ELSEWHERE_ORIGIN}/`);
		await expect(there.getByTestId('badge-loopback')).toHaveCount(0);
	} finally {
		await elsewhere.close();
	}
});

test('a phone whose device cookie is dropped mid-session gets a new one and sends what waited, once', async ({
	phone,
	baseURL
}) => {
	const chair = await staffSocket(baseURL!, 'chair');
	await phone.goto(`/e/ISB26/s/${QA_SESSION}`);
	await waitLive(phone);
	const context = phone.context();
	const before = (await context.cookies()).find((c) => c.name === 'dais_device')?.value;
	expect(before).toBeTruthy();

	// The cookie goes (a privacy cleaner, an expired cookie) and the connection drops and comes back without it.
	await context.clearCookies({ name: 'dais_device' });
	await context.setOffline(true);
	await expect(phone.getByTestId('connection')).toHaveAttribute('data-status', 'reconnecting');
	await context.setOffline(false);
	await waitLive(phone);

	const text = 'Which databases will the task force connect first?';
	await phone.getByTestId('ask-text').fill(text);
	await phone.getByTestId('ask-submit').click();
	await expect(phone.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);
	const after = (await context.cookies()).find((c) => c.name === 'dais_device')?.value;
	expect(after).toBeTruthy();
	expect(after).not.toBe(before);

	const moderation = await chair.emitWithAck('qa:moderate', { eventId: E, sessionId: QA_SESSION });
	expect(moderation.ok && moderation.data.questions.filter((q) => q.text === text)).toHaveLength(1);
	chair.close();
});

/**
 * How the first occurrence of `texts[i]` inside the i-th element `roots` matches is laid out: the lines it takes
 * (distinct line tops of a range over it), and the direction and bidi isolation of the element that holds it. One
 * round trip for all of them, so a sweep over many widths stays quick on a loaded machine.
 */
function layoutsOf(roots: Locator, texts: string[]) {
	return roots.evaluateAll(
		(els, texts) =>
			els.map((el, i) => {
				const text = texts[i];
				const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
				for (let n = walker.nextNode(); n; n = walker.nextNode()) {
					const at = (n.textContent ?? '').indexOf(text);
					if (at < 0) continue;
					const range = document.createRange();
					range.setStart(n, at);
					range.setEnd(n, at + text.length);
					const tops = new Set(
						[...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
					);
					const cs = getComputedStyle(n.parentElement!);
					return { text, lines: tops.size, direction: cs.direction, isolated: cs.unicodeBidi === 'isolate' };
				}
				return { text, lines: 0, direction: '', isolated: false };
			}),
		texts
	);
}

for (const locale of ['ar', 'ur'] as const) {
	test(`in ${locale === 'ar' ? 'Arabic' : 'Urdu'}, a badge code never breaks at its hyphen and reads left to right: on the printed sheet and in the phone's hint`, async ({
		browser,
		contexts,
		staffPage,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const organiser = await staffPage('organiser', { at: AT_1400 });
		await organiser.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
		await organiser.reload();
		await waitLive(organiser);
		await expect(organiser.locator('html')).toHaveAttribute('dir', 'rtl');
		const panel = organiser.getByTestId('badges-panel');
		await panel.getByTestId('badge-attendees').fill('عائشة خان\nكريم بن علي\nسارة حداد');
		await panel.getByTestId('badge-generate').click();
		const cards = panel.getByTestId('badge-sheet-code');
		await expect(cards).toHaveCount(3);
		const codes = await cards.allTextContents();
		// Every width from a phone's to a laptop's: the cards' text column narrows and widens with the grid.
		for (let width = 320; width <= 1280; width += 16) {
			await organiser.setViewportSize({ width, height: 860 });
			const seen = await layoutsOf(cards, codes);
			expect(seen, `at ${width} px`).toEqual(
				codes.map((text) => ({ text, lines: 1, direction: 'ltr', isolated: true }))
			);
		}
		if (locale === 'ar') await docShotSheet(organiser, panel);

		// A phone in the same language types a code that is no code: the hint quotes an example code, whole.
		const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
		await setClock(context, AT_1400);
		contexts.push(context);
		const phone = await context.newPage();
		await phone.goto('/e/ISB26');
		await waitLive(phone);
		const form = phone.getByTestId('badge-form');
		await form.getByTestId('badge-code').fill('12');
		await form.getByTestId('badge-redeem').click();
		const error = form.getByTestId('badge-error');
		await expect(error).toContainText('K7P2M-9XQ4T');
		for (let width = 280; width <= 420; width += 4) {
			await phone.setViewportSize({ width, height: 740 });
			const [seen] = await layoutsOf(error, ['K7P2M-9XQ4T']);
			expect(seen, `the example code at ${width} px`).toEqual({
				text: 'K7P2M-9XQ4T',
				lines: 1,
				direction: 'ltr',
				isolated: true
			});
		}
		await phone.setViewportSize({ width: 320, height: 740 });
		await error.screenshot({ path: `test-results/screenshots/badge-error-${locale}-320.png` });
	});
}

async function docShotSheet(page: Page, panel: Locator) {
	await page.setViewportSize({ width: 1024, height: 860 });
	await panel
		.getByTestId('badge-sheet')
		.screenshot({ path: 'test-results/screenshots/badge-sheet-ar-1024.png' });
	await page.setViewportSize({ width: 360, height: 740 });
	await panel
		.getByTestId('badge-sheet')
		.screenshot({ path: 'test-results/screenshots/badge-sheet-ar-360.png' });
}

test('a badge code tapped while the Wi-Fi is down goes when it is back, and the phone is verified', async ({
	browser,
	contexts,
	baseURL
}) => {
	const organiser = await staffSocket(baseURL!, 'organiser');
	const made = await organiser.emitWithAck('badge:generate', { clientId: id(), eventId: E, count: 1 });
	organiser.close();
	if (!made.ok) throw new Error(made.error);
	const [{ code }] = made.data.badges;

	const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
	await setClock(context, AT_1400);
	contexts.push(context);
	const phone = await context.newPage();
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	await context.setOffline(true);
	await expect(phone.getByTestId('connection')).toHaveAttribute('data-status', 'reconnecting');
	const form = phone.getByTestId('badge-form');
	await form.getByTestId('badge-code').fill(code);
	await form.getByTestId('badge-redeem').click();
	await expect(form.getByTestId('badge-waiting')).toContainText('your code goes to the hub as soon as');
	// A short drop, as in the report that found it.
	await phone.waitForTimeout(2000);
	await context.setOffline(false);
	await expect(phone.getByTestId('badge-verified')).toBeVisible({ timeout: 15_000 });
	await expect(phone.getByTestId('badge-error')).toHaveCount(0);
});
