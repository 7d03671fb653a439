import { expect, mintSignInPath, test } from './fixtures';
import { contextIn, signIn } from './locales';

const AT_1100 = new Date('2026-12-08T06:00:00Z');
/** A session with a long English title, chosen in the moderator's picker. */
const TITLE = 'Working session 1: Enhancing intelligence sharing';

for (const locale of ['ar', 'ur', 'en', 'fr']) {
	test(`a moderator’s session picker on a 390 px ${locale} phone shows the start of the title, cut at its end`, async ({
		browser,
		baseURL,
		contexts
	}) => {
		const context = await contextIn(browser, baseURL!, locale, AT_1100);
		contexts.push(context);
		const page = await context.newPage();
		await page.setViewportSize({ width: 390, height: 844 });
		await signIn(page, await mintSignInPath('moderator'));
		const picker = page.getByTestId('mod-session-select');
		// Which session the console opens on follows the hub's clock and any delay an earlier test made: ask for it.
		await page.goto('/moderator?session=ws-intelligence');
		await expect(picker.locator('option:checked')).toContainText(TITLE);
		// The closed picker lays out its one line as a text box of its width would, in its own direction: the title's
		// first words must fall inside that box, and what does not fit must be cut at the far end with an ellipsis.
		const seen = await picker.evaluate((select: HTMLSelectElement, title) => {
			const cs = getComputedStyle(select);
			const text = select.selectedOptions[0].textContent!;
			const box = document.createElement('div');
			box.style.cssText = `position:fixed;top:0;left:0;white-space:pre;overflow:hidden;text-overflow:ellipsis;font:${cs.font};direction:${cs.direction};letter-spacing:${cs.letterSpacing}`;
			// The text area of the closed picker: its content box less the arrow (about 20 px in Chromium).
			box.style.width = `${select.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20}px`;
			box.textContent = text;
			document.body.append(box);
			const node = box.firstChild!;
			const start = text.indexOf(title);
			const range = document.createRange();
			range.setStart(node, start);
			range.setEnd(node, start + 'Working session'.length);
			const words = range.getBoundingClientRect();
			const r = box.getBoundingClientRect();
			const inside = words.left >= r.left - 1 && words.right <= r.right + 1;
			const overflows = box.scrollWidth > box.clientWidth;
			box.remove();
			return { inside, overflows, ellipsis: cs.textOverflow };
		}, TITLE);
		expect(seen.overflows, 'the title is long enough to be cut at 390 px').toBe(true);
		expect(seen.inside, `"Working session" is visible in the ${locale} picker`).toBe(true);
		expect(seen.ellipsis).toBe('ellipsis');
	});
}

test('a moderator who picks a session of another day is told its day beside its time, as the chair is', async ({
	browser,
	baseURL,
	contexts
}) => {
	const context = await contextIn(browser, baseURL!, 'en', AT_1100);
	contexts.push(context);
	const page = await context.newPage();
	await signIn(page, await mintSignInPath('moderator'));
	const when = page.getByTestId('mod-session-when');
	// Day 2's working session, on day 1: its picker's closed line says only "09:30 Working session 3 · Hall A".
	await page.goto('/moderator?session=ws-victims');
	await expect(page.getByTestId('mod-session-select').locator('option:checked')).toContainText(
		'Working session 3'
	);
	// (Its time may have moved with an earlier test's delay.)
	await expect(when).toContainText(/Wed 9 Dec\u2069?, \d\d:\d\d–\d\d:\d\d/u);
	// Today's session: its time alone.
	await page.goto('/moderator?session=ws-intelligence');
	await expect(when).toHaveText(/^\s*\d\d:\d\d–\d\d:\d\d ·/);
});
