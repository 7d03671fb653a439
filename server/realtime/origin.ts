/** A browser page may open a socket (or ask for a device id) only from the hub's own host or an allow-listed origin. */
export function originAllowed(
	origin: string | undefined,
	host: string | undefined,
	allowed: string[]
): boolean {
	// Non-browser clients send no Origin; cookies are what a cross-site page could abuse, and browsers always send one.
	if (!origin) return true;
	if (allowed.includes(origin)) return true;
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}
