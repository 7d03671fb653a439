import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { DEFAULT_DEVICE_ISSUANCE } from './devices/devices.service';

describe('loadConfig: abuse limits', () => {
	it('defaults device issuance to a venue-sized limit per address', () => {
		expect(loadConfig({}).deviceIssuance).toEqual(DEFAULT_DEVICE_ISSUANCE);
		expect(DEFAULT_DEVICE_ISSUANCE).toEqual({ burst: 1000, perMinute: 100 });
	});

	it('reads the device issuance and redemption limits from the environment', () => {
		const c = loadConfig({
			DAIS_DEVICE_BURST: '50',
			DAIS_DEVICE_PER_MINUTE: '5',
			DAIS_REDEEM_PER_MINUTE: '7'
		});
		expect(c.deviceIssuance).toEqual({ burst: 50, perMinute: 5 });
		expect(c.redeemsPerMinute).toBe(7);
	});

	it('refuses a limit that is not a whole number', () => {
		expect(() => loadConfig({ DAIS_DEVICE_BURST: 'lots' })).toThrow(/DAIS_DEVICE_BURST/);
		expect(() => loadConfig({ DAIS_DEVICE_PER_MINUTE: '-1' })).toThrow(/DAIS_DEVICE_PER_MINUTE/);
	});
});

describe('loadConfig: storage', () => {
	it('keeps 20 PostgreSQL connections per hub unless DATABASE_POOL_SIZE says otherwise, and at least one', () => {
		expect(loadConfig({}).databasePoolSize).toBe(20);
		expect(loadConfig({ DATABASE_POOL_SIZE: '40' }).databasePoolSize).toBe(40);
		expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/at least 1/);
		expect(() => loadConfig({ DATABASE_POOL_SIZE: 'many' })).toThrow(/whole number/);
	});

	it('asks for an accept queue of 4,096 unless DAIS_LISTEN_BACKLOG says otherwise, and at least one', () => {
		expect(loadConfig({}).listenBacklog).toBe(4096);
		expect(loadConfig({ DAIS_LISTEN_BACKLOG: '16384' }).listenBacklog).toBe(16384);
		expect(() => loadConfig({ DAIS_LISTEN_BACKLOG: '0' })).toThrow(/at least 1/);
		expect(() => loadConfig({ DAIS_LISTEN_BACKLOG: 'deep' })).toThrow(/whole number/);
	});

	it('uses the SQLite file unless DATABASE_URL names a PostgreSQL database', () => {
		expect(loadConfig({ DAIS_DB: '/tmp/x.db' })).toMatchObject({ dbFile: '/tmp/x.db', databaseUrl: null });
		expect(loadConfig({ DATABASE_URL: 'postgres://dais@db:5432/dais' }).databaseUrl).toBe(
			'postgres://dais@db:5432/dais'
		);
	});

	it('refuses another kind of address without printing its password', () => {
		const load = () => loadConfig({ DATABASE_URL: 'mysql://dais:secret@db/dais' });
		expect(load).toThrow(/DATABASE_URL must be a postgres:\/\/ address/);
		expect(load).not.toThrow(/secret/);
	});
});
