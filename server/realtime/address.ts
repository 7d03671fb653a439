import { createHmac, randomBytes } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

// A key made fresh by each process: an address key means nothing to anyone after a restart, and is never stored.
const PROCESS_KEY = randomBytes(32);

/** The eight groups of an IPv6 address ("2001:db8::1" -> ["2001","db8","0",…,"1"]). */
function ipv6Groups(address: string): string[] {
	const [head, tail = null] = address.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const fill = tail === null ? [] : Array<string>(8 - left.length - right.length).fill('0');
	return [...left, ...fill, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * What one source address is counted as: an IPv4 address, or an IPv6 /64 (one phone or home line usually has a
 * whole /64, so counting single IPv6 addresses would let one device look like millions).
 */
export function addressGroup(address: string | undefined): string {
	if (!address) return 'unknown';
	const bare = address.replace(/%.*$/, '');
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
	if (mapped) return mapped[1];
	if (isIPv4(bare)) return bare;
	if (isIPv6(bare)) return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
	return 'unknown';
}

/** What turns a source address into the key limits and counts know it by. */
export type AddressKey = (address: string | undefined) => string;

const keyedWith =
	(key: Buffer): AddressKey =>
	(address) =>
		createHmac('sha256', key).update(addressGroup(address)).digest('base64url').slice(0, 16);

/**
 * A source address as the hub's in-memory limits and counts know it: a keyed hash of its group, so the address
 * itself is never held longer than the request, written to the database, or logged.
 */
export const addressKey: AddressKey = keyedWith(PROCESS_KEY);

/**
 * Cluster mode: a source address as every hub of the installation knows it, so the limits and integrity counts kept
 * in Redis add up one address's requests whichever hub they reach. Still a keyed hash (never the address itself);
 * the key comes from the installation's secret, which every hub has and Redis never sees.
 */
export function clusterAddressKey(secret: string): AddressKey {
	return keyedWith(createHmac('sha256', secret).update('address-key').digest());
}

/**
 * A connection's address key, made on first use and kept on the connection (a reconnect starts without one: the phone
 * may be on another network).
 */
export function addressOf(
	socket: { data: { address: string | null }; handshake: { address: string } },
	key: AddressKey
): string {
	return (socket.data.address ??= key(socket.handshake.address));
}

/** Whether a connection comes from this machine (127.0.0.0/8 or ::1, IPv4-mapped or not). */
export function isLoopback(address: string | undefined): boolean {
	const bare = address?.replace(/^::ffff:/i, '') ?? '';
	return bare === '::1' || (isIPv4(bare) && bare.startsWith('127.'));
}
