import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { addressLines, lanAddresses, staffHint } from './start-banner';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
	({
		address,
		family,
		internal,
		netmask: '',
		mac: '',
		cidr: null,
		...(family === 'IPv6' ? { scopeid: 0 } : {})
	}) as NetworkInterfaceInfo;

const venue = {
	lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
	wlan0: [iface('192.168.1.23', 'IPv4'), iface('fe80::1', 'IPv6'), iface('2001:db8::23', 'IPv6')]
};

describe('the start output', () => {
	it('lists the LAN addresses phones can use, IPv4 first, without loopback or link-local ones', () => {
		expect(lanAddresses(venue)).toEqual(['192.168.1.23', '[2001:db8::23]']);
	});

	it('prints the phone address and explains PUBLIC_URL when it is not set', () => {
		const text = addressLines({ port: 3000, publicUrl: null, interfaces: venue }).join('\n');
		expect(text).toContain('http://192.168.1.23:3000');
		expect(text).toContain('PUBLIC_URL=http://192.168.1.23:3000');
	});

	it('says where QR codes point when PUBLIC_URL is set', () => {
		const text = addressLines({ port: 3000, publicUrl: 'https://dais.example.org', interfaces: venue }).join(
			'\n'
		);
		expect(text).toContain('point at PUBLIC_URL: https://dais.example.org');
	});

	it('warns when no address but loopback exists', () => {
		const text = addressLines({ port: 3000, publicUrl: null, interfaces: { lo: venue.lo } }).join('\n');
		expect(text).toMatch(/phones cannot reach it yet/);
	});

	it('tells how to mint more links for this hub: its database and its port, never a PostgreSQL password', () => {
		const cmd = 'npm run staff -- --role moderator --label "Hall A"';
		expect(staffHint({}, 3000)).toBe(`Mint more with: ${cmd}`);
		expect(staffHint({ DAIS_DB: '/tmp/walk.db', PORT: '4300' }, 4300)).toBe(
			`Mint more with: DAIS_DB=/tmp/walk.db PORT=4300 ${cmd}`
		);
		expect(staffHint({ DAIS_DB: "/data/Dais 2026/it's.db" }, 3000)).toBe(
			`Mint more with: DAIS_DB='/data/Dais 2026/it'\\''s.db' ${cmd}`
		);
		const pg = staffHint(
			{ DATABASE_URL: 'postgres://dais:s3cret@db/dais', PUBLIC_URL: 'https://dais.example' },
			8080
		);
		expect(pg).toBe(`Mint more with: DATABASE_URL=… PUBLIC_URL=https://dais.example ${cmd}`);
		expect(pg).not.toContain('s3cret');
	});
});
