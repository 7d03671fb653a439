import { describe, expect, it } from 'vitest';
import { addressGroup, addressKey, addressOf } from './address';

describe('addressGroup', () => {
	it('counts an IPv4 address, mapped into IPv6 or not, as itself', () => {
		expect(addressGroup('203.0.113.7')).toBe('203.0.113.7');
		expect(addressGroup('::ffff:203.0.113.7')).toBe('203.0.113.7');
	});

	it('counts every address of one IPv6 /64 as one source', () => {
		const a = addressGroup('2001:db8:aa:bb:1::1');
		expect(a).toBe('2001:db8:aa:bb::/64');
		expect(addressGroup('2001:0db8:00aa:00bb:ffff:1:2:3')).toBe(a);
		expect(addressGroup('2001:db8:aa:bc::1')).not.toBe(a);
		expect(addressGroup('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
	});

	it('puts what is not an address in one group', () => {
		expect(addressGroup(undefined)).toBe('unknown');
		expect(addressGroup('not an address')).toBe('unknown');
	});
});

describe('addressKey', () => {
	it('is the same for one source and different for another, without containing the address', () => {
		const key = addressKey('203.0.113.7');
		expect(addressKey('::ffff:203.0.113.7')).toBe(key);
		expect(addressKey('203.0.113.8')).not.toBe(key);
		expect(key).not.toContain('203');
		expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
	});
});

describe('addressOf', () => {
	it('makes a connection’s key on first use only, and again once the connection starts without one', () => {
		const made: string[] = [];
		const key = (address: string | undefined) => (made.push(address ?? ''), `key:${address}`);
		const socket = { data: { address: null as string | null }, handshake: { address: '10.0.0.7' } };
		expect(made).toEqual([]);
		expect(addressOf(socket, key)).toBe('key:10.0.0.7');
		expect(addressOf(socket, key)).toBe('key:10.0.0.7');
		expect(made).toEqual(['10.0.0.7']);
		// A recovered connection (the identity middleware clears it) may come from another network.
		socket.data.address = null;
		socket.handshake.address = '192.0.2.1';
		expect(addressOf(socket, key)).toBe('key:192.0.2.1');
		expect(made).toEqual(['10.0.0.7', '192.0.2.1']);
	});
});
