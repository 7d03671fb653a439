import { describe, expect, it } from 'vitest';
import { addressGroup, addressKey } from './address';

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
