import type { Plugin } from 'vite';

/** `npm run dev`: the same services and Socket.IO hub, attached to Vite's own HTTP server for hot reload. */
export function daisDevHub(): Plugin {
	return {
		name: 'dais-dev-hub',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer || process.env.VITEST) return;
			const [{ loadConfig }, { openDatabase }, { createServices }, { createRealtime }, { createLogger }, { setAppContext }] =
				await Promise.all([
					import('../config'),
					import('../db/connection'),
					import('../services'),
					import('../realtime/socket-server'),
					import('../logger'),
					import('../context')
				]);
			const config = loadConfig();
			const log = createLogger(config.logLevel);
			const db = openDatabase(config.dbFile);
			const services = createServices(db, config);
			const seeded = services.seedIfEmpty();
			if (seeded) {
				const port = server.config.server.port ?? 5173;
				const links = seeded.links.map((l) => `  ${l.role.padEnd(10)} http://localhost:${port}${l.path}`);
				console.log(`\nSeeded the sample conference (${seeded.code}). Staff sign-in links, shown once:\n${links.join('\n')}\n`);
			}
			const realtime = createRealtime(server.httpServer as import('node:http').Server, {
				services,
				log,
				allowedOrigins: config.allowedOrigins,
				destroyUpgrade: false
			});
			setAppContext({ services, publish: realtime.publish, publicUrl: config.publicUrl });
			server.httpServer.once('close', () => {
				void realtime.close().then(() => db.close());
			});
		}
	};
}
