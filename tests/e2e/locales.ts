import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { PHONE, setClock } from './fixtures';

/** The languages the app ships, as the project declares them (tests run once per language). */
export const LOCALES: string[] = (
	JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as { locales: string[] }
).locales;

/**
 * A browser context that speaks `locale`: the language cookie the app reads first and the browser's own
 * Accept-Language, at a fixed moment of the conference (Islamabad time).
 */
let hubSetTo: number | null = null;

export async function contextIn(
	browser: Browser,
	baseURL: string,
	locale: string,
	at: Date,
	opts: { phone?: boolean } = {}
): Promise<BrowserContext> {
	const context = await browser.newContext({
		...(opts.phone === false ? { viewport: { width: 1280, height: 860 } } : PHONE),
		timezoneId: 'Asia/Karachi',
		locale
	});
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
	// The hub's clock moves to `at` once for a run of contexts at the same moment, then runs on: questions asked in one
	// test stay older than those asked in the next, as in a real hall.
	if (hubSetTo !== at.getTime()) {
		await setClock(context, at);
		hubSetTo = at.getTime();
	} else await context.clock.setFixedTime(at);
	return context;
}

/**
 * Opens a staff sign-in link as staff do: where the link's page asks to confirm (a button), presses it; resolves
 * once the console's address is loaded.
 */
export async function signIn(page: Page, path: string) {
	await page.goto(path);
	const confirm = page.getByTestId('signin-submit');
	if (await confirm.count()) {
		await confirm.click();
		await page.waitForURL((url) => url.pathname !== '/signin');
	}
}
