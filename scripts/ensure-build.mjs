// Builds the SvelteKit app when no build exists (or, with --fresh, when sources are newer than the build).
import { existsSync, statSync, readdirSync, renameSync, rmSync } from 'node:fs';
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
	// The routes bundle hub code too (server/: hooks, sign-in, import), so a change there needs a new build as well.
	const sources = Math.max(
		newestMtime('src'),
		newestMtime('static'),
		newestMtime('messages'),
		newestMtime('server'),
		newestMtime('project.inlang'),
		// the build's own settings: a changed plugin option (e.g. Paraglide's locale strategy) needs a new build too
		...['vite.config.ts', 'svelte.config.js', 'package.json'].map((f) => statSync(f).mtimeMs)
	);
	if (sources > built) reason = 'sources changed since the last build';
}
if (reason) {
	console.log(`Building the app (${reason}); this takes about 20 seconds…`);
	// Built beside build/ and swapped in at the end: a hub or test starting meanwhile loads the old build whole.
	const partial = `build.partial-${process.pid}`;
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
		stdio: 'inherit',
		// Always a production build, whoever asks: under vitest (NODE_ENV=test, VITEST=true) Vite would otherwise build
		// a heavier test-mode app that `npm start` and the browser tests would then reuse.
		env: {
			...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST'))),
			NODE_ENV: 'production',
			DAIS_BUILD_OUT: partial
		}
	});
	if (r.status !== 0) {
		rmSync(partial, { recursive: true, force: true });
		process.exit(r.status ?? 1);
	}
	const old = `build.old-${process.pid}`;
	if (existsSync('build')) renameSync('build', old);
	renameSync(partial, 'build');
	rmSync(old, { recursive: true, force: true });
}
