import { describe, expect, it } from 'vitest';
import { readCookie } from './cookies';

describe('readCookie', () => {
	it('reads the named cookie among others, decoded', () => {
		expect(readCookie('a=1; dais_staff=c-1.sig%3D; b=2', 'dais_staff')).toBe('c-1.sig=');
	});

	it('matches the whole name, not a prefix or suffix', () => {
		expect(readCookie('xdais_staff=1; dais_staffx=2', 'dais_staff')).toBeUndefined();
	});

	it('gives nothing for a missing header, a missing cookie or a broken encoding', () => {
		expect(readCookie(undefined, 'dais_staff')).toBeUndefined();
		expect(readCookie('a=1', 'dais_staff')).toBeUndefined();
		expect(readCookie('dais_staff=%E0%A4%A', 'dais_staff')).toBeUndefined();
	});

	it('keeps "=" inside a value', () => {
		expect(readCookie('dais_device=abc==', 'dais_device')).toBe('abc==');
	});
});
