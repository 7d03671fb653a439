/** Where a page gets a device id from the hub (POST, same origin): it sets the httpOnly device cookie. */
export const DEVICE_ENDPOINT = '/api/device';

/** The device endpoint's answer; `issued` is false when the browser already had a valid id. */
export type DeviceResponse =
	| { ok: true; issued: boolean }
	| { ok: false; error: 'rate-limited' | 'forbidden'; retryAfterSeconds?: number };
