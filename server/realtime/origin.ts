/** An origin in the form browsers send it (scheme, host, and a port other than the scheme's default), or null. */
function normalOrigin(value: string): string | null {
	try {
		const origin = new URL(value).origin;
		return origin === 'null' ? null : origin;
	} catch {
		return null;
	}
}

/**
 * A browser page may open a socket only from the pages' own origin, scheme and host both: PUBLIC_URL's when it is
 * set, else the one this request came in on (its own scheme and Host header), or from an allow-listed origin.
 */
export function originAllowed(
	origin: string | undefined,
	request: { host: string | undefined; encrypted: boolean },
	allowed: { publicOrigin: string | null; extra: string[] }
): boolean {
	// Non-browser clients send no Origin; cookies are what a cross-site page could abuse, and browsers always send one.
	if (!origin) return true;
	const given = normalOrigin(origin);
	if (!given) return false;
	if (allowed.extra.some((o) => normalOrigin(o) === given)) return true;
	if (allowed.publicOrigin) return given === allowed.publicOrigin;
	if (!request.host) return false;
	return given === normalOrigin(`${request.encrypted ? 'https' : 'http'}://${request.host}`);
}
