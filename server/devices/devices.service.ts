import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';
import { addressKey as processAddressKey, type AddressKey } from '../realtime/address';
import { createKeyedBuckets } from '../realtime/token-bucket';
import type { DevicesStore } from './devices.store';

export const DEVICE_COOKIE = 'dais_device';
/** Browsers cap a cookie's lifetime at 400 days. */
export const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 3600;

/**
 * How many new device ids one source address may obtain: `burst` at once, then `perMinute`. Sized for a whole
 * venue behind one NAT address (2,000 phones arriving over half an hour pass easily); the price is that someone
 * inside that NAT can also obtain that many ids, which is what polls restricted to verified badges are for.
 */
export interface DeviceIssuance {
	burst: number;
	perMinute: number;
}
export const DEFAULT_DEVICE_ISSUANCE: DeviceIssuance = { burst: 1000, perMinute: 100 };

/**
 * How many verified cookies the hub remembers (about 150 bytes each): a phone's every connection and reconnect
 * otherwise pays two HMACs to be told what it was told last time. Only cookies that verified are kept.
 */
const VERIFIED_KEPT = 50_000;

/** 16 random bytes in base64url. */
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
const SIGNATURE_LENGTH = 22;

/** The cookie value for device id `id`: the id and its HMAC under the hub's secret. */
export function signDeviceId(secret: string, id: string): string {
	const mac = createHmac('sha256', secret).update(`device-id:${id}`).digest('base64url');
	return `${id}.${mac.slice(0, SIGNATURE_LENGTH)}`;
}

export type Issued = { ok: true; cookie: string; hash: string } | { ok: false; retryAfterSeconds: number };

/** Takes one new id from an address key's share: 0 to go ahead, else the milliseconds to wait (Infinity: never). */
export type IssuanceLimit = (key: string) => number | Promise<number>;

/**
 * Device ids the hub issues and can verify: `<random id>.<HMAC of it>`, so a value the hub never issued (a
 * script's invented cookie) is worth nothing, and every id costs a trip through the issuance limit. The hub keeps
 * only a keyed hash of each id (what "one per device" features count by) and when it was issued.
 */
export function createDevicesService(deps: {
	store: DevicesStore;
	secret: string;
	clock: Clock;
	issuance?: DeviceIssuance;
	/**
	 * Runs the write that records a new id (by default at once). The hub hands it to the group commit: a rush of
	 * arrivals then shares fsyncs, and a page load never waits for one.
	 */
	record?: (write: () => Promise<void>) => void;
	/**
	 * Cluster mode: the per-address limit kept in Redis and the address key every hub shares, so several hubs
	 * together issue one address no more ids than one hub would. By default both stay in this process.
	 */
	perAddress?: { limit: IssuanceLimit; key: AddressKey };
}) {
	const { store, secret, clock } = deps;
	const record = deps.record ?? ((write: () => Promise<void>) => void write());
	const issuance = deps.issuance ?? DEFAULT_DEVICE_ISSUANCE;
	const mac = (purpose: string, value: string) =>
		createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url');
	const hashOf = (id: string) => mac('device', id).slice(0, 32);
	const cookieFor = (id: string) => signDeviceId(secret, id);
	// One hub: in memory only, the address key a per-process hash; nothing of it reaches the database or the logs.
	const perAddress =
		deps.perAddress ??
		(() => {
			const buckets = createKeyedBuckets({ burst: issuance.burst, perSecond: issuance.perMinute / 60 }, () =>
				clock.now().getTime()
			);
			return { limit: (key: string) => buckets.take(key), key: processAddressKey };
		})();

	// Insertion order is use order (a hit is moved to the end), so the first key is the one unused the longest.
	const verified = new Map<string, string>();

	return {
		/**
		 * A new device id for a browser at `address`, unless that address has had its share. The address is turned
		 * into a key here, in the hub's own module (the SvelteKit bundle has a copy of every module, keys included).
		 */
		async issue(address: string | undefined): Promise<Issued> {
			const wait = await perAddress.limit(perAddress.key(address));
			if (wait > 0)
				return { ok: false, retryAfterSeconds: Number.isFinite(wait) ? Math.ceil(wait / 1000) : 3600 };
			const id = randomBytes(16).toString('base64url');
			const hash = hashOf(id);
			const now = clock.now().toISOString();
			record(() => store.seen(hash, now));
			return { ok: true, cookie: cookieFor(id), hash };
		},

		/** The device hash behind a cookie the hub issued; anything else (absent, invented, altered) yields null. */
		verify(cookie: string | undefined): string | null {
			if (!cookie) return null;
			const known = verified.get(cookie);
			if (known !== undefined) {
				verified.delete(cookie);
				verified.set(cookie, known);
				return known;
			}
			const dot = cookie.indexOf('.');
			const id = cookie.slice(0, dot);
			if (dot < 0 || !DEVICE_ID.test(id)) return null;
			const expected = Buffer.from(cookieFor(id));
			const given = Buffer.from(cookie);
			if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
			const hash = hashOf(id);
			verified.set(cookie, hash);
			if (verified.size > VERIFIED_KEPT) verified.delete(verified.keys().next().value!);
			return hash;
		},

		/** When the hub issued this device its id (null for one it has no record of). */
		firstSeen: (hash: string) => store.firstSeen(hash),

		/** What issuing `id` sets and stores, for tests and benchmarks that stand in for thousands of phones. */
		cookieFor,
		hashOf
	};
}
export type DevicesService = ReturnType<typeof createDevicesService>;
