/**
 * The host of `url` when it is this computer's own address (localhost or a name under it, 127.x, [::1], 0.0.0.0,
 * [::]): a link or QR code made with it opens nowhere but here. Null for any other host, or for what is not a URL.
 * The hub, without PUBLIC_URL, makes links with the address its page was opened at; an organiser who opened it at
 * http://localhost:3000 is told so wherever such links go to other people (see README, PUBLIC_URL).
 */
export function loopbackHost(url: string | null | undefined): string | null {
	if (!url) return null;
	let host: string;
	try {
		host = new URL(url).hostname;
	} catch {
		return null;
	}
	return /^(?:(?:[^.]+\.)*localhost\.?|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/.test(host) ? host : null;
}

/** A host name in a sentence of any language: left to right in an isolate, so "[::1]" keeps its brackets in Arabic. */
export const ltrHost = (host: string) => `\u2066${host}\u2069`;

/** Where a browser keeps that the hall screen's warning about `host` was hidden (localStorage): per host. */
export const screenLoopbackHiddenKey = (host: string) => `dais.screen-loopback-hidden:${host}`;
