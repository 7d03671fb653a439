/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

// Lets an attendee open the programme and every session page without a network (a lift, a basement hall) after one
// visit: the app's files and the attendee pages' shell are cached when the worker installs, and a page the network
// cannot deliver is answered with the shell, which renders it in the browser from the programme the page keeps on
// the device (IndexedDB). Online, pages come from the network as usual. Staff pages are never cached on the device.
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `dais-${version}`;
const ASSETS = [...build, ...files];
/** The app without a server render (src/routes/app-shell). */
const SHELL = '/app-shell';
/** Pages the shell can render: an event's programme and its session pages. */
const ATTENDEE_PAGE = /^\/e\/[^/]+(?:\/s\/[^/]+)?\/?$/;
/** How long a page request may take before a weak connection gives way to the shell. */
const NETWORK_PATIENCE_MS = 4000;

sw.addEventListener('install', (event) => {
	// A new version waits until the page's "update" prompt is tapped (see the message handler), so an open page
	// never runs on half of one version's files and half of another's.
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...ASSETS, SHELL])));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('message', (event) => {
	const data: unknown = event.data;
	if (data && typeof data === 'object' && 'type' in data && data.type === 'skip-waiting')
		void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET') return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin) return;

	if (ASSETS.includes(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(req)));
		return;
	}
	if (req.mode === 'navigate' && ATTENDEE_PAGE.test(url.pathname)) event.respondWith(page(req));
});

/** An attendee page from the network; without one (or while it keeps the phone waiting), the shell. */
async function page(req: Request): Promise<Response> {
	const shell = await caches.match(SHELL);
	const network = fetch(req);
	if (!shell) return network;
	const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), NETWORK_PATIENCE_MS));
	try {
		return (await Promise.race([network, timeout])) ?? shell;
	} catch {
		return shell;
	}
}
