import { randomBytes } from 'node:crypto';
import { Adapter, SessionAwareAdapter, type BroadcastOptions } from 'socket.io-adapter';

/** The flag a slice of a sliced broadcast carries: sent, but not stored again for connection-state recovery. */
export const SLICE_FLAG = 'daisSlice';

type Packet = Parameters<Adapter['broadcast']>[0];
interface StoredPacket {
	id: string;
	opts: BroadcastOptions;
	data: unknown[];
	emittedAt: number;
}

/**
 * Socket.IO's session-aware adapter (connection-state recovery), taught one thing: a broadcast sent in slices
 * (see fanout.ts) is stored once, addressed to its real rooms, so a phone that was away when it went out still gets
 * it replayed on reconnecting, exactly as with an ordinary broadcast.
 */
export class DaisAdapter extends SessionAwareAdapter {
	readonly #prefix = randomBytes(4).toString('hex');
	#seq = 0;

	override broadcast(packet: Packet, opts: BroadcastOptions) {
		if ((opts.flags as Record<string, unknown> | undefined)?.[SLICE_FLAG]) {
			return Adapter.prototype.broadcast.call(this, packet, opts);
		}
		return super.broadcast(packet, opts);
	}

	/** Stores one logical broadcast for recovery without sending it; appends the offset its slices must carry. */
	remember(rooms: string[], data: unknown[]) {
		const id = `${this.#prefix}${(this.#seq++).toString(36)}`;
		data.push(id);
		(this as unknown as { packets: StoredPacket[] }).packets.push({
			id,
			opts: { rooms: new Set(rooms), except: new Set(), flags: {} },
			data,
			emittedAt: Date.now()
		});
	}
}
