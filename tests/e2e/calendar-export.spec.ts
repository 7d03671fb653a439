import { randomBytes } from 'node:crypto';
import ICAL from 'ical.js';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, OutcomeReport, ServerToClient } from '../../src/lib/protocol';
import { deviceCookie, expect, mintSignInPath, test } from './fixtures';

const uids = (body: string) =>
	new ICAL.Component(ICAL.parse(body))
		.getAllSubcomponents('vevent')
		.map((v) => String(v.getFirstPropertyValue('uid')));

test('the programme, a hall and a starred-sessions feed are served as text/calendar at their addresses', async ({
	request,
	baseURL
}) => {
	const all = await request.get('/e/ISB26/agenda.ics');
	expect(all.status()).toBe(200);
	expect(all.headers()['content-type']).toBe('text/calendar; charset=utf-8');
	expect(uids(await all.text())).toContain('opening@isb26.dais');
	const etag = all.headers()['etag'];
	expect((await request.get('/e/ISB26/agenda.ics', { headers: { 'if-none-match': etag } })).status()).toBe(
		304
	);

	const hall = await request.get('/e/ISB26/rooms/hall-b.ics');
	expect(hall.status()).toBe(200);
	expect(uids(await hall.text())).toEqual(
		expect.arrayContaining(['ws-legal@isb26.dais', 'ws-root-causes@isb26.dais'])
	);
	expect((await request.get('/e/ISB26/rooms/no-such-hall.ics')).status()).toBe(404);

	// A phone (its own device cookie) stars two sessions and asks for its feed's address.
	const phone: Socket<ServerToClient, ClientToServer> = io(baseURL!, {
		transports: ['websocket'],
		extraHeaders: { cookie: await deviceCookie(baseURL!) }
	});
	try {
		await phone.emitWithAck('event:join', { code: 'ISB26', protocol: 1 });
		for (const sessionId of ['ws-victims', 'closing'])
			await phone.emitWithAck('star:set', {
				clientId: `star-${sessionId}-${randomBytes(4).toString('hex')}`,
				eventId: 'isb26',
				sessionId,
				starred: true
			});
		const link = await phone.emitWithAck('feed:link', {
			clientId: `feed-${randomBytes(6).toString('hex')}`,
			eventId: 'isb26'
		});
		if (!link.ok || !link.data.path) throw new Error('no feed address');
		const mine = await request.get(link.data.path);
		expect(mine.status()).toBe(200);
		expect(mine.headers()['cache-control']).toContain('private');
		expect(uids(await mine.text()).sort()).toEqual(['closing@isb26.dais', 'ws-victims@isb26.dais']);
		expect((await request.get('/e/ISB26/my/' + 'A'.repeat(32) + '.ics')).status()).toBe(404);
	} finally {
		phone.close();
	}
});

test('an organiser downloads the zip, the CSV files with a byte-order mark and the report data; nobody else does', async ({
	request
}) => {
	expect((await request.get('/organiser/export?format=zip')).status()).toBe(401);
	expect((await request.get('/organiser/report.json')).status()).toBe(401);
	const path = await mintSignInPath('organiser');
	const confirm = await request.get(path);
	const signIn = await request.post(path, {
		maxRedirects: 0,
		headers: { origin: new URL(confirm.url()).origin, accept: 'text/html' },
		form: { token: new URL(path, confirm.url()).searchParams.get('token')! }
	});
	expect(signIn.status()).toBe(303);

	const zip = await request.get('/organiser/export?format=zip');
	expect(zip.status()).toBe(200);
	expect(zip.headers()['content-type']).toBe('application/zip');
	expect(zip.headers()['content-disposition']).toMatch(/attachment; filename="isb26-.*\.zip"/);
	expect((await zip.body()).subarray(0, 2).toString('latin1')).toBe('PK');

	for (const file of ['questions', 'polls', 'audit', 'attendance']) {
		const csv = await request.get(`/organiser/export?format=csv&file=${file}`);
		expect(csv.status(), file).toBe(200);
		expect([...(await csv.body()).subarray(0, 3)], file).toEqual([0xef, 0xbb, 0xbf]);
	}
	const report = await request.get('/organiser/report.json');
	expect(report.status()).toBe(200);
	const data = (await report.json()) as OutcomeReport;
	expect(data.byObjective.map((s) => s.objective?.id)).toEqual(
		expect.arrayContaining(['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes'])
	);
	const attendance = await request.get('/organiser/attendance.json');
	expect(attendance.status()).toBe(200);
	expect(await attendance.json()).toMatchObject({ eventId: 'isb26', intervalSeconds: 60 });
});

test('the organiser’s console offers every export as a button, and each downloads its file', async ({
	staffPage
}) => {
	const organiser = await staffPage('organiser');
	const panel = organiser.locator('#export');
	const expected: Record<string, RegExp> = {
		'export-json': /^isb26-.*\.json$/,
		'export-csv': /^isb26-.*-questions\.csv$/,
		'export-csv-polls': /^isb26-.*-polls\.csv$/,
		'export-csv-attendance': /^isb26-.*-attendance\.csv$/,
		'export-csv-audit': /^isb26-.*-audit\.csv$/,
		'export-zip': /^isb26-.*\.zip$/
	};
	for (const [testid, name] of Object.entries(expected)) {
		const button = panel.getByTestId(testid);
		await button.scrollIntoViewIfNeeded();
		const [download] = await Promise.all([organiser.waitForEvent('download'), button.click()]);
		expect(download.suggestedFilename(), testid).toMatch(name);
		expect(await download.failure(), testid).toBeNull();
	}
});
