import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { createSqliteSql } from '../../server/db/sqlite';
import { createServices, type Services as DaisServices } from '../../server/services';
import { ensurePackages, Services } from '../support/services';

/**
 * Device-id issuance in cluster mode: three hubs' services on one database and one Redis (started as the cluster
 * tier starts it) together issue one source address no more ids than one hub's burst.
 */
const services = new Services();
const clients: ReturnType<typeof createClient>[] = [];
let hubs: DaisServices[];
let redisUrl: string;

beforeAll(async () => {
	ensurePackages();
	redisUrl = (await services.redis()).url;
	const sql = createSqliteSql(openDatabase(':memory:'));
	hubs = [];
	for (let n = 0; n < 3; n++) {
		// Each hub has its own Redis connection, as each hub process does.
		const redis = createClient({ url: redisUrl });
		await redis.connect();
		clients.push(redis);
		hubs.push(
			await createServices(
				sql,
				{ seedSample: false, sampleDates: 'fixed', deviceIssuance: { burst: 5, perMinute: 1 } },
				undefined,
				{ redis }
			)
		);
	}
}, 60_000);

afterAll(async () => {
	for (const c of clients) await c.close();
	await services.stop();
});

describe('device ids over three hubs sharing one Redis', () => {
	it('issue one source address no more than one hub’s burst between them, and keep other addresses apart', async () => {
		const asked = Array.from({ length: 15 }, (_, i) => hubs[i % 3].devices.issue('203.0.113.7'));
		const issued = (await Promise.all(asked)).filter((r) => r.ok);
		expect(issued).toHaveLength(5);
		const refused = await hubs[2].devices.issue('203.0.113.7');
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
		// Another address (and an IPv6 /64 as one address) has a share of its own.
		expect((await hubs[1].devices.issue('203.0.113.8')).ok).toBe(true);
		expect((await hubs[0].devices.issue('2001:db8:1:2::10')).ok).toBe(true);
	});

	it('keep only keyed hashes of the addresses in Redis', async () => {
		const redis = clients[0];
		const keys = await redis.keys('*');
		expect(keys.some((k) => k.startsWith('dais:limit:device-ids'))).toBe(true);
		for (const k of keys) {
			expect(k).not.toContain('203.0.113');
			expect(k).not.toContain('2001:db8');
		}
	});
});
