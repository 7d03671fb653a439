// Makes sure the browser tests have a Chromium: Debian's package, installed here when we are allowed to (root with
// apt-get), otherwise a clear message naming the one command to run. Playwright never downloads a browser of its own.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

if (findChromium()) process.exit(0);

const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canInstall) {
	console.error(
		'\nThe browser tests need Chromium and none was found.\n' +
			'Install it with:  sudo apt-get install -y chromium\n' +
			'(or point CHROMIUM_PATH at a Chromium binary).\n'
	);
	process.exit(1);
}
console.log('Installing Chromium from Debian (apt-get install chromium)…');
try {
	execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
		stdio: 'inherit'
	});
} catch {
	console.error('\nInstalling Chromium failed. Run: apt-get update && apt-get install -y chromium\n');
	process.exit(1);
}
if (!findChromium()) {
	console.error('Chromium was installed but not found at /usr/bin/chromium; set CHROMIUM_PATH.');
	process.exit(1);
}
