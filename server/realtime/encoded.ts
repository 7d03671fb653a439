import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

/** JSON text made once for an object many acks carry (the event snapshot of one version), by the object itself. */
const texts = new WeakMap<object, string>();

/**
 * Marks `value` as sent many times unchanged: its JSON is made now, once, and every ack that carries it reuses the
 * text. The value must not change afterwards (a new version is a new object); it is returned for convenience.
 */
export function encodeOnce<T extends object>(value: T): T {
	if (!texts.has(value)) texts.set(value, JSON.stringify(value));
	return value;
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** How deep an ack holds an `encodeOnce` value: the envelope, its data, then the value (`{ ok, data: { snapshot } }`). */
const DEPTH = 2;

function holds(value: unknown, depth: number): boolean {
	if (!isPlain(value)) return false;
	for (const key in value) {
		const v = value[key];
		if (typeof v === 'object' && v !== null && (texts.has(v) || (depth > 0 && holds(v, depth - 1))))
			return true;
	}
	return false;
}

/** JSON.stringify's text for a plain object down to `depth`, with the text made once for marked values. */
function stringify(value: unknown, depth: number): string {
	const made = typeof value === 'object' && value !== null ? texts.get(value) : undefined;
	if (made !== undefined) return made;
	if (depth < 0 || !isPlain(value)) return JSON.stringify(value);
	const parts: string[] = [];
	for (const key in value) {
		const v = value[key];
		// As JSON.stringify does: a property it cannot represent is left out.
		if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
		parts.push(`${JSON.stringify(key)}:${stringify(v, depth - 1)}`);
	}
	return `{${parts.join(',')}}`;
}

/** A stored broadcast's arguments (DaisAdapter keeps them for recovery): they never change once sent. */
const kept = new WeakSet<unknown[]>();
/** Each kept broadcast's frame, made the first time it is encoded (when it goes out live). */
const frames = new WeakMap<unknown[], ReturnType<Encoder['encode']>>();

/**
 * Marks the arguments of a broadcast kept for recovery (offset included, never changed afterwards): every replay of
 * it to a reconnecting socket writes the frame made when it first went out, instead of encoding it once per socket.
 * After a Wi-Fi drop, 10,000 phones each replaying the same few facts were 11 % of the hub's time in encoding alone.
 */
export function keptForReplay(data: unknown[]): void {
	kept.add(data);
}

/**
 * Socket.IO's own encoder, but an ack carrying a value marked with `encodeOnce` is written around the text made for
 * it: a herd of phones joining at one version costs one JSON encoding of the snapshot, not one per phone (and no
 * walk of it looking for binary data, which the protocol never sends in an ack). A broadcast kept for replay
 * (`keptForReplay`) is encoded once, however many sockets it is replayed to. Everything else, and the bytes on the
 * wire, are Socket.IO's.
 */
class DaisEncoder extends Encoder {
	override encode(packet: Packet) {
		if (
			packet.type === PacketType.EVENT &&
			packet.id === undefined &&
			(packet.nsp ?? '/') === '/' &&
			kept.has(packet.data)
		) {
			let frame = frames.get(packet.data);
			if (!frame) {
				frame = super.encode(packet);
				frames.set(packet.data, frame);
			}
			return frame;
		}
		if (
			packet.type !== PacketType.ACK ||
			!Array.isArray(packet.data) ||
			!packet.data.some((a) => holds(a, DEPTH))
		)
			return super.encode(packet);
		const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
		const args = packet.data.map((a: unknown) => stringify(a, DEPTH)).join(',');
		return [`${PacketType.ACK}${nsp}${packet.id ?? ''}[${args}]`];
	}
}

/** The parser the hub gives Socket.IO (its `parser` option): Socket.IO's decoder, the encoder above. */
export const parser = { Encoder: DaisEncoder, Decoder };
