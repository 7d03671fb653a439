import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../fixtures/hub';

let hub: TestHub | null = null;
afterEach(async () => {
	await hub?.stop();
	hub = null;
});

/** A hub in rehearsal mode, whose clock this machine may move over HTTP. */
const rehearsal = () =>
	startHub({ env: { DAIS_CLOCK_START: '2026-12-08T09:00:00+05:00', DAIS_CLOCK_CONTROL: '1' } });

const post = (url: string, body: string, type = 'application/json') =>
	fetch(url, { method: 'POST', headers: { 'content-type': type }, body });

describe('a request Express cannot take', () => {
	it('is answered with its status and a short reason, never a page with the stack and the install’s paths', async () => {
		hub = await rehearsal();
		const broken = await post(`${hub.url}/rehearsal/clock`, '{"at": ');
		expect(broken.status).toBe(400);
		expect(broken.headers.get('content-type')).toMatch(/json/);
		const text = await broken.text();
		expect(JSON.parse(text)).toEqual({ ok: false, error: 'bad-request' });
		expect(text).not.toMatch(/node_modules|at .*\(|SyntaxError/);

		const huge = await post(`${hub.url}/rehearsal/clock`, JSON.stringify({ at: 'x'.repeat(5000) }));
		expect(huge.status).toBe(413);
		expect(await huge.json()).toEqual({ ok: false, error: 'bad-request' });

		// Nothing moved; a well-formed request still does.
		const moved = await post(
			`${hub.url}/rehearsal/clock`,
			JSON.stringify({ at: '2026-12-09T10:00:00+05:00' })
		);
		expect(moved.status).toBe(200);
		// The hub's clock runs on from where it was put, so the reply may be a millisecond or two later.
		const now = Date.parse((await moved.json()).now) - Date.parse('2026-12-09T05:00:00.000Z');
		expect(now).toBeGreaterThanOrEqual(0);
		expect(now).toBeLessThan(5_000);
	});
});
