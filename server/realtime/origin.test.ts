import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin';

describe('originAllowed', () => {
	const https = { host: 'dais.example.org', encrypted: true };
	const http = { host: '127.0.0.1:3000', encrypted: false };
	const none = { publicOrigin: null, extra: [] };

	it('allows a page served by the hub itself, on the scheme and host the request came in on', () => {
		expect(originAllowed('https://dais.example.org', https, none)).toBe(true);
		expect(originAllowed('http://127.0.0.1:3000', http, none)).toBe(true);
	});

	it('refuses the hub’s own host on another scheme', () => {
		expect(originAllowed('https://127.0.0.1:3000', http, none)).toBe(false);
		expect(originAllowed('http://dais.example.org', https, none)).toBe(false);
	});

	it('compares against PUBLIC_URL’s origin when it is set (behind a TLS proxy the hub itself sees http)', () => {
		const behindProxy = { host: 'dais.example.org', encrypted: false };
		const pub = { publicOrigin: 'https://dais.example.org', extra: [] };
		expect(originAllowed('https://dais.example.org', behindProxy, pub)).toBe(true);
		expect(originAllowed('https://dais.example.org:443', behindProxy, pub)).toBe(true);
		expect(originAllowed('http://dais.example.org', behindProxy, pub)).toBe(false);
		expect(originAllowed('https://other.example.org', behindProxy, pub)).toBe(false);
	});

	it('allows an origin on the allow-list, scheme included', () => {
		const extra = { publicOrigin: null, extra: ['https://screens.example.org'] };
		expect(originAllowed('https://screens.example.org', https, extra)).toBe(true);
		expect(originAllowed('http://screens.example.org', https, extra)).toBe(false);
		const withPublic = { publicOrigin: 'https://dais.example.org', extra: ['https://screens.example.org'] };
		expect(originAllowed('https://screens.example.org', https, withPublic)).toBe(true);
	});

	it('refuses a page on another site', () => {
		expect(
			originAllowed('https://evil.example', https, {
				publicOrigin: null,
				extra: ['https://screens.example.org']
			})
		).toBe(false);
	});

	it('refuses the same host name on another port', () => {
		expect(originAllowed('http://127.0.0.1:4000', http, none)).toBe(false);
	});

	it('refuses a look-alike host that merely starts or ends with the hub’s', () => {
		expect(originAllowed('https://dais.example.org.evil.example', https, none)).toBe(false);
		expect(originAllowed('https://evil-dais.example.org', https, none)).toBe(false);
	});

	it('refuses an opaque "null" origin and a malformed one', () => {
		expect(originAllowed('null', https, none)).toBe(false);
		expect(originAllowed('not a url', https, none)).toBe(false);
	});

	it('refuses a page when the request has no Host header to compare with', () => {
		expect(originAllowed('https://dais.example.org', { host: undefined, encrypted: true }, none)).toBe(false);
	});

	it('allows a client that sends no Origin, as only browsers send one', () => {
		expect(originAllowed(undefined, https, none)).toBe(true);
	});
});
