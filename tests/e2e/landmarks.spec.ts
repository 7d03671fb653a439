import type { Page } from '@playwright/test';
import { expect, test, waitLive } from './fixtures';

/**
 * Every live page has one h1 (what the page is), and the first Tab reaches a "Skip to content" link that is seen
 * when it has the focus and takes the focus past the header to the page's content.
 */
async function expectLandmarks(page: Page, h1: string | RegExp) {
	await waitLive(page);
	const headings = page.getByRole('heading', { level: 1 });
	await expect(headings).toHaveCount(1);
	await expect(headings).toHaveText(h1);

	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await page.keyboard.press('Tab');
	const skip = page.getByTestId('skip-link');
	await expect(skip).toBeFocused();
	const box = (await skip.boundingBox())!;
	expect(box.y, 'the focused skip link is on screen').toBeGreaterThanOrEqual(0);
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
	// The next Tab goes on from the content, not back into the header.
	await page.keyboard.press('Tab');
	expect(await page.evaluate(() => !!document.activeElement?.closest('header'))).toBe(false);
}

test('the attendee’s programme, own agenda and session pages each have one h1 and a skip link', async ({
	phone
}) => {
	await phone.goto('/e/ISB26');
	await expectLandmarks(phone, /Countering the Smuggling of Migrants/);
	await phone.goto('/e/ISB26/my');
	await expectLandmarks(phone, /Countering the Smuggling of Migrants/);
	await phone.goto('/e/ISB26/s/ws-legal');
	const title = (await phone.getByTestId('session').locator('.title').first().textContent())!.trim();
	expect(title.length).toBeGreaterThan(0);
	await expectLandmarks(phone, title);
});

for (const [role, h1] of [
	['chair', 'Chair console'],
	['moderator', 'Moderation'],
	['organiser', /Countering the Smuggling of Migrants/]
] as const) {
	test(`the ${role}’s console has one h1 and a skip link`, async ({ staffPage }) => {
		await expectLandmarks(await staffPage(role), h1);
	});
}
