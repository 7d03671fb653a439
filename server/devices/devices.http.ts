import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { DEVICE_ENDPOINT, type DeviceResponse } from '../../src/lib/protocol';
import { readCookie } from '../realtime/cookies';
import { originAllowed } from '../realtime/origin';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, type DevicesService } from './devices.service';

/**
 * `POST /api/device`: a page whose socket was refused with `device-required` (its cookie was cleared, or never
 * set) gets a device id here without reloading. Same-origin only, never cached, limited per source address.
 * A plain Node handler, so Express (the hub) and Vite's dev server mount the same one.
 */
export function deviceEndpoint(deps: {
	devices: DevicesService;
	allowedOrigins: string[];
	/** PUBLIC_URL's origin, when set: the only page origin allowed, and https there makes the cookie Secure. */
	publicOrigin: string | null;
}) {
	const { devices, allowedOrigins, publicOrigin } = deps;
	return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
		if (req.method !== 'POST' || req.url?.split('?')[0] !== DEVICE_ENDPOINT) return next();
		const answer = (status: number, body: DeviceResponse, headers: Record<string, string> = {}) => {
			res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
			res.end(JSON.stringify(body));
		};
		const encrypted = (req.socket as TLSSocket).encrypted === true;
		if (
			!originAllowed(
				req.headers.origin,
				{ host: req.headers.host, encrypted },
				{ publicOrigin, extra: allowedOrigins }
			)
		)
			return answer(403, { ok: false, error: 'forbidden' });
		if (devices.verify(readCookie(req.headers.cookie, DEVICE_COOKIE)))
			return answer(200, { ok: true, issued: false });
		// The limit may be kept in Redis (cluster mode): one that cannot be checked now is answered as a short wait.
		void devices.issue(req.socket.remoteAddress).then(
			(issued) => {
				if (!issued.ok) {
					const retryAfterSeconds = issued.retryAfterSeconds;
					return answer(
						429,
						{ ok: false, error: 'rate-limited', retryAfterSeconds },
						{ 'retry-after': String(retryAfterSeconds) }
					);
				}
				// The value is base64url and a dot: nothing in it needs encoding.
				const secure = (publicOrigin ? publicOrigin.startsWith('https:') : encrypted) ? '; Secure' : '';
				const cookie = `${DEVICE_COOKIE}=${issued.cookie}; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}; Path=/; HttpOnly; SameSite=Lax${secure}`;
				answer(200, { ok: true, issued: true }, { 'set-cookie': cookie });
			},
			() => answer(429, { ok: false, error: 'rate-limited', retryAfterSeconds: 5 }, { 'retry-after': '5' })
		);
	};
}
