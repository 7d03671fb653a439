import type { Browser, BrowserContext, Page } from '@playwright/test';
import { io } from 'socket.io-client';
import { chairPoll, deviceCookie, docShot, expect, phoneAt, staffSocket, test, waitLive } from './fixtures';

const AT_1230 = new Date('2026-12-08T07:30:00Z'); // Working session 2 in Hall B is live

/** A phone at 12:30 on day 1 with Hall B's working session open, live. */
async function legalPhoneAt1230(browser: Browser, contexts: BrowserContext[]) {
	const phone = await (await phoneAt(browser, contexts, AT_1230)).newPage();
	await phone.goto('/e/ISB26/s/ws-legal');
	await waitLive(phone);
	return phone;
}

test('the chair launches a preset poll; votes reach the hall screen live; closing shows the final result', async ({
	browser,
	staffPage,
	contexts,
	baseURL
}) => {
	const phone = () => legalPhoneAt1230(browser, contexts);

	const chair = await staffPage('chair', { phone: true, at: AT_1230 });
	await expect(chair).toHaveURL(/\/chair/);
	await waitLive(chair);
	await chair.getByTestId('chair-session-select').selectOption('ws-legal');
	const card = chair.locator('[data-testid=chair-poll][data-poll-id=p-legal-first]');
	await card.getByTestId('poll-open').click();
	await expect(card).toHaveAttribute('data-state', 'open');
	await card.getByTestId('poll-reveal-everyone').click();

	const screen = await staffPage('screen', { roomId: 'hall-b', at: AT_1230 });
	await expect(screen).toHaveURL(/\/screen\/hall-b$/);
	await expect(screen.getByTestId('screen-poll')).toHaveAttribute('data-poll-id', 'p-legal-first');
	await screen.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

	const [a, b] = [await phone(), await phone()];
	for (const [page, choice] of [
		[a, 'legal-frameworks'],
		[b, 'intelligence-sharing']
	] as const) {
		const poll = page.locator('[data-testid=poll][data-poll-id=p-legal-first]');
		await poll.locator(`[data-option-id=${choice}]`).click();
		await expect(poll.getByTestId('ballot-in')).toBeVisible();
	}
	// Results stay hidden from the room until five ballots are in: three more phones vote over plain sockets.
	await expect(screen.getByTestId('screen-poll')).toContainText('2 votes');
	await expect(screen.getByTestId('poll-results')).toHaveCount(0);
	for (let i = 0; i < 3; i++) {
		const s = io(baseURL!, {
			transports: ['websocket'],
			extraHeaders: { cookie: await deviceCookie(baseURL!) }
		});
		await s.emitWithAck('event:join', { code: 'ISB26', protocol: 1 });
		const res = await s.emitWithAck('poll:vote', {
			clientId: `e2e-vote-${i}-${Date.now()}`,
			eventId: 'isb26',
			pollId: 'p-legal-first',
			answer: { choice: 'legal-frameworks' }
		});
		expect(res.ok).toBe(true);
		s.close();
	}
	await expect(screen.getByTestId('screen-poll')).toContainText('5 votes');
	await expect(screen.getByTestId('poll-results')).toContainText('Strengthening legal frameworks');
	await expect(
		chair.locator('[data-testid=chair-poll][data-poll-id=p-legal-first] [data-testid=poll-ballots]')
	).toHaveText(/5/);

	await card.getByTestId('poll-close').click();
	for (const page of [a, b]) {
		const poll = page.locator('[data-testid=poll][data-poll-id=p-legal-first]');
		await expect(poll).toHaveAttribute('data-state', 'closed');
		await expect(poll).toContainText('Final result');
		await expect(poll.getByTestId('poll-results')).toContainText('Strengthening legal frameworks');
	}
	expect(await screen.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
	await docShot(screen, 'hall-screen');
	await docShot(a, 'phone-poll');
});

test('the new-poll form keeps the “verified attendees only” box beside its words, on a phone and a laptop', async ({
	staffPage
}) => {
	for (const phone of [true, false]) {
		const chair = await staffPage('chair', { phone });
		await waitLive(chair);
		await chair.getByTestId('chair-new-poll').click();
		const box = chair.locator('[data-testid$="-verified-only"]').first();
		const words = chair.locator('label.verified > span').first();
		await box.scrollIntoViewIfNeeded();
		const [b, w] = [(await box.boundingBox())!, (await words.boundingBox())!];
		// Beside: the words start on the box's line, not on a line of their own under it.
		expect(w.y, phone ? 'phone' : 'laptop').toBeLessThan(b.y + b.height);
	}
});

test('a chair’s half-written poll survives a reload of the console, and is gone once created', async ({
	staffPage
}) => {
	const chair = await staffPage('chair', { phone: true, at: AT_1230 });
	await waitLive(chair);
	const question = 'Which objective should the task force take first? (kept across a reload)';
	await chair.getByTestId('chair-new-poll').click();
	await chair.getByTestId('new-poll-type').selectOption('multiple');
	await chair.getByTestId('new-poll-question').fill(question);
	await chair.getByTestId('new-poll-options').fill('Intelligence sharing\nLegal frameworks\nVictims’ rights');
	await chair.reload();
	await waitLive(chair);
	// The form is open again with it.
	await expect(chair.getByTestId('chair-new-poll')).toHaveAttribute('aria-expanded', 'true');
	await expect(chair.getByTestId('new-poll-question')).toHaveValue(question);
	await expect(chair.getByTestId('new-poll-options')).toHaveValue(
		'Intelligence sharing\nLegal frameworks\nVictims’ rights'
	);
	await expect(chair.getByTestId('new-poll-type')).toHaveValue('multiple');
	await chair.getByTestId('new-poll-submit').click();
	await expect(chair.locator('[data-testid=chair-poll]').filter({ hasText: question })).toBeVisible();
	// The form closes on the new draft, and opens empty.
	await expect(chair.getByTestId('new-poll-question')).toHaveCount(0);
	await chair.getByTestId('chair-new-poll').click();
	await expect(chair.getByTestId('new-poll-question')).toHaveValue('');
	await chair.reload();
	await waitLive(chair);
	await expect(chair.getByTestId('new-poll-question')).toHaveCount(0);
	await chair.getByTestId('chair-new-poll').click();
	await expect(chair.getByTestId('new-poll-question')).toHaveValue('');
	// Leave the session's polls as found: the draft goes (delete asks to be pressed twice).
	const made = chair.locator('[data-testid=chair-poll]').filter({ hasText: question });
	await made.getByTestId('poll-delete').click();
	await made.getByTestId('poll-delete').click();
	await expect(made).toHaveCount(0);
});

/**
 * A chair's console on Hall B's session (where this file's first test runs its poll; Hall A's is i18n.spec's), with
 * a new two-choice draft made from its form.
 */
async function chairWithDraft(
	staffPage: (role: 'chair', opts: { at: Date }) => Promise<Page>,
	label: string
) {
	const chair = await staffPage('chair', { at: AT_1230 });
	await waitLive(chair);
	await chair.getByTestId('chair-session-select').selectOption('ws-legal');
	const question = `Which objective first? (${label}, ${Date.now()})`;
	await chair.getByTestId('chair-new-poll').click();
	await chair.getByTestId('new-poll-question').fill(question);
	await chair.getByTestId('new-poll-options').fill('Intelligence sharing\nLegal frameworks');
	await chair.getByTestId('new-poll-submit').click();
	const made = chair.locator('[data-testid=chair-poll]').filter({ hasText: question });
	await expect(made).toHaveAttribute('data-state', 'draft');
	const pollId = (await made.getAttribute('data-poll-id'))!;
	const card = chair.locator(`[data-testid=chair-poll][data-poll-id="${pollId}"]`);
	return { chair, question, pollId, card };
}

test('a draft launched from another console while the chair edits it keeps the chair’s changes, to save as a new draft', async ({
	staffPage,
	baseURL
}) => {
	const { chair, question, pollId, card } = await chairWithDraft(staffPage, 'launched elsewhere');

	await card.getByTestId('poll-edit').click();
	const edited = `${question} With victims’ rights added`;
	await card.getByTestId('edit-poll-question').fill(edited);
	await card.getByTestId('edit-poll-options').fill('Intelligence sharing\nLegal frameworks\nVictims’ rights');

	// Another chair launches the draft as it was.
	const other = await staffSocket(baseURL!, 'chair');
	const opened = await other.emitWithAck('poll:transition', {
		clientId: `overtaken-${Date.now()}`,
		eventId: 'isb26',
		pollId,
		action: 'open'
	});
	expect(opened.ok).toBe(true);

	await expect(card).toHaveAttribute('data-state', 'open');
	await expect(card.getByTestId('edit-overtaken')).toBeVisible();
	await expect(card.getByTestId('edit-poll-question')).toHaveValue(edited);
	await expect(card.getByTestId('edit-poll-submit')).toHaveText('Save as a new draft');
	await card.getByTestId('edit-poll-submit').click();
	const copy = chair.locator('[data-testid=chair-poll]').filter({ hasText: edited });
	await expect(copy).toHaveAttribute('data-state', 'draft');
	await expect(copy.locator('ul.preview li')).toHaveText([
		'Intelligence sharing',
		'Legal frameworks',
		'Victims’ rights'
	]);
	await expect(card.getByTestId('edit-overtaken')).toHaveCount(0);
	await expect(card.locator('h3')).toHaveText(question);

	// An edit with nothing changed closes quietly when the draft is launched. Then the session is left as found.
	await copy.getByTestId('poll-edit').click();
	const copyId = (await copy.getAttribute('data-poll-id'))!;
	expect(
		(
			await other.emitWithAck('poll:transition', {
				clientId: `overtaken2-${Date.now()}`,
				eventId: 'isb26',
				pollId: copyId,
				action: 'open'
			})
		).ok
	).toBe(true);
	await expect(copy).toHaveAttribute('data-state', 'open');
	await expect(copy.getByTestId('edit-poll-form')).toHaveCount(0);
	await expect(copy.getByTestId('edit-overtaken')).toHaveCount(0);
	for (const id of [pollId, copyId])
		await other.emitWithAck('poll:transition', {
			clientId: `overtaken-close-${id}`,
			eventId: 'isb26',
			pollId: id,
			action: 'close'
		});
	other.close();
});

test('a draft deleted from another console while the chair edits it keeps the chair’s changes, to save as a new draft', async ({
	staffPage,
	baseURL
}) => {
	const { chair, question, pollId, card } = await chairWithDraft(staffPage, 'deleted elsewhere');
	await card.getByTestId('poll-edit').click();
	const edited = `${question} Or root causes?`;
	await card.getByTestId('edit-poll-question').fill(edited);

	const other = await staffSocket(baseURL!, 'chair');
	const deleted = await other.emitWithAck('poll:delete', {
		clientId: `deleted-${Date.now()}`,
		eventId: 'isb26',
		pollId
	});
	expect(deleted.ok).toBe(true);
	other.close();

	await expect(card.getByTestId('edit-overtaken')).toContainText('deleted from another console');
	await expect(card.getByTestId('edit-poll-question')).toHaveValue(edited);
	await card.getByTestId('edit-poll-submit').click();
	await expect(card).toHaveCount(0);
	const copy = chair.locator('[data-testid=chair-poll]').filter({ hasText: edited });
	await expect(copy).toHaveAttribute('data-state', 'draft');
	// Left as found: the copy is a draft, deleted (delete asks to be pressed twice).
	await copy.getByTestId('poll-delete').click();
	await copy.getByTestId('poll-delete').click();
	await expect(copy).toHaveCount(0);
});

test('a draft saved from another console while the chair edits it is not overwritten: the chair’s version becomes a new draft', async ({
	staffPage,
	baseURL
}) => {
	const { chair, question, pollId, card } = await chairWithDraft(staffPage, 'edited twice');
	await card.getByTestId('poll-edit').click();
	const mine = `${question} (this console)`;
	await card.getByTestId('edit-poll-question').fill(mine);

	const other = await staffSocket(baseURL!, 'chair');
	const theirs = `${question} (the other console)`;
	const saved = await other.emitWithAck('poll:edit', {
		clientId: `edited-${Date.now()}`,
		eventId: 'isb26',
		pollId,
		poll: {
			type: 'single',
			question: theirs,
			options: [
				{ id: 'intelligence-sharing', label: 'Intelligence sharing' },
				{ id: 'legal-frameworks', label: 'Legal frameworks' }
			]
		}
	});
	expect(saved.ok).toBe(true);

	await expect(card.locator('h3')).toHaveText(theirs);
	await expect(card.getByTestId('edit-overtaken')).toContainText('changed from another console');
	await expect(card.getByTestId('edit-poll-question')).toHaveValue(mine);
	await card.getByTestId('edit-poll-submit').click();
	await expect(card.getByTestId('edit-poll-form')).toHaveCount(0);
	// The other console's version stands; this one's is a draft of its own.
	await expect(card.locator('h3')).toHaveText(theirs);
	const copy = chair.locator('[data-testid=chair-poll]').filter({ hasText: mine });
	await expect(copy).toHaveAttribute('data-state', 'draft');
	// An edit saved from this console closes its form with no notice.
	await copy.getByTestId('poll-edit').click();
	await copy.getByTestId('edit-poll-question').fill(`${mine} again`);
	await copy.getByTestId('edit-poll-submit').click();
	await expect(copy.getByTestId('edit-poll-form')).toHaveCount(0);
	await expect(chair.getByTestId('edit-overtaken')).toHaveCount(0);
	for (const id of [pollId, (await copy.getAttribute('data-poll-id'))!])
		await other.emitWithAck('poll:delete', { clientId: `edited-delete-${id}`, eventId: 'isb26', pollId: id });
	other.close();
});

test('a chair who launched a poll without a countdown starts one later, and can stop it; phones follow', async ({
	browser,
	contexts,
	staffPage
}) => {
	const { question, card } = await chairWithDraft(staffPage, 'countdown later');
	// A draft's countdown buttons say, in sight, that they launch the poll.
	await expect(card.getByText('Launch with a countdown', { exact: true })).toBeVisible();
	await card.getByTestId('poll-open').click();
	await expect(card).toHaveAttribute('data-state', 'open');
	await expect(card.getByTestId('poll-countdown')).toHaveCount(0);
	await expect(card.getByText('Close with a countdown', { exact: true })).toBeVisible();

	const phone = await legalPhoneAt1230(browser, contexts);
	const onPhone = phone.locator('[data-testid=poll]').filter({ hasText: question });
	await expect(onPhone).toBeVisible();
	await expect(onPhone).not.toContainText('Closes in');

	await card.getByRole('group', { name: 'Close with a countdown' }).getByTestId('poll-countdown-60').click();
	// (The pages' clocks stand still at 12:30 while the hub's runs, and the phone set the hub's back when it opened:
	// the minute is read as "about a minute".)
	await expect(card.getByTestId('poll-countdown')).toHaveText(/Closes in (1:0\d|0:5\d)/);
	await expect(onPhone).toContainText(/Closes in (1:0\d|0:5\d)/i);
	await expect(card).toHaveAttribute('data-state', 'open');

	await card.getByTestId('poll-countdown-stop').click();
	await expect(card.getByTestId('poll-countdown')).toHaveCount(0);
	await expect(onPhone).not.toContainText(/Closes in/i);
	await expect(card.getByTestId('poll-countdown-30')).toBeVisible();
	await card.getByTestId('poll-close').click();
	await expect(card).toHaveAttribute('data-state', 'closed');
});

test('a poll its chair forgot to close is announced on other pages only until half an hour after its session', async ({
	browser,
	contexts,
	baseURL
}) => {
	const question = `Which border crossing needs a joint team first? (${Date.now()})`;
	const { pollId, transition, done } = await chairPoll(baseURL!, 'ws-legal', question, [
		{ id: 'torkham', label: 'Torkham' },
		{ id: 'taftan', label: 'Taftan' }
	]);
	expect((await transition('open')).ok).toBe(true);
	try {
		// Working session 2 ends at 13:00. At 13:20 the poll is still pressed on the programme page...
		const early = await (await phoneAt(browser, contexts, new Date('2026-12-08T08:20:00Z'))).newPage();
		await early.goto('/e/ISB26');
		await waitLive(early);
		await expect(early.getByTestId('open-poll-banner').filter({ hasText: question })).toBeVisible();
		// ...at 13:45 it is not, and its session's page still takes a vote.
		const late = await (await phoneAt(browser, contexts, new Date('2026-12-08T08:45:00Z'))).newPage();
		await late.goto('/e/ISB26');
		await waitLive(late);
		await expect(late.getByTestId('agenda-day').or(late.getByTestId('day-panel')).first()).toBeVisible();
		await expect(late.getByTestId('open-poll-banner').filter({ hasText: question })).toHaveCount(0);
		await late.goto('/e/ISB26/s/ws-legal');
		await waitLive(late);
		await expect(late.locator(`[data-testid=poll][data-poll-id="${pollId}"]`)).toHaveAttribute(
			'data-state',
			'open'
		);
	} finally {
		await transition('close');
		done();
	}
});

test('on the chair’s phone an open poll comes first, above the session’s drafts', async ({
	staffPage,
	baseURL
}) => {
	const { pollId, transition, done } = await chairPoll(baseURL!, 'ws-legal', `Open first? (${Date.now()})`, [
		{ id: 'y', label: 'Yes' },
		{ id: 'n', label: 'No' }
	]);
	try {
		const chair = await staffPage('chair', { phone: true, at: AT_1230 });
		await waitLive(chair);
		await chair.getByTestId('chair-session-select').selectOption('ws-legal');
		const cards = chair.getByTestId('chair-poll');
		await expect(cards.last()).toHaveAttribute('data-poll-id', pollId);
		expect((await transition('open')).ok).toBe(true);
		// It is among the open polls (another spec may have left one open here), and those come before every other.
		const order = () =>
			cards.evaluateAll((els) =>
				els.map((el) => `${el.getAttribute('data-state')}:${el.getAttribute('data-poll-id')}`)
			);
		await expect.poll(order).toContain(`open:${pollId}`);
		const states = (await order()).map((o) => o.split(':')[0]);
		expect(states.indexOf('open')).toBe(0);
		expect(states.lastIndexOf('open')).toBe(states.filter((st) => st === 'open').length - 1);
	} finally {
		await transition('close');
		done();
	}
});

/** Creates a poll in working session 2 (Hall B) and opens it at once: its id. */
function createOpen(chair: Awaited<ReturnType<typeof staffSocket>>, prefix: string) {
	let n = 0;
	return async (poll: Record<string, unknown>) => {
		const res = await chair.emitWithAck('poll:create', {
			clientId: `${prefix}-${n++}`,
			eventId: 'isb26',
			sessionId: 'ws-legal',
			poll: poll as never
		});
		if (!res.ok) throw new Error(res.error);
		const id = res.data.poll.id;
		const opened = await chair.emitWithAck('poll:transition', {
			clientId: `${prefix}-${n++}`,
			eventId: 'isb26',
			pollId: id,
			action: 'open',
			countdownSeconds: null
		});
		if (!opened.ok) throw new Error(opened.error);
		return id;
	};
}

test('a half-rated ballot and a typed answer survive a reload of the phone, and are forgotten once sent', async ({
	browser,
	contexts,
	baseURL
}) => {
	const chair = await staffSocket(baseURL!, 'chair');
	const tag = `${Date.now()}`;
	const create = createOpen(chair, `draft-${tag}`);
	const rating = await create({
		type: 'rating',
		question: `How ready is each part of the task force? ${tag}`,
		options: [
			{ id: 'intel', label: 'Intelligence desk' },
			{ id: 'legal', label: 'Legal desk' },
			{ id: 'victims', label: 'Victims’ desk' }
		],
		maxChoices: null,
		minBallots: 1
	});
	const open = await create({
		type: 'open',
		question: `What should the task force do first? ${tag}`,
		options: [],
		maxChoices: null,
		minBallots: 1
	});
	try {
		const phone = await legalPhoneAt1230(browser, contexts);
		const ratingCard = phone.locator(`[data-testid=poll][data-poll-id="${rating}"]`);
		const openCard = phone.locator(`[data-testid=poll][data-poll-id="${open}"]`);
		const item = (id: string) => ratingCard.locator(`[data-testid=rate-item][data-item-id=${id}]`);
		// Two of three items rated, and an answer typed in Urdu, when the Wi-Fi makes the phone reload.
		const rate = (id: string, n: number) =>
			item(id)
				.getByRole('radio', { name: String(n) })
				.check();
		await rate('intel', 4);
		await rate('victims', 2);
		const typed = 'متاثرین کے لیے ایک ہیلپ لائن، سب زبانوں میں';
		await openCard.getByTestId('open-text').fill(typed);
		await phone.reload();
		await waitLive(phone);
		await expect(item('intel').locator('input[value="4"]')).toBeChecked();
		await expect(item('victims').locator('input[value="2"]')).toBeChecked();
		await expect(item('legal').locator('input:checked')).toHaveCount(0);
		await expect(openCard.getByTestId('open-text')).toHaveValue(typed);

		// Sent, the answer is no longer kept as a draft: after another reload the card says it is in.
		await openCard.getByTestId('ballot-submit').click();
		await expect(openCard.getByTestId('ballot-in')).toBeVisible();
		await phone.reload();
		await waitLive(phone);
		await expect(openCard.getByTestId('ballot-in')).toBeVisible();
		const kept = await phone.evaluate(() =>
			Object.keys(sessionStorage).filter((k) => k.startsWith('dais.ballot.'))
		);
		expect(kept).toEqual([`dais.ballot.${rating}`]);
	} finally {
		for (const pollId of [rating, open])
			await chair.emitWithAck('poll:transition', {
				clientId: `draft-${tag}-close-${pollId}`,
				eventId: 'isb26',
				pollId,
				action: 'close',
				countdownSeconds: null
			});
		chair.close();
	}
});

test('a word or an answer made only of invisible characters is named on the phone before it is sent, not refused as “not valid”', async ({
	browser,
	contexts,
	baseURL
}) => {
	const chair = await staffSocket(baseURL!, 'chair');
	const tag = `${Date.now()}`;
	const create = createOpen(chair, `unseen-${tag}`);
	const cloud = await create({
		type: 'wordcloud',
		question: `One word for the task force? ${tag}`,
		options: [],
		maxChoices: null,
		minBallots: 1
	});
	const open = await create({
		type: 'open',
		question: `What should it do first? ${tag}`,
		options: [],
		maxChoices: null,
		minBallots: 1
	});
	try {
		const phone = await legalPhoneAt1230(browser, contexts);
		const cloudCard = phone.locator(`[data-testid=poll][data-poll-id="${cloud}"]`);
		const openCard = phone.locator(`[data-testid=poll][data-poll-id="${open}"]`);
		// A zero-width space and a zero-width joiner: something typed, nothing drawn.
		const words = cloudCard.getByTestId('word');
		await words.nth(0).fill('\u200B\u200D');
		await words.nth(1).fill('ثقة');
		await expect(cloudCard.getByTestId('word-unseen')).toHaveText(
			'This word is made only of invisible characters: type it in letters.'
		);
		await expect(words.nth(0)).toHaveAttribute('aria-invalid', 'true');
		await expect(cloudCard.getByTestId('ballot-submit')).toBeDisabled();
		await words.nth(0).fill('');
		await expect(cloudCard.getByTestId('word-unseen')).toHaveCount(0);
		await cloudCard.getByTestId('ballot-submit').click();
		await expect(cloudCard.getByTestId('ballot-in')).toBeVisible();

		await openCard.getByTestId('open-text').fill('\u200B\u202E');
		await expect(openCard.getByTestId('text-unseen')).toHaveText(
			'Your answer is made only of invisible characters: type it in words.'
		);
		await expect(openCard.getByTestId('ballot-submit')).toBeDisabled();
		await openCard.getByTestId('open-text').fill('A helpline in every language');
		await expect(openCard.getByTestId('text-unseen')).toHaveCount(0);
		await expect(openCard.getByTestId('ballot-submit')).toBeEnabled();
	} finally {
		for (const pollId of [cloud, open])
			await chair.emitWithAck('poll:transition', {
				clientId: `unseen-${tag}-close-${pollId}`,
				eventId: 'isb26',
				pollId,
				action: 'close',
				countdownSeconds: null
			});
		chair.close();
	}
});

test('on a chair’s phone with ten polls, “New poll” opens the form at the top, its question field focused; the draft made comes up with its Launch button focused', async ({
	staffPage,
	baseURL
}) => {
	test.setTimeout(60_000);
	// Drafts enough for the console the tester saw (ten polls, 6,675 px), taken away after.
	const socket = await staffSocket(baseURL!, 'chair');
	const stamp = Date.now();
	const extra: string[] = [];
	for (let i = 1; i <= 7; i++) {
		const res = await socket.emitWithAck('poll:create', {
			clientId: `quick-${stamp}-${i}`,
			eventId: 'isb26',
			sessionId: 'ws-legal',
			poll: {
				type: 'single',
				question: `Prepared question ${i}: which objective should the task force take first? (${stamp})`,
				options: [
					{ id: 'sharing', label: 'Intelligence sharing' },
					{ id: 'legal', label: 'Legal frameworks' },
					{ id: 'victims', label: 'Victims’ rights' }
				]
			}
		});
		if (!res.ok) throw new Error(res.error);
		extra.push(res.data.poll.id);
	}
	const chair = await staffPage('chair', { phone: true, at: AT_1230 });
	const question = `Quick: do we extend the debate by ten minutes? (${stamp})`;
	try {
		for (const [n, size] of [
			{ width: 390, height: 844 },
			{ width: 360, height: 740 }
		].entries()) {
			await chair.setViewportSize(size);
			await chair.goto('/chair?session=ws-legal');
			await waitLive(chair);
			const cards = chair.getByTestId('chair-poll');
			await expect(cards.nth(9)).toBeVisible();
			const at = `${size.width}×${size.height}`;
			/** Where an element is on the page (not the screen): how far the chair scrolls to reach it. */
			const pageTop = (testid: string, within = chair.locator('body')) =>
				within.getByTestId(testid).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);

			const button = chair.getByTestId('chair-new-poll');
			await expect(button, at).toBeInViewport();
			await button.click();
			const field = chair.getByTestId('new-poll-question');
			await expect(field).toBeFocused();
			await expect(field).toBeInViewport();
			// The form is at the top of the polls: on the first screen, not under ten cards (it was at 6,000 px).
			expect(await pageTop('new-poll-question'), `${at}: the question field, on the page`).toBeLessThan(
				size.height
			);
			// A disclosure: the button says whether the form is open.
			await expect(button).toHaveAttribute('aria-expanded', 'true');
			await chair.screenshot({ path: `test-results/screenshots/chair-new-poll-${size.width}.png` });

			if (n === 1) {
				// Escape closes it, handing focus back to the button.
				await chair.keyboard.press('Escape');
				await expect(field).toHaveCount(0);
				await expect(button).toBeFocused();
				await expect(button).toHaveAttribute('aria-expanded', 'false');
				continue;
			}
			await chair.keyboard.type(question);
			await chair.getByTestId('new-poll-options').fill('Yes\nNo');
			await chair.getByTestId('new-poll-submit').click();
			const made = cards.filter({ hasText: question });
			await expect(made).toHaveAttribute('data-state', 'draft');
			// The form closes; the new draft is the chair's next step: its Launch button has focus, on screen, and the
			// draft sits near the top (after any open poll), not under the prepared ones.
			await expect(field).toHaveCount(0);
			const launch = made.getByTestId('poll-open');
			await expect(launch, at).toBeFocused();
			await expect(launch, at).toBeInViewport();
			expect(await pageTop('poll-open', made), `${at}: the new draft's Launch, on the page`).toBeLessThan(
				2 * size.height
			);
			// Its name says which poll it launches, for a screen reader landing on it.
			await expect(launch).toHaveAccessibleDescription(question);
			await chair.screenshot({ path: `test-results/screenshots/chair-new-draft-${size.width}.png` });
		}
	} finally {
		const made = chair.getByTestId('chair-poll').filter({ hasText: question });
		const id = (await made.count()) ? await made.getAttribute('data-poll-id') : null;
		for (const pollId of id ? [...extra, id] : extra)
			await socket.emitWithAck('poll:delete', { clientId: `quick-del-${pollId}`, eventId: 'isb26', pollId });
		socket.close();
	}
});
