import type { Plugin } from 'vite';

/**
 * `npm run dev`: the same services and Socket.IO hub, attached to Vite's own HTTP server for hot reload. The hub
 * is loaded through Vite's SSR module graph, so SvelteKit's hooks and the hub share one context module.
 */
export function daisDevHub(): Plugin {
	return {
		name: 'dais-dev-hub',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer || process.env.VITEST) return;
			const mod = await server.ssrLoadModule('/server/dev/dev-hub.ts');
			const { startDevHub } = mod as typeof import('./dev-hub');
			const devices = await startDevHub(
				server.httpServer as import('node:http').Server,
				server.config.server.port ?? 5173
			);
			server.middlewares.use(devices);
		}
	};
}
