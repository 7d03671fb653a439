import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

// The attendee pages' shell: the app without a server render, which the service worker keeps and answers with for
// an event page it has not got when the network does not answer. The app then starts in the browser at the page's
// own address (not this one) and renders it from the programme kept on the device.
export const ssr = false;

/** Opened directly, the shell has nothing of its own to show. */
export const load: PageLoad = () => redirect(307, '/');
