import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_ENDPOINT } from '../../src/lib/protocol';
import { daisDevHub } from './vite-plugin';

/** A Vite dev server with the hub's plugin, as `npm run dev` starts it (without SvelteKit: no page is asked for). */
describe('npm run dev: the hub attached to Vite’s dev server', () => {
	let dir: string;
	let vite: ViteDevServer;
	let url: string;

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'dais-dev-'));
		vite = await createServer({
			configFile: false,
			root: process.cwd(),
			logLevel: 'silent',
			plugins: [
				daisDevHub({
					env: { DAIS_DB: join(dir, 'dais.db'), DAIS_SEED: 'none', LOG_LEVEL: 'silent' }
				})
			],
			server: { host: '127.0.0.1', port: 0, hmr: false, watch: null }
		});
		await vite.listen();
		url = `http://127.0.0.1:${(vite.httpServer!.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await vite?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('serves /metrics to this machine, as the hub does', async () => {
		const res = await fetch(`${url}/metrics`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/plain');
		const text = await res.text();
		expect(text).toContain('dais_connected_sockets');
		expect(text).toContain('dais_fanout_queued');
	});

	it('refuses /metrics to a request a proxy forwarded, without a host’s sign-in', async () => {
		const res = await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
		expect(res.status).toBe(403);
	});

	it('still issues a device id at the device endpoint', async () => {
		const res = await fetch(`${url}${DEVICE_ENDPOINT}`, { method: 'POST', headers: { origin: url } });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ ok: true, issued: true });
		expect(res.headers.get('set-cookie')).toMatch(/^dais_device=/);
	});
});
