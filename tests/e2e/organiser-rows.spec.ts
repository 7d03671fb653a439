import { expect, rangesOverTitles, test, waitLive } from './fixtures';

test('an organiser row’s actions menu works by keyboard alone: delay, move, cancel and restore', async ({
	staffPage
}) => {
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const row = organiser.locator('[data-testid=org-session][data-session-id=nap-greece]');
	const menuButton = row.getByTestId('row-menu');
	// One menu button per row instead of a dozen controls.
	await expect(row.getByRole('button')).toHaveCount(1);
	await expect(menuButton).toHaveAttribute('aria-haspopup', 'menu');
	await expect(menuButton).toHaveAttribute('aria-expanded', 'false');

	// Enter opens the menu on its first item; ArrowDown moves, wrapping from the last to the first.
	await menuButton.focus();
	await organiser.keyboard.press('Enter');
	await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
	const menu = row.getByRole('menu');
	await expect(menu.getByRole('menuitem')).toHaveText([
		'Running late…',
		'Move to another hall…',
		'Edit…',
		'Cancel session…'
	]);
	await expect(menu.getByRole('menuitem', { name: 'Running late…' })).toBeFocused();
	await organiser.keyboard.press('End');
	await expect(menu.getByRole('menuitem', { name: 'Cancel session…' })).toBeFocused();
	await organiser.keyboard.press('ArrowDown');
	await expect(menu.getByRole('menuitem', { name: 'Running late…' })).toBeFocused();

	// Escape closes it and gives the focus back to the button.
	await organiser.keyboard.press('Escape');
	await expect(menu).toBeHidden();
	await expect(menuButton).toBeFocused();

	// Delay by 10 minutes: the panel takes the focus on its first control.
	await organiser.keyboard.press('Enter');
	await organiser.keyboard.press('Enter');
	await expect(row.getByTestId('row-panel-delay')).toBeVisible();
	await expect(row.getByTestId('delay-5')).toBeFocused();
	await organiser.keyboard.press('Tab');
	await expect(row.getByTestId('delay-10')).toBeFocused();
	await organiser.keyboard.press('Enter');
	await expect(row.getByTestId('org-delay')).toContainText('10');
	await row.getByTestId('row-panel-close').focus();
	await organiser.keyboard.press('Enter');
	await expect(menuButton).toBeFocused();

	// ArrowUp opens on the last item: cancel, confirmed by keyboard, then restored from the same menu.
	await organiser.keyboard.press('ArrowUp');
	await expect(menu.getByRole('menuitem', { name: 'Cancel session…' })).toBeFocused();
	await organiser.keyboard.press('Enter');
	await expect(row.getByTestId('cancel-confirm')).toBeFocused();
	await organiser.keyboard.press('Enter');
	await expect(row).toHaveClass(/cancelled/);
	await expect(menuButton).toBeFocused();
	await organiser.keyboard.press('ArrowUp');
	await expect(menu.getByRole('menuitem', { name: 'Restore session' })).toBeFocused();
	await organiser.keyboard.press('Enter');
	await expect(row).not.toHaveClass(/cancelled/);

	// Leave the session as found for later specs.
	await menuButton.focus();
	await organiser.keyboard.press('Enter');
	await organiser.keyboard.press('Enter');
	await row.getByTestId('delay-0').click();
	await expect(row.getByTestId('org-delay')).toHaveCount(0);
});

test('every section link of the organiser’s bar shows whole on a 1366 px laptop, in every language', async ({
	staffPage
}) => {
	const page = await staffPage('organiser');
	await page.setViewportSize({ width: 1366, height: 768 });
	await waitLive(page);
	for (const locale of ['en', 'fr', 'ar', 'ur']) {
		await page.getByTestId('locale-switcher').locator('select').selectOption(locale);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		const cut = await page.locator('nav.jump').evaluate((nav) => {
			const box = nav.getBoundingClientRect();
			return [...nav.querySelectorAll('a')]
				.filter((a) => {
					const r = a.getBoundingClientRect();
					return r.left < box.left - 1 || r.right > box.right + 1;
				})
				.map((a) => a.textContent);
		});
		expect(cut, locale).toEqual([]);
	}
});

test('the organiser’s section bar covers nothing below it, on one line or wrapped, from 360 to 1920 px and in every language', async ({
	staffPage
}) => {
	test.setTimeout(90_000);
	const page = await staffPage('organiser');
	await waitLive(page);
	for (const locale of ['fr', 'en', 'ar', 'ur']) {
		await page.getByTestId('locale-switcher').locator('select').selectOption(locale);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		for (const width of [360, 768, 1024, 1366, 1920]) {
			await page.setViewportSize({ width, height: 768 });
			await page.evaluate(
				() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
			);
			const where = `${locale} ${width} px`;
			// A line the bar wraps to starts where its first line starts (it was indented by a link's padding, ~10 px).
			const starts = await page.locator('nav.jump').evaluate((nav) => {
				const rtl = getComputedStyle(nav).direction === 'rtl';
				const firsts = new Map<number, number>();
				for (const a of nav.querySelectorAll('a')) {
					const r = a.getBoundingClientRect();
					const line = Math.round(r.top);
					// Where its words start: the box less its padding.
					const cs = getComputedStyle(a);
					const text = rtl ? r.right - parseFloat(cs.paddingRight) : r.left + parseFloat(cs.paddingLeft);
					if (!firsts.has(line)) firsts.set(line, Math.round(text));
				}
				return [...firsts.values()];
			});
			expect(new Set(starts).size, `${where}: lines start at ${starts.join(', ')}`).toBe(1);
			// Every section's heading and first control, brought into view (as a link or keyboard focus does), lies
			// wholly below the bar, however many lines the bar takes.
			const covered = await page.evaluate(
				(ids) => {
					const bar = document.querySelector('[data-testid=org-jumpbar]')!;
					const problems: string[] = [];
					for (const id of ids) {
						const section = document.getElementById(id)!;
						const targets = [
							section.querySelector('h2'),
							section.querySelector('button, input, select, textarea')
						];
						for (const el of targets) {
							if (!el) continue;
							window.scrollTo(0, el === targets[0] ? document.documentElement.scrollHeight : 0);
							el.scrollIntoView({ block: 'start' });
							const under = bar.getBoundingClientRect().bottom - el.getBoundingClientRect().top;
							if (under > 0)
								problems.push(`#${id} ${el.tagName.toLowerCase()} is under the bar by ${under} px`);
						}
					}
					return problems;
				},
				['halls', 'programme', 'announcements', 'changes', 'staff', 'audit', 'badges', 'import']
			);
			expect(covered, where).toEqual([]);
		}
	}
});

test('a programme row’s time range stays clear of its title on a laptop, in every language', async ({
	staffPage
}) => {
	const page = await staffPage('organiser');
	await waitLive(page);
	for (const locale of ['ur', 'ar', 'fr', 'en']) {
		await page.getByTestId('locale-switcher').locator('select').selectOption(locale);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		for (const width of [1024, 1366]) {
			await page.setViewportSize({ width, height: 768 });
			const overlaps = await rangesOverTitles(page.getByTestId('org-session'), 'h3');
			expect(overlaps, `${locale} at ${width} px`).toEqual([]);
		}
	}
});

test('on a phone the organiser’s section bar fades at the side that hides more links, in both reading directions, and the halls’ counts wrap after their “·”', async ({
	staffPage
}) => {
	const page = await staffPage('organiser', { phone: true });
	await waitLive(page);
	const nav = page.getByTestId('org-sections');
	for (const locale of ['en', 'ar']) {
		await page.getByTestId('locale-switcher').locator('select').selectOption(locale);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		// The strip starts at the reading direction's start: the far side hides more.
		const [start, end] = locale === 'ar' ? ['right', 'left'] : ['left', 'right'];
		await nav.evaluate((el) => el.scrollTo({ left: 0 }));
		await expect(nav).toHaveAttribute(`data-more-${end}`, '');
		await expect(nav).not.toHaveAttribute(`data-more-${start}`, '');
		const fades = () =>
			nav.evaluate((el) => {
				const style = getComputedStyle(el);
				return [style.getPropertyValue('--fade-left'), style.getPropertyValue('--fade-right')];
			});
		expect(await fades()).toEqual(locale === 'ar' ? ['2.5rem', '0px'] : ['0px', '2.5rem']);
		// The halls' count line keeps its "·" beside the count before it when it wraps on a phone.
		const dotBesideCount = await page.locator('#halls .total').evaluate((p) => {
			const count = p.querySelector('strong')!;
			const text = count.nextElementSibling!.firstChild!;
			const dot = document.createRange();
			const at = text.textContent!.indexOf('·');
			dot.setStart(text, at);
			dot.setEnd(text, at + 1);
			const d = dot.getBoundingClientRect();
			const c = count.getBoundingClientRect();
			return d.top < c.bottom && d.bottom > c.top;
		});
		expect(dotBesideCount, locale).toBe(true);
		// Scrolled to its far end: the fade moves to the side it came from.
		await nav.evaluate(
			(el, rtl) => el.scrollTo({ left: rtl ? -el.scrollWidth : el.scrollWidth }),
			locale === 'ar'
		);
		await expect(nav).toHaveAttribute(`data-more-${start}`, '');
		await expect(nav).not.toHaveAttribute(`data-more-${end}`, '');
		expect(await fades()).toEqual(locale === 'ar' ? ['0px', '2.5rem'] : ['2.5rem', '0px']);
	}
});

test('a session edited or moved into a hall that has another at the same time is flagged before the save, and both rows after it, in English and Urdu; moving it back clears them', async ({
	staffPage,
	baseURL
}) => {
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const row = (id: string) => organiser.locator(`[data-testid=org-session][data-session-id=${id}]`);
	// The sample's programme has no clash.
	await expect(organiser.getByTestId('org-clash')).toHaveCount(0);

	// Before anything is saved, the edit form says so when its hall and times would clash, and stops saying so once
	// they would not.
	await row('ws-legal').getByTestId('row-menu').click();
	await row('ws-legal').getByRole('menuitem', { name: 'Edit…' }).click();
	const form = row('ws-legal').getByTestId('row-panel-edit');
	await expect(form.getByTestId('form-clash')).toHaveCount(0);
	await form.getByTestId('form-room').selectOption('hall-a');
	await expect(form.getByTestId('form-clash')).toContainText(
		'Same hall, same time as \u2068Working session 1'
	);
	await form.screenshot({ path: 'test-results/screenshots/organiser-form-clash.png' });
	await form.getByTestId('form-start').fill('2026-12-09T18:00');
	await form.getByTestId('form-end').fill('2026-12-09T19:00');
	await expect(form.getByTestId('form-clash')).toHaveCount(0);
	await form.getByRole('button', { name: 'Close' }).click();
	await expect(form).toHaveCount(0);

	// Working session 2 (Hall B, 11:30–13:00) moved to Hall A, where working session 1 runs at the same time: the
	// move says so once the hall is chosen, before it is made.
	await row('ws-legal').getByTestId('row-menu').click();
	await row('ws-legal').getByRole('menuitem', { name: 'Move to another hall…' }).click();
	await row('ws-legal').getByTestId('move-room').selectOption('hall-a');
	await expect(row('ws-legal').getByTestId('move-clash')).toContainText(
		'Same hall, same time as \u2068Working session 1'
	);
	await expect(row('ws-legal').getByTestId('org-clash')).toHaveCount(0);
	await row('ws-legal').getByTestId('move-submit').click();
	try {
		await expect(row('ws-legal').getByTestId('org-clash')).toContainText(
			'Same hall, same time as \u2068Working session 1'
		);
		// Its times as they stand (another spec delays working session 1).
		await expect(row('ws-legal').getByTestId('org-clash')).toContainText(/\(\d{1,2}:\d{2}–\d{1,2}:\d{2}\)/);
		await expect(row('ws-intelligence').getByTestId('org-clash')).toContainText('Working session 2');
		await expect(organiser.getByTestId('org-clash')).toHaveCount(2);

		await organiser.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await organiser.reload();
		await waitLive(organiser);
		await expect(row('ws-legal').getByTestId('org-clash')).toContainText('اسی ہال میں اسی وقت');
		await row('ws-legal').scrollIntoViewIfNeeded();
		await row('ws-legal').screenshot({ path: 'test-results/screenshots/organiser-clash-ur.png' });
	} finally {
		await organiser.context().clearCookies({ name: 'PARAGLIDE_LOCALE' });
		await organiser.reload();
		await waitLive(organiser);
		await row('ws-legal').getByTestId('row-menu').click();
		await row('ws-legal').getByRole('menuitem', { name: 'Move to another hall…' }).click();
		await row('ws-legal').getByTestId('move-room').selectOption('hall-b');
		await row('ws-legal').getByTestId('move-submit').click();
	}
	await expect(organiser.getByTestId('org-clash')).toHaveCount(0);
});

test('a start typed outside the conference’s days (a year mistyped) is said in the form before the save', async ({
	staffPage
}) => {
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const row = organiser.locator('[data-testid=org-session][data-session-id=ws-legal]');
	await row.getByTestId('row-menu').click();
	await row.getByRole('menuitem', { name: 'Edit…' }).click();
	const form = row.getByTestId('row-panel-edit');
	await expect(form.getByTestId('form-off-days')).toHaveCount(0);
	await form.getByTestId('form-start').fill('2025-12-08T11:30');
	await expect(form.getByTestId('form-off-days')).toHaveText(
		/^\u20688 Dec 2025\u2069 is outside the conference \(\u20688\s?–\s?9 Dec 2026\u2069\): phones will show this session on a day of its own\.$/
	);
	await form.screenshot({ path: 'test-results/screenshots/organiser-form-off-days.png' });
	await form.getByTestId('form-start').fill('2026-12-09T11:30');
	await expect(form.getByTestId('form-off-days')).toHaveCount(0);
	await form.getByRole('button', { name: 'Close' }).click();
	await expect(form).toHaveCount(0);
	await expect(row).toContainText('11:30');
});

test('a typed delay of more than two hours is asked about first, with the start it would give; “Change it” sets nothing', async ({
	staffPage
}) => {
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const row = organiser.locator('[data-testid=org-session][data-session-id=digital-networks]');
	await row.getByTestId('row-menu').click();
	await row.getByTestId('row-menu-delay').click();
	const confirm = row.getByTestId('delay-confirm');
	try {
		// "600" for "60": the session (16:00) would start at 02:00 the next day.
		await row.getByTestId('delay-custom').fill('600');
		await row.getByTestId('delay-set').click();
		await expect(confirm).toContainText(
			'10 hours late: the session would then start \u2068Wed 9 Dec, 02:00\u2069'
		);
		await expect(row.getByTestId('delay-confirm-no')).toBeFocused();
		await row.screenshot({ path: 'test-results/screenshots/organiser-delay-confirm.png' });
		await row.getByTestId('delay-confirm-no').click();
		await expect(confirm).toHaveCount(0);
		await expect(row.getByTestId('delay-custom')).toBeFocused();
		await expect(row.getByTestId('org-delay')).toHaveCount(0);

		await row.getByTestId('delay-custom').fill('150');
		await row.getByTestId('delay-set').click();
		await expect(confirm).toContainText('150 minutes late');
		await row.getByTestId('delay-confirm-yes').click();
		await expect(confirm).toHaveCount(0);
		await expect(row.getByTestId('org-delay')).toContainText('150');

		// Two hours or less is set at once.
		await row.getByTestId('delay-custom').fill('45');
		await row.getByTestId('delay-set').click();
		await expect(row.getByTestId('org-delay')).toContainText('45');
		await expect(confirm).toHaveCount(0);
	} finally {
		// Back on time (where the test stopped before delaying, there is nothing to undo).
		if (await row.getByTestId('delay-0').count()) await row.getByTestId('delay-0').click();
		await expect(row.getByTestId('org-delay')).toHaveCount(0);
	}
});
