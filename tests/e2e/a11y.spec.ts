import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '../../src/lib/protocol';
import {
	askAwaitingReview,
	deviceCookie,
	expect,
	mintSignInPath,
	staffSocket,
	test,
	waitLive
} from './fixtures';
import { contextIn, LOCALES, signIn } from './locales';

/** WCAG 2.2 AA, as axe-core tags it. No rule is disabled and nothing is excluded. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DAY2_1000 = new Date('2026-12-09T05:00:00Z'); // Working session 3 (victims' rights) is live in Hall A
const E = 'isb26';
const SESSION = 'ws-victims';

type Client = Socket<ServerToClient, ClientToServer>;
let n = 0;
const cid = () => `a11y-${Date.now()}-${++n}`;
function ok<T>(res: { ok: true; data: T } | { ok: false; error: string; message?: string }): T {
	if (!res.ok) throw new Error(`${res.error}: ${res.message ?? ''}`);
	return res.data;
}
/** An attendee's phone as a plain socket: its own device, joined to the event. */
async function attendee(baseURL: string): Promise<Client> {
	const s: Client = io(baseURL, {
		transports: ['websocket'],
		extraHeaders: { cookie: await deviceCookie(baseURL) }
	});
	ok(await s.emitWithAck('event:join', { code: 'ISB26', protocol: 1 }));
	return s;
}
const messages = (locale: string) =>
	JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, unknown>;
/** A message of `locale` with its {placeholders} filled (plain messages only). */
function say(locale: string, key: string, values: Record<string, string> = {}) {
	const text = messages(locale)[key];
	if (typeof text !== 'string') throw new Error(`${key} is not a plain message`);
	return text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/**
 * Fails with the rules broken and where, if axe finds any WCAG 2.2 AA violation on the page as it is now. The page is
 * scanned whole, at the top: the window is made as tall as the page for the scan, so every target is on screen and
 * none sits half under a sticky header only because of where the test happened to scroll.
 */
async function expectAccessible(page: Page, what: string) {
	const size = page.viewportSize()!;
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
	await page.evaluate(() => window.scrollTo(0, 0));
	const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
	await page.setViewportSize(size);
	const found = violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}`));
	expect(found, `${what} (${page.url()})`).toEqual([]);
}

/**
 * The states the scans look at, made once through the hub as staff and attendees would: open polls of every kind
 * (results revealed on some), questions published, pinned, answered and replied to, one flagged and one plain in
 * the queue, a delayed, a cancelled and a moved session, and an announcement. Undone after the file, except what
 * attendees wrote.
 */
let announcementId: number | null = null;
test.beforeAll(async ({ baseURL }) => {
	const url = baseURL!;
	const [organiser, moderator, chair] = await Promise.all([
		staffSocket(url, 'organiser'),
		staffSocket(url, 'moderator'),
		staffSocket(url, 'chair')
	]);
	const tryOpen = async (pollId: string, countdownSeconds: number | null = null) => {
		await chair.emitWithAck('poll:transition', {
			clientId: cid(),
			eventId: E,
			pollId,
			action: 'open',
			countdownSeconds
		});
	};
	const reveal = async (pollId: string) =>
		ok(
			await chair.emitWithAck('poll:reveal', { clientId: cid(), eventId: E, pollId, visibility: 'everyone' })
		);
	await tryOpen('p-victims-first');
	await tryOpen('p-victims-capacity', 1800);
	await tryOpen('p-victims-urgency');
	await tryOpen('p-victims-obstacle');
	await tryOpen('p-closing-priorities');
	await tryOpen('p-closing-recommendation');
	for (const p of [
		'p-victims-first',
		'p-victims-obstacle',
		'p-closing-priorities',
		'p-closing-recommendation'
	])
		await reveal(p);

	const voters = await Promise.all(Array.from({ length: 6 }, () => attendee(url)));
	const choices = ['victims-rights', 'legal-frameworks', 'root-causes'];
	const words = ['shelters', 'legal aid', 'interpreters'];
	const asked: string[] = [];
	for (const [i, v] of voters.entries()) {
		const vote = (pollId: string, answer: object) =>
			v.emitWithAck('poll:vote', { clientId: cid(), eventId: E, pollId, answer: answer as never });
		await vote('p-victims-first', { choice: choices[i % 3] });
		await vote('p-victims-obstacle', { words: [words[i % 3]] });
		await vote('p-closing-priorities', { choices: [choices[i % 3], choices[(i + 1) % 3]] });
		await vote('p-closing-recommendation', { text: `Recommendation ${i + 1}: fund legal aid for victims.` });
		if (i < 5) {
			const text = [
				'How are shelters for smuggled migrants funded after the project ends?',
				'Which agencies refer victims to legal aid?',
				'Do interpreters work in the shelters?',
				'Call me on +92 300 1234567 about the shelters',
				'Is there a hotline for victims who fear the police?'
			][i];
			const q = await v.emitWithAck('question:ask', {
				clientId: cid(),
				eventId: E,
				sessionId: SESSION,
				text,
				objectiveId: null
			});
			asked.push(ok(q).question.id);
		}
	}
	const [funded, agencies, interpreters] = asked;
	ok(
		await moderator.emitWithAck('question:approve', {
			clientId: cid(),
			eventId: E,
			questionIds: [funded, agencies, interpreters]
		})
	);
	await voters[5].emitWithAck('question:vote', { clientId: cid(), eventId: E, questionId: funded, up: true });
	ok(
		await moderator.emitWithAck('question:reply', {
			clientId: cid(),
			eventId: E,
			questionId: agencies,
			reply: 'The national referral mechanism.'
		})
	);
	ok(
		await moderator.emitWithAck('question:pin', {
			clientId: cid(),
			eventId: E,
			sessionId: SESSION,
			questionId: funded
		})
	);
	ok(
		await moderator.emitWithAck('question:answer', {
			clientId: cid(),
			eventId: E,
			questionId: interpreters,
			answered: true
		})
	);
	const published = await chair.emitWithAck('poll:manage', { eventId: E, sessionId: 'closing' });
	const open = ok(published).polls.find((p) => p.id === 'p-closing-recommendation');
	const answerId = open?.results?.type === 'open' ? open.results.answers[0]?.id : undefined;
	if (answerId)
		await chair.emitWithAck('poll:publish-text', {
			clientId: cid(),
			eventId: E,
			pollId: 'p-closing-recommendation',
			answerId,
			published: true
		});

	await organiser.emitWithAck('session:delay', {
		clientId: cid(),
		eventId: E,
		sessionId: SESSION,
		minutes: 10
	});
	await organiser.emitWithAck('session:cancel', {
		clientId: cid(),
		eventId: E,
		sessionId: 'lunch-2',
		cancelled: true
	});
	await organiser.emitWithAck('session:move', {
		clientId: cid(),
		eventId: E,
		sessionId: 'reports',
		roomId: 'hall-a'
	});
	announcementId = ok(
		await organiser.emitWithAck('announcement:post', {
			clientId: cid(),
			eventId: E,
			text: 'Lunch today is served in the atrium.',
			roomId: null
		})
	).announcement.id;
	for (const s of [...voters, organiser, moderator, chair]) s.close();
});

test.afterAll(async ({ baseURL }) => {
	const organiser = await staffSocket(baseURL!, 'organiser');
	if (announcementId !== null)
		await organiser.emitWithAck('announcement:withdraw', { clientId: cid(), eventId: E, announcementId });
	await organiser.emitWithAck('session:delay', {
		clientId: cid(),
		eventId: E,
		sessionId: SESSION,
		minutes: 0
	});
	await organiser.emitWithAck('session:cancel', {
		clientId: cid(),
		eventId: E,
		sessionId: 'lunch-2',
		cancelled: false
	});
	await organiser.emitWithAck('session:move', {
		clientId: cid(),
		eventId: E,
		sessionId: 'reports',
		roomId: 'plenary'
	});
	organiser.close();
});

/** Asks a question as a new attendee and has the moderator publish it; returns its id. */
async function publishedQuestion(baseURL: string, text: string, moderator: Client) {
	const asker = await attendee(baseURL);
	const q = ok(
		await asker.emitWithAck('question:ask', {
			clientId: cid(),
			eventId: E,
			sessionId: SESSION,
			text,
			objectiveId: null
		})
	);
	asker.close();
	ok(
		await moderator.emitWithAck('question:approve', {
			clientId: cid(),
			eventId: E,
			questionIds: [q.question.id]
		})
	);
	return q.question.id;
}

/** `count` attendees (their own devices) upvote a question, all at once. */
async function upvote(baseURL: string, questionId: string, count: number) {
	const voters = await Promise.all(Array.from({ length: count }, () => attendee(baseURL)));
	await Promise.all(
		voters.map((v) => v.emitWithAck('question:vote', { clientId: cid(), eventId: E, questionId, up: true }))
	);
	for (const v of voters) v.close();
}

for (const locale of LOCALES) {
	test.describe(`[${locale}]`, () => {
		test('the “Asked earlier from this phone” block, shown after the cookies were cleared, has no WCAG 2.2 AA violations', async ({
			browser,
			contexts,
			baseURL
		}) => {
			const context = await contextIn(browser, baseURL!, locale, DAY2_1000);
			contexts.push(context);
			const page = await context.newPage();
			await page.goto(`/e/ISB26/s/${SESSION}`);
			await waitLive(page);
			const text = `Who checks the shelters’ conditions? (${locale} ${Date.now()})`;
			await askAwaitingReview(page, text);
			// Cookies cleared, site data kept: the phone's own copy lists the question apart. The language stays chosen.
			await context.clearCookies();
			await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
			await page.reload();
			await waitLive(page);
			await expect(page.getByTestId('earlier-question').filter({ hasText: text })).toBeVisible();
			await expect(page.getByTestId('earlier-note')).toBeVisible();
			await expectAccessible(page, '“Asked earlier from this phone”');
		});

		test('attendee pages: start, join, agenda, session with Q&A and open polls, sign-in and error pages have no WCAG 2.2 AA violations', async ({
			browser,
			contexts,
			baseURL
		}) => {
			test.setTimeout(120_000);
			const context = await contextIn(browser, baseURL!, locale, DAY2_1000);
			contexts.push(context);
			const page = await context.newPage();

			await page.goto('/?all');
			await expectAccessible(page, 'start page');
			await page.goto('/join?code=NOPE1');
			await expect(page.getByRole('alert')).toBeVisible();
			await expectAccessible(page, 'join page with an unknown code');

			await page.goto('/e/ISB26');
			await waitLive(page);
			await expect(page.getByTestId('announcement').first()).toBeVisible();
			await expect(page.getByTestId('open-poll-banner').first()).toBeVisible();
			await expectAccessible(page, 'agenda');
			await page.getByTestId('day-tab').first().click();
			await expectAccessible(page, 'agenda, first day');

			await page.goto(`/e/ISB26/s/${SESSION}`);
			await waitLive(page);
			for (const id of ['p-victims-first', 'p-victims-capacity', 'p-victims-urgency', 'p-victims-obstacle'])
				await expect(page.locator(`[data-testid=poll][data-poll-id=${id}]`)).toBeVisible();
			await expect(page.getByTestId('poll-results').first()).toBeVisible();
			await expect(page.getByTestId('question').first()).toBeVisible();
			await page.getByTestId('ask-text').fill('Are the shelters open to families?');
			await page.getByTestId('ask-submit').click();
			await expect(page.getByTestId('my-question').first()).toBeVisible();
			// "Withdraw" on it, its confirmation open.
			await page.getByTestId('my-question').first().getByTestId('question-withdraw').click();
			await expect(page.getByTestId('withdraw-confirm')).toBeVisible();
			// A ballot in: "your ballot is in" beside the other polls' forms.
			const single = page.locator('[data-testid=poll][data-poll-id=p-victims-first]');
			await single.getByTestId('option').first().click();
			await expect(single.getByTestId('ballot-in')).toBeVisible();
			// Changing it shows which choice holds the vote now (to a screen reader as well), and can be left as it was.
			await single.getByTestId('ballot-change').click();
			await expect(single.getByTestId('option').first()).toHaveAttribute('aria-pressed', 'true');
			await expect(single.getByTestId('option').nth(1)).toHaveAttribute('aria-pressed', 'false');
			await single.getByTestId('ballot-keep').click();
			await expect(single.getByTestId('ballot-in')).toBeVisible();
			// SvelteKit finds a new deployment: the update prompt too.
			await page.route('**/_app/version.json', (r) => r.fulfill({ json: { version: 'a-newer-build' } }));
			// The phone comes back to the front: it asks whether a new version is out.
			await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
			await expect(page.getByTestId('update-prompt')).toBeVisible();
			await expectAccessible(page, 'session page: questions, open polls, revealed results, update prompt');
			await page.unroute('**/_app/version.json');
			await page.getByRole('tab').nth(1).click();
			await expect(page.getByTestId('question').first()).toBeVisible();
			await expectAccessible(page, 'session page, answered questions');

			await page.goto('/e/ISB26/s/closing');
			await waitLive(page);
			for (const id of ['p-closing-priorities', 'p-closing-recommendation'])
				await expect(page.locator(`[data-testid=poll][data-poll-id=${id}]`)).toBeVisible();
			await expectAccessible(page, 'session page: several-choice and open-text polls with results');

			await page.goto('/e/NOPE1');
			await expectAccessible(page, 'error page (unknown event)');
			await page.goto('/signin?token=not-a-real-token');
			await expectAccessible(page, 'sign-in page, link refused');
			for (const path of ['/moderator', '/chair', '/organiser', '/screen']) {
				await page.goto(path);
				await expectAccessible(page, `${path} without a staff link`);
			}
		});

		test('staff pages: moderator, chair and organiser consoles (every panel) and the hall screen have no WCAG 2.2 AA violations', async ({
			browser,
			contexts,
			baseURL
		}) => {
			test.setTimeout(120_000);
			const open = async (
				role: 'moderator' | 'chair' | 'organiser' | 'screen',
				path: string | null,
				phone: boolean,
				roomId: string | null = null
			) => {
				const context = await contextIn(browser, baseURL!, locale, DAY2_1000, { phone });
				contexts.push(context);
				const page = await context.newPage();
				await signIn(page, await mintSignInPath(role, roomId));
				if (path) await page.goto(path);
				return page;
			};

			const link = await (await contextIn(browser, baseURL!, locale, DAY2_1000)).newPage();
			contexts.push(link.context());
			await link.goto(await mintSignInPath('moderator'));
			await expectAccessible(link, 'the page a staff sign-in link opens');

			const mod = await open('moderator', `/moderator?session=${SESSION}`, false);
			await waitLive(mod);
			await expect(mod.getByTestId('mod-queue').getByTestId('mod-question').first()).toBeVisible();
			await expect(mod.getByTestId('mod-flag').first()).toBeVisible();
			await mod.getByTestId('mod-queue').getByTestId('mod-question').first().getByTestId('decline').click();
			await expectAccessible(mod, 'moderator console, a decline form open');
			await mod.getByTestId('mod-tab-answered').click();
			await expectAccessible(mod, 'moderator console, answered list');

			const modPhone = await open('moderator', `/moderator?session=${SESSION}`, true);
			await waitLive(modPhone);
			await expect(modPhone.getByTestId('mod-question').first()).toBeVisible();
			await expectAccessible(modPhone, 'moderator console on a phone');

			const chair = await open('chair', `/chair?session=${SESSION}`, true);
			await waitLive(chair);
			await expect(chair.getByTestId('chair-poll').first()).toBeVisible();
			await chair.getByTestId('chair-new-poll').click();
			await expectAccessible(chair, 'chair console: polls, the new poll form');
			await chair.getByTestId('chair-tab-questions').click();
			await expect(chair.getByTestId('chair-question').first()).toBeVisible();
			await expectAccessible(chair, 'chair console, questions');

			const org = await open('organiser', null, false);
			await waitLive(org);
			await org.getByTestId('add-session').click();
			// A session's actions sit behind its row's menu: its edit form opened from there.
			const firstRow = org.getByTestId('org-session').first();
			await firstRow.getByTestId('row-menu').click();
			await firstRow.getByTestId('row-menu-edit').click();
			await org.getByTestId('mint-label').fill('Hall A moderator');
			await org.getByTestId('mint-submit').click();
			await expect(org.getByTestId('minted')).toBeVisible();
			// The e2e hub is opened at localhost: the console says another device cannot open the link.
			await expect(org.getByTestId('minted-loopback')).toContainText('localhost');
			await expectAccessible(
				org,
				'organiser console: every panel, new session and edit forms open, a link just minted'
			);

			const screen = await open('screen', null, false, 'hall-a');
			await waitLive(screen);
			await expect(screen.getByTestId('screen-poll')).toBeVisible();
			await expectAccessible(screen, 'hall screen with a poll');
			const chooser = await open('screen', null, false);
			await expectAccessible(chooser, 'hall screen: choose a hall');
		});

		test('the live region announces a published question and a newly opened poll; ten votes in a second make at most one announcement', async ({
			browser,
			contexts,
			baseURL
		}) => {
			test.setTimeout(60_000);
			const url = baseURL!;
			const context = await contextIn(browser, url, locale, DAY2_1000);
			contexts.push(context);
			const page = await context.newPage();
			await page.goto(`/e/ISB26/s/${SESSION}`);
			await waitLive(page);
			const region = page.getByTestId('announcer');
			await expect(region).toHaveAttribute('role', 'status');
			// The Q&A list is in: a question published while the page is still fetching it is part of what it shows,
			// not news (the hub was slow to answer in one run of the whole suite, and the question came first).
			await expect(page.getByTestId('question-list').getByTestId('question').first()).toBeVisible();
			const [moderator, chair] = await Promise.all([
				staffSocket(url, 'moderator'),
				staffSocket(url, 'chair')
			]);

			const text = `Who trains the border guards in victim identification? (${locale})`;
			const questionId = await publishedQuestion(url, text, moderator);
			await expect(region).toContainText(say(locale, 'announce_question', { text }), { timeout: 10_000 });

			const question = `Should the shelters open at night? (${locale} ${Date.now()})`;
			const created = ok(
				await chair.emitWithAck('poll:create', {
					clientId: cid(),
					eventId: E,
					sessionId: SESSION,
					poll: {
						type: 'single',
						question,
						options: [
							{ id: 'yes', label: 'Yes' },
							{ id: 'no', label: 'No' }
						]
					}
				})
			);
			ok(
				await chair.emitWithAck('poll:transition', {
					clientId: cid(),
					eventId: E,
					pollId: created.poll.id,
					action: 'open',
					countdownSeconds: null
				})
			);
			const session = (await page.getByTestId('session').getByRole('heading', { level: 1 }).textContent())!;
			await expect(region).toContainText(say(locale, 'announce_poll_opened', { session, question }), {
				timeout: 10_000
			});

			const before = Number(await region.getAttribute('data-count'));
			await upvote(url, questionId, 10);
			await expect(page.locator(`[data-question-id="${questionId}"]`).getByTestId('votes')).toHaveText('10');
			// Long enough for anything the votes set off to be said (a burst waits one second, announcements four apart).
			await page.waitForTimeout(6000);
			expect(Number(await region.getAttribute('data-count'))).toBeLessThanOrEqual(before + 1);

			await chair.emitWithAck('poll:transition', {
				clientId: cid(),
				eventId: E,
				pollId: created.poll.id,
				action: 'close',
				countdownSeconds: null
			});
			moderator.close();
			chair.close();
		});

		test('keyboard: the Q&A tabs follow the arrow keys, an upvoted question keeps focus as it moves up, an approved one hands focus to the next row', async ({
			browser,
			contexts,
			baseURL
		}) => {
			test.setTimeout(60_000);
			const url = baseURL!;
			const context = await contextIn(browser, url, locale, DAY2_1000);
			contexts.push(context);
			const page = await context.newPage();
			await page.goto(`/e/ISB26/s/${SESSION}`);
			await waitLive(page);
			const rtl = (await page.locator('html').getAttribute('dir')) === 'rtl';
			const [forward, back] = rtl ? ['ArrowLeft', 'ArrowRight'] : ['ArrowRight', 'ArrowLeft'];

			// Tabs: one tab stop, the arrows select the next or previous tab and wrap, Home and End go to the ends.
			const tabs = page.getByTestId('qa').getByRole('tab');
			await expect(tabs).toHaveCount(2);
			await tabs.first().focus();
			await page.keyboard.press(forward);
			await expect(tabs.nth(1)).toBeFocused();
			await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
			await expect(tabs.first()).toHaveAttribute('tabindex', '-1');
			await expect(tabs.nth(1)).toHaveAttribute('tabindex', '0');
			await expect(page.getByRole('tabpanel')).toHaveAttribute(
				'aria-labelledby',
				(await tabs.nth(1).getAttribute('id'))!
			);
			await page.keyboard.press(forward);
			await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
			await page.keyboard.press(back);
			await expect(tabs.nth(1)).toBeFocused();
			await page.keyboard.press('Home');
			await expect(tabs.first()).toBeFocused();
			await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');

			// A question tied with the top of the list, below it (newer): one more upvote moves it to the top.
			const moderator = await staffSocket(url, 'moderator');
			const list = page.getByTestId('question-list');
			await expect(list.getByTestId('question').first()).toBeVisible();
			const top = Math.max(...(await list.getByTestId('votes').allTextContents()).map(Number));
			const text = `Are victims told about the shelters at the border? (${locale} ${Date.now()})`;
			const id = await publishedQuestion(url, text, moderator);
			await upvote(url, id, top);
			const card = list.locator(`[data-question-id="${id}"]`);
			await expect(card.getByTestId('votes')).toHaveText(String(top));
			await expect(list.getByTestId('question').first()).not.toHaveAttribute('data-question-id', id);
			await card.getByTestId('upvote').focus();
			await page.keyboard.press('Enter');
			await expect(list.getByTestId('question').first()).toHaveAttribute('data-question-id', id);
			await expect(card.getByTestId('votes')).toHaveText(String(top + 1));
			await expect(card.getByTestId('upvote')).toBeFocused();
			await expect(card.getByTestId('upvote')).toHaveAttribute('aria-pressed', 'true');

			// The moderator approves the newest question in the queue from the keyboard: focus goes to the next one's button.
			const staff = await contextIn(browser, url, locale, DAY2_1000, { phone: false });
			contexts.push(staff);
			const mod = await staff.newPage();
			await signIn(mod, await mintSignInPath('moderator'));
			await mod.goto(`/moderator?session=${SESSION}`);
			await waitLive(mod);
			const asker = await attendee(url);
			const tag = `${locale} ${Date.now()}`;
			for (const t of ['first', 'second', 'third'])
				ok(
					await asker.emitWithAck('question:ask', {
						clientId: cid(),
						eventId: E,
						sessionId: SESSION,
						text: `Waiting question, the ${t} (${tag})`,
						objectiveId: null
					})
				);
			asker.close();
			const queue = mod.getByTestId('mod-queue').getByTestId('mod-question');
			// Each language's run sets the hub's clock back to the same morning, so an earlier run's questions may sort
			// above these: wait for this run's three, then approve whichever question leads the queue.
			await expect(queue.filter({ hasText: tag })).toHaveCount(3);
			const next = await queue.nth(1).getAttribute('data-question-id');
			await queue.first().getByTestId('approve').focus();
			await mod.keyboard.press('Enter');
			await expect(queue.first()).toHaveAttribute('data-question-id', next!);
			await expect(queue.first().getByTestId('approve')).toBeFocused();
			moderator.close();
		});
	});
}

test('a poll its countdown closes leaves no “Poll open” in the live region of the chair’s console or a programme page; its close is said', async ({
	browser,
	contexts,
	baseURL
}) => {
	test.setTimeout(60_000);
	const url = baseURL!;
	const chairContext = await contextIn(browser, url, 'en', DAY2_1000, { phone: true });
	const phoneContext = await contextIn(browser, url, 'en', DAY2_1000, { phone: true });
	contexts.push(chairContext, phoneContext);
	const chairPage = await chairContext.newPage();
	await signIn(chairPage, await mintSignInPath('chair'));
	await chairPage.goto(`/chair?session=${SESSION}`);
	const phone = await phoneContext.newPage();
	await phone.goto('/e/ISB26');
	await Promise.all([waitLive(chairPage), waitLive(phone)]);
	const regions = [chairPage, phone].map((page) => page.getByTestId('announcer'));

	const chair = await staffSocket(url, 'chair');
	const question = `Should the night shelters take families? (${Date.now()})`;
	const created = ok(
		await chair.emitWithAck('poll:create', {
			clientId: cid(),
			eventId: E,
			sessionId: SESSION,
			poll: {
				type: 'single',
				question,
				options: [
					{ id: 'yes', label: 'Yes' },
					{ id: 'no', label: 'No' }
				]
			}
		})
	);
	const transition = (action: 'open' | 'close', countdownSeconds: number | null = null) =>
		chair.emitWithAck('poll:transition', {
			clientId: cid(),
			eventId: E,
			pollId: created.poll.id,
			action,
			countdownSeconds
		});
	try {
		// Opened with the shortest countdown: both pages say it is open...
		ok(await transition('open', 10));
		for (const region of regions) {
			await expect(region).toContainText('Poll open in', { timeout: 10_000 });
			await expect(region).toContainText(question);
		}
		// ...and once the countdown has closed it, neither holds that any more: it says the poll closed.
		const closed = say('en', 'announce_poll_closed', { question });
		for (const region of regions) {
			await expect(region).toContainText(closed, { timeout: 25_000 });
			await expect(region).not.toContainText('Poll open in');
		}
	} finally {
		await transition('close');
		chair.close();
	}
});
