import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { createHub } from '../../server/hub';

const dirs: string[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const stop of stops.splice(0)) await stop();
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// What SvelteKit renders for a page: HTML, like an agenda page (which is ~35 KB before compression).
const PAGE = `<!doctype html><html><body>${'<article dir="auto">Working session 1: Enhancing intelligence sharing</article>'.repeat(400)}</body></html>`;
const page: RequestHandler = (req, res, next) => {
	if (req.path === '/e/ISB26') res.type('html').send(PAGE);
	else if (req.path === '/_app/immutable/chunks/app.js') {
		// A built file, compressed at build time: served with its own encoding.
		res.set({ 'content-type': 'text/javascript', 'content-encoding': 'br' }).send(Buffer.from([1, 2, 3, 4]));
	} else next();
};

/** A raw GET (fetch would decode the body and hide the encoding). */
function get(port: number, path: string, acceptEncoding?: string) {
	return new Promise<{ status: number; encoding?: string; body: Buffer }>((resolve, reject) => {
		const req = request(
			{ host: '127.0.0.1', port, path, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode!,
						encoding: res.headers['content-encoding'],
						body: Buffer.concat(chunks)
					})
				);
			}
		);
		req.on('error', reject);
		req.end();
	});
}

async function hubServing(app: RequestHandler) {
	const dir = mkdtempSync(join(tmpdir(), 'dais-compress-'));
	dirs.push(dir);
	const hub = await createHub({
		config: loadConfig({ DAIS_DB: join(dir, 'dais.db'), LOG_LEVEL: 'silent' }),
		app
	});
	const port = await hub.listen(0, '127.0.0.1');
	stops.push(async () => {
		hub.io.disconnectSockets(true);
		hub.http.closeAllConnections();
		await new Promise<void>((resolve) => hub.http.close(() => resolve()));
	});
	return port;
}

describe('pages the hub renders go out compressed (venue Wi-Fi pays for every byte)', () => {
	it('answers a browser that accepts brotli or gzip with the page compressed, and any other client with it as is', async () => {
		const port = await hubServing(page);
		const br = await get(port, '/e/ISB26', 'gzip, deflate, br');
		expect(br.status).toBe(200);
		expect(br.encoding).toBe('br');
		expect(br.body.length).toBeLessThan(PAGE.length / 5);
		expect(brotliDecompressSync(br.body).toString()).toBe(PAGE);

		const gzip = await get(port, '/e/ISB26', 'gzip');
		expect(gzip.encoding).toBe('gzip');
		expect(gunzipSync(gzip.body).toString()).toBe(PAGE);

		const plain = await get(port, '/e/ISB26');
		expect(plain.encoding).toBeUndefined();
		expect(plain.body.toString()).toBe(PAGE);
	});

	it('leaves a file compressed at build time as it is, and the hub’s own answers readable', async () => {
		const port = await hubServing(page);
		const built = await get(port, '/_app/immutable/chunks/app.js', 'gzip, br');
		expect(built.encoding).toBe('br');
		expect([...built.body]).toEqual([1, 2, 3, 4]);

		const health = await get(port, '/healthz', 'gzip, br');
		expect(health.status).toBe(200);
		expect(JSON.parse(health.body.toString())).toEqual({ ok: true });
	});
});
