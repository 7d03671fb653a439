import type { Browser, BrowserContext, Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '../../src/lib/protocol';
import {
	chairPoll,
	DAY1_1100,
	deviceCookie,
	expect,
	mintSignInPath,
	setClock,
	signInOnPage,
	staffSocket,
	test,
	waitLive
} from './fixtures';

const SESSION = 'ws-victims';

/** Questions asked in the Hall B session this spec keeps to itself, through a staff socket (any joined socket may ask). */
async function ask(baseURL: string, texts: string[], approve: boolean) {
	const socket = await staffSocket(baseURL, 'moderator');
	const ids: string[] = [];
	for (const text of texts) {
		const res = await socket.emitWithAck('question:ask', {
			clientId: crypto.randomUUID(),
			eventId: 'isb26',
			sessionId: SESSION,
			text
		});
		if (!res.ok) throw new Error(`ask refused: ${res.error}`);
		ids.push(res.data.question.id);
	}
	if (approve) {
		const res = await socket.emitWithAck('question:approve', {
			clientId: crypto.randomUUID(),
			eventId: 'isb26',
			questionIds: ids
		});
		if (!res.ok) throw new Error(`approve refused: ${res.error}`);
	}
	socket.close();
}

test('moderator search finds an archived question, and it can be restored from the result', async ({
	staffPage,
	baseURL
}) => {
	const text = 'Which shelters along the coastal route take unaccompanied children?';
	await ask(baseURL!, [text], false);
	const moderator = await staffPage('moderator');
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const row = moderator.getByTestId('mod-queue').getByTestId('mod-question').filter({ hasText: text });
	await row.getByTestId('archive').click();
	await expect(moderator.getByTestId('undo-toast')).toContainText('Question archived');
	await expect(row).toHaveCount(0);

	await moderator.getByTestId('mod-search').fill('UNACCOMPANIED  coastal');
	await expect(moderator.getByTestId('mod-search-count')).toHaveText('1 question matches');
	const found = moderator.getByTestId('mod-search-results').getByTestId('mod-question');
	await expect(found).toHaveCount(1);
	await expect(found).toHaveAttribute('data-state', 'archived');
	await expect(found.getByTestId('mod-question-state')).toHaveText('archived');

	await found.getByTestId('restore').click();
	await expect(found).toHaveAttribute('data-state', 'pending');
	await moderator.getByTestId('mod-search').press('Escape');
	await expect(
		moderator.getByTestId('mod-queue').getByTestId('mod-question').filter({ hasText: text })
	).toHaveCount(1);
});

test('j and k move the selection and the focus with it, so a screen reader hears the question a shortcut acts on', async ({
	staffPage,
	baseURL
}) => {
	const texts = ['Who funds the shelters on the Makran coast?', 'Which courts hear smuggling cases first?'];
	await ask(baseURL!, texts, false);
	const moderator = await staffPage('moderator');
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const queue = moderator.getByTestId('mod-queue');
	await expect(queue.getByTestId('mod-question').filter({ hasText: texts[1] })).toHaveCount(1);
	await moderator.locator('body').click({ position: { x: 1, y: 1 } });
	await moderator.keyboard.press('j');
	const first = queue.getByTestId('mod-question').first();
	await expect(first).toBeFocused();
	await expect(first).toHaveAttribute('aria-current', 'true');
	await moderator.keyboard.press('j');
	const second = queue.getByTestId('mod-question').nth(1);
	await expect(second).toBeFocused();
	await expect(second).toHaveAttribute('aria-current', 'true');
	await expect(first).not.toHaveAttribute('aria-current', 'true');
	await moderator.keyboard.press('k');
	await expect(first).toBeFocused();
});

test('undo right after a merge brings both questions back to the published list', async ({
	staffPage,
	baseURL
}) => {
	const keep = 'How will victims be told about their right to consular help?';
	const dupe = 'Do smuggled migrants learn they can ask their consulate for help?';
	await ask(baseURL!, [keep, dupe], true);
	const moderator = await staffPage('moderator');
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const published = moderator.getByTestId('mod-published');
	const row = published.getByTestId('mod-question').filter({ hasText: dupe });
	await row.getByTestId('merge').click();
	await row.getByRole('radio', { name: new RegExp(keep.slice(0, 30)) }).check();
	await row.getByTestId('merge-confirm').click();
	await expect(published.getByTestId('mod-question').filter({ hasText: dupe })).toHaveCount(0);

	const toast = moderator.getByTestId('undo-toast');
	await expect(toast).toContainText('Question merged');
	await toast.getByTestId('undo').click();
	await expect(toast).toHaveCount(0);
	for (const text of [keep, dupe])
		await expect(published.getByTestId('mod-question').filter({ hasText: text })).toHaveAttribute(
			'data-state',
			'published'
		);
});

/** A staff page on a laptop in Islamabad at 11:00, signed in with a new link of `role` labelled `label`. */
async function labelledStaffPage(
	browser: Browser,
	contexts: BrowserContext[],
	role: 'moderator' | 'chair',
	label: string
) {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 860 },
		timezoneId: 'Asia/Karachi'
	});
	contexts.push(context);
	await setClock(context, DAY1_1100);
	const page = await context.newPage();
	await signInOnPage(page, await mintSignInPath(role, null, label));
	await waitLive(page);
	return { context, page };
}

/** An organiser revokes the staff link labelled `label`, as from the console's list. */
async function revokeLink(baseURL: string, label: string) {
	const organiser = await staffSocket(baseURL, 'organiser');
	const list = await organiser.emitWithAck('staff:list', { eventId: 'isb26' });
	if (!list.ok) throw new Error(list.error);
	const credential = list.data.credentials.find((c) => c.label === label)!;
	const revoked = await organiser.emitWithAck('staff:revoke', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		credentialId: credential.id
	});
	expect(revoked.ok).toBe(true);
	organiser.close();
}

test('a moderator whose link is revoked mid-session is told so at once: the badge says signed out and the console stops', async ({
	browser,
	contexts,
	baseURL
}) => {
	const text = 'Who pays for the return journey of a migrant who asks to go home?';
	await ask(baseURL!, [text], false);
	const label = `revoked-${Date.now()}`;
	const { page: moderator } = await labelledStaffPage(browser, contexts, 'moderator', label);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const row = moderator.getByTestId('mod-queue').getByTestId('mod-question').filter({ hasText: text });
	await row.scrollIntoViewIfNeeded();

	await revokeLink(baseURL!, label);

	// The header's badge (sticky on a laptop) says the sign-in is over, not "Reconnecting…", and stays so.
	const badge = moderator.getByTestId('connection');
	await expect(badge).toHaveAttribute('data-status', 'ended');
	await expect(badge).toHaveText('Signed out');
	await expectSignInOver(moderator, 'This staff link has been revoked. Ask the organiser for a new one.');
	await moderator.waitForTimeout(2500);
	await expect(badge).toHaveAttribute('data-status', 'ended');
	// A screen reader is not told its actions wait to be sent: the banner, an alert, says why the page stopped.
	await expect(moderator.getByTestId('announcer')).not.toContainText('Connection lost');
});

/**
 * A console whose sign-in is over says why (no "out of date", no Reload: neither would help), offers no sign-out, and
 * is faded and out of reach: nothing on it can be pressed.
 */
async function expectSignInOver(page: Page, why: string) {
	const banner = page.getByRole('alert').filter({ hasText: why });
	await expect(banner).toBeVisible();
	await expect(banner).not.toContainText('out of date');
	await expect(page.getByRole('button', { name: 'Reload' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
	await expect(page.locator('main')).toHaveAttribute('inert', '');
}

test('a chair’s console that was offline while its link was revoked, and comes back an hour later, says so and stops', async ({
	browser,
	contexts,
	baseURL
}) => {
	const label = `revoked-offline-${Date.now()}`;
	const { context, page: chair } = await labelledStaffPage(browser, contexts, 'chair', label);

	await context.setOffline(true);
	const badge = chair.getByTestId('connection');
	await expect(badge).toHaveAttribute('data-status', 'reconnecting');
	await revokeLink(baseURL!, label);
	// Lunch: past the minutes in which the hub tells a returning page at once.
	await setClock(context, new Date(DAY1_1100.getTime() + 60 * 60_000));
	await context.setOffline(false);

	await expect(badge).toHaveAttribute('data-status', 'ended');
	await expect(badge).toHaveText('Signed out');
	await expectSignInOver(chair, 'This staff link has been revoked. Ask the organiser for a new one.');
	await chair.waitForTimeout(2000);
	await expect(badge).toHaveAttribute('data-status', 'ended');
});

test('a chair on a phone who pressed Launch offline, then had the link revoked, sends nothing and is told it was not sent', async ({
	browser,
	contexts,
	baseURL
}) => {
	const { pollId, done } = await chairPoll(baseURL!, 'ws-intelligence', 'Should alerts go out by SMS?', [
		{ id: 'yes', label: 'Yes' },
		{ id: 'no', label: 'No' }
	]);
	done();
	const label = `revoked-queued-${Date.now()}`;
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true,
		timezoneId: 'Asia/Karachi'
	});
	contexts.push(context);
	await setClock(context, DAY1_1100);
	const chair = await context.newPage();
	await signInOnPage(chair, await mintSignInPath('chair', null, label));
	await chair.goto('/chair?session=ws-intelligence');
	await waitLive(chair);
	const card = chair.locator(`[data-testid=chair-poll][data-poll-id="${pollId}"]`);
	await card.scrollIntoViewIfNeeded();
	// What the page sends from here on: the Launch pressed offline must never be among it.
	const sent: string[] = [];
	chair.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));

	await context.setOffline(true);
	const badge = chair.getByTestId('connection');
	await expect(badge).toHaveAttribute('data-status', 'reconnecting');
	await expect(chair.getByTestId('announcer')).toContainText('Connection lost');
	await card.getByTestId('poll-open').tap();
	await expect(card.getByTestId('poll-open')).toContainText('Working…');
	await revokeLink(baseURL!, label);
	await context.setOffline(false);

	await expect(badge).toHaveAttribute('data-status', 'ended');
	await expectSignInOver(chair, 'This staff link has been revoked. Ask the organiser for a new one.');
	// The banner is in sight and has the focus (read out), and says that what was pressed offline was not sent.
	const banner = chair.getByTestId('problem');
	await expect(banner).toBeInViewport();
	await expect(banner).toBeFocused();
	await expect(banner.getByTestId('problem-note')).toHaveText('What you did while offline was not sent.');
	// The live region no longer says that what is sent waits on this device.
	await expect(chair.getByTestId('announcer')).not.toContainText('Connection lost');
	await chair.waitForTimeout(1500);
	expect(sent.filter((f) => f.includes('poll:transition'))).toEqual([]);
	await expect(card).toHaveAttribute('data-state', 'draft');

	const organiser = await staffSocket(baseURL!, 'organiser');
	const deleted = await organiser.emitWithAck('poll:delete', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		pollId
	});
	expect(deleted.ok).toBe(true);
	organiser.close();
});

test('a moderator’s console whose browser dropped its cookies says it is no longer signed in, not live as an attendee', async ({
	staffPage
}) => {
	const moderator = await staffPage('moderator');
	await waitLive(moderator);
	await moderator.context().clearCookies();
	await moderator.context().setOffline(true);
	await expect(moderator.getByTestId('connection')).toHaveAttribute('data-status', 'reconnecting');
	await moderator.context().setOffline(false);
	await expect(moderator.getByTestId('connection')).toHaveAttribute('data-status', 'ended');
	await expectSignInOver(moderator, 'This page is no longer signed in');
});

test('after an edit saved with Ctrl+Enter the focus is back on the question, so the next shortcut (a) approves it', async ({
	staffPage,
	baseURL
}) => {
	const text = 'Who keeps the records of smuggled children in transit camps?';
	await ask(baseURL!, [text], false);
	const moderator = await staffPage('moderator');
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const queue = moderator.getByTestId('mod-queue');
	const row = queue.getByTestId('mod-question').filter({ hasText: text });
	await row.locator('.text, p').first().click();
	await expect(row).toHaveAttribute('aria-current', 'true');
	await moderator.keyboard.press('e');
	const editor = row.locator('textarea');
	await expect(editor).toBeFocused();
	await editor.fill(`${text} (edited)`);
	await moderator.keyboard.press('Control+Enter');
	await expect(row.locator('textarea')).toHaveCount(0);
	await expect(row).toBeFocused();
	await moderator.keyboard.press('a');
	const published = moderator.getByTestId('mod-question').filter({ hasText: `${text} (edited)` });
	await expect(published).toHaveAttribute('data-state', 'published');
	await expect(published.getByTestId('objective')).toHaveValue('');
});

test('arrowing through the objective select saves the choice it rests on, once, not each objective it passes', async ({
	staffPage,
	baseURL
}) => {
	const text = 'Which objective does the shelters’ funding belong to?';
	await ask(baseURL!, [text], false);
	const moderator = await staffPage('moderator');
	const labels: string[] = [];
	moderator.on('websocket', (ws) =>
		ws.on('framesent', (frame) => {
			if (typeof frame.payload === 'string' && frame.payload.includes('"question:label"'))
				labels.push(frame.payload);
		})
	);
	await moderator.reload();
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const row = moderator.getByTestId('mod-queue').getByTestId('mod-question').filter({ hasText: text });
	const select = row.getByTestId('objective');
	const options = await select
		.locator('option')
		.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
	expect(options.length).toBeGreaterThanOrEqual(4);
	await select.focus();
	for (let i = 0; i < 3; i++) await moderator.keyboard.press('ArrowDown');
	await expect(select).toHaveValue(options[3]);
	await expect.poll(() => labels.length, { timeout: 5_000 }).toBe(1);
	expect(labels[0]).toContain(options[3]);

	// The hub has it: another moderator reads it.
	const other = await staffSocket(baseURL!, 'moderator');
	const read = await other.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
	other.close();
	expect(read.ok && read.data.questions.find((q) => q.text === text)?.objectiveId).toBe(options[3]);
	// Nothing more went after it had rested.
	await moderator.waitForTimeout(1_000);
	expect(labels).toHaveLength(1);
});

test('with a merge form open on one question, a mouse click on another question’s Edit opens and saves that question', async ({
	staffPage,
	baseURL
}) => {
	const stamp = Date.now().toString(36);
	const texts = ['Alpha', 'Bravo', 'Charlie', 'Delta'].map(
		(w) => `${w} question on pointer clicks about shelters (${stamp})`
	);
	// Two askers: a device asks at most three questions in a few seconds.
	await ask(baseURL!, texts.slice(0, 2), false);
	await ask(baseURL!, texts.slice(2), false);
	const moderator = await staffPage('moderator');
	await moderator.setViewportSize({ width: 1366, height: 900 });
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const queue = moderator.getByTestId('mod-queue');
	// A row by its own question's text: an open merge form lists the other questions' texts too.
	const byText = (text: string) =>
		queue
			.getByTestId('mod-question')
			.filter({ has: moderator.getByTestId('mod-question-text').filter({ hasText: text }) });
	const row = (i: number) => byText(texts[i]);
	for (const i of [0, 1, 2, 3]) await expect(row(i)).toHaveCount(1);
	const forms = moderator.getByTestId('mod-form');

	// Newest first: Delta, Charlie, Bravo, Alpha. Merge open on Bravo, then Edit on the question above it (Charlie)
	// and on the one below it (Alpha), each with a real pointer click.
	for (const [merging, editing] of [
		[1, 2],
		[1, 0]
	]) {
		await row(merging).getByTestId('merge').click();
		await expect(row(merging).getByTestId('mod-form')).toHaveAttribute('data-kind', 'merge');
		// What made a script press the wrong row: the open merge form lists the other questions' words, so a row
		// found by text it contains (rather than by its own question's text) matches the merging row as well.
		await expect(queue.getByTestId('mod-question').filter({ hasText: texts[editing] })).toHaveCount(2);
		await row(editing).getByTestId('edit').click();
		await expect(forms).toHaveCount(1);
		await expect(row(editing).getByTestId('mod-form')).toHaveAttribute('data-kind', 'edit');
		await expect(row(editing).getByTestId('edit')).toHaveAttribute('aria-expanded', 'true');
		await expect(row(merging).getByTestId('edit')).toHaveAttribute('aria-expanded', 'false');
		await expect(row(editing).locator('textarea')).toHaveValue(texts[editing]);
		await row(editing).getByTestId('mod-form').getByRole('button', { name: 'Cancel' }).click();
		await expect(forms).toHaveCount(0);
	}

	// The other buttons, with the merge form open on Bravo: Decline on Charlie opens Charlie's form.
	await row(1).getByTestId('merge').click();
	await row(2).getByTestId('decline').click();
	await expect(forms).toHaveCount(1);
	await expect(row(2).getByTestId('mod-form')).toHaveAttribute('data-kind', 'decline');
	await row(2).getByTestId('mod-form').getByRole('button', { name: 'Cancel' }).click();

	// An edit saved from there changes Charlie and leaves Bravo's words alone.
	await row(1).getByTestId('merge').click();
	await row(2).getByTestId('edit').click();
	const edited = `Charlie question edited with the mouse (${stamp})`;
	await row(2).locator('textarea').fill(edited);
	await row(2).getByTestId('edit-save').click();
	await expect(byText(edited)).toHaveCount(1);
	await expect(row(1)).toHaveCount(1);

	// Approve on Delta with the merge form open on Bravo approves Delta only.
	await row(1).getByTestId('merge').click();
	await row(3).getByTestId('approve').click();
	await expect(row(3)).toHaveCount(0);
	await expect(row(1)).toHaveCount(1);

	// Merge on Alpha with Bravo's merge form open moves the one form to Alpha.
	await row(0).getByTestId('merge').click();
	await expect(forms).toHaveCount(1);
	await expect(row(0).getByTestId('mod-form')).toHaveAttribute('data-kind', 'merge');

	// Put on screen and Mark answered on Delta, now published, with Alpha's merge form still open: Delta's.
	const delta = moderator
		.getByTestId('mod-published')
		.getByTestId('mod-question')
		.filter({ has: moderator.getByTestId('mod-question-text').filter({ hasText: texts[3] }) });
	await delta.getByTestId('pin').click();
	await expect(delta.getByTestId('pin')).toHaveAttribute('aria-pressed', 'true');
	await expect(row(0)).toHaveAttribute('data-state', 'pending');
	await delta.getByTestId('answer').click();
	await expect(delta.getByTestId('answer')).toHaveAttribute('aria-pressed', 'true');
	await expect(row(0).getByTestId('mod-form')).toHaveAttribute('data-kind', 'merge');

	// Leave nothing behind for the other specs: every question of this test declined.
	const socket = await staffSocket(baseURL!, 'moderator');
	const state = await socket.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
	if (!state.ok) throw new Error(state.error);
	for (const q of state.data.questions.filter((q) => q.text.includes(stamp)))
		await socket.emitWithAck('question:decline', {
			clientId: crypto.randomUUID(),
			eventId: 'isb26',
			questionId: q.id,
			reason: ''
		});
	socket.close();
});

/** Another moderator's console, as a socket, and the id of the question of this text in this spec's session. */
async function secondModerator(baseURL: string, text: string) {
	const other = await staffSocket(baseURL, 'moderator');
	const state = await other.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
	if (!state.ok) throw new Error(state.error);
	return { other, id: state.data.questions.find((q) => q.text === text)!.id };
}

test('a decline sent after another moderator approved the question is refused and says so, keeping the typed reason', async ({
	staffPage,
	baseURL
}) => {
	const text = `Who pays the interpreters at the border hearings? (${Date.now().toString(36)})`;
	await ask(baseURL!, [text], false);
	const moderator = await staffPage('moderator');
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const row = moderator
		.getByTestId('mod-question')
		.filter({ has: moderator.getByTestId('mod-question-text').filter({ hasText: text }) });
	await row.getByTestId('decline').click();
	const reason = 'Answered in the morning plenary';
	await row.getByTestId('mod-form').getByRole('textbox').fill(reason);

	// Another moderator approves it while this one is still typing.
	const { other, id } = await secondModerator(baseURL!, text);
	const approved = await other.emitWithAck('question:approve', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		questionIds: [id],
		seen: 'pending'
	});
	expect(approved.ok).toBe(true);
	await expect(
		moderator.getByTestId('mod-published').getByTestId('mod-question').filter({ hasText: text })
	).toHaveCount(1);

	await row.getByTestId('decline-confirm').click();
	await expect(moderator.getByTestId('mod-overruled')).toContainText(
		'Another moderator has just approved this question; your decision was not applied.'
	);
	await expect(row.getByTestId('mod-form')).toContainText(
		'Another moderator has just approved this question'
	);
	await expect(row.getByTestId('mod-form').getByRole('textbox')).toHaveValue(reason);
	await expect(row).toHaveAttribute('data-state', 'published');

	// Pressed again, knowing, it unpublishes the question with the reason typed (which also leaves nothing behind).
	await row.getByTestId('decline-confirm').click();
	await expect(row).toHaveCount(0);
	await expect(moderator.getByTestId('mod-overruled')).toHaveCount(0);
	const stored = await other.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
	if (!stored.ok) throw new Error(stored.error);
	expect(stored.data.questions.find((q) => q.id === id)).toMatchObject({
		state: 'declined',
		declineReason: reason
	});
	other.close();
});

test('an edit saved after another moderator edited the same question is refused, keeps the typed text and shows theirs', async ({
	staffPage,
	baseURL
}) => {
	const stamp = Date.now().toString(36);
	const asked = `Who pays the interpreters at the border hearngs? (${stamp})`;
	await ask(baseURL!, [asked], false);
	const moderator = await staffPage('moderator');
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const row = moderator
		.getByTestId('mod-queue')
		.getByTestId('mod-question')
		.filter({ has: moderator.getByTestId('mod-question-text').filter({ hasText: stamp }) });
	await row.getByTestId('edit').click();
	const mine = `Who pays the interpreters at the border hearings? (${stamp})`;
	await row.locator('textarea').fill(mine);

	// Another moderator fixes the same question their own way while this one is still typing.
	const { other, id } = await secondModerator(baseURL!, asked);
	const theirs = `Who pays for interpreters at border hearings? (${stamp})`;
	const edited = await other.emitWithAck('question:edit', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		questionId: id,
		text: theirs,
		seenText: asked
	});
	expect(edited.ok).toBe(true);
	await expect(row.getByTestId('mod-question-text')).toHaveText(theirs);
	const stored = async () => {
		const res = await other.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
		if (!res.ok) throw new Error(res.error);
		return res.data.questions.find((q) => q.id === id)?.text;
	};

	await row.getByTestId('edit-save').click();
	const form = row.getByTestId('mod-form');
	await expect(form.getByRole('alert')).toHaveText(
		'Another moderator has just edited this question; your edit was not saved.'
	);
	await expect(form.locator('textarea')).toHaveValue(mine);
	await expect(form.getByTestId('mod-edit-theirs')).toContainText('The question now reads:');
	await expect(form.getByTestId('mod-edit-theirs-text')).toHaveText(theirs);
	await expect(form.getByTestId('mod-edit-theirs-text')).toHaveAttribute('dir', 'auto');
	expect(await stored()).toBe(theirs);

	// Saved again, having seen theirs: this moderator's text replaces it.
	await form.getByTestId('edit-save').click();
	await expect(row.getByTestId('mod-form')).toHaveCount(0);
	await expect(row.getByTestId('mod-question-text')).toHaveText(mine);
	expect(await stored()).toBe(mine);

	// The shared hub's queue is left as it was: the question is archived.
	const archived = await other.emitWithAck('question:archive', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		questionId: id
	});
	expect(archived.ok).toBe(true);
	other.close();
});

test('a reply saved after another moderator replied to the same question is refused, keeps the typed reply and shows theirs', async ({
	staffPage,
	baseURL
}) => {
	const stamp = Date.now().toString(36);
	const asked = `Where are the slides of the border hearings talk? (${stamp})`;
	await ask(baseURL!, [asked], true);
	const moderator = await staffPage('moderator');
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	const row = moderator
		.getByTestId('mod-published')
		.getByTestId('mod-question')
		.filter({ has: moderator.getByTestId('mod-question-text').filter({ hasText: stamp }) });
	await row.getByTestId('reply').click();
	const mine = 'The speaker will email them after the session.';
	await row.getByTestId('mod-form').getByRole('textbox').fill(mine);

	// Another moderator replies while this one is still typing.
	const { other, id } = await secondModerator(baseURL!, asked);
	const theirs = 'On the event page, under Downloads.';
	const replied = await other.emitWithAck('question:reply', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		questionId: id,
		reply: theirs,
		seenReply: ''
	});
	expect(replied.ok).toBe(true);
	const stored = async () => {
		const res = await other.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
		if (!res.ok) throw new Error(res.error);
		return res.data.questions.find((q) => q.id === id)?.reply;
	};
	await expect.poll(stored).toBe(theirs);

	const form = row.getByTestId('mod-form');
	await form.getByTestId('reply-save').click();
	await expect(form.getByRole('alert')).toHaveText(
		'Another moderator has just changed the reply to this question; your reply was not saved.'
	);
	await expect(form.getByRole('textbox')).toHaveValue(mine);
	await expect(form.getByTestId('mod-reply-theirs')).toContainText('The reply now reads:');
	await expect(form.getByTestId('mod-reply-theirs-text')).toHaveText(theirs);
	await expect(form.getByTestId('mod-reply-theirs-text')).toHaveAttribute('dir', 'auto');
	expect(await stored()).toBe(theirs);

	// Saved again, having seen theirs: this moderator's reply replaces it.
	await form.getByTestId('reply-save').click();
	await expect(row.getByTestId('mod-form')).toHaveCount(0);
	expect(await stored()).toBe(mine);

	// The shared hub's lists are left as they were: the question is archived.
	const archived = await other.emitWithAck('question:archive', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		questionId: id
	});
	expect(archived.ok).toBe(true);
	other.close();
});

/** The question on screen in this spec's session now, and a way to put it back (or none) when a test is done. */
async function keepOnScreen(baseURL: string) {
	const socket = await staffSocket(baseURL, 'moderator');
	const read = await socket.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
	if (!read.ok) throw new Error(read.error);
	const was = read.data.questions.find((q) => q.pinned && q.state === 'published')?.id ?? null;
	return async () => {
		await socket.emitWithAck('question:pin', {
			clientId: crypto.randomUUID(),
			eventId: 'isb26',
			sessionId: SESSION,
			questionId: was
		});
		socket.close();
	};
}

test('putting a question flagged for a phone number on the hall screen asks first, naming the flag; Escape cancels', async ({
	staffPage,
	baseURL
}) => {
	const flagged = 'My cousin was taken at Taftan, call his wife on +92-300-1234567 for the details';
	const plain = 'Which shelters on the Taftan route are open to women travelling alone?';
	await ask(baseURL!, [flagged, plain], true);
	const restore = await keepOnScreen(baseURL!);
	try {
		const moderator = await staffPage('moderator');
		await waitLive(moderator);
		await moderator.getByTestId('mod-session-select').selectOption(SESSION);
		const published = moderator.getByTestId('mod-published');
		const row = published.getByTestId('mod-question').filter({ hasText: 'call his wife' });
		await expect(row.getByTestId('mod-flag')).toHaveAttribute('data-flag', 'phone');
		const dialog = moderator.getByRole('alertdialog');

		// The button asks; the focus is in the dialog, on the safe answer; Escape puts nothing up and gives it back.
		const pin = row.getByTestId('pin');
		await pin.click();
		await expect(dialog).toBeVisible();
		await expect(dialog).toContainText(
			'This question may contain a phone number. Show it on the hall screen anyway?'
		);
		await expect(dialog.getByTestId('pin-confirm-cancel')).toBeFocused();
		await moderator.screenshot({ path: 'test-results/screenshots/pin-confirm-en.png' });
		await moderator.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(pin).toBeFocused();
		await expect(row.getByTestId('mod-pinned')).toHaveCount(0);
		await expect(pin).toHaveAttribute('aria-pressed', 'false');

		// Cancel does the same; "Show it on screen" puts it up.
		await pin.click();
		await dialog.getByTestId('pin-confirm-cancel').click();
		await expect(dialog).toBeHidden();
		await expect(pin).toHaveAttribute('aria-pressed', 'false');
		await pin.click();
		await dialog.getByTestId('pin-confirm-yes').click();
		await expect(dialog).toBeHidden();
		await expect(pin).toHaveAttribute('aria-pressed', 'true');
		await expect(row.getByTestId('mod-pinned')).toHaveCount(1);

		// The p shortcut asks too, and keys pressed meanwhile are the dialog's, not the console's.
		await pin.click();
		await expect(pin).toHaveAttribute('aria-pressed', 'false');
		await row.locator('p.text').click();
		await moderator.keyboard.press('p');
		await expect(dialog).toBeVisible();
		await moderator.keyboard.press('j');
		await expect(row).toHaveAttribute('aria-current', 'true');
		await moderator.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(row).toBeFocused();
		await expect(pin).toHaveAttribute('aria-pressed', 'false');

		// A question with no flag goes up with one click, as before.
		const plainRow = published.getByTestId('mod-question').filter({ hasText: plain });
		await expect(plainRow.getByTestId('mod-flag')).toHaveCount(0);
		await plainRow.getByTestId('pin').click();
		await expect(plainRow.getByTestId('pin')).toHaveAttribute('aria-pressed', 'true');
		await expect(dialog).toBeHidden();
	} finally {
		await restore();
	}
});

test('an Urdu moderator console names the flag in Urdu before a flagged question goes on screen', async ({
	staffPage,
	baseURL
}) => {
	const flagged = 'میرے بھائی کو تفتان میں روکا گیا، ان کی اہلیہ سے +92-300-7654321 پر بات کریں';
	await ask(baseURL!, [flagged], true);
	const restore = await keepOnScreen(baseURL!);
	try {
		const moderator = await staffPage('moderator');
		await moderator.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ur', url: baseURL! }]);
		await moderator.reload();
		await waitLive(moderator);
		await moderator.getByTestId('mod-session-select').selectOption(SESSION);
		const row = moderator
			.getByTestId('mod-published')
			.getByTestId('mod-question')
			.filter({ hasText: 'تفتان' });
		await row.getByTestId('pin').click();
		const dialog = moderator.getByRole('alertdialog');
		await expect(dialog).toContainText(
			'اس سوال میں فون نمبر ہو سکتا ہے۔ کیا پھر بھی اسے ہال کی اسکرین پر دکھایا جائے؟'
		);
		await expect(dialog).toHaveAccessibleName('نشان زدہ سوال دکھائیں؟');
		await moderator.screenshot({ path: 'test-results/screenshots/pin-confirm-ur.png' });
		await dialog.getByTestId('pin-confirm-cancel').click();
		await expect(dialog).toBeHidden();
		await expect(row.getByTestId('pin')).toBeFocused();
		await expect(row.getByTestId('pin')).toHaveAttribute('aria-pressed', 'false');
	} finally {
		await restore();
	}
});

/** A moderator's console on a tablet (768×1024: every list is a tab), in `locale`, on this spec's session. */
async function tabletModerator(
	staffPage: (role: 'moderator') => Promise<Page>,
	baseURL: string,
	locale: 'en' | 'ur'
) {
	const moderator = await staffPage('moderator');
	await moderator.setViewportSize({ width: 768, height: 1024 });
	if (locale !== 'en') {
		await moderator.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
		await moderator.reload();
	}
	await waitLive(moderator);
	await moderator.getByTestId('mod-session-select').selectOption(SESSION);
	return moderator;
}

test('on a tablet in Urdu, a decline form whose question another moderator approved stays in the queue tab, saying so', async ({
	staffPage,
	baseURL
}) => {
	const stamp = Date.now().toString(36);
	const text = `سرحدی سماعتوں میں ترجمانوں کو کون ادائیگی کرتا ہے؟ (${stamp})`;
	await ask(baseURL!, [text], false);
	const moderator = await tabletModerator(staffPage, baseURL!, 'ur');
	await expect(moderator.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(moderator.getByTestId('mod-tab-published')).toBeVisible();
	const queue = moderator.getByTestId('mod-queue');
	const row = queue.getByTestId('mod-question').filter({ hasText: stamp });
	await row.getByTestId('decline').click();
	const reason = 'صبح کے اجلاس میں اس کا جواب دیا جا چکا ہے';
	const field = row.getByTestId('mod-form').getByRole('textbox');
	await field.fill(reason);

	// Another moderator, on a laptop, approves it while this one is still typing.
	const { other, id } = await secondModerator(baseURL!, text);
	const approved = await other.emitWithAck('question:approve', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		questionIds: [id],
		seen: 'pending'
	});
	expect(approved.ok).toBe(true);

	// The Queue tab is still the one shown; the question stays in it, with its form, the reason and a notice.
	await expect(row).toHaveAttribute('data-state', 'published');
	await expect(row).toBeVisible();
	const notice = row.getByTestId('mod-meanwhile');
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('کسی اور ناظم نے ابھی یہ سوال منظور کر دیا ہے');
	await expect(notice).toContainText('شائع شدہ');
	await expect(field).toBeVisible();
	await expect(field).toHaveValue(reason);
	await expect(field).toBeFocused();
	await expect(moderator.locator(`[data-question-id="${id}"]`)).toHaveCount(1);
	await moderator.screenshot({ path: 'test-results/screenshots/mod-tablet-approved-meanwhile-ur.png' });

	// Sent as typed, the hub refuses it (the console showed it waiting) and says so, above the lists and in the form.
	await row.getByTestId('decline-confirm').click();
	await expect(moderator.getByTestId('mod-overruled')).toContainText(
		'کسی اور ناظم نے ابھی یہ سوال منظور کر دیا ہے؛ آپ کا فیصلہ لاگو نہیں ہوا۔'
	);
	await expect(row.getByTestId('mod-form').getByRole('alert')).toContainText(
		'کسی اور ناظم نے ابھی یہ سوال منظور کر دیا ہے'
	);
	await expect(field).toHaveValue(reason);
	await expect(row).toBeVisible();

	// Pressed again, knowingly, it declines the published question with the reason typed (leaving nothing behind).
	await row.getByTestId('decline-confirm').click();
	await expect(row).toHaveCount(0);
	const stored = await other.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
	if (!stored.ok) throw new Error(stored.error);
	expect(stored.data.questions.find((q) => q.id === id)).toMatchObject({
		state: 'declined',
		declineReason: reason
	});
	other.close();
});

test('on a tablet, edit, decline and reply forms whose question was declined, merged or withdrawn meanwhile stay in view, saying so', async ({
	staffPage,
	baseURL
}) => {
	const stamp = Date.now().toString(36);
	const [edited, merged, into, withdrawn] = ['edited', 'merged', 'kept', 'withdrawn'].map(
		(w) => `Who funds the shelters at the border crossings? (${w} ${stamp})`
	);
	await ask(baseURL!, [edited, merged, into], false);
	// An attendee's phone, as a plain socket, which may withdraw what it asked.
	const asker: Socket<ServerToClient, ClientToServer> = io(baseURL!, {
		transports: ['websocket'],
		extraHeaders: { cookie: await deviceCookie(baseURL!) }
	});
	expect((await asker.emitWithAck('event:join', { code: 'ISB26', protocol: 1 })).ok).toBe(true);
	const asked = await asker.emitWithAck('question:ask', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		sessionId: SESSION,
		text: withdrawn
	});
	if (!asked.ok) throw new Error(asked.error);
	const withdrawnId = asked.data.question.id;
	const { other, id: editedId } = await secondModerator(baseURL!, edited);
	const send = async (name: 'question:decline' | 'question:approve' | 'question:merge', body: object) => {
		const res = await other.emitWithAck(name, {
			clientId: crypto.randomUUID(),
			eventId: 'isb26',
			...body
		} as never);
		expect(res.ok).toBe(true);
	};
	try {
		await send('question:approve', { questionIds: [withdrawnId] });
		const moderator = await tabletModerator(staffPage, baseURL!, 'en');
		const queue = moderator.getByTestId('mod-queue');
		const rowOf = (text: string) => moderator.getByTestId('mod-question').filter({ hasText: text });

		// An edit under way when another moderator declines the question: it stays in the queue tab, saying so.
		await queue.getByTestId('mod-question').filter({ hasText: edited }).getByTestId('edit').click();
		const mine = `Who funds the shelters at the border crossings, and for how long? (edited ${stamp})`;
		await rowOf(edited).locator('textarea').fill(mine);
		await send('question:decline', { questionId: editedId, reason: '' });
		const notice = rowOf(edited).getByTestId('mod-meanwhile');
		await expect(notice).toContainText('Another moderator has just declined this question.');
		await expect(notice).toContainText('It is now under “Not published”');
		await expect(queue.getByTestId('mod-question').filter({ hasText: edited })).toBeVisible();
		await expect(rowOf(edited).locator('textarea')).toHaveValue(mine);
		await expect(rowOf(edited).locator('textarea')).toBeFocused();
		// Shown where it went: the Declined tab, the form and the typed text with it, the focus in the field.
		await notice.getByTestId('mod-meanwhile-follow').click();
		await expect(moderator.getByTestId('mod-tab-declined')).toHaveAttribute('aria-selected', 'true');
		const declinedRow = moderator
			.getByTestId('mod-declined')
			.getByTestId('mod-question')
			.filter({ hasText: stamp });
		await expect(declinedRow).toBeVisible();
		await expect(declinedRow.locator('textarea')).toHaveValue(mine);
		await expect(declinedRow.locator('textarea')).toBeFocused();
		await expect(declinedRow.getByTestId('mod-meanwhile')).toHaveCount(0);
		await declinedRow.locator('textarea').press('Escape');
		await expect(moderator.getByTestId('mod-form')).toHaveCount(0);

		// A decline under way when another moderator merges the question: kept in the queue, the reason too.
		await moderator.getByTestId('mod-tab-queue').click();
		await queue.getByTestId('mod-question').filter({ hasText: merged }).getByTestId('decline').click();
		const reason = 'Asked twice';
		await rowOf(merged).getByTestId('mod-form').getByRole('textbox').fill(reason);
		const { id: mergedId } = await secondModerator(baseURL!, merged);
		const { other: third, id: intoId } = await secondModerator(baseURL!, into);
		third.close();
		await send('question:merge', { questionId: mergedId, intoId });
		const kept = queue.getByTestId('mod-question').filter({ hasText: merged });
		await expect(kept).toHaveAttribute('data-state', 'merged');
		await expect(kept.getByTestId('mod-meanwhile')).toContainText(
			'Another moderator has just merged this question into another.'
		);
		await expect(kept.getByTestId('mod-form').getByRole('textbox')).toHaveValue(reason);
		await kept.getByTestId('mod-form').getByRole('button', { name: 'Cancel' }).click();
		await expect(kept).toHaveCount(0);

		// A reply under way when its asker withdraws the question: its words are gone, the typed reply is not.
		await moderator.getByTestId('mod-tab-published').click();
		const published = moderator.getByTestId('mod-published');
		await published.getByTestId('mod-question').filter({ hasText: withdrawn }).getByTestId('reply').click();
		const reply = 'The shelters are funded by the province until June.';
		await rowOf(withdrawn).getByTestId('mod-form').getByRole('textbox').fill(reply);
		const gone = await asker.emitWithAck('question:withdraw', {
			clientId: crypto.randomUUID(),
			eventId: 'isb26',
			questionId: withdrawnId
		});
		expect(gone.ok).toBe(true);
		const placeholder = published.getByTestId('mod-withdrawn-meanwhile');
		await expect(placeholder).toContainText('The asker has just withdrawn the question you were working on.');
		await expect(placeholder.getByTestId('mod-withdrawn-typed')).toHaveText(reply);
		await expect(placeholder.getByTestId('mod-withdrawn-typed')).toHaveAttribute('dir', 'auto');
		await expect(placeholder).not.toContainText(stamp);
		await expect(placeholder.getByTestId('mod-withdrawn-dismiss')).toBeFocused();
		await placeholder.getByTestId('mod-withdrawn-dismiss').click();
		await expect(placeholder).toHaveCount(0);
	} finally {
		// The shared hub's lists are left as they were: what this test asked is declined, merged or withdrawn.
		const state = await other.emitWithAck('qa:moderate', { eventId: 'isb26', sessionId: SESSION });
		if (state.ok)
			for (const q of state.data.questions.filter(
				(q) => q.text.includes(stamp) && (q.state === 'pending' || q.state === 'published')
			))
				await other.emitWithAck('question:decline', {
					clientId: crypto.randomUUID(),
					eventId: 'isb26',
					questionId: q.id,
					reason: ''
				});
		other.close();
		asker.close();
	}
});

test('a whole-event moderator sees which other sessions have questions waiting, and opens one with a press', async ({
	staffPage,
	baseURL
}) => {
	const socket = await staffSocket(baseURL!, 'moderator');
	const waiting = await socket.emitWithAck('qa:waiting', { eventId: 'isb26' });
	if (!waiting.ok) throw new Error(waiting.error);
	const before = waiting.data.waiting['closing'] ?? 0;
	const text = `Will the task force report back to this conference next year? (${Date.now().toString(36)})`;
	const asked = await socket.emitWithAck('question:ask', {
		clientId: crypto.randomUUID(),
		eventId: 'isb26',
		sessionId: 'closing',
		text
	});
	if (!asked.ok) throw new Error(asked.error);
	try {
		const moderator = await staffPage('moderator');
		await moderator.setViewportSize({ width: 1366, height: 768 });
		await waitLive(moderator);
		const picker = moderator.getByTestId('mod-session-select');
		await expect(picker).not.toHaveValue('closing');
		const chip = moderator.getByTestId('mod-waiting-elsewhere').locator('[data-session-id="closing"]');
		await expect(chip).toContainText(`${before + 1} waiting`);
		await expect(chip).toContainText('Closing');
		await expect(picker.locator('option[value="closing"]')).toContainText(`${before + 1} waiting`);
		await moderator.screenshot({ path: 'test-results/screenshots/mod-waiting-elsewhere-1366.png' });
		await chip.click();
		await expect(picker).toHaveValue('closing');
		await expect(
			moderator.getByTestId('mod-queue').getByTestId('mod-question').filter({ hasText: text })
		).toBeVisible();
		// The session on screen is no longer offered as "elsewhere".
		await expect(chip).toHaveCount(0);
	} finally {
		await socket.emitWithAck('question:decline', {
			clientId: crypto.randomUUID(),
			eventId: 'isb26',
			questionId: asked.data.question.id
		});
		socket.close();
	}
});
