import { networkInterfaces } from 'node:os';
import { loadConfig } from './config';
import { createHub } from './hub';
import { addressLines, staffHint } from './start-banner';

/** Composition root: config -> hub (db, migrations, seed) -> listen, and a graceful stop on SIGINT/SIGTERM. */
const config = loadConfig();
const hub = await createHub({ config, app: 'build' });
const port = await hub.listen();
const base = config.publicUrl.replace(/:\d+$/, `:${port}`);
hub.log.info({ port, db: config.dbFile }, `Dais is running at ${base}`);
// Phones cannot use localhost: say which addresses they can, and what PUBLIC_URL changes.
console.log(
	`\n${addressLines({ port, publicUrl: config.publicUrlSet ? config.publicUrl : null, interfaces: networkInterfaces() }).join('\n')}`
);

if (hub.seeded) {
	// Printed once: only the hashes of these tokens are stored.
	const lines = hub.seeded.links.map((l) => `  ${l.role.padEnd(10)} ${config.publicUrl}${l.path}`);
	console.log(
		`\nSeeded the sample conference (event code ${hub.seeded.code}). Staff sign-in links, shown only this once (each signs in once, on one device):\n${lines.join('\n')}\n` +
			`${staffHint(process.env, port)}\n`
	);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (stopping) return;
		stopping = true;
		hub.log.info({ signal }, 'shutting down');
		hub
			.close()
			.then(() => process.exit(0))
			.catch((err: unknown) => {
				hub.log.error({ err }, 'shutdown failed');
				process.exit(1);
			});
	});
}
