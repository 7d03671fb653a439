import { DAY1_1100, docShot, expect, setHubClock, staffSocket, test, waitLive } from './fixtures';

test('an organiser announcement and a delay reach the attendee phone without reload', async ({
	phone,
	staffPage
}) => {
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	// A marker that a reload would wipe: the test fails if the page reloads instead of updating live.
	await phone.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

	const organiser = await staffPage('organiser');
	await expect(organiser).toHaveURL(/\/organiser$/);
	await waitLive(organiser);

	await organiser.getByTestId('announcement-text').fill('Working session 2 moves to Hall A after lunch');
	await organiser.getByTestId('announcement-post').click();
	await expect(phone.getByTestId('announcement')).toContainText(
		'Working session 2 moves to Hall A after lunch'
	);

	const row = organiser.locator('[data-testid=org-session][data-session-id=ws-intelligence]');
	// The delay controls are one choice of the row's actions menu.
	await row.getByTestId('row-menu').click();
	await row.getByTestId('row-menu-delay').click();
	await row.getByTestId('delay-20').click();

	const card = phone.getByTestId('day-panel').locator('[data-session-id=ws-intelligence]');
	await expect(card.getByTestId('delay')).toHaveText('Delayed 20 min');
	await expect(card).toContainText('11:50–13:20');
	await expect(phone.getByTestId('changes')).toContainText('delayed by 20 min');
	expect(await phone.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

	for (const page of [phone, organiser]) await page.evaluate(() => window.scrollTo(0, 0));
	await organiser.mouse.move(0, 0);
	await docShot(phone, 'phone-agenda');
	await docShot(organiser, 'organiser-console');
});

test('a session edited to a new time tells phones its new time, not only that it changed', async ({
	phone,
	staffPage
}) => {
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	const organiser = await staffPage('organiser');
	await waitLive(organiser);

	const edit = async (start: string, end: string) => {
		const row = organiser.locator('[data-testid=org-session][data-session-id=coffee-1]');
		await row.getByTestId('row-menu').click();
		await row.getByTestId('row-menu-edit').click();
		const form = organiser.getByTestId('session-edit-form');
		await form.getByTestId('form-start').fill(start);
		await form.getByTestId('form-end').fill(end);
		await form.getByTestId('form-save').click();
		await expect(form).toBeHidden();
	};
	// The morning coffee (no test relies on its time) a quarter of an hour later, then back where it was.
	await edit('2026-12-08T11:15', '2026-12-08T11:45');
	try {
		await expect(phone.getByTestId('changes').locator('li').first()).toContainText(
			'Coffee break\u2069 now starts at 11:15'
		);
		await expect(organiser.getByTestId('changes').locator('li').first()).toContainText('now starts at 11:15');
	} finally {
		await edit('2026-12-08T11:00', '2026-12-08T11:30');
	}
	await expect(phone.getByTestId('changes').locator('li').first()).toContainText('now starts at 11:00');
});

test('an announcement posted for 15 minutes leaves the phones and the hall screen when its time is up; the organiser lists it as no longer shown', async ({
	phone,
	staffPage
}) => {
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const text = `The bus to the hotel leaves from gate 2 (${Date.now()})`;
	await organiser.getByTestId('announcement-text').fill(text);
	await organiser.getByTestId('announcement-duration').selectOption('15');
	await organiser.getByTestId('announcement-post').click();
	// Posted at 11:00 by the hub's rehearsal clock.
	const posted = organiser.getByTestId('org-announcement').filter({ hasText: text });
	await expect(posted.getByTestId('announcement-expiry')).toHaveText('Shown until 11:15');

	await phone.goto('/e/ISB26');
	await waitLive(phone);
	await expect(phone.getByTestId('announcement').filter({ hasText: text })).toBeVisible();
	const screen = await staffPage('screen', { roomId: 'plenary' });
	await screen.goto('/screen/plenary');
	await expect(screen.getByTestId('screen-announcement')).toContainText(text);

	try {
		// A quarter of an hour later, the open pages drop it without a reload.
		await setHubClock(new Date(DAY1_1100.getTime() + 16 * 60_000));
		await expect(phone.getByTestId('announcement').filter({ hasText: text })).toHaveCount(0);
		await expect(screen.getByTestId('screen-announcement').filter({ hasText: text })).toHaveCount(0);
		await expect(
			organiser
				.getByTestId('org-announcements-expired')
				.getByTestId('org-announcement')
				.filter({ hasText: text })
		).toContainText('Not shown since 11:15');
		// A phone opening the programme afterwards does not get it either.
		await phone.reload();
		await waitLive(phone);
		await expect(phone.getByTestId('agenda-day').or(phone.getByTestId('day-panel')).first()).toBeVisible();
		await expect(phone.getByTestId('announcement').filter({ hasText: text })).toHaveCount(0);
	} finally {
		await setHubClock(DAY1_1100);
	}
});

test('a withdrawn announcement leaves the phone’s “What changed today” at once, and a reload does not bring it back', async ({
	phone,
	staffPage,
	baseURL
}) => {
	// The phone and the hub are at 11:00 on the first day (the fixture's clock): a conference day, with its change list.
	await setHubClock(DAY1_1100);
	const text = `Posted by mistake: the witness enters by the kitchen (${Date.now()})`;
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	await phone.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
	const changes = phone.getByRole('region', { name: 'What changed today' });
	const posted = organiser.getByTestId('org-announcement').filter({ hasText: text });
	try {
		await organiser.getByTestId('announcement-text').fill(text);
		await organiser.getByTestId('announcement-post').click();
		await expect(changes).toContainText(text);

		await posted.getByTestId('announcement-withdraw').click();
		await expect(posted).toHaveCount(0);
		await expect(phone.getByTestId('announcement').filter({ hasText: text })).toHaveCount(0);
		await expect(changes).not.toContainText(text);
		expect(await phone.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

		await phone.reload();
		await waitLive(phone);
		await expect(changes).toBeVisible();
		await expect(phone.locator('body')).not.toContainText(text);
	} finally {
		// Left posted by a failure: taken back, so no other spec's phone shows it.
		const left = await posted.getAttribute('data-announcement-id', { timeout: 1000 }).catch(() => null);
		if (left) {
			const socket = await staffSocket(baseURL!, 'organiser');
			await socket.emitWithAck('announcement:withdraw', {
				clientId: `e2e-${Date.now()}`,
				eventId: 'isb26',
				announcementId: Number(left)
			});
			socket.close();
		}
		await setHubClock(DAY1_1100);
	}
});

test('an organiser edits the event’s details and phones show them under the programme without reload', async ({
	phone,
	staffPage,
	baseURL
}) => {
	await phone.goto('/e/ISB26');
	await waitLive(phone);
	await phone.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
	const about = phone.getByTestId('about');
	await expect(about).toContainText(/8\s?–\s?9 Dec 2026/);
	await expect(about).toContainText('Hosted by the Government of Pakistan');
	await expect(about.getByTestId('about-organisers').getByRole('listitem')).toHaveText([
		'Ministry of Interior, Government of Pakistan',
		'UNODC Pakistan',
		'IOM Pakistan'
	]);

	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const panel = organiser.getByTestId('event-details');
	await panel.getByTestId('event-details-edit').click();
	// What the form opened with is what the event holds; the same values saved again change nothing.
	await expect(panel.getByTestId('details-title')).toHaveValue(
		'International Conference on Countering the Smuggling of Migrants'
	);
	await panel.getByTestId('event-details-save').click();
	await expect(panel).toContainText('Nothing has changed yet.');

	const restore = await staffSocket(baseURL!, 'organiser');
	try {
		await panel.getByTestId('details-venue').fill('Jinnah Convention Centre');
		await expect(panel).not.toContainText('Nothing has changed yet.');
		await panel
			.getByTestId('details-organisers')
			.fill('Ministry of Interior, Government of Pakistan\nUNODC Pakistan\n\nوزارت داخلہ، حکومت پاکستان\n');
		// The Arabic pages' name for the event's time, typed in Arabic in its own field.
		await expect(panel.getByTestId('details-zone-ar')).toHaveValue('توقيت إسلام آباد');
		await expect(panel.getByTestId('details-zone-ar')).toHaveAttribute('dir', 'rtl');
		await panel.getByTestId('details-zone-ar').fill('توقيت باكستان');
		await panel.screenshot({ path: 'test-results/screenshots/organiser-details-form.png' });
		await panel.getByTestId('event-details-save').click();
		await expect(panel.getByTestId('event-details-saved')).toBeVisible();
		await docShot(panel, 'organiser-details');
		await expect(panel.getByTestId('event-details-summary')).toContainText('Jinnah Convention Centre');
		await expect(panel.getByTestId('event-details-summary')).toContainText('توقيت باكستان');

		await expect(about).toContainText('Jinnah Convention Centre');
		const names = about.getByTestId('about-organisers').getByRole('listitem');
		await expect(names).toHaveText([
			'Ministry of Interior, Government of Pakistan',
			'UNODC Pakistan',
			'وزارت داخلہ، حکومت پاکستان'
		]);
		// Each name isolated for its own direction, its bullet where the others' are.
		await expect(names.nth(2).locator('[dir=auto]')).toHaveText('وزارت داخلہ، حکومت پاکستان');
		expect(await phone.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
		await about.scrollIntoViewIfNeeded();
		await docShot(phone, 'phone-about');
	} finally {
		// Other specs read the sample's details: they go back as they were.
		const back = await restore.emitWithAck('event:details', {
			clientId: `e2e-details-${Date.now()}`,
			eventId: 'isb26',
			fields: {
				venue: 'Islamabad',
				organisers: ['Ministry of Interior, Government of Pakistan', 'UNODC Pakistan', 'IOM Pakistan'],
				timeZoneNames: { ar: 'توقيت إسلام آباد' }
			}
		});
		restore.close();
		expect(back.ok).toBe(true);
	}

	// An organiser whose link covers one hall has no such panel (the hub refuses it the command too).
	const hallOrganiser = await staffPage('organiser', { roomId: 'hall-a' });
	await waitLive(hallOrganiser);
	await expect(hallOrganiser.getByTestId('event-details')).toHaveCount(0);
});

test('an announcement of invisible characters only is named under the field and not sent', async ({
	staffPage
}) => {
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const field = organiser.getByTestId('announcement-text');
	await field.fill('\u202e\u200b\u2066 \u200b');
	await expect(organiser.getByTestId('announcement-unseen')).toHaveText(
		'This announcement is made only of invisible characters: type it in words.'
	);
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(organiser.getByTestId('announcement-post')).toBeDisabled();
	await field.fill('Coffee is served in the atrium');
	await expect(organiser.getByTestId('announcement-unseen')).toHaveCount(0);
	await expect(organiser.getByTestId('announcement-post')).toBeEnabled();
	await field.fill('');
});
