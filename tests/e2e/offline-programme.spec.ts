import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { AgendaSession, EventSnapshot } from '../../src/lib/protocol';
import { expect, test, waitLive } from './fixtures';
import { contextIn, LOCALES } from './locales';

const DAY1_0800 = new Date('2026-12-08T03:00:00Z'); // before the conference opens: nothing is live yet

/** Where a session starts now (delays included), as its page writes it in a <time datetime>. */
const startsAt = (s: AgendaSession) =>
	new Date(Date.parse(s.startsAt) + s.delayMinutes * 60_000).toISOString();

/** The session page shows the session's title, time and room. */
async function expectSessionPage(page: Page, s: AgendaSession, roomName: string) {
	const card = page.locator(`[data-testid=session][data-session-id="${s.id}"]`);
	await expect(card.getByRole('heading', { level: 1 })).toHaveText(s.title);
	await expect(card.locator(`time[datetime="${startsAt(s)}"]`)).toBeVisible();
	await expect(card.locator('.room')).toHaveText(roomName);
}

/** One online visit to the agenda, long enough for the service worker to take over and the programme to be kept. */
async function visitAgendaOnce(page: Page) {
	await page.goto('/e/ISB26');
	await waitLive(page);
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
	await page.waitForFunction(
		() =>
			new Promise((resolve) => {
				const open = indexedDB.open('dais-programme');
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains('events')) return resolve(false);
					const get = db.transaction('events').objectStore('events').get('ISB26');
					get.onsuccess = () => resolve(get.result !== undefined);
					get.onerror = () => resolve(false);
				};
				open.onerror = () => resolve(false);
			})
	);
}

for (const locale of LOCALES) {
	test(`[${locale}] after one visit to the agenda, every session page opens offline by URL and by tapping`, async ({
		browser,
		contexts,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const snapshot = (await (
			await fetch(new URL('/e/ISB26/snapshot.json', baseURL))
		).json()) as EventSnapshot;
		const room = (id: string) => snapshot.rooms.find((r) => r.id === id)?.name ?? id;
		const context = await contextIn(browser, baseURL!, locale, DAY1_0800);
		contexts.push(context);
		const page = await context.newPage();
		await visitAgendaOnce(page);

		await context.setOffline(true);
		// By URL: every session, breaks included, none of them opened before.
		for (const s of snapshot.sessions) {
			await page.goto(`/e/ISB26/s/${s.id}`);
			await expectSessionPage(page, s, room(s.roomId));
			await expect(page.getByTestId('connection')).not.toHaveAttribute('data-status', 'live');
		}

		// By tapping: the programme opens from the device too, and each session's link on either day leads to its page.
		await page.goto('/e/ISB26');
		const panel = page.getByTestId('day-panel');
		const tabs = page.getByTestId('day-tab');
		await expect(tabs.first()).toBeVisible();
		let tapped = 0;
		for (let d = 0; d < (await tabs.count()); d++) {
			await tabs.nth(d).click();
			const day = await tabs.nth(d).getAttribute('data-day');
			await expect(panel).toHaveAttribute('data-day', day!);
			const ids = await panel
				.locator('[data-testid=session]:has(h3 a)')
				.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-session-id')!));
			for (const id of ids) {
				const s = snapshot.sessions.find((x) => x.id === id)!;
				await panel.locator(`[data-session-id="${id}"] h3 a`).click();
				await expect(page).toHaveURL(new RegExp(`/e/ISB26/s/${id}$`));
				await expectSessionPage(page, s, room(s.roomId));
				await page.goBack();
				await expect(panel).toBeVisible();
				if (d > 0) await tabs.nth(d).click();
				tapped++;
			}
		}
		expect(tapped).toBe(snapshot.sessions.filter((s) => s.kind !== 'break').length);
	});
}

/** A phone in English that has opened the agenda once, online (so its service worker and programme copy are in). */
async function englishPhoneAfterOneVisit(browser: Browser, contexts: BrowserContext[], baseURL: string) {
	const context = await contextIn(browser, baseURL, 'en', DAY1_0800);
	contexts.push(context);
	const page = await context.newPage();
	await visitAgendaOnce(page);
	return { context, page };
}

test('offline, an event this device never opened says how to get it, instead of a browser error', async ({
	browser,
	contexts,
	baseURL
}) => {
	const { context, page } = await englishPhoneAfterOneVisit(browser, contexts, baseURL!);
	await context.setOffline(true);
	await page.goto('/e/BRU27');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Something went wrong');
	await expect(page.getByText('This event is not saved on this device yet')).toBeVisible();
});

test('a phone that switched to Arabic and starred a session opens My agenda offline, in Arabic', async ({
	browser,
	contexts,
	baseURL
}) => {
	const { context, page } = await englishPhoneAfterOneVisit(browser, contexts, baseURL!);
	// The language picked on the page after the service worker kept its shell, and a star (kept on the phone).
	await page.getByTestId('locale-switcher').first().locator('select').selectOption('ar');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	const card = page.locator('[data-testid=session][data-session-id="ws-legal"]');
	await card.getByTestId('star').click();
	await expect(card.getByTestId('star')).toHaveAttribute('aria-pressed', 'true');
	await page.goto('/e/ISB26/my');
	await expect(page.getByTestId('my-agenda').locator('[data-session-id="ws-legal"]')).toBeVisible();

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('my-agenda').locator('[data-session-id="ws-legal"]')).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await page.goto('/e/ISB26');
	await expect(page.getByTestId('day-panel')).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
	await context.setOffline(false);
});
