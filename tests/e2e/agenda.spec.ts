import { expect, phoneAt, rangesOverTitles, test, waitLive, setClock } from './fixtures';

test.describe('attendee agenda on a phone', () => {
	test('the start page opens on the only event and shows Now, Next and both days', async ({ phone }) => {
		await phone.goto('/');
		await expect(phone).toHaveURL(/\/e\/ISB26$/);
		await waitLive(phone);
		await expect(phone.getByRole('heading', { level: 2, name: 'Now' })).toBeVisible();
		await expect(phone.getByTestId('now').getByTestId('session')).toHaveText(/Coffee break/);
		const next = phone.getByTestId('next').getByTestId('session');
		await expect(next).toHaveCount(2);
		await expect(next.first()).toContainText('Working session 1: Enhancing intelligence sharing');
		await expect(phone.getByText('Sample data').first()).toBeVisible();

		const panel = phone.getByTestId('day-panel');
		await expect(panel).toHaveAttribute('data-day', '2026-12-08');
		await expect(panel).toContainText('Opening address');
		await expect(panel.locator('[data-session-id=opening]')).toHaveAttribute('data-state', 'ended');

		await phone.getByRole('tab', { name: /Day 2/ }).click();
		await expect(panel).toHaveAttribute('data-day', '2026-12-09');
		await expect(panel).toContainText('Closing session: recommendations and a regional task force');
		await expect(panel).not.toContainText('Opening address');

		// A card's time range (its text, which never wraps, not only its box) stays clear of the title beside it, on
		// the phone and on a laptop, in English and in Arabic.
		for (const [lang, width] of [
			['en', 360],
			['en', 1280],
			['ar', 1280]
		] as const) {
			if (lang === 'ar') {
				await phone.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ar', url: phone.url() }]);
				await phone.reload();
				await waitLive(phone);
			}
			await phone.setViewportSize({ width, height: 800 });
			const overlaps = await rangesOverTitles(phone.locator('[data-testid=session]'), '.title');
			expect(overlaps, `${lang} at ${width} px`).toEqual([]);
		}
	});

	test('a phone in another time zone sees Islamabad time and its own', async ({ browser }) => {
		const context = await browser.newContext({
			timezoneId: 'Europe/Brussels',
			viewport: { width: 360, height: 740 }
		});
		await setClock(context, new Date('2026-12-08T06:00:00Z'));
		const page = await context.newPage();
		await page.goto('/e/ISB26');
		const opening = page.locator('[data-session-id=opening]').first();
		// 09:30 in Islamabad (UTC+5) is 05:30 in Brussels (UTC+1) in December.
		await expect(opening).toContainText('09:30–10:15');
		await expect(opening).toContainText('05:30–06:15 your time');
		await context.close();
	});

	test('an unknown event code gets a clear message on the join form', async ({ phone }) => {
		await phone.goto('/?all');
		await phone.getByLabel('Event code').fill('NOPE1');
		await phone.getByRole('button', { name: 'Join' }).click();
		await expect(phone.getByRole('alert')).toHaveText(/No event has the code NOPE1/);
		await phone.getByLabel('Event code').fill('isb26');
		await phone.getByRole('button', { name: 'Join' }).click();
		await expect(phone).toHaveURL(/\/e\/ISB26$/);
	});

	test('an event code typed before the page’s scripts have run is kept when they do, and joins', async ({
		phone
	}) => {
		// Venue Wi-Fi: the scripts arrive seconds after the page; the attendee types the code meanwhile.
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		await phone.route('**/_app/immutable/**', async (route) => {
			await held;
			await route.continue();
		});
		// Its module scripts hold DOMContentLoaded back: the page is there to type in before that.
		await phone.goto('/?all', { waitUntil: 'commit' });
		await phone.getByLabel('Event code').fill('isb26');
		release();
		// The scripts arrive and the page starts (hydrates) over the typed field.
		await phone.waitForLoadState('networkidle');
		await phone.waitForTimeout(300);
		await expect(phone.getByLabel('Event code')).toHaveValue('isb26');
		await phone.getByRole('button', { name: 'Join' }).click();
		await expect(phone).toHaveURL(/\/e\/ISB26$/);
	});

	test('an invalid staff link is refused with an explanation', async ({ phone }) => {
		await phone.goto('/signin?token=not-a-real-token-at-all');
		await expect(phone.getByRole('alert')).toContainText('not valid or has been revoked');
	});
});

test('now and next across the conference: tomorrow, the next day named after a day’s last session, over on the last evening', async ({
	browser,
	contexts
}) => {
	const at = async (iso: string) => {
		const page = await (await phoneAt(browser, contexts, new Date(iso))).newPage();
		await page.goto('/e/ISB26');
		await waitLive(page);
		return page;
	};
	// The evening before (20:00 in Islamabad): registration opens in about twelve hours.
	const eve = await at('2026-12-07T15:00:00Z');
	await expect(eve.getByTestId('now')).toContainText('Starts tomorrow');
	// Before the conference's days there is no "Today's changes": the programme is still being written.
	await expect(eve.getByRole('heading', { name: 'What changed today' })).toHaveCount(0);
	// After day 1's last session (18:00): "Next" says which day.
	const night = await at('2026-12-08T13:00:00Z');
	await expect(night.getByTestId('next').getByRole('heading', { level: 2 })).toHaveText(
		/^Next · \u2068?Wed 9 Dec\u2069?$/
	);
	// Day 2 at 18:00, everything over.
	const after = await at('2026-12-09T13:00:00Z');
	await expect(after.getByText('The conference has ended. Thank you for taking part.')).toBeVisible();
	await expect(after.getByTestId('next')).toHaveCount(0);
	await expect(after.getByRole('heading', { name: 'What changed today' })).toBeVisible();
});
