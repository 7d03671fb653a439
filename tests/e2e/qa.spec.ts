import { expect, forbidDialogs, PHONE, test, waitLive, setClock } from './fixtures';

const AT_1230 = new Date('2026-12-08T07:30:00Z'); // Working session 2 in Hall B is live

test('a question goes from a phone through moderation to the room, the screen and answered', async ({
	browser,
	staffPage,
	contexts
}) => {
	const dialogs: string[] = [];
	const open = async () => {
		const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
		await setClock(context, AT_1230);
		contexts.push(context);
		const page = await context.newPage();
		forbidDialogs(page, dialogs);
		await page.goto('/e/ISB26/s/ws-legal');
		await waitLive(page);
		return page;
	};
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
