import {
	approveFromQueue,
	DAY1_1100,
	expect,
	mintSignInPath,
	phoneAt,
	setClock,
	signInOnPage,
	test,
	waitLive
} from './fixtures';

const AT_1230 = new Date('2026-12-08T07:30:00Z'); // Working session 2 in Hall B is live

test('a staff link signs in through its confirmation page once; signing out ends it', async ({
	browser,
	contexts
}) => {
	const context = await browser.newContext({
		viewport: { width: 1280, height: 860 },
		timezoneId: 'Asia/Karachi'
	});
	await setClock(context, DAY1_1100);
	contexts.push(context);
	const page = await context.newPage();
	const link = await mintSignInPath('moderator', 'hall-b', 'Hall B desk – Sara');

	await page.goto(link);
	const confirm = page.getByTestId('signin-confirm');
	await expect(confirm).toContainText('This link signs you in on this device as:');
	await expect(page.getByTestId('signin-role')).toHaveText('Moderator');
	await expect(confirm).toContainText('Hall B');
	await expect(confirm.getByText('Hall B desk – Sara')).toHaveAttribute('dir', 'auto');
	// Opening the link signed nobody in: the console still asks for a link.
	expect((await context.cookies()).map((c) => c.name)).not.toContain('dais_staff');

	await page.getByTestId('signin-submit').click();
	await expect(page).toHaveURL(/\/moderator$/);
	await waitLive(page);
	await expect(page.getByTestId('mod-signed-in')).toContainText('Hall B desk – Sara');

	await page.getByTestId('sign-out').click();
	await expect(page).toHaveURL(/\/signout$/);
	await expect(page.getByTestId('signed-out')).toContainText('You are signed out on this device.');
	await page.goto('/moderator');
	await expect(page.getByTestId('mod-sign-in')).toBeVisible();

	// The link was used up by the first sign-in.
	await page.goto(link);
	await expect(page.getByTestId('signin-refused')).toHaveText(
		'This link was already used — ask an organiser for a new one.'
	);
});

test('an organiser sees who is signed in with each link, ends a sign-in, and reads a moderator’s approve in the audit log', async ({
	browser,
	staffPage,
	contexts
}) => {
	const organiser = await staffPage('organiser', { at: AT_1230 });
	await waitLive(organiser);

	const modContext = await browser.newContext({
		viewport: { width: 1280, height: 860 },
		timezoneId: 'Asia/Karachi'
	});
	await setClock(modContext, AT_1230);
	contexts.push(modContext);
	const moderator = await modContext.newPage();
	await signInOnPage(moderator, await mintSignInPath('moderator', null, 'Hall B moderator'));
	await waitLive(moderator);

	// An attendee asks; the moderator approves it.
	const phoneContext = await phoneAt(browser, contexts, AT_1230);
	const phone = await phoneContext.newPage();
	await phone.goto('/e/ISB26/s/ws-legal');
	await waitLive(phone);
	const text = 'Which courts will hear cases under the model law?';
	await phone.getByTestId('ask-text').fill(text);
	await phone.getByTestId('ask-submit').click();
	await moderator.getByTestId('mod-session-select').selectOption('ws-legal');
	await approveFromQueue(moderator, text);
	await expect(phone.getByTestId('my-question').filter({ hasText: text })).toHaveAttribute(
		'data-state',
		'published'
	);

	const audit = organiser.getByTestId('audit-log');
	await audit.getByTestId('audit-refresh').click();
	// Other specs share this hub's database: this moderator's entries are told apart by their link's label.
	const mine = audit.getByTestId('audit-entry').filter({ hasText: 'Hall B moderator' });
	const approve = mine.filter({ hasText: 'Approved 1 question' });
	await expect(approve).toContainText('Moderator');
	await expect(approve).toContainText('Hall B moderator');
	await expect(approve).toContainText('Working session 2');
	// Nothing the attendee wrote is in the log.
	await expect(audit).not.toContainText(text);
	await audit.getByTestId('audit-session').selectOption('ws-intelligence');
	await expect(mine).toHaveCount(0);
	await audit.getByTestId('audit-session').selectOption('ws-legal');
	await expect(approve).toBeVisible();

	await organiser.getByTestId('staff-refresh').click();
	const row = organiser.getByTestId('staff-credential').filter({ hasText: 'Hall B moderator' });
	await expect(row.getByTestId('staff-used')).toContainText('Link used');
	await expect(row.getByTestId('staff-signins')).toBeVisible();
	const signIn = row.getByTestId('staff-signin');
	await expect(signIn).toHaveCount(1);
	await expect(signIn).toContainText('last seen');
	await expect(organiser.getByTestId('staff-signin').filter({ hasText: 'this browser' })).toHaveCount(1);

	await signIn.getByTestId('end-signin').click();
	await signIn.getByTestId('end-signin-confirm').click();
	await expect(row.getByTestId('staff-signin')).toHaveCount(0);
	await expect(
		moderator.getByText('An organiser ended this sign-in. Ask an organiser for a new link.')
	).toBeVisible({
		timeout: 5000
	});
	await moderator.reload();
	await expect(moderator.getByTestId('mod-sign-in')).toBeVisible();
	await audit.getByTestId('audit-session').selectOption('');
	await expect(audit.getByTestId('audit-entry').first()).toContainText('Ended a staff sign-in');
});
