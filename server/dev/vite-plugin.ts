import type { Plugin } from 'vite';

/**
 * `npm run dev`: the same services and Socket.IO hub, attached to Vite's own HTTP server for hot reload. The hub
 * is loaded through Vite's SSR module graph, so SvelteKit's hooks and the hub share one context module.
 */
export function daisDevHub(
	opts: {
		/** The hub's environment (default: the process's). A test that hands in its own runs the hub under Vitest. */
		env?: NodeJS.ProcessEnv;
	} = {}
): Plugin {
	return {
		name: 'dais-dev-hub',
		apply: 'serve',
		async configureServer(server) {
			// Vitest's own Vite server loads this config too: it starts no hub.
			if (!server.httpServer || (!opts.env && process.env.VITEST)) return;
			const mod = await server.ssrLoadModule('/server/dev/dev-hub.ts');
			const { startDevHub } = mod as typeof import('./dev-hub');
			const { middlewares } = await startDevHub(
				server.httpServer as import('node:http').Server,
				server.config.server.port ?? 5173,
				opts.env
			);
			// Before Vite's own handlers, as Express mounts them before SvelteKit's: `/api/device` and `/metrics`.
			for (const middleware of middlewares) server.middlewares.use(middleware);
		}
	};
}
