import { join } from 'node:path';
import { openDatabase } from '../../server/db/connection';
import { createSqliteSql } from '../../server/db/sqlite';
import { createServices } from '../../server/services';
import { docShot, expect, PHONE, signInOnPage, test } from './fixtures';

/** Mints a host's link in the hub's database, the way `npm run staff -- --role host` does. */
async function hostSignInPath(): Promise<string> {
	const db = openDatabase(join(process.env.E2E_DATA_DIR!, 'e2e.db'));
	try {
		const services = await createServices(createSqliteSql(db), { seedSample: false, sampleDates: 'fixed' });
		return (await services.access.mintHost('e2e host')).signInPath;
	} finally {
		db.close();
	}
}

/** A small programme for the Brussels follow-up: its two halls, three sessions on its first day. */
const BRUSSELS_PROGRAMME = {
	schema: 'dais.event/1',
	event: {
		id: 'bru26',
		code: 'BRU26',
		title: 'Brussels follow-up',
		city: 'Brussels',
		timezone: 'Europe/Brussels',
		startsOn: '2026-12-14',
		endsOn: '2026-12-15'
	},
	rooms: [
		{ id: 'salle-europa', name: 'Salle Europa' },
		{ id: 'salle-atomium', name: 'Salle Atomium' }
	],
	sessions: [
		{
			id: 'bru-opening',
			title: 'Taking stock since Islamabad',
			kind: 'plenary',
			roomId: 'salle-europa',
			startsAt: '2026-12-14T09:00:00+01:00',
			endsAt: '2026-12-14T10:00:00+01:00'
		},
		{
			id: 'bru-routes',
			title: 'Routes through the Balkans',
			roomId: 'salle-atomium',
			startsAt: '2026-12-14T10:30:00+01:00',
			endsAt: '2026-12-14T12:00:00+01:00'
		},
		{
			id: 'bru-task-force',
			title: 'The regional task force, one year on',
			roomId: 'salle-europa',
			startsAt: '2026-12-14T14:00:00+01:00',
			endsAt: '2026-12-14T15:30:00+01:00'
		}
	]
};

test.describe('a host running a second event', () => {
	test('creates “Brussels follow-up” with two halls, imports its programme and mints its organiser link; that organiser sees only Brussels; the start page lists both', async ({
		browser,
		contexts
	}) => {
		const hostContext = await browser.newContext({
			viewport: { width: 1280, height: 900 },
			timezoneId: 'Europe/Brussels'
		});
		contexts.push(hostContext);
		const host = await hostContext.newPage();
		await signInOnPage(host, await hostSignInPath());
		await expect(host).toHaveURL(/\/host$/);
		await expect(host.getByTestId('host-event').filter({ hasText: 'ISB26' })).toBeVisible();

		// A bad first try: the problems are named by field, and nothing is created.
		await host.getByTestId('create-title').fill('Brussels follow-up');
		await host.getByTestId('create-code').fill('ISB26');
		await host.getByTestId('create-timezone').fill('Mars/Olympus');
		await host.getByTestId('create-halls').fill('Salle Europa\nSalle Atomium');
		await host.getByTestId('create-submit').click();
		const problems = host.getByTestId('create-problems');
		await expect(problems).toContainText('Time zone:');
		// The code clash is said with the rest at once, naming the event that has the code (the hub checks the
		// fields before the code, so the console adds it from its list of events).
		await expect(problems.getByRole('listitem').filter({ hasText: 'Event code:' })).toHaveText(
			'Event code: \u2068ISB26\u2069 is already the code of “\u2068International Conference on Countering the Smuggling of Migrants\u2069”: choose another code.'
		);
		await expect(host.getByTestId('host-event')).toHaveCount(1);

		await host.getByTestId('create-timezone').fill('Europe/Brussels');
		await host.getByTestId('create-city').fill('Brussels');
		await host.getByTestId('create-starts').fill('2026-12-14');
		await host.getByTestId('create-ends').fill('2026-12-15');
		await host.getByTestId('create-submit').click();
		// The code is taken by Islamabad: refused by the hub too, beside its field, and said alone now.
		await expect(problems.getByRole('listitem')).toHaveText([
			'Event code: \u2068ISB26\u2069 is already the code of “\u2068International Conference on Countering the Smuggling of Migrants\u2069”: choose another code.'
		]);
		await host.getByTestId('create-code').fill('BRU26');
		await host.getByTestId('create-submit').click();
		await expect(host.getByTestId('host-created')).toContainText('BRU26');

		const brussels = host.getByTestId('host-event').filter({ hasText: 'BRU26' });
		await expect(brussels.getByTestId('host-halls')).toHaveText('2');
		await expect(brussels.getByTestId('host-event-state')).toHaveText('Upcoming');
		await expect(brussels.getByTestId('host-sessions')).toHaveText('0');

		await brussels.getByTestId('host-import-file').setInputFiles({
			name: 'brussels.json',
			mimeType: 'application/json',
			buffer: Buffer.from(JSON.stringify(BRUSSELS_PROGRAMME, null, 2))
		});
		await brussels.getByTestId('host-import-submit').click();
		await expect(brussels.getByTestId('host-import-done')).toContainText('Sessions: 3');
		await expect(brussels.getByTestId('host-sessions')).toHaveText('3');

		await brussels.getByTestId('host-mint').click();
		const link = await brussels.getByTestId('minted-link').inputValue();
		expect(link).toMatch(/\/signin\?token=/);
		await docShot(host, 'host-console');

		// The organiser of Brussels signs in with that link and sees Brussels only.
		const orgContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
		contexts.push(orgContext);
		const organiser = await orgContext.newPage();
		await signInOnPage(organiser, new URL(link).pathname + new URL(link).search);
		await expect(organiser).toHaveURL(/\/organiser$/);
		await expect(organiser.getByText('Brussels follow-up').first()).toBeVisible();
		await expect(organiser.getByText('Taking stock since Islamabad').first()).toBeVisible();
		await expect(
			organiser.getByText('International Conference on Countering the Smuggling of Migrants')
		).toHaveCount(0);
		// The link signed in once: opening it again is refused.
		const again = await browser.newContext();
		contexts.push(again);
		const reuse = await again.newPage();
		await reuse.goto(new URL(link).pathname + new URL(link).search);
		await expect(reuse.getByTestId('signin-refused')).toBeVisible();

		// The start page lists both events, Islamabad on now and Brussels to come, each with its code.
		const phoneContext = await browser.newContext({ ...PHONE, timezoneId: 'Asia/Karachi' });
		contexts.push(phoneContext);
		const phone = await phoneContext.newPage();
		await phone.goto('/');
		await expect(phone).toHaveURL(/\/$/);
		await expect(phone.getByTestId('home-live')).toContainText('ISB26');
		await expect(phone.getByTestId('home-upcoming')).toContainText('Brussels follow-up');
		await expect(phone.getByTestId('home-upcoming')).toContainText('BRU26');
		await docShot(phone, 'start-page-two-events');

		// A phone on Brussels' programme, live, as the organiser's console is.
		const bruPhone = await phoneContext.newPage();
		await bruPhone.goto('/e/BRU26');
		await expect(bruPhone.getByTestId('connection')).toHaveAttribute('data-status', 'live');
		await expect(organiser.getByTestId('connection')).toHaveAttribute('data-status', 'live');

		// With a phone on it, archiving asks first, saying what it does and who is connected.
		await expect(brussels.getByTestId('host-connected')).toHaveText('1', { timeout: 10_000 });
		await brussels.getByTestId('host-archive').click();
		await expect(brussels.getByTestId('host-archive-confirm')).toContainText('Attendees connected now: 1.');
		await brussels.getByTestId('host-archive-yes').click();
		await expect(brussels.getByTestId('host-event-state')).toContainText('Archived');
		// The pages open on Brussels are told, and a session's page asks nothing more (it said nothing before).
		await expect(bruPhone.getByTestId('event-archived')).toContainText(
			'This event is archived: its programme, questions and poll results stay here to read'
		);
		await expect(organiser.getByTestId('event-archived')).toHaveText(
			'This event is archived and read-only: nothing can be changed.'
		);
		await bruPhone.goto('/e/BRU26/s/bru-routes');
		await expect(bruPhone.getByTestId('event-archived')).toBeVisible();
		await expect(bruPhone.getByTestId('qa-archived')).toHaveText(
			'This event is archived; questions are closed.'
		);
		await expect(bruPhone.getByTestId('ask-text')).toHaveCount(0);
		await bruPhone.screenshot({ path: 'test-results/screenshots/archived-session-phone.png' });

		// Leave the hub as found for later specs: Brussels is deleted, only with its code typed again.
		await brussels.getByTestId('host-delete').click();
		await brussels.getByTestId('host-delete-code').fill('BRU2');
		await expect(brussels.getByRole('button', { name: 'Delete for good' })).toBeDisabled();
		await brussels.getByTestId('host-delete-code').fill('bru26');
		await brussels.getByRole('button', { name: 'Delete for good' }).click();
		await expect(host.getByTestId('host-event')).toHaveCount(1);
		// Every page still open on Brussels is told at once, and sends nothing more.
		await expect(bruPhone.getByRole('alert')).toContainText('The host has deleted this event.');
		await expect(bruPhone.getByTestId('connection')).toHaveText('Event deleted');
		await expect(organiser.getByRole('alert')).toContainText(
			'The host has deleted this event, and its staff links with it.'
		);
		await expect(organiser.getByTestId('connection')).toHaveText('Event deleted');
		await phone.goto('/');
		await expect(phone).toHaveURL(/\/e\/ISB26/);
	});
});

test('a host who presses “Create event” on an empty form, then in Arabic with a taken code, is told each field to fix in their language, once, and can go on', async ({
	browser,
	contexts,
	baseURL
}) => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
	contexts.push(context);
	const host = await context.newPage();
	const crashes: string[] = [];
	host.on('pageerror', (e) => crashes.push(e.message));
	await signInOnPage(host, await hostSignInPath());
	await expect(host.getByTestId('host-event')).toHaveCount(1);

	// Empty: the title, the code, the time zone and the halls are named, each once, in words a person can act on.
	await host.getByTestId('create-submit').click();
	const problems = host.getByTestId('create-problems');
	await expect(problems).toContainText('The event was not created; nothing changed.');
	await expect(problems.getByRole('listitem')).toHaveText([
		'Title: give the event a title.',
		'Event code: use 3 to 16 letters, digits or -.',
		'Time zone: not a time zone we know: type a city, e.g. Brussels, a country with one time zone, e.g. Belgium, or a zone, e.g. Europe/Brussels.',
		'Halls, one per line: name at least one hall, each once, in up to 120 characters.'
	]);
	await expect(host.getByTestId('create-title')).toHaveAttribute('aria-invalid', 'true');
	// The form is still alive: the button is back and nothing was created.
	await expect(host.getByTestId('create-submit')).toBeEnabled();
	await expect(host.getByTestId('host-event')).toHaveCount(1);
	expect(crashes).toEqual([]);

	// In Arabic, with an Arabic title and the sample's code: the taken code is said in Arabic, and nothing is made.
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'ar', url: baseURL! }]);
	await host.reload();
	await host.getByTestId('create-title').fill('مؤتمر المتابعة في بروكسل');
	await host.getByTestId('create-code').fill('ISB26');
	// The zone by its country, in the page's language.
	await host.getByTestId('create-timezone').fill('بلجيكا');
	await host.getByTestId('create-halls').fill('القاعة الكبرى');
	await host.getByTestId('create-submit').click();
	await expect(problems).toContainText('لم تُنشأ الفعالية، ولم يتغير شيء.');
	await expect(problems.getByRole('listitem')).toHaveText([
		'رمز الفعالية: \u2068ISB26\u2069 هو بالفعل رمز «\u2068International Conference on Countering the Smuggling of Migrants\u2069»: اختر رمزًا آخر.'
	]);
	await expect(host.getByTestId('create-title')).toHaveValue('مؤتمر المتابعة في بروكسل');
	await expect(host.getByTestId('host-event')).toHaveCount(1);
	expect(crashes).toEqual([]);

	// On a phone the console keeps to the screen's width (an event's card went 24 px past it, its buttons cut).
	await host.setViewportSize({ width: 390, height: 844 });
	for (const locale of ['ar', 'en']) {
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
		await host.reload();
		await expect(host.getByTestId('host-event')).toHaveCount(1);
		const widths = await host.evaluate(() => [
			document.documentElement.scrollWidth,
			document.documentElement.clientWidth
		]);
		expect(widths[0], `${locale}: page width against the screen's`).toBeLessThanOrEqual(widths[1]);
	}
});

test('on a 1366 px laptop the create form’s boxes line up in every language, however their labels wrap', async ({
	browser,
	contexts,
	baseURL
}) => {
	const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	contexts.push(context);
	const host = await context.newPage();
	await signInOnPage(host, await hostSignInPath());
	for (const locale of ['en', 'fr', 'ar', 'ur']) {
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL! }]);
		await host.reload();
		await host
			.locator('form', { has: host.getByTestId('create-submit') })
			.screenshot({ path: `test-results/host-create-1366-${locale}.png` });
		// Fields side by side start their boxes at one height, whatever their labels' lines.
		const tops = async (ids: string[]) => {
			const out: { id: string; top: number; left: number; height: number }[] = [];
			for (const id of ids) {
				const box = (await host.getByTestId(id).boundingBox())!;
				out.push({ id, top: Math.round(box.y), left: Math.round(box.x), height: Math.round(box.height) });
			}
			return out;
		};
		const fields = await tops([
			'create-code',
			'create-timezone',
			'create-city',
			'create-starts',
			'create-ends',
			'create-halls',
			'create-objectives'
		]);
		const halls = fields.find((f) => f.id === 'create-halls')!;
		const objectives = fields.find((f) => f.id === 'create-objectives')!;
		expect(objectives.left, `${locale}: halls and objectives side by side`).not.toBe(halls.left);
		expect(objectives.top, `${locale}: objectives' box against the halls'`).toBe(halls.top);
		// A one-line box keeps one line's height beside a list's taller box.
		const lineHeight = fields.find((f) => f.id === 'create-code')!.height;
		for (const f of fields.filter((f) => f.id !== 'create-halls' && f.id !== 'create-objectives'))
			expect(Math.abs(f.height - lineHeight), `${locale}: ${f.id}'s height`).toBeLessThanOrEqual(4);
		const rows = new Map<number, number[]>();
		for (const f of fields) {
			const row = [...rows.keys()].find((t) => Math.abs(t - f.top) < 40) ?? f.top;
			rows.set(row, [...(rows.get(row) ?? []), f.top]);
		}
		// Boxes within a label's height of each other share a row, and start at one height in it.
		for (const [row, ts] of rows)
			expect(new Set(ts).size, `${locale}: the boxes of the row at ${row} px`).toBe(1);
	}
});
