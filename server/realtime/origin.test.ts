import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin';

describe('originAllowed', () => {
	const host = 'dais.example.org';

	it('allows a page served by the hub itself', () => {
		expect(originAllowed('https://dais.example.org', host, [])).toBe(true);
		expect(originAllowed('http://127.0.0.1:3000', '127.0.0.1:3000', [])).toBe(true);
	});

	it('allows an origin on the allow-list', () => {
		expect(originAllowed('https://screens.example.org', host, ['https://screens.example.org'])).toBe(true);
	});

	it('refuses a page on another site', () => {
		expect(originAllowed('https://evil.example', host, ['https://screens.example.org'])).toBe(false);
	});

	it('refuses the same host name on another port', () => {
		expect(originAllowed('http://127.0.0.1:4000', '127.0.0.1:3000', [])).toBe(false);
	});

	it('refuses a look-alike host that merely starts or ends with the hub’s', () => {
		expect(originAllowed('https://dais.example.org.evil.example', host, [])).toBe(false);
		expect(originAllowed('https://evil-dais.example.org', host, [])).toBe(false);
	});

	it('refuses an opaque "null" origin and a malformed one', () => {
		expect(originAllowed('null', host, [])).toBe(false);
		expect(originAllowed('not a url', host, [])).toBe(false);
	});

	it('refuses a page when the request has no Host header to compare with', () => {
		expect(originAllowed('https://dais.example.org', undefined, [])).toBe(false);
	});

	it('allows a client that sends no Origin, as only browsers send one', () => {
		expect(originAllowed(undefined, host, [])).toBe(true);
	});
});
