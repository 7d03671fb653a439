import { error, redirect } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { m } from '$lib/paraglide/messages';
import type { EventSnapshot } from '$lib/protocol';
import { savedSnapshot } from '$lib/agenda/saved-snapshot';
import type { LayoutLoad } from './$types';

/**
 * The event's snapshot, from the hub when it answers. On the server it is rendered into the page, so the programme
 * shows before any script runs on weak Wi-Fi. In the browser without a network (a page opened in the lift, from the
 * service worker's shell) it is the copy this device kept, so the programme and every session page still open.
 */
export const load: LayoutLoad = async ({ params, fetch }) => {
	const code = params.code.toUpperCase();
	let res: Response;
	try {
		res = await fetch(`/e/${code}/snapshot.json`);
	} catch (err) {
		if (!browser) throw err;
		const saved = await savedSnapshot(code);
		if (saved) return { snapshot: saved };
		error(503, { message: m.offline_not_saved() });
	}
	if (res.status === 404)
		error(404, { message: m.join_not_found({ code }), missing: { kind: 'event', name: code } });
	if (!res.ok) error(res.status, { message: await res.text() });
	const snapshot = (await res.json()) as EventSnapshot;
	if (params.code !== snapshot.event.code) redirect(308, `/e/${snapshot.event.code}`);
	return { snapshot };
};
