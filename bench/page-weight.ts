/**
 * The attendee page on a weak connection: the JavaScript it loads before anyone touches it (gzipped, file by file, as
 * served) and how long until it shows the programme and until it is live, in Chromium throttled to 400 kbit/s with
 * 400 ms round trips, and again behind a proxy that delays every byte the same way (WebSocket frames too, which
 * Chromium's emulation does not delay); then the same page's JavaScript for a phone in Urdu (English plus the Urdu
 * messages). Then the fonts a phone downloads for the agenda and a session page in English and in Urdu: English must
 * download no Arabic-script font (the run fails if it does); Urdu downloads Nastaliq.
 *   npm run bench:page [-- --runs 3]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { parseFlags } from './lib/args';
import { slowLink } from './lib/slow-link';

const flags = parseFlags();
const runs = Math.max(1, flags.num('runs', 3));
flags.done('npm run bench:page -- [--runs 3]');
const ROOT = new URL('..', import.meta.url).pathname;

const freePort = () =>
	new Promise<number>((resolve) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
	});

const build = spawn(process.execPath, ['scripts/ensure-build.mjs', '--fresh'], {
	cwd: ROOT,
	stdio: 'inherit'
});
await new Promise((r) => build.on('close', r));

const dir = mkdtempSync(join(tmpdir(), 'dais-page-'));
const port = await freePort();
const hub = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
	cwd: ROOT,
	env: {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		DAIS_DB: join(dir, 'd.db'),
		LOG_LEVEL: 'warn'
	},
	stdio: ['ignore', 'ignore', 'inherit']
});
try {
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 100; i++) {
		if (
			await fetch(`${base}/healthz`).then(
				(r) => r.ok,
				() => false
			)
		)
			break;
		await new Promise((r) => setTimeout(r, 100));
	}
	const link = await slowLink({ targetPort: port, delayMs: 200, kbps: 400 });
	const linkBase = `http://127.0.0.1:${link.port}`;
	const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
	/** Bytes of a file as the hub serves it, gzipped: read again from the hub, not from a response the page let go. */
	const gzipped = async (url: string) => gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
	const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
	/**
	 * Every script the page fetches before anyone touches it: modulepreloads, the entry, the chunks and language
	 * packs it imports on its own, until the network has been quiet for half a second with the page live.
	 */
	async function initialScripts(locale: string, throttle: 'chromium' | 'link' | null) {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale });
		const page = await context.newPage();
		const scripts = new Set<string>();
		page.on('request', (r) => {
			if (r.resourceType() === 'script' || new URL(r.url()).pathname.endsWith('.js')) scripts.add(r.url());
		});
		if (throttle === 'chromium') {
			const cdp = await context.newCDPSession(page);
			await cdp.send('Network.enable');
			await cdp.send('Network.emulateNetworkConditions', {
				offline: false,
				latency: 400,
				downloadThroughput: 400_000 / 8,
				uploadThroughput: 400_000 / 8
			});
		}
		// When the connection badge turns live, on the page's own clock (from the start of the navigation): Playwright's
		// own wait polls, and was seen to report it up to ~200 ms late.
		await page.addInitScript(() => {
			const w = window as unknown as { __liveAt?: number };
			new MutationObserver(() => {
				if (w.__liveAt === undefined && document.querySelector('[data-testid=connection][data-status=live]'))
					w.__liveAt = performance.now();
			}).observe(document, {
				subtree: true,
				childList: true,
				attributes: true,
				attributeFilter: ['data-status']
			});
		});
		const t0 = performance.now();
		await page.goto(`${throttle === 'link' ? linkBase : base}/e/ISB26`, { waitUntil: 'commit' });
		await page.getByTestId('session').first().waitFor();
		const contentMs = performance.now() - t0;
		await page.locator('[data-testid=connection][data-status=live]').waitFor({ timeout: 30_000 });
		const liveMs = await page.evaluate(() => (window as unknown as { __liveAt: number }).__liveAt);
		await page.waitForLoadState('networkidle');
		await context.close();
		const sizes = await Promise.all([...scripts].map(gzipped));
		return { jsGzip: sum(sizes), scripts: scripts.size, contentMs, liveMs };
	}
	type Load = { jsGzip: number; scripts: number; contentMs: number; liveMs: number };
	const results: Load[] = [];
	for (let run = 0; run < runs; run++) results.push(await initialScripts('en-GB', 'chromium'));
	// The same page behind a proxy that delays every byte, WebSocket frames included (Chromium's emulation delays
	// only HTTP responses): 400 kbit/s each way and 200 ms each way, as one phone's venue Wi-Fi.
	const linked: Load[] = [];
	for (let run = 0; run < runs; run++) linked.push(await initialScripts('en-GB', 'link'));
	const urduJs = await initialScripts('ur', null);
	/**
	 * A session's page opened from a link, behind the slow-link proxy: when its poll and Q&A panels hold the hub's
	 * answers (no "loading" left, the question counts shown), on the page's own clock.
	 */
	async function sessionPanels() {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB' });
		const page = await context.newPage();
		await page.addInitScript(() => {
			const w = window as unknown as { __panelsAt?: number };
			new MutationObserver(() => {
				if (
					w.__panelsAt === undefined &&
					document.querySelector('[data-testid=qa-counts]') &&
					document.querySelector('[data-testid=polls]') &&
					!document.querySelector('[data-testid=polls-pending], [data-testid=polls-saved]')
				)
					w.__panelsAt = performance.now();
			}).observe(document, { subtree: true, childList: true, attributes: true });
		});
		await page.goto(`${linkBase}/e/ISB26/s/ws-intelligence`, { waitUntil: 'commit' });
		await page.waitForFunction(
			() => (window as unknown as { __panelsAt?: number }).__panelsAt !== undefined,
			null,
			{
				timeout: 30_000
			}
		);
		const panelsMs = await page.evaluate(() => (window as unknown as { __panelsAt: number }).__panelsAt);
		await context.close();
		return panelsMs;
	}
	const panels: number[] = [];
	for (let run = 0; run < runs; run++) panels.push(await sessionPanels());
	/**
	 * Fonts a phone in `locale` downloads for the agenda, then a session page, as it would open them: the pages' own
	 * requests and the service worker's (which keeps the app for offline use).
	 */
	async function fontsFor(locale: string) {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale });
		const page = await context.newPage();
		const fonts = new Set<string>();
		context.on('request', (r) => {
			if (r.resourceType() === 'font' || new URL(r.url()).pathname.endsWith('.woff2')) fonts.add(r.url());
		});
		for (const path of ['/e/ISB26', '/e/ISB26/s/ws-intelligence']) {
			await page.goto(`${base}${path}`);
			await page.locator('[data-testid=connection][data-status=live]').waitFor({ timeout: 30_000 });
			await page.evaluate(() => document.fonts.ready.then(() => undefined));
			await page.waitForLoadState('networkidle');
		}
		// the service worker's first install (it keeps the app's files) ends before the count does
		await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
		await context.close();
		const urls = [...new Set([...fonts].map((u) => u.split('?')[0]))];
		const sizes = await Promise.all(urls.map(async (u) => (await (await fetch(u)).arrayBuffer()).byteLength));
		return {
			bytes: sum(sizes),
			files: urls.map((u) =>
				u
					.split('/')
					.pop()!
					.replace(/\.[\w-]+\.woff2$/, '.woff2')
			)
		};
	}
	const englishFonts = await fontsFor('en-GB');
	const urduFonts = await fontsFor('ur');
	await browser.close();
	await link.close();
	const arabicScript = (files: string[]) => files.filter((f) => /naskh|nastaliq/.test(f));
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	const range = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
	const summary = {
		date: new Date().toISOString(),
		profile: '400 kbit/s, 400 ms RTT, 360x740',
		runs,
		initialJsGzipKB: Math.round(median(results.map((r) => r.jsGzip)) / 102.4) / 10,
		initialJsGzipKBUrdu: Math.round(urduJs.jsGzip / 102.4) / 10,
		scripts: median(results.map((r) => r.scripts)),
		programmeVisibleMs: Math.round(median(results.map((r) => r.contentMs))),
		liveMs: Math.round(median(results.map((r) => r.liveMs))),
		liveMsRange: range(results.map((r) => r.liveMs)),
		slowLinkProgrammeVisibleMs: Math.round(median(linked.map((r) => r.contentMs))),
		slowLinkLiveMs: Math.round(median(linked.map((r) => r.liveMs))),
		slowLinkLiveMsRange: range(linked.map((r) => r.liveMs)),
		slowLinkSessionPanelsMs: Math.round(median(panels)),
		slowLinkSessionPanelsMsRange: range(panels),
		fontKBEnglish: Math.round(englishFonts.bytes / 102.4) / 10,
		fontKBUrdu: Math.round(urduFonts.bytes / 102.4) / 10,
		fontsUrdu: urduFonts.files.join(' ') || 'none'
	};
	console.table(summary);
	if (arabicScript(englishFonts.files).length) {
		console.error(
			`An English phone downloaded Arabic-script fonts: ${arabicScript(englishFonts.files).join(', ')}`
		);
		process.exitCode = 1;
	}
	mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
	writeFileSync(
		join(ROOT, `bench/results/page-weight-${Date.now()}.json`),
		JSON.stringify(
			{ summary, results, linked, panels, urduJs, fonts: { en: englishFonts, ur: urduFonts } },
			null,
			2
		)
	);
} finally {
	hub.kill('SIGTERM');
	rmSync(dir, { recursive: true, force: true });
}
