import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePackages, haproxyConfig } from '../support/services';

const SAMPLE = readFileSync(new URL('../../deploy/haproxy.cfg', import.meta.url), 'utf8');

describe('deploy/haproxy.cfg, the sample operators copy', () => {
	it('is a configuration HAProxy accepts, as shipped and as the cluster tests template it', () => {
		ensurePackages();
		const dir = mkdtempSync(join(tmpdir(), 'dais-haproxy-'));
		try {
			for (const [name, text] of [
				['sample.cfg', SAMPLE],
				['templated.cfg', haproxyConfig(SAMPLE, 18080, [13001, 13002, 13003])]
			]) {
				writeFileSync(join(dir, name), text);
				expect(
					execFileSync('/usr/sbin/haproxy', ['-c', '-f', join(dir, name)], { encoding: 'utf8' })
				).toMatch(/Configuration file is valid/);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('checks /healthz, keeps polling sessions on their hub with its own cookie, and never routes by address', () => {
		expect(SAMPLE).toMatch(/^\s*http-check send meth GET uri \/healthz$/m);
		expect(SAMPLE).toMatch(/^\s*cookie DAIS_HUB insert indirect nocache httponly$/m);
		expect(SAMPLE).toMatch(/^\s*timeout tunnel /m);
		expect(SAMPLE).not.toMatch(/^\s*balance source|^\s*stick/m);
	});

	it('templates the bind address and every hub, and refuses a sample it cannot template', () => {
		const cfg = haproxyConfig(SAMPLE, 18080, [13001, 13002, 13003]);
		expect(cfg).toMatch(/bind 127\.0\.0\.1:18080/);
		expect(cfg.match(/server hub\d 127\.0\.0\.1:1300\d /g)).toHaveLength(3);
		// Fewer hubs than the sample names: only theirs are left, none pointing at the sample's ports.
		const one = haproxyConfig(SAMPLE, 18080, [13001]);
		expect(one.match(/^\s*server .*$/gm)).toEqual([expect.stringMatching(/server hub1 127\.0\.0\.1:13001 /)]);
		expect(one).not.toMatch(/:300\d/);
		expect(() => haproxyConfig(SAMPLE.replace('bind :8080', 'bind :80'), 1, [2, 3, 4])).toThrow(/bind :8080/);
	});
});
