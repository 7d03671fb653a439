import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PollSignals } from '../../server/polls/integrity';
import { clusterAddressKey } from '../../server/realtime/address';
import { createSharedSignals } from '../../server/realtime/cluster';
import { ensurePackages, Services } from '../support/services';

/** A poll's integrity signals in Redis (cluster mode) against a real Redis, started as the cluster tier starts it. */
const services = new Services();
let redis: ReturnType<typeof createClient>;

beforeAll(async () => {
	ensurePackages();
	redis = createClient({ url: (await services.redis()).url });
	await redis.connect();
}, 60_000);

afterAll(async () => {
	await redis?.close();
	await services.stop();
});

describe('shared poll signals', () => {
	it('count what one hub’s PollSignals counts, with ballots added through different hubs', async () => {
		const key = clusterAddressKey('installation secret');
		const [home, cafe] = [key('198.51.100.1'), key('198.51.100.2')];
		// Each "hub" has its own view of the same Redis.
		const hubs = [createSharedSignals(redis), createSharedSignals(redis)];
		const local = new PollSignals();
		const ballots: [string, boolean, string][] = [
			['v1', true, home],
			['v2', false, home],
			['v3', true, cafe],
			// v1 changes its ballot from another address, and its device no longer counts as new.
			['v1', false, cafe],
			// v2 changes its ballot from the same address: nothing moves.
			['v2', false, home]
		];
		for (const [i, [voter, fresh, address]] of ballots.entries()) {
			await hubs[i % 2].add('ev', 'poll-1', voter, fresh, address);
			local.add(voter, fresh, address);
		}
		expect(local.view).toEqual({ newDevices: 1, topAddress: { ballots: 2, of: 3 } });
		expect(await hubs[0].view('ev', 'poll-1')).toEqual(local.view);
		expect(await hubs[1].view('ev', 'poll-1')).toEqual(local.view);
		// Stored voters newer than the poll are added once however many hubs add them.
		await hubs[0].addFresh('ev', 'poll-1', ['v2']);
		await hubs[1].addFresh('ev', 'poll-1', ['v2']);
		expect((await hubs[1].view('ev', 'poll-1')).newDevices).toBe(2);
		// Another poll counts apart.
		expect(await hubs[0].view('ev', 'poll-2')).toEqual({ newDevices: 0, topAddress: null });
	});

	it('keep keyed address hashes only, and let a poll’s signals expire within about a day', async () => {
		await createSharedSignals(redis).add(
			'ev',
			'poll-3',
			'v9',
			false,
			clusterAddressKey('installation secret')('203.0.113.9')
		);
		const keys = await redis.keys('dais:signals:ev:poll-3:*');
		expect(keys).toHaveLength(2);
		for (const k of keys) {
			const ttl = await redis.ttl(k);
			expect(ttl).toBeGreaterThan(3600);
			expect(ttl).toBeLessThanOrEqual(86_400);
		}
		const dump = JSON.stringify([
			await redis.hGetAll('dais:signals:ev:poll-3:address-of'),
			await redis.zRange('dais:signals:ev:poll-3:per-address', 0, -1)
		]);
		expect(dump).not.toContain('203.0.113');
	});
});
