import AxeBuilder from '@axe-core/playwright';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/connection';
import { createSqliteSql } from '../../server/db/sqlite';
import { createServices } from '../../server/services';
import type { Browser, Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '../../src/lib/protocol';
import {
	deviceCookie,
	ELSEWHERE_ORIGIN,
	expect,
	launchReachingHubElsewhere,
	mintSignInPath,
	signInOnPage,
	staffSocket,
	test,
	setClock
} from './fixtures';

type Client = Socket<ServerToClient, ClientToServer>;
const E = 'isb26';
const SESSION = 'ws-root-causes';
/** Day 2, 10:45 in Islamabad: the root-causes working session is under way. */
const DAY2_1045 = new Date('2026-12-09T05:45:00Z');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LOCALES = ['en', 'fr', 'ur', 'ar'] as const;
const TOP_QUESTION = 'How can origin countries fund livelihoods that keep young people from smugglers?';
const ASKER = 'Amina Yusuf';
/** The sample conference's programme, as seeded into the e2e hub. */
const sample = JSON.parse(
	readFileSync(new URL('../../server/event/sample-event.json', import.meta.url), 'utf8')
) as {
	sessions: { id: string; objectives?: string[] }[];
};

let n = 0;
const cid = (what: string) => `report-${what}-${Date.now()}-${++n}`;
function ok<T>(res: { ok: true; data: T } | { ok: false; error: string; message?: string }): T {
	if (!res.ok) throw new Error(`${res.error}: ${res.message ?? ''}`);
	return res.data;
}
/** Each named phone keeps the device id the hub issued it, as a real phone keeps its cookie. */
const devices = new Map<string, string>();
async function phone(baseURL: string, device: string): Promise<Client> {
	if (!devices.has(device)) devices.set(device, await deviceCookie(baseURL));
	const s: Client = io(baseURL, {
		transports: ['websocket'],
		extraHeaders: { cookie: devices.get(device)! }
	});
	ok(await s.emitWithAck('event:join', { code: 'ISB26', protocol: 1 }));
	return s;
}

/**
 * The record the report is drawn from, made through the hub as people would: two questions asked in the root-causes
 * session (one with a name), approved and upvoted; that session's first-choice and rating polls run with five
 * ballots each and closed.
 */
test.beforeAll(async ({ baseURL }) => {
	const url = baseURL!;
	const [moderator, chair] = await Promise.all([staffSocket(url, 'moderator'), staffSocket(url, 'chair')]);
	// A failed test restarts the worker and runs this again: the record is made once per database.
	const manage = ok(await chair.emitWithAck('poll:manage', { eventId: E, sessionId: SESSION }));
	const asked0 = ok(await moderator.emitWithAck('qa:moderate', { eventId: E, sessionId: SESSION }));
	if (asked0.questions.some((q) => q.text === TOP_QUESTION)) {
		moderator.close();
		chair.close();
		return;
	}
	const voters = await Promise.all([0, 1, 2, 3, 4].map((i) => phone(url, `report-voter-${i}-${Date.now()}`)));
	const asked = [];
	for (const [i, q] of [
		{ text: TOP_QUESTION, name: ASKER, organisation: 'IOM', country: 'Nigeria' },
		{ text: 'Which visa pathways reduce demand for smugglers most?' }
	].entries()) {
		asked.push(
			ok(
				await voters[i].emitWithAck('question:ask', {
					clientId: cid('ask'),
					eventId: E,
					sessionId: SESSION,
					objectiveId: null,
					...q
				})
			).question.id
		);
	}
	ok(
		await moderator.emitWithAck('question:approve', {
			clientId: cid('approve'),
			eventId: E,
			questionIds: asked
		})
	);
	for (const v of voters.slice(1))
		ok(
			await v.emitWithAck('question:vote', {
				clientId: cid('up'),
				eventId: E,
				questionId: asked[0],
				up: true
			})
		);
	for (const [pollId, answer] of [
		['p-root-causes-first', (i: number) => ({ choice: i < 3 ? 'root-causes' : 'victims-rights' })],
		[
			'p-root-causes-capacity',
			(i: number) => ({
				ratings: {
					'intelligence-sharing': 2 + (i % 3),
					'legal-frameworks': 3,
					'victims-rights': 4,
					'root-causes': 1 + i
				}
			})
		]
	] as const) {
		// Another spec may have opened (or run) this preset already: take it from whatever state it is in.
		const state = manage.polls.find((p) => p.id === pollId)?.state;
		if (state !== 'open')
			ok(
				await chair.emitWithAck('poll:transition', {
					clientId: cid('open'),
					eventId: E,
					pollId,
					action: state === 'closed' ? 'reopen' : 'open',
					countdownSeconds: null
				})
			);
		for (const [i, v] of voters.entries())
			ok(await v.emitWithAck('poll:vote', { clientId: cid('vote'), eventId: E, pollId, answer: answer(i) }));
		ok(
			await chair.emitWithAck('poll:transition', {
				clientId: cid('close'),
				eventId: E,
				pollId,
				action: 'close',
				countdownSeconds: null
			})
		);
	}
	for (const s of [moderator, chair, ...voters]) s.close();
});

/** An organiser's laptop browsing in `locale`, signed in with a fresh organiser link. */
async function organiserIn(browser: Browser, baseURL: string, locale: string): Promise<Page> {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 900 },
		timezoneId: 'Asia/Karachi',
		locale
	});
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
	await setClock(context, DAY2_1045);
	const page = await context.newPage();
	await signInOnPage(page, await mintSignInPath('organiser', null, `report ${locale}`));
	return page;
}

/** Fails with the rules broken and where, if axe finds any WCAG 2.2 AA violation on the whole page. */
async function expectAccessible(page: Page, what: string) {
	const size = page.viewportSize()!;
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
	const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	await page.setViewportSize(size);
	const found = violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
	expect(found, `${what} (${page.url()})`).toEqual([]);
}

/** The PDF's page count, from its page objects (enough for a PDF Chromium wrote). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

/**
 * Prints the report to an A4 PDF as "Save as PDF" does and checks it; then renders its first three pages as PNG with
 * pdftoppm where it is installed (README pictures under `npm run screenshots`, test-results otherwise).
 */
async function printReport(page: Page, name: string, headings: string[], firstObjective: string) {
	// Each poll card's top and bottom carry a word of their own, absolutely placed so that nothing moves: the page
	// each lands on says whether the card was cut.
	const cards = await page.evaluate(() => {
		const all = [...document.querySelectorAll<HTMLElement>('[data-testid=report-poll]')];
		all.forEach((card, n) => {
			card.style.position = 'relative';
			for (const [edge, word] of [
				['top', `cardtop${n}x`],
				['bottom', `cardend${n}x`]
			]) {
				const mark = document.createElement('span');
				mark.textContent = word;
				mark.style.cssText = `position:absolute;${edge}:0;left:0;font-size:4px;line-height:1;color:#fff`;
				card.append(mark);
			}
		});
		return all.map((card) => card.querySelector('figcaption strong')?.textContent ?? '');
	});
	expect(cards.length).toBeGreaterThanOrEqual(2);
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	mkdirSync('test-results', { recursive: true });
	writeFileSync(`test-results/${name}.pdf`, pdf);
	expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	// The summary, attendance and first objective on the first page, then one page at least per further objective
	// and one for the plenaries.
	expect(pdfPages(pdf)).toBeGreaterThanOrEqual(5);
	if (spawnSync('pdftoppm', ['-v']).error) {
		console.warn(`pdftoppm is not installed (apt-get install poppler-utils): ${name} page images skipped`);
		return;
	}
	const dir = process.env.DAIS_DOC_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots';
	mkdirSync(dir, { recursive: true });
	const tmp = mkdtempSync(join(tmpdir(), 'dais-report-'));
	writeFileSync(join(tmp, 'report.pdf'), pdf);
	// On paper a session's link gives its public page, which a reader of the report can open, never an address
	// behind the organisers' sign-in; and no page ends on a heading whose content went over to the next.
	const pages = execFileSync('pdftotext', ['-layout', join(tmp, 'report.pdf'), '-'], {
		encoding: 'utf8'
	}).split('\f');
	const text = pages.join('\n');
	expect(text).toContain('/e/ISB26/s/');
	expect(text).not.toContain('/organiser/');
	for (const [n, page] of pages.entries()) {
		const lines = page
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean);
		expect(headings, `page ${n + 1} ends on a heading`).not.toContain(lines.at(-1));
	}
	// No poll card straddles two pages, unless it starts at a page's top and is taller than a page.
	const words = execFileSync('pdftotext', ['-bbox', join(tmp, 'report.pdf'), '-'], { encoding: 'utf8' })
		.split('<page ')
		.slice(1)
		.map((p) => [...p.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)]);
	// A marker may run into the word beside it in pdftotext's reading ("cardtop32xWhich"); its "x" ends it.
	const has = (w: RegExpMatchArray, word: string) => w[2].includes(word);
	const at = (word: string) => {
		const page = words.findIndex((p) => p.some((w) => has(w, word)));
		return { page, y: Number(words[page]?.find((w) => has(w, word))?.[1]) };
	};
	const cut = cards.flatMap((question, n) => {
		const [top, end] = [at(`cardtop${n}x`), at(`cardend${n}x`)];
		// The first cards' markers must be read (the check is not vacuous); on a shared hub with dozens of polls from
		// other tests a later one may not be, and is then not judged.
		if (n < 8) expect(top.page, `card ${n} printed`).toBeGreaterThanOrEqual(0);
		if (top.page < 0 || end.page < 0) return [];
		// 16 mm of page margin and a heading above it, in points.
		const atPageTop = top.y < 16 * 2.835 + 60;
		return top.page === end.page || atPageTop ? [] : [`"${question}": pages ${top.page + 1}-${end.page + 1}`];
	});
	expect(cut, 'poll cards cut across a page break').toEqual([]);
	// Page 1 goes on after the attendance chart with the first objective, rather than leaving half the page blank.
	expect(pages[0]).toContain(firstObjective);
	execFileSync('pdftoppm', [
		'-png',
		'-r',
		'60',
		'-f',
		'1',
		'-l',
		'3',
		join(tmp, 'report.pdf'),
		join(tmp, 'page')
	]);
	const images = readdirSync(tmp)
		.filter((f) => f.endsWith('.png'))
		.sort();
	expect(images).toHaveLength(3);
	images.forEach((f, i) => renameSync(join(tmp, f), join(dir, `${name}-page-${i + 1}.png`)));
}

test('the report shows each objective with its top questions, poll charts and counts, and prints to A4 PDF in English', async ({
	browser,
	baseURL
}) => {
	const page = await organiserIn(browser, baseURL!, 'en');
	await page.goto('/organiser');
	await page.getByTestId('report-link').click();
	await expect(page).toHaveURL(/\/organiser\/report$/);
	const report = page.getByTestId('report');
	await expect(report.getByRole('heading', { level: 1 })).toHaveText('Outcome report');
	await expect(page.getByTestId('report-objective')).toHaveText([
		/Enhancing intelligence sharing/,
		/Strengthening legal frameworks/,
		/Protecting victims' rights/,
		/Addressing root causes/,
		/Plenary and cross-cutting sessions/
	]);
	const roots = page.locator('[data-testid=report-objective][data-objective=root-causes]');
	// The most upvoted question leads, with the name its asker gave; the other follows.
	await expect(roots.getByTestId('report-question').first()).toContainText(TOP_QUESTION);
	await expect(roots.getByTestId('report-question').first()).toContainText('4 votes');
	await expect(roots.getByTestId('report-asker').first()).toContainText(ASKER);
	await expect(roots.getByTestId('report-question')).toHaveCount(2);
	// Every poll that ran in a session under this objective (the working session, and the plenaries that serve all
	// four; other specs run polls there too) is drawn with the phone's renderers: bars for the first choice, a
	// distribution per item for the rating.
	const chair = await staffSocket(baseURL!, 'chair');
	const run: { id: string; state: string; ballots: number; integrity: { newDevices: number } | null }[] = [];
	for (const s of sample.sessions.filter((s) => s.objectives?.includes('root-causes')))
		run.push(
			...ok(await chair.emitWithAck('poll:manage', { eventId: E, sessionId: s.id })).polls.filter(
				(p) => p.state !== 'draft'
			)
		);
	chair.close();
	expect(run.map((p) => p.id)).toEqual(
		expect.arrayContaining(['p-root-causes-first', 'p-root-causes-capacity'])
	);
	const polls = roots.getByTestId('report-poll');
	await expect(polls).toHaveCount(run.length);
	const ballots = (id: string) => run.find((p) => p.id === id)!.ballots;
	const first = roots.locator('[data-testid=report-poll][data-poll-id=p-root-causes-first]');
	expect(ballots('p-root-causes-first')).toBeGreaterThanOrEqual(5);
	await expect(first).toContainText(`${ballots('p-root-causes-first')} ballots`);
	await expect(first.getByTestId('poll-result-row')).toHaveCount(4);
	// Who could vote, and the ballots from phones the hub first saw after the poll opened, as the chair saw them.
	const fresh = run.find((p) => p.id === 'p-root-causes-first')!.integrity!.newDevices;
	await expect(first.getByTestId('report-poll-protection')).toHaveText(
		`Open to every phone · ballots from phones first seen after the poll opened: ${fresh}`
	);
	await expect(
		roots
			.locator('[data-testid=report-poll][data-poll-id=p-root-causes-capacity]')
			.getByTestId('poll-results')
	).toHaveAttribute('data-type', 'rating');
	await expect(roots.getByTestId('report-ballots')).toHaveText(
		new Intl.NumberFormat('en').format(run.reduce((sum, p) => sum + p.ballots, 0))
	);
	// Print has no chrome: the print button and the language bar are not on paper.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByTestId('report-print')).toBeHidden();
	// Back to the default, under which page.pdf() prints with the print stylesheet.
	await page.emulateMedia({ media: null });
	await printReport(
		page,
		'report-en',
		['Sessions', 'Top questions by votes', 'Polls'],
		'Enhancing intelligence sharing'
	);
	await page.context().close();
});

test('the report reads right to left in Arabic, bars growing from the right, and prints to A4 PDF', async ({
	browser,
	baseURL
}) => {
	const page = await organiserIn(browser, baseURL!, 'ar');
	await page.goto('/organiser/report');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page.getByTestId('report').getByRole('heading', { level: 1 })).toHaveText('تقرير النتائج');
	const roots = page.locator('[data-testid=report-objective][data-objective=root-causes]');
	await expect(roots.getByTestId('report-question').first()).toContainText(TOP_QUESTION);
	const row = roots.getByTestId('report-poll').first().locator('[data-testid=poll-result-row].leading');
	const track = await row.locator('.track').boundingBox();
	const fill = await row.locator('.fill').boundingBox();
	// A bar starts where Arabic reading starts: its right edge sits on the track's right edge.
	expect(Math.abs(track!.x + track!.width - (fill!.x + fill!.width))).toBeLessThan(1);
	expect(fill!.width).toBeGreaterThan(0);
	await printReport(
		page,
		'report-ar',
		['الجلسات', 'الأسئلة الأكثر تأييدًا', 'استطلاعات الرأي'],
		'Enhancing intelligence sharing'
	);
	await page.context().close();
});

test('one session has its own report with all its questions, linked from the whole-event report', async ({
	browser,
	baseURL
}) => {
	const page = await organiserIn(browser, baseURL!, 'en');
	await page.goto('/organiser/report');
	await page
		.locator('[data-testid=report-objective][data-objective=root-causes]')
		.locator('a[href="/organiser/report/ws-root-causes"]')
		.click();
	await expect(page).toHaveURL(/\/organiser\/report\/ws-root-causes$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Outcome report:');
	await expect(page.getByTestId('report-question')).toHaveCount(2);
	await expect(page.getByTestId('report-poll')).toHaveCount(2);
	const missing = await page.goto('/organiser/report/no-such-session');
	expect(missing!.status()).toBe(404);
	await page.context().close();
});

test('the report keeps drafting while open: a question published after it loaded appears without a reload', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	const page = await organiserIn(browser, baseURL!, 'en');
	await page.goto('/organiser/report/ws-root-causes');
	await expect(page.getByTestId('report-question')).toHaveCount(2);
	const moderator = await staffSocket(baseURL!, 'moderator');
	const asker = await phone(baseURL!, `report-late-${Date.now()}`);
	const late = 'What share of remittances reaches the families smugglers recruit from?';
	const q = ok(
		await asker.emitWithAck('question:ask', {
			clientId: cid('late'),
			eventId: E,
			sessionId: SESSION,
			text: late,
			objectiveId: null
		})
	).question.id;
	ok(
		await moderator.emitWithAck('question:approve', {
			clientId: cid('approve'),
			eventId: E,
			questionIds: [q]
		})
	);
	// Redrafted every 20 s (page timers run in real time; only the date is fixed).
	await expect(page.getByTestId('report')).toContainText(late, { timeout: 30_000 });
	moderator.close();
	asker.close();
	await page.context().close();
});

test('a visitor without an organiser sign-in sees how to sign in and nothing of the report', async ({
	page
}) => {
	await page.goto('/organiser/report');
	await expect(page.getByTestId('report-signin-needed')).toBeVisible();
	await expect(page.getByTestId('report')).toHaveCount(0);
	await expect(page.locator('body')).not.toContainText(TOP_QUESTION);
});

test('the report warns, on screen and not on paper, that its session links point at this computer’s own address; opened by another address, it does not', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(60_000);
	// The e2e hub is opened at localhost, as an organiser who starts it on a laptop without PUBLIC_URL would.
	const page = await organiserIn(browser, baseURL!, 'en');
	await page.goto('/organiser/report');
	await expect(page.locator('[data-url]').first()).toHaveAttribute('data-url', /^http:\/\/localhost:/);
	const warning = page.getByTestId('report-loopback');
	await expect(warning).toHaveAttribute('role', 'alert');
	// The host left to right in its own isolate, whatever the language's direction; what to do named.
	expect(await warning.textContent()).toContain('\u2066localhost\u2069');
	await expect(warning).toContainText('PUBLIC_URL');
	await page.emulateMedia({ media: 'print' });
	await expect(warning).toBeHidden();
	await expect(page.getByTestId('report')).toBeVisible();
	await page.emulateMedia({ media: null });
	// One session's report lists no session links: nothing to warn of.
	await page.goto(`/organiser/report/${SESSION}`);
	await expect(page.getByTestId('report-question').first()).toBeVisible();
	await expect(page.locator('[data-url]')).toHaveCount(0);
	await expect(warning).toHaveCount(0);
	await page.context().close();

	// Opened by an address others reach: the links point there, and nothing is said.
	const elsewhere = await launchReachingHubElsewhere();
	try {
		const context = await elsewhere.newContext({
			baseURL: ELSEWHERE_ORIGIN,
			timezoneId: 'Asia/Karachi',
			viewport: { width: 1280, height: 900 }
		});
		await setClock(context, DAY2_1045);
		const there = await context.newPage();
		await signInOnPage(there, await mintSignInPath('organiser', null, 'report elsewhere'));
		await there.goto('/organiser/report');
		const link = there.locator('[data-url]').first();
		await expect(link).toBeVisible();
		expect(await link.getAttribute('data-url')).toMatch(/^http:\/\/hub\.dais\.test:\d+\/e\/ISB26\/s\//);
		await expect(there.getByTestId('report-loopback')).toHaveCount(0);
	} finally {
		await elsewhere.close();
	}
});

for (const locale of LOCALES) {
	test(`the report pages have no WCAG 2.2 AA violations in ${locale}`, async ({ browser, baseURL }) => {
		const page = await organiserIn(browser, baseURL!, locale);
		await page.goto('/organiser/report');
		await expect(page.getByTestId('report-objective').first()).toBeVisible();
		await expectAccessible(page, `report ${locale}`);
		await page.goto('/organiser/report/ws-root-causes');
		await expect(page.getByTestId('report-question').first()).toBeVisible();
		await expectAccessible(page, `session report ${locale}`);
		await page.context().close();
	});
}

test('the attendance chart’s times and counts stay inside the chart at both ends of its axes, in English and Arabic', async ({
	browser,
	baseURL
}) => {
	// A day of samples from 09:00 to 21:00 in Islamabad (day 1), written as a hub writes them: the axis then runs from
	// 09:00 to 21:00 and the last time sits on the chart's edge ("21:0" was cut off at the right; in Arabic, at the
	// left).
	const db = openDatabase(join(process.env.E2E_DATA_DIR!, 'e2e.db'));
	try {
		const services = await createServices(createSqliteSql(db), { seedSample: false, sampleDates: 'fixed' });
		for (let minutes = 0; minutes <= 12 * 60; minutes += 30) {
			const at = new Date(Date.parse('2026-12-08T04:00:00Z') + minutes * 60_000).toISOString();
			await services.attendance.record(E, at, 'e2e-chart', 120, { plenary: 100, 'hall-a': 20 });
		}
	} finally {
		db.close();
	}
	for (const locale of ['en', 'ar']) {
		const page = await organiserIn(browser, baseURL!, locale);
		await page.goto('/organiser/report');
		const charts = page.getByTestId('attendance-chart').locator('svg[role=img]');
		await expect(charts.first()).toBeVisible();
		const outside = await charts.evaluateAll((svgs) =>
			svgs.flatMap((svg) => {
				const box = svg.getBoundingClientRect();
				return [...svg.querySelectorAll('text')]
					.map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }))
					.filter(({ r }) => r.left < box.left - 1 || r.right > box.right + 1)
					.map(({ text }) => text);
			})
		);
		// The counts stand beside the plot, not over its lines ("100" was drawn across them in Arabic).
		const overPlot = await charts.evaluateAll((svgs) =>
			svgs.flatMap((svg) => {
				const grid = svg.querySelector('line.grid')!.getBoundingClientRect();
				return [...svg.querySelectorAll('text.count')]
					.filter((t) => {
						const r = t.getBoundingClientRect();
						return r.right > grid.left + 1 && r.left < grid.right - 1;
					})
					.map((t) => t.textContent);
			})
		);
		expect(overPlot, `${locale}: counts drawn over the plot`).toEqual([]);
		const times = await charts.first().locator('text').allTextContents();
		expect(times.length, locale).toBeGreaterThan(5);
		expect(outside, `${locale}: labels cut off at the chart's edge`).toEqual([]);
		await charts.first().screenshot({ path: `test-results/screenshots/report-attendance-${locale}.png` });
		await page.context().close();
	}
});

// Last in the file: turning the rule on erases the names already given, which the tests above read.
test('an organiser puts a session under the Chatham House rule from the console; its report then names nobody', async ({
	browser,
	baseURL
}) => {
	const page = await organiserIn(browser, baseURL!, 'en');
	await page.goto('/organiser');
	await expect(page.getByTestId('org-attendance')).toBeVisible();
	await expect(page.getByTestId('attendance-chart')).toBeVisible();
	// Drawn at about its own size in a wide console: its labels were scaled to twice their size, its height to 300 px.
	const tick = page.getByTestId('org-attendance').locator('svg[role=img] text').first();
	expect((await tick.boundingBox())!.height, 'a label of the console’s chart').toBeLessThan(20);
	await page
		.getByTestId('org-attendance')
		.screenshot({ path: 'test-results/screenshots/org-attendance.png' });
	const row = page.locator('[data-testid=org-session][data-session-id=ws-root-causes]');
	// The console shows the organiser's programme by day: day 2 holds this session.
	await page.locator('[data-testid=day-tab][data-day="2026-12-09"]').first().click();
	const toggle = row.getByTestId('chatham-toggle');
	await expect(row.getByTestId('chatham')).toContainText('nobody is named');
	await expect(toggle).not.toBeChecked();
	// Turning it on erases the names already given: the console asks first, and "keep it off" changes nothing.
	await toggle.click();
	const confirm = row.getByTestId('chatham-confirm');
	await expect(confirm).toContainText('cannot be brought back');
	await expect(toggle).not.toBeChecked();
	await confirm.getByRole('button', { name: 'Keep it off' }).click();
	await expect(confirm).toHaveCount(0);
	await expect(toggle).not.toBeChecked();
	await expect(row.getByTestId('chatham-badge')).toHaveCount(0);
	// Clicked, not check(): the box turns on when the hub's fact arrives, not on the click itself.
	await toggle.click();
	await confirm.getByTestId('chatham-confirm-yes').click();
	await expect(toggle).toBeChecked();
	await expect(confirm).toHaveCount(0);
	await expect(row.getByTestId('chatham-badge')).toBeVisible();
	await page.goto('/organiser/report/ws-root-causes');
	await expect(page.getByTestId('report-chatham')).toBeVisible();
	await expect(page.getByTestId('report-question').first()).toContainText(TOP_QUESTION);
	await expect(page.getByTestId('report-asker')).toHaveCount(0);
	await expect(page.getByTestId('report')).not.toContainText(ASKER);
	await page.context().close();
});
