import type { APIResponse } from '@playwright/test';
import { expect, mintSignInPath, test } from './fixtures';

const noRedirect = { maxRedirects: 0 };
const cacheControl = (res: APIResponse) => res.headers()['cache-control'] ?? '';

test('every staff page and endpoint, signed in or not, tells caches not to keep it; attendee pages do not', async ({
	request
}) => {
	const staffUrls = ['/organiser', '/moderator', '/chair', '/screen', '/screen/hall-a', '/organiser/export'];

	// Signed out: sign-in prompts, redirects and refusals are staff pages too.
	for (const url of staffUrls) {
		const res = await request.get(url, noRedirect);
		expect(cacheControl(res), `${url} signed out (${res.status()})`).toContain('no-store');
	}
	const refusedImport = await request.post('/organiser/import?mode=merge', { data: '{}' });
	expect(refusedImport.status()).toBe(403);
	expect(cacheControl(refusedImport)).toContain('no-store');

	// Signed in with an organiser's link: its confirmation page, the sign-in itself, the consoles, both exports.
	const path = await mintSignInPath('organiser');
	const confirm = await request.get(path, noRedirect);
	expect(confirm.status()).toBe(200);
	expect(cacheControl(confirm)).toContain('no-store');
	const signIn = await request.post(path, {
		...noRedirect,
		headers: { origin: new URL(confirm.url()).origin, accept: 'text/html' },
		form: { token: new URL(path, confirm.url()).searchParams.get('token')! }
	});
	expect(signIn.status()).toBe(303);
	expect(cacheControl(signIn)).toContain('no-store');
	for (const url of [...staffUrls, '/organiser/export?format=csv']) {
		const res = await request.get(url, noRedirect);
		expect(res.status(), url).toBeLessThan(400);
		expect(cacheControl(res), `${url} signed in (${res.status()})`).toContain('no-store');
	}

	// The control: what attendees load is not marked, so the header comes from the staff routes alone.
	for (const url of ['/e/ISB26', '/join?code=ISB26']) {
		const res = await request.get(url, noRedirect);
		expect(res.status(), url).toBeLessThan(400);
		expect(cacheControl(res), url).not.toContain('no-store');
	}
});
