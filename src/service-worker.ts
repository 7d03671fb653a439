/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

// Lets an attendee's page open again without a network (a lift, a basement hall): the app's files are cached at
// install, and attendee pages are cached as they are visited (network first, so they are fresh when online).
// Staff pages are never cached on the device.
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `dais-${version}`;
const ASSETS = [...build, ...files];
const CACHEABLE = /^\/(?:$|e\/|join)/;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(ASSETS))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET') return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin || url.pathname.startsWith('/socket.io')) return;

	if (ASSETS.includes(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(req)));
		return;
	}
	if (!CACHEABLE.test(url.pathname)) return;
	event.respondWith(
		(async () => {
			const cache = await caches.open(CACHE);
			try {
				const res = await fetch(req);
				if (res.ok && res.type === 'basic') void cache.put(req, res.clone());
				return res;
			} catch (err) {
				const hit = await cache.match(req);
				if (hit) return hit;
				throw err;
			}
		})()
	);
});
