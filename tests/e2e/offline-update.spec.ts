import { readFileSync } from 'node:fs';
import type { WebSocketRoute } from '@playwright/test';
import { expect, staffSocket, test, waitLive } from './fixtures';
import { contextIn, LOCALES } from './locales';

const DAY2_1000 = new Date('2026-12-09T05:00:00Z'); // Working session 3 (victims' rights) is live in Hall A
const message = (locale: string, key: string) =>
	(JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, string>)[key];

for (const locale of LOCALES) {
	test(`[${locale}] a new deployment brings an update prompt; tapping it reloads and keeps what waits to be sent`, async ({
		browser,
		contexts,
		baseURL
	}) => {
		test.setTimeout(60_000);
		const context = await contextIn(browser, baseURL!, locale, DAY2_1000);
		contexts.push(context);
		// The hub is reachable or not at the test's word: a question can wait in the outbox while the page stays online.
		let hubReachable = true;
		const sockets: WebSocketRoute[] = [];
		await context.routeWebSocket(/\/socket\.io\//, (ws) => {
			sockets.push(ws);
			if (hubReachable) ws.connectToServer();
			else void ws.close();
		});
		const page = await context.newPage();
		await page.goto('/e/ISB26/s/ws-victims');
		await waitLive(page);
		await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);

		hubReachable = false;
		for (const ws of sockets.splice(0)) await ws.close();
		await expect(page.getByTestId('connection')).not.toHaveAttribute('data-status', 'live');
		const text = `Who pays for the shelters once the project ends? (${locale} ${Date.now()})`;
		await page.getByTestId('ask-text').fill(text);
		await page.getByTestId('ask-submit').click();
		const mine = page.getByTestId('my-question').filter({ hasText: text });
		await expect(mine).toHaveAttribute('data-state', 'waiting');

		// A new version is deployed; the phone finds out when it is back on the network.
		await expect(page.getByTestId('update-prompt')).toHaveCount(0);
		await page.route('**/_app/version.json', (route) =>
			route.fulfill({ json: { version: 'a-newer-build' } })
		);
		await context.setOffline(true);
		await context.setOffline(false);
		const prompt = page.getByTestId('update-prompt');
		// Phones back online ask within ten seconds, spread so a hall's worth do not ask at once.
		await expect(prompt).toContainText(message(locale, 'update_available'), { timeout: 15_000 });
		await expect(page.getByTestId('announcer')).toContainText(message(locale, 'update_available'));

		await page.evaluate(() => ((window as unknown as { __beforeUpdate: boolean }).__beforeUpdate = true));
		await prompt.getByRole('button', { name: message(locale, 'update_reload') }).click();
		await page.waitForFunction(() => !(window as unknown as { __beforeUpdate?: boolean }).__beforeUpdate);
		await page.unroute('**/_app/version.json');
		await expect(mine).toHaveAttribute('data-state', 'waiting');

		// Back in touch with the hub, the question goes out, once.
		hubReachable = true;
		// Coming back onto the network makes the page try again at once rather than at its next back-off step.
		await context.setOffline(true);
		await context.setOffline(false);
		await waitLive(page);
		await expect(mine).toHaveAttribute('data-state', 'awaiting-review');
		const moderator = await staffSocket(baseURL!, 'moderator');
		const queue = await moderator.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: 'ws-victims' });
		expect(queue.ok && queue.data.questions.filter((q) => q.text === text)).toHaveLength(1);
		moderator.close();
	});
}
