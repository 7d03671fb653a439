// Finds the Chromium the browser tests drive: CHROMIUM_PATH, else Debian's package.
import { existsSync } from 'node:fs';

/** @returns {string | null} */
export function findChromium() {
	for (const p of [process.env.CHROMIUM_PATH ?? '', '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
		if (p && existsSync(p)) return p;
	}
	return null;
}

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
