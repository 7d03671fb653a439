import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// scripts/ensure-build.mjs builds beside the live build and swaps it in, so a running hub never sees half a build.
		adapter: adapter({ out: process.env.DAIS_BUILD_OUT ?? 'build' }),
		// helmet's CSP is off on the hub: SvelteKit's own CSP allows its inline start script by hash/nonce.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'connect-src': ['self'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// Open pages ask every 10 minutes whether a new version is deployed (and sooner: see UpdatePrompt); with
		// thousands of phones in one hall a shorter period would be a steady load on the hub for a rare event.
		version: { pollInterval: 600_000 },
		// Absolute asset paths: the service worker answers for any attendee page with one shell (/app-shell), whose
		// relative paths would point under the page's own folder.
		paths: { relative: false },
		// Stylesheets up to the attendee layout's (~8 KB, ~2 KB compressed) go inside the page: on venue Wi-Fi each
		// file is a round trip of its own (400 ms), and a browser opens six connections to a host, not twenty.
		inlineStyleThreshold: 9000
	}
};

export default config;
