import { readFileSync } from 'node:fs';
import { expect, test, waitLive } from './fixtures';

const SAMPLE = readFileSync(new URL('../../server/event/sample-event.json', import.meta.url), 'utf8');

test('the organiser imports a broken programme file: the console names the bad line and nothing changes', async ({
	staffPage
}) => {
	const organiser = await staffPage('organiser');
	await waitLive(organiser);
	const before = await organiser.evaluate(() => fetch('/e/ISB26').then((r) => r.text()));

	// Break one session's end time (it now ends before it starts) and note the line it is on.
	const lines = SAMPLE.split('\n');
	const at = lines.findIndex((l) => l.includes('"endsAt": "2026-12-08T10:15:00+05:00"'));
	lines[at] = lines[at].replace('10:15:00', '09:00:00');
	await organiser.getByTestId('import-file').setInputFiles({
		name: 'programme.json',
		mimeType: 'application/json',
		buffer: Buffer.from(lines.join('\n'))
	});
	await organiser.getByTestId('import-submit').click();
	const result = organiser.getByTestId('import-result');
	await expect(result).toContainText(`line ${at + 1}`);
	await expect(result).toContainText('must be after startsAt');

	// The refusal changed nothing: the programme phones see is the same page as before.
	const after = await organiser.evaluate(() => fetch('/e/ISB26').then((r) => r.text()));
	expect(after.match(/Opening address[\s\S]{0,400}/)?.[0]).toBe(
		before.match(/Opening address[\s\S]{0,400}/)?.[0]
	);
	const res = await organiser.evaluate(() =>
		fetch('/organiser/import?mode=replace', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"schema": '
		}).then(async (r) => ({ status: r.status, body: await r.json() }))
	);
	expect(res.status).toBe(400);
	expect(res.body).toMatchObject({
		ok: false,
		error: 'invalid-payload',
		problems: [expect.objectContaining({ line: 1 })]
	});
});
