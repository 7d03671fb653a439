import {
	chromium,
	test as base,
	expect,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/connection';
import { createSqliteSql } from '../../server/db/sqlite';
import { createServices } from '../../server/services';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient, StaffRole } from '../../src/lib/protocol';
import { screenLoopbackHiddenKey } from '../../src/lib/ui/loopback';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

/** 11:00 in Islamabad on day 1 of the sample conference: the coffee break is on, the working sessions are next. */
export const DAY1_1100 = new Date('2026-12-08T06:00:00Z');
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/**
 * Saves a screenshot a person will look at. Runs with DAIS_DOC_SCREENSHOTS=1 (`npm run screenshots`) write the README's
 * pictures in docs/screenshots/; ordinary runs write to test-results/screenshots/ so a test run leaves the tree clean.
 */
export function docShot(target: Page | Locator, name: string) {
	const dir = process.env.DAIS_DOC_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots';
	return target.screenshot({ path: `${dir}/${name}.png` });
}

/** Mints a real staff credential in the hub's database, the way `npm run staff` does, and returns its sign-in path. */
export async function mintSignInPath(
	role: StaffRole,
	roomId: string | null = null,
	label = `e2e ${role}`
): Promise<string> {
	const db = openDatabase(join(process.env.E2E_DATA_DIR!, 'e2e.db'));
	try {
		const services = await createServices(createSqliteSql(db), { seedSample: false, sampleDates: 'fixed' });
		return (await services.access.mint({ eventId: 'isb26', role, roomId, label })).signInPath;
	} finally {
		db.close();
	}
}

/**
 * The e2e hub by a name that is not this computer's own, as phones reach a hub by its network address: a browser from
 * `launchReachingHubElsewhere` resolves it to the hub (which listens on 127.0.0.1 only). Pages opened there make their
 * links with it, as they would with PUBLIC_URL or a LAN address.
 */
export const ELSEWHERE_ORIGIN = `http://hub.dais.test:${process.env.E2E_PORT ?? 4173}`;
export function launchReachingHubElsewhere() {
	return chromium.launch({
		executablePath: findChromium() ?? undefined,
		args: [
			...CHROMIUM_ARGS,
			`--host-resolver-rules=MAP ${new URL(ELSEWHERE_ORIGIN).hostname} 127.0.0.1`,
			// Plain http to a name that is not localhost is no secure context; the pages' crypto needs one.
			`--unsafely-treat-insecure-origin-as-secure=${ELSEWHERE_ORIGIN}`
		]
	});
}

/** Opens a sign-in link and presses its button, as staff do; resolves once the console's address is loaded. */
export async function signInOnPage(page: Page, path: string) {
	await page.goto(path);
	await page.getByTestId('signin-submit').click();
	await page.waitForURL((url) => url.pathname !== '/signin');
}

/** Moves the hub's rehearsal clock (the e2e hub runs with DAIS_CLOCK_CONTROL=1): pages take their time from it. */
let lastHubClock: { at: number; setAt: number } | null = null;
export async function setHubClock(at: Date) {
	// Several contexts of one test at the same moment: the hub's clock keeps running rather than stepping back.
	if (lastHubClock?.at === at.getTime() && Date.now() - lastHubClock.setAt < 60_000) return;
	lastHubClock = { at: at.getTime(), setAt: Date.now() };
	const res = await fetch(`http://127.0.0.1:${process.env.E2E_PORT ?? 4173}/rehearsal/clock`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ at: at.toISOString() })
	});
	if (!res.ok) throw new Error(`could not set the hub's clock: ${res.status}`);
}

/** Puts a browser context and the hub at the same moment of the programme (pages follow the hub's clock). */
export async function setClock(context: BrowserContext, at: Date) {
	await setHubClock(at);
	await context.clock.setFixedTime(at);
}

async function contextAt(browser: Browser, options: Parameters<Browser['newContext']>[0], now: Date) {
	const context = await browser.newContext({ timezoneId: 'Asia/Karachi', ...options });
	await setClock(context, now);
	return context;
}

/** A phone in Islamabad (360×740, touch) with the hub and its clock at `at`, closed with the test (`contexts`). */
export async function phoneAt(browser: Browser, contexts: BrowserContext[], at: Date) {
	const context = await contextAt(browser, PHONE, at);
	contexts.push(context);
	return context;
}

/** Fails the test if any page in the context opens a dialog (alert/confirm) that the test did not expect. */
export function forbidDialogs(page: Page, seen: string[]) {
	page.on('dialog', (d) => {
		seen.push(d.message());
		void d.dismiss();
	});
}

export const test = base.extend<{
	phone: Page;
	staffPage: (role: StaffRole, opts?: { roomId?: string; phone?: boolean; at?: Date }) => Promise<Page>;
	contexts: BrowserContext[];
}>({
	contexts: async ({}, use) => {
		const list: BrowserContext[] = [];
		await use(list);
		await Promise.all(list.map((c) => c.close()));
	},
	phone: async ({ browser, contexts }, use) => {
		const context = await contextAt(browser, PHONE, DAY1_1100);
		contexts.push(context);
		await use(await context.newPage());
	},
	staffPage: async ({ browser, contexts }, use) => {
		await use(async (role, opts = {}) => {
			const context = await contextAt(
				browser,
				opts.phone ? PHONE : { viewport: { width: 1280, height: 860 } },
				opts.at ?? DAY1_1100
			);
			contexts.push(context);
			const page = await context.newPage();
			await signInOnPage(page, await mintSignInPath(role, opts.roomId ?? null));
			return page;
		});
	}
});

export { expect };

/** Waits until the page's socket says it is live, so a following action's fact is not raced by the join. */
export async function waitLive(page: Page) {
	await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'live');
}

/**
 * Hides a hall screen's warning that its QR code points at this computer (the e2e hub is opened at localhost), for a
 * screen as a hall sees it. Its browser remembers that for the host: a page loaded after it in the same context has
 * no warning to hide. Waits for the page to be live: by then it has read whether the warning was hidden before.
 */
export async function hideLoopbackWarning(screen: Page) {
	await waitLive(screen);
	const warning = screen.getByTestId('screen-loopback-warning');
	if (await warning.count()) await warning.getByRole('button').click();
	await expect(warning).toHaveCount(0);
}

/** Forgets that a hall screen's loopback warning was hidden in this page's browser, so its next load shows it again. */
export async function forgetLoopbackWarningHidden(screen: Page) {
	await screen.evaluate((key) => localStorage.removeItem(key), screenLoopbackHiddenKey('localhost'));
}

/** Asks `text` from a session page and waits until "Your questions" lists it as awaiting review. */
export async function askAwaitingReview(page: Page, text: string) {
	await page.getByTestId('ask-text').fill(text);
	await page.getByTestId('ask-submit').click();
	await expect(page.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);
}

/** Approves the question `text` from a moderator console's review queue (its session already chosen). */
export async function approveFromQueue(moderator: Page, text: string) {
	await moderator
		.getByTestId('mod-queue')
		.getByTestId('mod-question')
		.filter({ hasText: text })
		.getByTestId('approve')
		.click();
}

/** A device cookie the way a page gets one (`POST /api/device`), for a plain socket standing in for a phone. */
export async function deviceCookie(baseURL: string): Promise<string> {
	const res = await fetch(new URL('/api/device', baseURL), { method: 'POST' });
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dais_device='));
	if (!cookie) throw new Error(`no device id from the hub (${res.status})`);
	return cookie.split(';')[0];
}

/** A staff socket.io client signed in the way a browser is (the sign-in button's form post), joined to the event. */
export async function staffSocket(
	baseURL: string,
	role: StaffRole
): Promise<Socket<ServerToClient, ClientToServer>> {
	const url = new URL(await mintSignInPath(role), baseURL);
	const res = await fetch(url, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: url.origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ token: url.searchParams.get('token')! })
	});
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const socket: Socket<ServerToClient, ClientToServer> = io(baseURL, {
		transports: ['websocket'],
		extraHeaders: { cookie }
	});
	const joined = await socket.emitWithAck('event:join', { code: 'ISB26', protocol: 1 });
	if (!joined.ok || joined.data.identity.role !== role) throw new Error(`could not sign in as ${role}`);
	return socket;
}

/**
 * A single-choice poll of a test's own in `sessionId`, made by a chair's socket, with its open and close (each call a
 * new client id) and the socket's close, for a test that must not share a preset poll with other specs.
 */
export async function chairPoll(
	baseURL: string,
	sessionId: string,
	question: string,
	options: { id: string; label: string }[]
) {
	const chair = await staffSocket(baseURL, 'chair');
	const tag = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
	const created = await chair.emitWithAck('poll:create', {
		clientId: `poll-create-${tag}`,
		eventId: 'isb26',
		sessionId,
		poll: { type: 'single', question, options }
	});
	if (!created.ok) throw new Error(created.error);
	const pollId = created.data.poll.id;
	let sent = 0;
	const transition = (action: 'open' | 'close') =>
		chair.emitWithAck('poll:transition', {
			clientId: `poll-${action}-${tag}-${sent++}`,
			eventId: 'isb26',
			pollId,
			action,
			countdownSeconds: null
		});
	return { pollId, transition, done: () => chair.close() };
}

/**
 * The cards (`cards`) whose time range, as drawn (the text of `.range`, which never wraps, not only its box), meets
 * the box of their title (`title`); each named by its range's text.
 */
export function rangesOverTitles(cards: Locator, title: string): Promise<string[]> {
	return cards.evaluateAll(
		(els, title) =>
			els.flatMap((card) => {
				const text = document.createRange();
				text.selectNodeContents(card.querySelector('.range')!);
				const range = text.getBoundingClientRect();
				const box = card.querySelector(title)!.getBoundingClientRect();
				const apart =
					range.right <= box.left + 1 ||
					box.right <= range.left + 1 ||
					range.bottom <= box.top + 1 ||
					box.bottom <= range.top + 1;
				return apart ? [] : [card.querySelector('.range')!.textContent!.trim()];
			}),
		title
	);
}
