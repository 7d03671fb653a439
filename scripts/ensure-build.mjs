// Builds the SvelteKit app when no build exists (or, with --fresh, when sources are newer than the build).
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const handler = 'build/handler.js';
const fresh = process.argv.includes('--fresh');

function newestMtime(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'paraglide') newest = Math.max(newest, newestMtime(p));
		} else newest = Math.max(newest, statSync(p).mtimeMs);
	}
	return newest;
}

let reason = null;
if (!existsSync(handler)) reason = 'no build yet';
else if (fresh) {
	const built = statSync(handler).mtimeMs;
	const sources = Math.max(newestMtime('src'), newestMtime('static'), newestMtime('messages'));
	if (sources > built) reason = 'sources changed since the last build';
}
if (reason) {
	console.log(`Building the app (${reason}); this takes about 20 seconds…`);
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
		stdio: 'inherit'
	});
	if (r.status !== 0) process.exit(r.status ?? 1);
}
