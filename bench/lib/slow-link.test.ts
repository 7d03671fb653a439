import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { slowLink, type SlowLink } from './slow-link';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const close of closing.splice(0)) await close();
});

/** A server that echoes what it gets. */
async function echo(): Promise<number> {
	const server: Server = createServer((s) => s.pipe(s));
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	closing.push(() => new Promise<void>((r) => server.close(() => r())));
	return (server.address() as { port: number }).port;
}

/** Sends `bytes` through the link to the echo server; resolves with the ms until all came back. */
function roundTrip(link: SlowLink, bytes: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const t0 = performance.now();
		let got = 0;
		const s = connect(link.port, '127.0.0.1', () => s.write(Buffer.alloc(bytes, 7)));
		s.on('data', (d) => {
			got += d.length;
			if (got === bytes) {
				s.destroy();
				resolve(performance.now() - t0);
			}
		});
		s.on('error', reject);
	});
}

describe('the slow link the page bench puts between the browser and the hub', () => {
	it('delays every byte by its delay each way', async () => {
		const link = await slowLink({ targetPort: await echo(), delayMs: 100, kbps: 100_000 });
		closing.push(link.close);
		const ms = await roundTrip(link, 10);
		expect(ms).toBeGreaterThanOrEqual(195);
		expect(ms).toBeLessThan(400);
	});

	it('carries no more than its rate each way', async () => {
		// 20 KB at 400 kbit/s is 400 ms up and 400 ms down (the echo sends it back as it arrives).
		const link = await slowLink({ targetPort: await echo(), delayMs: 0, kbps: 400 });
		closing.push(link.close);
		const ms = await roundTrip(link, 20_000);
		expect(ms).toBeGreaterThanOrEqual(395);
		expect(ms).toBeLessThan(1200);
	});
});
