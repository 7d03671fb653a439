import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../tests/fixtures/services';
import { openTestSql } from '../../tests/fixtures/storage';
import type { Sql } from '../db/sql';
import { createDevicesService, DEFAULT_DEVICE_ISSUANCE, type DeviceIssuance } from './devices.service';
import { createDevicesStore, type DevicesStore } from './devices.store';

/** The devices service over an unused storage; `sql()` opens one for the tests that read what was written. */
function devices(issuance: DeviceIssuance = DEFAULT_DEVICE_ISSUANCE, secret = 'test-secret', sql?: Sql) {
	const clock = fixedClock('2026-12-08T04:00:00Z');
	// The records of issued ids, kept so a test can wait for them to be written.
	const written: Promise<void>[] = [];
	const store: DevicesStore = sql
		? createDevicesStore(sql)
		: { seen: async () => undefined, firstSeen: async () => null };
	const service = createDevicesService({
		store,
		secret,
		clock,
		issuance,
		record: (w) => void written.push(w())
	});
	return { clock, service, written };
}

const issue = async (s: ReturnType<typeof devices>['service'], address = '203.0.113.7') => {
	const issued = await s.issue(address);
	if (!issued.ok) throw new Error('expected an id');
	return issued;
};

describe('device ids', () => {
	it('verifies an id the hub issued, as the hash it was stored under', async () => {
		const { service } = devices();
		const issued = await issue(service);
		expect(service.verify(issued.cookie)).toBe(issued.hash);
		expect(issued.hash).toHaveLength(32);
		expect(issued.cookie).not.toContain(issued.hash);
	});

	it('refuses ids the hub did not issue: absent, invented, altered, or signed with another secret', async () => {
		const { service } = devices();
		const issued = await issue(service);
		const [id, signature] = issued.cookie.split('.');
		const flipped = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${signature}`;
		const otherHub = (await issue(devices(DEFAULT_DEVICE_ISSUANCE, 'another-secret').service)).cookie;
		// The genuine cookie verified (and so remembered) first: a near miss of it is still refused.
		expect(service.verify(issued.cookie)).toBe(issued.hash);
		for (const bad of [
			undefined,
			'',
			randomBytes(16).toString('base64url'),
			`${randomBytes(16).toString('base64url')}.${signature}`,
			flipped,
			`${id}.`,
			`${id}.${signature}x`,
			otherHub
		])
			expect(service.verify(bad), String(bad)).toBeNull();
		expect(service.verify(issued.cookie)).toBe(issued.hash);
	});

	it('records when it issued each id, and only a hash of it', async () => {
		const sql = await openTestSql();
		const { clock, service, written } = devices(DEFAULT_DEVICE_ISSUANCE, 'test-secret', sql);
		clock.set('2026-12-08T05:30:00Z');
		const issued = await issue(service);
		await Promise.all(written);
		expect(await service.firstSeen(issued.hash)).toBe('2026-12-08T05:30:00.000Z');
		const rows = await sql.all('SELECT * FROM devices');
		expect(rows).toEqual([{ hash: issued.hash, first_seen: '2026-12-08T05:30:00.000Z' }]);
		expect(JSON.stringify(rows)).not.toContain(issued.cookie.split('.')[0]);
	});
});

describe('issuing device ids per source address', () => {
	it('gives one address its burst, then so many a minute, and says when to come back', async () => {
		const { clock, service } = devices({ burst: 3, perMinute: 2 });
		const results = await Promise.all(Array.from({ length: 4 }, () => service.issue('203.0.113.7')));
		expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
		expect(results[3]).toEqual({ ok: false, retryAfterSeconds: 30 });
		clock.set('2026-12-08T04:00:30Z');
		expect((await service.issue('203.0.113.7')).ok).toBe(true);
		expect((await service.issue('203.0.113.7')).ok).toBe(false);
	});

	it('counts other addresses apart, and one IPv6 /64 as one address', async () => {
		const { service } = devices({ burst: 1, perMinute: 0 });
		expect((await service.issue('203.0.113.7')).ok).toBe(true);
		expect((await service.issue('203.0.113.8')).ok).toBe(true);
		expect((await service.issue('2001:db8:1:2::10')).ok).toBe(true);
		expect((await service.issue('2001:db8:1:2::11')).ok).toBe(false);
	});

	it('lets 2,000 phones behind one venue NAT through over half an hour with the default limits', async () => {
		const { clock, service } = devices();
		const start = Date.parse('2026-12-08T04:00:00Z');
		// Half of them in the first minute (a plenary's rush at the doors), the rest spread over 29 minutes.
		const at = (n: number) => (n < 1000 ? (n * 60_000) / 1000 : 60_000 + ((n - 1000) * 29 * 60_000) / 1000);
		let refused = 0;
		for (let n = 0; n < 2000; n++) {
			clock.set(new Date(start + at(n)).toISOString());
			if (!(await service.issue('198.51.100.1')).ok) refused++;
		}
		expect(refused).toBe(0);
	});

	it('holds one address to its burst plus the per-minute rate, however fast it asks', async () => {
		const { clock, service } = devices({ burst: 1000, perMinute: 100 });
		const start = Date.parse('2026-12-08T04:00:00Z');
		let issued = 0;
		// Ten thousand requests spread evenly over ten minutes.
		for (let n = 0; n < 10_000; n++) {
			clock.set(new Date(start + n * 60).toISOString());
			if ((await service.issue('198.51.100.1')).ok) issued++;
		}
		expect(issued).toBe(1000 + 10 * 100 - 1);
	});
});
