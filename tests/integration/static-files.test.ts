import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * What SvelteKit's handler does for a built file (sirv): it listed the files when the hub started, and streams one
 * from disk with no error listener of its own. Here the file is gone, as when a new build replaced the old one's
 * hashed files while this hub still runs (or the process is out of file descriptors).
 */
const builtFileGone: RequestHandler = (req, res, next) => {
	if (!req.path.startsWith('/_app/immutable/')) return next();
	res.writeHead(200, { 'content-type': 'text/javascript', 'content-encoding': 'br' });
	createReadStream(join(tmpdir(), 'dais-no-such-build', 'start.Bg4yUtTe.js.br')).pipe(res);
};

/** A GET: its status, 'failed' when the connection ended without a whole answer, 'hung' when it never did. */
function get(port: number, path: string) {
	return new Promise<number | 'failed' | 'hung'>((resolve) => {
		const req = request({ host: '127.0.0.1', port, path }, (res) => {
			res.on('data', () => {});
			res.on('end', () => resolve(res.statusCode!));
			res.on('error', () => resolve('failed'));
			res.on('aborted', () => resolve('failed'));
		});
		req.on('error', () => resolve('failed'));
		req.setTimeout(2000, () => {
			resolve('hung');
			req.destroy();
		});
		req.end();
	});
}

describe('a built file that cannot be read', () => {
	it('fails that one request and leaves the hub running (it used to throw out of the process)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'dais-static-'));
		dirs.push(dir);
		const hub = await createHub({
			config: loadConfig({ DAIS_DB: join(dir, 'dais.db'), LOG_LEVEL: 'silent' }),
			app: builtFileGone
		});
		const port = await hub.listen(0, '127.0.0.1');
		stops.push(async () => {
			hub.http.closeAllConnections();
			await new Promise<void>((resolve) => hub.http.close(() => resolve()));
		});
		const uncaught: unknown[] = [];
		const onUncaught = (err: unknown) => uncaught.push(err);
		// Vitest reports an uncaught exception as a failure of its own; this one is counted here instead.
		const listeners = process.listeners('uncaughtException');
		process.removeAllListeners('uncaughtException');
		process.on('uncaughtException', onUncaught);
		try {
			expect(await get(port, '/_app/immutable/entry/start.Bg4yUtTe.js')).toBe('failed');
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(await get(port, '/healthz')).toBe(200);
		} finally {
			process.off('uncaughtException', onUncaught);
			for (const l of listeners) process.on('uncaughtException', l);
		}
		expect(uncaught).toEqual([]);
	});
});
