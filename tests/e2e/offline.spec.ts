import { io } from 'socket.io-client';
import { deviceCookie, expect, phoneAt, staffSocket, test, waitLive } from './fixtures';
import type { Browser, BrowserContext } from '@playwright/test';

const DAY2_0945 = new Date('2026-12-09T04:45:00Z'); // Working session 4 (root causes) is live in Hall B

/** A phone back on the root-causes session, whose service worker has taken over and kept a copy of the page. */
async function returningPhone(browser: Browser, contexts: BrowserContext[], session = 'ws-root-causes') {
	const context = await phoneAt(browser, contexts, DAY2_0945);
	const page = await context.newPage();
	await page.goto(`/e/ISB26/s/${session}`);
	// Let the service worker take over and keep a copy of this page, as it does for a returning visitor.
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
	await page.reload();
	await waitLive(page);
	return { context, page };
}

test('a question and a ballot made offline wait on the phone, survive a reload, and arrive once', async ({
	browser,
	contexts,
	baseURL
}) => {
	const chair = await staffSocket(baseURL!, 'chair');
	const opened = await chair.emitWithAck('poll:transition', {
		clientId: `e2e-open-${Date.now()}`,
		eventId: 'isb26',
		pollId: 'p-root-causes-first',
		action: 'open',
		countdownSeconds: null
	});
	expect(opened.ok).toBe(true);

	const { context, page } = await returningPhone(browser, contexts);
	// The phone has the poll on screen before the network goes (its list comes just after the join).
	const poll = page.locator('[data-testid=poll][data-poll-id=p-root-causes-first]');
	await expect(poll.locator('[data-option-id=root-causes]')).toBeVisible();

	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'reconnecting');
	const text = 'Which livelihood programmes reach the districts people leave from?';
	await page.getByTestId('ask-text').fill(text);
	await page.getByTestId('ask-submit').click();
	const mine = page.getByTestId('my-question').filter({ hasText: text });
	await expect(mine).toHaveAttribute('data-state', 'waiting');
	await expect(page.getByTestId('ask-text')).toHaveValue('');
	await poll.locator('[data-option-id=root-causes]').click();
	await expect(poll.getByTestId('ballot-waiting')).toBeVisible();

	// A reload with no network: the page comes from the device, and so do the waiting writes, the polls as last
	// seen and the ballot beside its poll.
	await page.reload();
	await expect(page.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'waiting'
	);
	await expect(page.getByTestId('polls-saved')).toBeVisible();
	await expect(page.getByTestId('polls-pending')).toHaveCount(0);
	await expect(poll.getByTestId('ballot-waiting')).toBeVisible();
	await expect(poll.locator('h3')).toHaveText(/./);

	await context.setOffline(false);
	await waitLive(page);
	await expect(page.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);
	await expect(page.getByTestId('polls-saved')).toHaveCount(0);
	await expect(
		page.locator('[data-testid=poll][data-poll-id=p-root-causes-first]').getByTestId('ballot-in')
	).toBeVisible();

	// Exactly once on the hub, however many times the page tried.
	const moderation = await chair.emitWithAck('qa:moderate', {
		eventId: 'isb26',
		sessionId: 'ws-root-causes'
	});
	expect(moderation.ok && moderation.data.questions.filter((q) => q.text === text)).toHaveLength(1);
	const polls = await chair.emitWithAck('poll:manage', { eventId: 'isb26', sessionId: 'ws-root-causes' });
	expect(polls.ok && polls.data.polls.find((p) => p.id === 'p-root-causes-first')?.ballots).toBe(1);
	chair.close();
});

test('a session page reloaded without a network shows its questions as last seen, with an upvote waiting to go', async ({
	browser,
	contexts,
	baseURL
}) => {
	// A published question in the session, asked from another phone. Working session 3 (victims' rights), which runs
	// beside the root-causes one: the outcome report counts the root-causes session's questions exactly (report.spec).
	const text = `Who funds the livelihood programmes in the districts people leave? (${Date.now()})`;
	const asker = io(baseURL!, {
		transports: ['websocket'],
		extraHeaders: { cookie: await deviceCookie(baseURL!) }
	});
	await asker.emitWithAck('event:join', { code: 'ISB26', protocol: 1 });
	const asked = await asker.emitWithAck('question:ask', {
		clientId: `offline-qa-${Date.now()}`,
		eventId: 'isb26',
		sessionId: 'ws-victims',
		text
	});
	if (!asked.ok) throw new Error(asked.error);
	asker.close();
	const moderator = await staffSocket(baseURL!, 'moderator');
	const approved = await moderator.emitWithAck('question:approve', {
		clientId: `offline-qa-approve-${Date.now()}`,
		eventId: 'isb26',
		questionIds: [asked.data.question.id]
	});
	expect(approved.ok).toBe(true);
	moderator.close();

	const { context, page } = await returningPhone(browser, contexts, 'ws-victims');
	const card = page.getByTestId('question').filter({ hasText: text });
	await expect(card).toBeVisible();
	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-status', 'reconnecting');
	await card.getByTestId('upvote').click();
	await expect(card.getByTestId('upvote')).toHaveAttribute('aria-pressed', 'true');

	await page.reload();
	await expect(page.getByTestId('qa-saved')).toBeVisible();
	await expect(card).toBeVisible();
	await expect(card.getByTestId('upvote')).toHaveAttribute('aria-pressed', 'true');

	await context.setOffline(false);
	await waitLive(page);
	await expect(page.getByTestId('qa-saved')).toHaveCount(0);
	await expect(card.getByTestId('votes')).toHaveText('1');
	await expect(card.getByTestId('upvote')).toHaveAttribute('aria-pressed', 'true');
});

test('a question half typed when the page is reloaded without a network is still in the field', async ({
	browser,
	contexts
}) => {
	const { context, page } = await returningPhone(browser, contexts);

	await context.setOffline(true);
	const draft = 'Which districts do most of the people who leave come fr';
	await page.getByTestId('ask-text').fill(draft);
	await page.reload();
	await expect(page.getByTestId('ask-text')).toHaveValue(draft);
	await context.setOffline(false);
	await waitLive(page);
	await page.getByTestId('ask-text').fill(`${draft}om?`);
	await page.getByTestId('ask-submit').click();
	await expect(page.getByTestId('my-question').filter({ hasText: `${draft}om?` })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);
	// Sent, the draft is gone: the next reload starts with an empty field.
	await page.reload();
	await waitLive(page);
	await expect(page.getByTestId('ask-text')).toHaveValue('');
});
