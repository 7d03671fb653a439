import { Router } from 'express';
import { DEVICE_ENDPOINT, type DeviceResponse } from '../../src/lib/protocol';
import { readCookie } from '../realtime/cookies';
import { originAllowed } from '../realtime/origin';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, type DevicesService } from './devices.service';

/**
 * `POST /api/device`: a page whose socket was refused with `device-required` (its cookie was cleared, or never
 * set) gets a device id here without reloading. Same-origin only, never cached, limited per source address.
 */
export function deviceRoutes(deps: { devices: DevicesService; allowedOrigins: string[] }) {
	const { devices, allowedOrigins } = deps;
	const router = Router();
	router.post(DEVICE_ENDPOINT, (req, res) => {
		res.set('cache-control', 'no-store');
		const answer = (status: number, body: DeviceResponse) => void res.status(status).json(body);
		if (!originAllowed(req.headers.origin, req.headers.host, allowedOrigins))
			return answer(403, { ok: false, error: 'forbidden' });
		if (devices.verify(readCookie(req.headers.cookie, DEVICE_COOKIE)))
			return answer(200, { ok: true, issued: false });
		const issued = devices.issue(req.socket.remoteAddress);
		if (!issued.ok) {
			res.set('retry-after', String(issued.retryAfterSeconds));
			return answer(429, { ok: false, error: 'rate-limited', retryAfterSeconds: issued.retryAfterSeconds });
		}
		res.cookie(DEVICE_COOKIE, issued.cookie, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: req.secure,
			maxAge: DEVICE_COOKIE_MAX_AGE_S * 1000
		});
		answer(200, { ok: true, issued: true });
	});
	return router;
}
