import type { Server } from 'node:http';
import { loadConfig } from '../config';
import { setAppContext } from '../context';
import { openStorage } from '../db/storage';
import { createLogger } from '../logger';
import { DEFAULT_RATE_LIMITS } from '../realtime/rate-limits';
import { createRealtime } from '../realtime/socket-server';
import { createServices } from '../services';
import { deviceEndpoint } from '../devices/devices.http';

/**
 * The development hub: what server/hub.ts does, minus Express (Vite serves the pages). Returns the device endpoint
 * for Vite to mount, as Express does in production.
 */
export async function startDevHub(http: Server, port: number) {
	const config = loadConfig();
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
	return deviceEndpoint({
		devices: services.devices,
		allowedOrigins: config.allowedOrigins,
		publicOrigin: config.publicOrigin
	});
}
