import type { Browser, BrowserContext } from '@playwright/test';
import {
	approveFromQueue,
	askAwaitingReview,
	expect,
	forbidDialogs,
	phoneAt,
	test,
	waitLive
} from './fixtures';

const AT_1230 = new Date('2026-12-08T07:30:00Z'); // Working session 2 in Hall B is live

/** A phone at 12:30 on working session 2's page, live, its dialogs refused (and listed in `dialogs`). */
async function wsLegalPhone(browser: Browser, contexts: BrowserContext[], dialogs: string[]) {
	const context = await phoneAt(browser, contexts, AT_1230);
	const page = await context.newPage();
	forbidDialogs(page, dialogs);
	await page.goto('/e/ISB26/s/ws-legal');
	await waitLive(page);
	return page;
}

test('a question goes from a phone through moderation to the room, the screen and answered', async ({
	browser,
	staffPage,
	contexts
}) => {
	// A phone, a moderator, a second phone, the hall screen and an organiser: 14 s alone, over 30 s in one CI run.
	test.setTimeout(60_000);
	const dialogs: string[] = [];
	const open = () => wsLegalPhone(browser, contexts, dialogs);
	const asker = await open();
	const text = 'How will the model law treat people who were smuggled, not only the smugglers?';
	await asker.getByTestId('ask-text').fill(text);
	await asker.getByTestId('ask-submit').click();
	await expect(asker.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);

	const xss = '<img src=x onerror=alert(1)>';
	await asker.getByTestId('ask-text').fill(xss);
	await asker.getByTestId('ask-submit').click();
	await expect(asker.getByTestId('my-question').filter({ hasText: xss })).toBeVisible();

	const moderator = await staffPage('moderator', { at: AT_1230 });
	forbidDialogs(moderator, dialogs);
	await expect(moderator).toHaveURL(/\/moderator/);
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption('ws-legal');
	const queue = moderator.getByTestId('mod-queue');
	const row = queue.getByTestId('mod-question').filter({ hasText: text });
	await row.getByTestId('approve').click();
	const xssRow = queue.getByTestId('mod-question').filter({ hasText: xss });
	await xssRow.getByTestId('approve').click();

	await expect(asker.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'published'
	);

	const other = await open();
	const card = other.getByTestId('question').filter({ hasText: text });
	await expect(card).toBeVisible();
	await card.getByTestId('upvote').click();
	await expect(card.getByTestId('votes')).toHaveText('1');
	await expect(asker.getByTestId('question').filter({ hasText: text }).getByTestId('votes')).toHaveText('1');
	// The asker sees the count on their own question, marked as theirs, with nothing to upvote it with.
	const own = asker.getByTestId('question').filter({ hasText: text });
	await expect(own.getByTestId('own-badge')).toHaveText('Your question');
	await expect(own.getByTestId('upvote')).toHaveCount(0);
	// The injected markup is shown as the literal text it is.
	await expect(other.getByTestId('question-text').filter({ hasText: xss })).toHaveText(xss);
	expect(await other.locator('[data-testid=question] img').count()).toBe(0);

	const screen = await staffPage('screen', { roomId: 'hall-b', at: AT_1230 });
	forbidDialogs(screen, dialogs);
	await expect(screen.getByTestId('screen-current')).toHaveText(
		'Working session 2: Strengthening legal frameworks'
	);

	const published = moderator
		.getByTestId('mod-published')
		.getByTestId('mod-question')
		.filter({ hasText: text });
	await published.getByTestId('pin').click();
	await expect(card).toContainText('On screen now');
	await expect(screen.getByTestId('screen-pinned')).toContainText(text);
	await published.getByTestId('answer').click();
	await expect(other.getByTestId('question').filter({ hasText: text })).toHaveCount(0);
	await other.getByRole('tab', { name: /Answered/ }).click();
	await expect(other.getByTestId('question').filter({ hasText: text })).toBeVisible();
	await expect(asker.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'answered'
	);

	expect(dialogs).toEqual([]);
});

test('after the browser’s cookies are cleared, “Your questions” still shows what this phone asked, as asked from its earlier identity', async ({
	browser,
	contexts
}) => {
	const context = await phoneAt(browser, contexts, AT_1230);
	const page = await context.newPage();
	await page.goto('/e/ISB26/s/ws-legal');
	await waitLive(page);
	const text = `Who pays for the return flights of people found on a smuggler’s boat? (${Date.now()})`;
	await page.getByTestId('ask-objective').selectOption('victims-rights');
	await askAwaitingReview(page, text);
	// The next question starts without the last one's objective.
	await expect(page.getByTestId('ask-objective')).toHaveValue('');

	// Cookies cleared (site data kept): the hub gives the browser a new device id, unrelated to the old one.
	await context.clearCookies();
	await page.reload();
	await waitLive(page);
	const earlier = page.getByTestId('earlier-question').filter({ hasText: text });
	await expect(earlier).toHaveAttribute('data-state', 'awaiting-review');
	await expect(earlier.locator('.t')).toHaveAttribute('dir', 'auto');
	await expect(page.getByTestId('earlier-note')).toContainText('cookies were cleared');
	// The hub does not hand the question to the new device: it is the phone's own copy that shows it.
	await expect(page.getByTestId('my-question').filter({ hasText: text })).toHaveCount(0);

	// The new identity asks as any phone does; the earlier question stays listed apart.
	const next = `And who checks that they are not sent back into danger? (${Date.now()})`;
	await page.getByTestId('ask-text').fill(next);
	await page.getByTestId('ask-submit').click();
	await expect(page.getByTestId('my-question').filter({ hasText: next })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);
	await expect(earlier).toBeVisible();

	// The person can take it off the phone; it stays gone after a reload (the hub's copy is untouched).
	await earlier.getByTestId('earlier-forget').click();
	await expect(earlier).toHaveCount(0);
	await page.reload();
	await waitLive(page);
	await expect(page.getByTestId('my-question').filter({ hasText: next })).toBeVisible();
	await expect(page.getByTestId('earlier-question').filter({ hasText: text })).toHaveCount(0);
});

test('a next question typed while the last one is still sending stays in the field', async ({ phone }) => {
	// The hub's answer to a question reaches the page late, as on a congested venue Wi-Fi.
	await phone.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		ws.onMessage((message) => server.send(message));
		server.onMessage((message) => {
			if (/^43\d+\[\{"ok":true,"data":\{"question"/.test(String(message)))
				setTimeout(() => ws.send(message), 1500);
			else ws.send(message);
		});
	});
	await phone.goto('/e/ISB26/s/ws-intelligence');
	await waitLive(phone);
	// The session's Q&A has answered, so the question goes at once rather than waiting on the device.
	await expect(phone.getByTestId('qa-counts')).toBeVisible();
	const first = 'Which agency will host the shared database?';
	const next = 'And who audits what it holds?';
	await phone.getByTestId('ask-text').fill(first);
	await phone.getByTestId('ask-submit').click();
	await expect(phone.getByTestId('ask-submit')).toHaveText('Sending…');
	await phone.getByTestId('ask-text').fill(next);
	await expect(phone.getByTestId('ask-submit')).toHaveText('Send question');
	await expect(phone.getByTestId('my-question').filter({ hasText: first })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);
	await expect(phone.getByTestId('ask-text')).toHaveValue(next);
	await phone.getByTestId('ask-submit').click();
	await expect(phone.getByTestId('my-question').filter({ hasText: next })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);
});

test('a phone withdraws its published, pinned question: the other phones, the moderator and the hall screen lose it', async ({
	browser,
	staffPage,
	contexts
}) => {
	test.setTimeout(60_000);
	const dialogs: string[] = [];
	const open = () => wsLegalPhone(browser, contexts, dialogs);
	const text = `Can a question that names my village be taken back? (withdraw ${Date.now().toString(36)})`;
	const asker = await open();
	await askAwaitingReview(asker, text);

	const moderator = await staffPage('moderator', { at: AT_1230 });
	forbidDialogs(moderator, dialogs);
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption('ws-legal');
	await approveFromQueue(moderator, text);
	const published = moderator
		.getByTestId('mod-published')
		.getByTestId('mod-question')
		.filter({ hasText: text });
	await published.getByTestId('pin').click();
	const screen = await staffPage('screen', { roomId: 'hall-b', at: AT_1230 });
	forbidDialogs(screen, dialogs);
	await expect(screen.getByTestId('screen-pinned')).toContainText(text);
	const other = await open();
	await expect(other.getByTestId('question').filter({ hasText: text })).toContainText('On screen now');

	// The asker's own question, published: "Withdraw" asks first, and "Keep it" leaves everything as it was.
	const mine = asker.getByTestId('my-question').filter({ hasText: text });
	await expect(mine).toHaveAttribute('data-state', 'published');
	await expect(mine.locator('.t')).toHaveAttribute('dir', 'auto');
	await mine.getByTestId('question-withdraw').click();
	const confirm = mine.getByTestId('withdraw-confirm');
	await expect(confirm).toContainText('Withdraw your question? It will be deleted for everyone.');
	await expect(confirm.getByTestId('withdraw-keep')).toBeFocused();
	await confirm.getByTestId('withdraw-keep').press('Enter');
	await expect(confirm).toHaveCount(0);
	await expect(mine.getByTestId('question-withdraw')).toBeFocused();
	await expect(published).toBeVisible();

	await mine.getByTestId('question-withdraw').press('Enter');
	await mine.getByTestId('withdraw-yes').click();
	await expect(mine).toHaveCount(0);
	await expect(asker.getByTestId('question').filter({ hasText: text })).toHaveCount(0);
	await expect(other.getByTestId('question').filter({ hasText: text })).toHaveCount(0);
	await expect(moderator.getByTestId('mod-question').filter({ hasText: text })).toHaveCount(0);
	await expect(screen.getByTestId('screen-pinned')).toHaveCount(0);

	// Gone for good: not back after a reload, nor kept on the phone as an "earlier" question.
	await asker.reload();
	await waitLive(asker);
	await expect(asker.getByText(text)).toHaveCount(0);
	expect(dialogs).toEqual([]);
});

test('sending a question from the keyboard leaves the focus on it under “Your questions”, not on the page, in English and Urdu', async ({
	browser,
	contexts
}) => {
	const dialogs: string[] = [];
	const page = await wsLegalPhone(browser, contexts, dialogs);
	for (const [lang, text] of [
		['en', `Keyboard question ${Date.now()}: who keeps the shared case database?`],
		['ur', `کی بورڈ سے سوال ${Date.now()}: مشترکہ کیس ڈیٹا بیس کون رکھے گا؟`]
	] as const) {
		if (lang === 'ur') {
			await page.getByTestId('locale-switcher').first().locator('select').selectOption('ur');
			await expect(page.locator('html')).toHaveAttribute('lang', 'ur');
			await waitLive(page);
		}
		await page.getByTestId('ask-text').fill(text);
		await page.getByTestId('ask-submit').focus();
		await page.keyboard.press('Enter');
		const row = page.getByTestId('my-question').filter({ hasText: text.slice(0, 20) });
		await expect(row).toHaveAttribute('data-state', 'awaiting-review');
		await expect(row, `${lang}: the focus is on the question sent`).toBeFocused();
		// Left as it was: the question is taken back.
		await row.locator('[data-withdraw]').click();
		await page.getByTestId('withdraw-yes').click();
		await expect(row).toHaveCount(0);
	}
	expect(dialogs).toEqual([]);
});
