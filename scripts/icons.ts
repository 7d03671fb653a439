// Makes the web app's PNG icons from static/favicon.svg, drawn by the Chromium the browser tests use:
//   npm run icons
// static/icons/icon-{192,512}.png       the icon as it is (rounded corners, transparent outside them)
// static/icons/maskable-{192,512}.png   full-bleed square, the mark inside the maskable safe zone (Android shapes)
// static/apple-touch-icon.png (180)     full-bleed square without transparency (iOS rounds it itself)
// The PNGs are committed; run this again after changing the SVG.
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const svg = readFileSync('static/favicon.svg', 'utf8');
// The SVG is a background <rect> (the tile) followed by the mark; the square variants redraw the tile full-bleed.
const tile = /^(<svg[^>]*>)\s*<rect([^>]*)\/>([\s\S]*)<\/svg>\s*$/.exec(svg.trim());
if (!tile)
	throw new Error('static/favicon.svg no longer starts with its tile <rect>: update scripts/icons.ts');
const [, open, rectAttrs, mark] = tile;
const fill = /fill="([^"]+)"/.exec(rectAttrs)?.[1];
if (!fill) throw new Error('the tile <rect> of static/favicon.svg has no fill');

/** The mark on a full square; `scale` shrinks it about the centre (the maskable safe zone is the middle 80%). */
const square = (scale: number) =>
	`${open}<rect width="64" height="64" fill="${fill}"/>` +
	`<g transform="translate(32 32) scale(${scale}) translate(-32 -32)">${mark}</g></svg>`;

const outputs: { path: string; size: number; svg: string; transparent: boolean }[] = [
	{ path: 'static/icons/icon-192.png', size: 192, svg, transparent: true },
	{ path: 'static/icons/icon-512.png', size: 512, svg, transparent: true },
	{ path: 'static/icons/maskable-192.png', size: 192, svg: square(0.8), transparent: false },
	{ path: 'static/icons/maskable-512.png', size: 512, svg: square(0.8), transparent: false },
	{ path: 'static/apple-touch-icon.png', size: 180, svg: square(0.9), transparent: false }
];

mkdirSync('static/icons', { recursive: true });
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
try {
	for (const o of outputs) {
		const page = await browser.newPage({ viewport: { width: o.size, height: o.size }, deviceScaleFactor: 1 });
		const sized = o.svg.replace('<svg ', `<svg width="${o.size}" height="${o.size}" `);
		await page.setContent(`<body style="margin:0;background:transparent">${sized}</body>`);
		await page.locator('svg').screenshot({ path: o.path, omitBackground: o.transparent });
		await page.close();
		console.log(`${o.path} (${o.size}×${o.size})`);
	}
} finally {
	await browser.close();
}
