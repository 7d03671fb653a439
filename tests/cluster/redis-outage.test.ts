import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_ENDPOINT, PROTOCOL_VERSION } from '../../src/lib/protocol';
import { send, type DaisClient } from '../fixtures/hub';
import { ensurePackages, Services, type Hub, type Redis } from '../support/services';

/**
 * Redis restarts under a running hub (cluster mode): the hub must ride it out, not exit, and serve phones again once
 * Redis is back, with no restart of its own.
 */
const services = new Services();
let redis: Redis;
let hub: Hub;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
	ensurePackages();
	redis = await services.redis();
	hub = await services.hub('outage', { REDIS_URL: redis.url, DAIS_DB: join(services.dir, 'outage.db') });
}, 90_000);

afterAll(async () => {
	await services.stop();
});

/** A phone's first steps: a device id over HTTP, a websocket, and the event's join; the join's ack, or the error. */
async function joins(): Promise<string> {
	const res = await fetch(`${hub.url}${DEVICE_ENDPOINT}`, { method: 'POST' });
	const cookie = res.headers
		.getSetCookie()
		.find((c) => c.startsWith('dais_device='))
		?.split(';')[0];
	if (!cookie) return `no device cookie (${res.status})`;
	const socket: DaisClient = io(hub.url, {
		transports: ['websocket'],
		extraHeaders: { cookie },
		forceNew: true,
		reconnection: false,
		timeout: 3000
	});
	try {
		const ack = await send(socket, 'event:join', { code: 'ISB26', protocol: PROTOCOL_VERSION });
		return ack.ok ? 'joined' : `refused: ${ack.error}`;
	} catch (e) {
		return `failed: ${(e as Error).message}`;
	} finally {
		socket.close();
	}
}

describe('a hub when Redis restarts', () => {
	it('keeps running while Redis is down and serves phones again once it is back', async () => {
		expect(await joins()).toBe('joined');
		const port = Number(new URL(redis.url).port);
		let exited = false;
		void hub.proc.exited.then(() => (exited = true));

		await redis.proc.stop('SIGKILL');
		// The client notices at once and retries; a hub without an 'error' listener on it exits here.
		await sleep(2000);
		expect(exited, `the hub exited:\n${hub.proc.output().slice(-2000)}`).toBe(false);

		redis = await services.redis(port);
		const deadline = Date.now() + 20_000;
		let last = '';
		while (Date.now() < deadline && (last = await joins()) !== 'joined') await sleep(250);
		expect(last).toBe('joined');
		expect(exited).toBe(false);
		expect(hub.proc.output()).toMatch(/Redis connection lost; reconnecting/);
	}, 60_000);
});
