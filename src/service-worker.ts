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
/**
 * Fonts are kept when a page first asks for one, not at install: each is an Arabic-script face (see app.css) that an
 * English or French phone never needs, and the Nastaliq alone is ~160 KB on hall Wi-Fi.
 */
const isFont = (path: string) => path.endsWith('.woff2');
/** The app without a server render (src/routes/app-shell). */
const SHELL = '/app-shell';
/** Pages the shell can render: an event's programme, its session pages and My agenda. */
const ATTENDEE_PAGE = /^\/e\/[^/]+(?:\/s\/[^/]+|\/my)?\/?$/;
/** How long a page request may take before a weak connection gives way to the shell. */
const NETWORK_PATIENCE_MS = 4000;

sw.addEventListener('install', (event) => {
	// A new version waits until the page's "update" prompt is tapped (see the message handler), so an open page
	// never runs on half of one version's files and half of another's.
	event.waitUntil(
		caches.open(CACHE).then((cache) => cache.addAll([...ASSETS.filter((p) => !isFont(p)), SHELL]))
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
		event.respondWith(
			caches
				.match(url.pathname)
				.then((hit) => hit ?? (isFont(url.pathname) ? keep(req, url.pathname) : fetch(req)))
		);
		return;
	}
	if (req.mode === 'navigate' && ATTENDEE_PAGE.test(url.pathname)) event.respondWith(page(req));
});

/** A file from the network, kept for the next time the page opens without one. */
async function keep(req: Request, path: string): Promise<Response> {
	const res = await fetch(req);
	if (res.ok) {
		const copy = res.clone();
		void caches.open(CACHE).then((cache) => cache.put(path, copy));
	}
	return res;
}

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
