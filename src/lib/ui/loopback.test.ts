import { describe, expect, it } from 'vitest';
import { loopbackHost, ltrHost, screenLoopbackHiddenKey } from './loopback';

describe('loopbackHost', () => {
	it('names this computer’s own addresses', () => {
		expect(loopbackHost('http://localhost:3000/e/ISB26')).toBe('localhost');
		expect(loopbackHost('http://LOCALHOST:3000')).toBe('localhost');
		expect(loopbackHost('http://dais.localhost:3000')).toBe('dais.localhost');
		expect(loopbackHost('http://127.0.0.1:4173')).toBe('127.0.0.1');
		expect(loopbackHost('http://127.1.2.3')).toBe('127.1.2.3');
		// The URL parser writes a short IPv4 address in full.
		expect(loopbackHost('http://127.1:3000')).toBe('127.0.0.1');
		expect(loopbackHost('http://[::1]:3000/s/x')).toBe('[::1]');
		expect(loopbackHost('http://0.0.0.0:3000')).toBe('0.0.0.0');
		expect(loopbackHost('http://[::]:3000')).toBe('[::]');
	});

	it('leaves addresses other devices reach alone', () => {
		for (const url of [
			'http://192.168.1.23:3000/e/ISB26',
			'https://dais.example.org',
			'http://10.0.0.127:3000',
			'http://localhost.example.org',
			'http://mylocalhost:3000',
			'http://127.example.org',
			'http://[::2]:3000',
			'http://[2001:db8::1]:3000',
			'http://0.0.0.1'
		])
			expect(loopbackHost(url), url).toBeNull();
	});

	it('is null for no URL or one that does not parse', () => {
		expect(loopbackHost(null)).toBeNull();
		expect(loopbackHost(undefined)).toBeNull();
		expect(loopbackHost('')).toBeNull();
		expect(loopbackHost('localhost:3000/e/ISB26')).toBeNull();
		expect(loopbackHost('not a url')).toBeNull();
	});
});

describe('ltrHost', () => {
	it('isolates a host left to right', () => {
		expect(ltrHost('[::1]')).toBe('\u2066[::1]\u2069');
	});
});

describe('screenLoopbackHiddenKey', () => {
	it('is one per host, so a screen at another address warns again', () => {
		expect(screenLoopbackHiddenKey('localhost')).not.toBe(screenLoopbackHiddenKey('127.0.0.1'));
	});
});
