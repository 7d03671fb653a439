import { expect, phoneAt, staffSocket, test, waitLive } from './fixtures';

/** 11:30 in Islamabad on day 1: working session 1 (intelligence) is live in Hall A. */
const DAY1_1130 = new Date('2026-12-08T06:30:00Z');

test('two tabs of one phone stay in step: a vote in one shows as cast in the other, and so does the outbox', async ({
	browser,
	contexts,
	baseURL
}) => {
	const chair = await staffSocket(baseURL!, 'chair');
	const transition = (action: 'open' | 'close') =>
		chair.emitWithAck('poll:transition', {
			clientId: `e2e-tabs-${action}-${Date.now()}`,
			eventId: 'isb26',
			pollId: 'p-intelligence-first',
			action,
			countdownSeconds: null
		});
	try {
		expect((await transition('open')).ok).toBe(true);
		const context = await phoneAt(browser, contexts, DAY1_1130);
		const [one, two] = [await context.newPage(), await context.newPage()];
		for (const page of [one, two]) {
			await page.goto('/e/ISB26/s/ws-intelligence');
			await waitLive(page);
		}
		const poll = (page: typeof one) => page.locator('[data-testid=poll][data-poll-id=p-intelligence-first]');
		await expect(poll(two).getByTestId('option').first()).toBeVisible();

		await poll(one).locator('[data-option-id=legal-frameworks]').click();
		await expect(poll(one).getByTestId('ballot-in')).toBeVisible();
		// The other tab no longer offers the vote it already cast, without a reload.
		await expect(poll(two).getByTestId('ballot-in')).toBeVisible();
		await expect(poll(two).getByTestId('option')).toHaveCount(0);

		// A question kept on the device while offline shows as waiting in both tabs, and as sent in both after.
		await context.setOffline(true);
		await expect(one.getByTestId('connection')).toHaveAttribute('data-status', 'reconnecting');
		const text = 'Which databases will the task force share first?';
		await one.getByTestId('ask-text').fill(text);
		await one.getByTestId('ask-submit').click();
		for (const page of [one, two])
			await expect(page.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
				'data-state',
				'waiting'
			);
		await context.setOffline(false);
		for (const page of [one, two])
			await expect(page.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
				'data-state',
				'awaiting-review'
			);
		await expect(two.getByTestId('my-question').filter({ hasText: text })).toHaveCount(1);
	} finally {
		await transition('close');
		chair.close();
	}
});

test('a star set in one tab shows in the other tabs at once, and so does taking it off', async ({
	browser,
	contexts
}) => {
	const context = await phoneAt(browser, contexts, DAY1_1130);
	const [programme, mine] = [await context.newPage(), await context.newPage()];
	await programme.goto('/e/ISB26');
	await mine.goto('/e/ISB26/my');
	for (const page of [programme, mine]) await waitLive(page);
	const star = programme.locator(
		'[data-testid=day-panel] [data-testid=session][data-session-id=ws-intelligence] [data-testid=star]'
	);
	await star.click();
	await expect(star).toHaveAttribute('aria-pressed', 'true');
	// My agenda, open in the other tab, lists it without a reload...
	const listed = mine.locator('[data-testid=my-agenda] [data-session-id=ws-intelligence] [data-testid=star]');
	await expect(listed).toHaveAttribute('aria-pressed', 'true');
	// ...and taking it off there takes it off the programme's card in the first tab.
	await listed.click();
	await expect(star).toHaveAttribute('aria-pressed', 'false');
});

test('a language chosen in one tab turns the other tabs too, without a reload', async ({
	browser,
	contexts
}) => {
	const context = await phoneAt(browser, contexts, DAY1_1130);
	const [one, two] = [await context.newPage(), await context.newPage()];
	await one.goto('/e/ISB26');
	await two.goto('/e/ISB26/s/ws-intelligence');
	for (const page of [one, two]) await waitLive(page);
	await two.getByTestId('ask-text').fill('Half-typed in the other tab');
	await one.getByTestId('locale-switcher').locator('select').selectOption('ur');
	await expect(one.locator('html')).toHaveAttribute('lang', 'ur');
	await expect(two.locator('html')).toHaveAttribute('lang', 'ur');
	await expect(two.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(two.getByTestId('ask-text')).toHaveValue('Half-typed in the other tab');
	await waitLive(two);
});
