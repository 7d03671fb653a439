import { getTextDirection } from '../../src/lib/paraglide/runtime';
import { expect, test } from './fixtures';
import { contextIn, LOCALES } from './locales';

const DAY1_0800 = new Date('2026-12-08T03:00:00Z');

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer) {
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

for (const locale of LOCALES) {
	test(`[${locale}] an event's pages link a manifest that installs Dais on that event, with icons of the sizes it names`, async ({
		browser,
		contexts,
		baseURL
	}) => {
		const context = await contextIn(browser, baseURL!, locale, DAY1_0800);
		contexts.push(context);
		const page = await context.newPage();
		await page.goto('/e/ISB26/s/ws-legal');
		const href = await page.locator('link[rel=manifest]').getAttribute('href');
		expect(href).toBe('/e/ISB26/manifest.webmanifest');
		await expect(page.locator('link[rel=manifest]')).toHaveCount(1);

		const res = await page.request.get(href!);
		expect(res.headers()['content-type']).toBe('application/manifest+json');
		const manifest = (await res.json()) as {
			name: string;
			start_url: string;
			scope: string;
			display: string;
			theme_color: string;
			lang: string;
			dir: string;
			icons: { src: string; sizes: string; type: string; purpose: string }[];
		};
		expect(manifest).toMatchObject({
			name: 'International Conference on Countering the Smuggling of Migrants',
			start_url: '/e/ISB26',
			scope: '/e/ISB26',
			display: 'standalone',
			theme_color: '#0f3b5f',
			lang: locale,
			dir: getTextDirection(locale as Parameters<typeof getTextDirection>[0])
		});
		const png = manifest.icons.filter((i) => i.type === 'image/png');
		expect(png.map((i) => `${i.purpose} ${i.sizes}`).sort()).toEqual([
			'any 192x192',
			'any 512x512',
			'maskable 192x192',
			'maskable 512x512'
		]);
		for (const icon of png) {
			const file = await page.request.get(icon.src);
			expect(file.ok()).toBe(true);
			expect(pngSize(await file.body())).toBe(icon.sizes);
		}

		const touch = await page.locator('link[rel=apple-touch-icon]').getAttribute('href');
		expect(pngSize(await (await page.request.get(touch!)).body())).toBe('180x180');
	});
}

test('a code that names no event has no manifest', async ({ request }) => {
	expect((await request.get('/e/NOPE1/manifest.webmanifest')).status()).toBe(404);
});
