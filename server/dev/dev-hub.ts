import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { loadConfig } from '../config';
import { setAppContext } from '../context';
import { openStorage } from '../db/storage';
import { createLogger } from '../logger';
import { DEFAULT_RATE_LIMITS } from '../realtime/rate-limits';
import { createRealtime } from '../realtime/socket-server';
import { createServices } from '../services';
import { deviceEndpoint } from '../devices/devices.http';
import { metricsEndpoint } from '../metrics/metrics.http';

/** A Connect-style handler, as Vite's `server.middlewares.use` takes it. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The development hub: what server/hub.ts does, minus Express (Vite serves the pages). Returns the handlers Express
 * mounts in production for Vite to mount: the device endpoint and `/metrics` (this machine or a host's sign-in, as
 * on the hub). The HTTP server's closing stops it.
 */
export async function startDevHub(http: Server, port: number, env: NodeJS.ProcessEnv = process.env) {
	const config = loadConfig(env);
	const log = createLogger(config.logLevel);
	const sql = await openStorage(config);
	const services = await createServices(sql, config);
	const seeded = await services.seedIfEmpty();
	if (seeded) {
		const links = seeded.links.map((l) => `  ${l.role.padEnd(10)} http://localhost:${port}${l.path}`);
		console.log(
			`\nSeeded the sample conference (${seeded.code}). Staff sign-in links, shown once:\n${links.join('\n')}\n`
		);
	}
	// Vite's HMR socket shares this server, so Socket.IO must not destroy upgrades it does not handle.
	const realtime = createRealtime(http, {
		services,
		log,
		allowedOrigins: config.allowedOrigins,
		publicOrigin: config.publicOrigin,
		destroyUpgrade: false,
		rateLimits: { ...DEFAULT_RATE_LIMITS, redeemsPerAddress: config.redeemsPerMinute }
	});
	setAppContext({
		services,
		publish: realtime.publish,
		publicUrl: config.publicUrlSet ? config.publicUrl : null,
		secureCookies: config.publicOrigin ? config.publicOrigin.startsWith('https:') : null
	});
	http.once('close', () => {
		void realtime.close().then(async () => {
			await services.writes.flush();
			await sql.close();
		});
	});
	const middlewares: Middleware[] = [
		deviceEndpoint({
			devices: services.devices,
			allowedOrigins: config.allowedOrigins,
			publicOrigin: config.publicOrigin
		}),
		metricsEndpoint({ metrics: realtime.metrics, signIns: services.signIns, log })
	];
	return { middlewares };
}
