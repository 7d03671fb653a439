import type { Locator } from '@playwright/test';
import { expect, phoneAt, staffSocket, test, waitLive } from './fixtures';

/** 09:45 in Islamabad on day 2: working session 3 (victims) is live in Hall A. */
const DAY2_0945 = new Date('2026-12-09T04:45:00Z');

const order = (ranking: Locator) =>
	ranking.locator('li').evaluateAll((lis) => lis.map((li) => li.dataset.itemId));

test('a ranking ballot is ordered by dragging on a phone and by the arrow keys, and each move is announced', async ({
	browser,
	contexts,
	baseURL
}) => {
	const chair = await staffSocket(baseURL!, 'chair');
	const transition = (action: 'open' | 'close') =>
		chair.emitWithAck('poll:transition', {
			clientId: `e2e-ranking-${action}-${Date.now()}`,
			eventId: 'isb26',
			pollId: 'p-victims-urgency',
			action,
			countdownSeconds: null
		});
	try {
		// Another spec (the a11y suite) may have left this preset open: open is what this test needs either way.
		const opened = await transition('open');
		expect(opened.ok || opened.error === 'conflict').toBe(true);
		const context = await phoneAt(browser, contexts, DAY2_0945);
		const page = await context.newPage();
		await page.goto('/e/ISB26/s/ws-victims');
		await waitLive(page);
		const poll = page.locator('[data-testid=poll][data-poll-id=p-victims-urgency]');
		const ranking = poll.getByTestId('ranking');
		await expect(ranking.locator('li')).toHaveCount(4);
		expect(await order(ranking)).toEqual([
			'intelligence-sharing',
			'legal-frameworks',
			'victims-rights',
			'root-causes'
		]);

		// Drag the first item by its handle to below the third, with small pointer steps as a finger moves.
		const handle = ranking.locator('li[data-item-id=intelligence-sharing]').getByTestId('rank-handle');
		await handle.scrollIntoViewIfNeeded();
		const from = (await handle.boundingBox())!;
		const target = (await ranking.locator('li[data-item-id=victims-rights]').boundingBox())!;
		await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
		await page.mouse.down();
		await page.mouse.move(from.x + from.width / 2, target.y + target.height * 0.8, { steps: 12 });
		await page.mouse.up();
		expect(await order(ranking)).toEqual([
			'legal-frameworks',
			'victims-rights',
			'intelligence-sharing',
			'root-causes'
		]);
		await expect(poll.getByTestId('rank-announcement')).toHaveText(
			'\u2068Enhancing intelligence sharing\u2069 moved to place 3 of 4'
		);

		// Keyboard: the focused handle moves its item with the arrow keys and keeps the focus.
		const roots = ranking.locator('li[data-item-id=root-causes]').getByTestId('rank-handle');
		await roots.focus();
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('ArrowUp');
		expect(await order(ranking)).toEqual([
			'root-causes',
			'legal-frameworks',
			'victims-rights',
			'intelligence-sharing'
		]);
		await expect(ranking.locator('li[data-item-id=root-causes]').getByTestId('rank-handle')).toBeFocused();
		await expect(poll.getByTestId('rank-announcement')).toHaveText(
			'\u2068Addressing root causes\u2069 moved to place 1 of 4'
		);
		await page.keyboard.press('ArrowDown');
		expect(await order(ranking)).toEqual([
			'legal-frameworks',
			'root-causes',
			'victims-rights',
			'intelligence-sharing'
		]);

		// A finger: real touch events (through the DevTools protocol), which the page must not take for a scroll.
		const cdp = await context.newCDPSession(page);
		const finger = (await ranking
			.locator('li[data-item-id=intelligence-sharing]')
			.getByTestId('rank-handle')
			.boundingBox())!;
		const top = (await ranking.locator('li[data-item-id=legal-frameworks]').boundingBox())!;
		const x = finger.x + finger.width / 2;
		const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y: number) =>
			cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
		await touch('touchStart', finger.y + finger.height / 2);
		for (let i = 1; i <= 10; i++)
			await touch(
				'touchMove',
				finger.y + finger.height / 2 + ((top.y + top.height * 0.2 - finger.y - finger.height / 2) * i) / 10
			);
		await touch('touchEnd', top.y + top.height * 0.2);
		expect(await order(ranking)).toEqual([
			'intelligence-sharing',
			'legal-frameworks',
			'root-causes',
			'victims-rights'
		]);
		await ranking.locator('li[data-item-id=intelligence-sharing]').getByTestId('rank-handle').focus();
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowDown');
		await ranking.locator('li[data-item-id=victims-rights]').getByTestId('rank-handle').focus();
		await page.keyboard.press('ArrowUp');
		expect(await order(ranking)).toEqual([
			'legal-frameworks',
			'victims-rights',
			'root-causes',
			'intelligence-sharing'
		]);

		// The arrow buttons keep the focus on the button pressed, on the moved item's row, so it can be pressed
		// again; at the first or last place, on the other arrow.
		const legal = ranking.locator('li[data-item-id=legal-frameworks]');
		await legal.locator('[data-move=down]').click();
		await expect(legal.locator('[data-move=down]')).toBeFocused();
		await page.keyboard.press('Enter');
		await page.keyboard.press('Enter');
		expect(await order(ranking)).toEqual([
			'victims-rights',
			'root-causes',
			'intelligence-sharing',
			'legal-frameworks'
		]);
		await expect(legal.locator('[data-move=up]')).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(legal.locator('[data-move=up]')).toBeFocused();
		await page.keyboard.press('Enter');
		await page.keyboard.press('Enter');
		await expect(legal.locator('[data-move=down]')).toBeFocused();
		expect(await order(ranking)).toEqual([
			'legal-frameworks',
			'victims-rights',
			'root-causes',
			'intelligence-sharing'
		]);

		// On a 360 px phone an item's words keep room (three 44 px button columns left them 90 px, a word a line).
		await page.setViewportSize({ width: 360, height: 740 });
		for (const box of await ranking.locator('li .lbl').evaluateAll((els) => els.map((el) => el.clientWidth)))
			expect(box).toBeGreaterThan(130);

		// The ballot goes in in that order: changing the vote starts from what the hub took.
		await poll.getByTestId('ballot-submit').click();
		await expect(poll.getByTestId('ballot-in')).toBeVisible();
		// What was chosen is listed one item a line, in its order.
		await expect(poll.getByTestId('ballot-chosen').locator('li')).toHaveText([
			'Strengthening legal frameworks',
			"Protecting victims' rights",
			'Addressing root causes',
			'Enhancing intelligence sharing'
		]);
		await poll.getByRole('button', { name: 'Change my vote' }).click();
		expect(await order(poll.getByTestId('ranking'))).toEqual([
			'legal-frameworks',
			'victims-rights',
			'root-causes',
			'intelligence-sharing'
		]);
	} finally {
		await transition('close');
		chair.close();
	}
});
