import { expect, PHONE, staffSocket, test, waitLive, setClock } from './fixtures';

const AT_1400 = new Date('2026-12-08T09:00:00Z'); // day 1, 14:00: the national action plan plenary is on
const E = 'isb26';
// Sessions no other browser test puts polls or questions in.
const S = 'nap-greece';
const QA_SESSION = 'ws-victims';
let n = 0;
const id = () => `e2e-badge-${Date.now()}-${++n}`;

test('an organiser prints badge codes; a phone redeems one and votes in a verified-only poll; the same code on a second phone is refused', async ({
	browser,
	contexts,
	staffPage,
	baseURL
}) => {
	test.setTimeout(60_000);
	// The organiser makes two badges and gets the CSV and the printable sheet, once.
	const organiser = await staffPage('organiser', { at: AT_1400 });
	await waitLive(organiser);
	const panel = organiser.getByTestId('badges-panel');
	await panel.getByTestId('badge-attendees').fill('Ayesha Khan\nKarim Benali');
	await panel.getByTestId('badge-generate').click();
	const sheet = panel.getByTestId('badge-sheet');
	await expect(sheet.getByTestId('badge-sheet-card')).toHaveCount(2);
	await expect(sheet.locator('img')).toHaveCount(2);
	await expect(sheet).toContainText('Ayesha Khan');
	const codes = await sheet.getByTestId('badge-sheet-code').allTextContents();
	expect(codes).toHaveLength(2);
	const csv = await panel.getByTestId('badge-csv').getAttribute('href');
	expect(decodeURIComponent(csv!.split(',').slice(1).join(','))).toContain(`Ayesha Khan,${codes[0]},`);
	await expect(panel.getByTestId('badge-summary')).toContainText('2');

	// The chair launches a poll that counts verified attendees only.
	const chair = await staffSocket(baseURL!, 'chair');
	const created = await chair.emitWithAck('poll:create', {
		clientId: id(),
		eventId: E,
		sessionId: S,
		poll: {
			type: 'single',
			question: 'Which objective should the regional task force take first?',
			options: [
				{ id: 'intelligence', label: 'Intelligence sharing' },
				{ id: 'legal', label: 'Legal frameworks' }
			],
			minBallots: 1,
			verifiedOnly: true
		}
	});
	if (!created.ok) throw new Error(created.error);
	const pollId = created.data.poll.id;
	const opened = await chair.emitWithAck('poll:transition', {
		clientId: id(),
		eventId: E,
		pollId,
		action: 'open',
		countdownSeconds: null
	});
	expect(opened.ok).toBe(true);

	const newPhone = async () => {
		const context = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
		await setClock(context, AT_1400);
		contexts.push(context);
		return context.newPage();
	};

	// Phone 1 opens the session: the poll asks for a badge first; the code goes in, then the ballot.
	const one = await newPhone();
	await one.goto(`/e/ISB26/s/${S}`);
	await waitLive(one);
	const poll = one.locator(`[data-testid=poll][data-poll-id=${pollId}]`);
	await expect(poll.getByTestId('poll-verified-only')).toBeVisible();
	await poll.getByTestId('badge-code').fill(codes[0].toLowerCase());
	await poll.getByTestId('badge-redeem').click();
	await poll.locator('[data-option-id=legal]').click();
	await expect(poll.getByTestId('ballot-in')).toBeVisible();

	// Phone 2 scans the same badge's QR code: the event page tries it and says it is in use elsewhere.
	const two = await newPhone();
	await two.goto(`/e/ISB26#badge=${codes[0]}`);
	await expect(two.getByTestId('badge-error')).toHaveText(/already in use on another phone/);
	// The code is taken out of the address, so it is not left in the history or shared by accident.
	expect(new URL(two.url()).hash).toBe('');
	await two.goto(`/e/ISB26/s/${S}`);
	await waitLive(two);
	await expect(
		two.locator(`[data-testid=poll][data-poll-id=${pollId}]`).getByTestId('poll-needs-badge')
	).toBeVisible();

	// One ballot counted, with the chair's integrity signals beside it.
	const managed = await chair.emitWithAck('poll:manage', { eventId: E, sessionId: S });
	const view = managed.ok ? managed.data.polls.find((p) => p.id === pollId) : undefined;
	expect(view?.ballots).toBe(1);
	expect(view?.integrity?.topAddress).toEqual({ ballots: 1, of: 1 });

	// The second code, by QR link, verifies a third phone.
	const three = await newPhone();
	await three.goto(`/e/ISB26#badge=${codes[1]}`);
	await expect(three.getByTestId('badge-verified')).toBeVisible();

	const closed = await chair.emitWithAck('poll:transition', {
		clientId: id(),
		eventId: E,
		pollId,
		action: 'close',
		countdownSeconds: null
	});
	expect(closed.ok).toBe(true);
	chair.close();
});

test('a phone whose device cookie is dropped mid-session gets a new one and sends what waited, once', async ({
	phone,
	baseURL
}) => {
	const chair = await staffSocket(baseURL!, 'chair');
	await phone.goto(`/e/ISB26/s/${QA_SESSION}`);
	await waitLive(phone);
	const context = phone.context();
	const before = (await context.cookies()).find((c) => c.name === 'dais_device')?.value;
	expect(before).toBeTruthy();

	// The cookie goes (a privacy cleaner, an expired cookie) and the connection drops and comes back without it.
	await context.clearCookies({ name: 'dais_device' });
	await context.setOffline(true);
	await expect(phone.getByTestId('connection')).toHaveAttribute('data-status', 'reconnecting');
	await context.setOffline(false);
	await waitLive(phone);

	const text = 'Which databases will the task force connect first?';
	await phone.getByTestId('ask-text').fill(text);
	await phone.getByTestId('ask-submit').click();
	await expect(phone.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'awaiting-review'
	);
	const after = (await context.cookies()).find((c) => c.name === 'dais_device')?.value;
	expect(after).toBeTruthy();
	expect(after).not.toBe(before);

	const moderation = await chair.emitWithAck('qa:moderate', { eventId: E, sessionId: QA_SESSION });
	expect(moderation.ok && moderation.data.questions.filter((q) => q.text === text)).toHaveLength(1);
	chair.close();
});
