import { randomBytes } from 'node:crypto';
import { Adapter, SessionAwareAdapter, type BroadcastOptions, type Session } from 'socket.io-adapter';

/** The flag a slice of a sliced broadcast carries: sent, but not stored again for connection-state recovery. */
export const SLICE_FLAG = 'daisSlice';

type Packet = Parameters<Adapter['broadcast']>[0];
/** A dropped connection's state as kept for recovery. */
export type StoredSession = Omit<Session, 'missedPackets'>;

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

	/**
	 * Decides, before a dropped connection's state is restored, whether it may be (null: it starts afresh) and which
	 * of its rooms it keeps. Missed packets are then replayed for the kept rooms only: a replay goes out before any
	 * middleware or connection handler could stop it.
	 */
	vet: ((session: StoredSession) => string[] | null) | null = null;

	override restoreSession(pid: string, offset: string): Promise<Session> {
		const sessions = (this as unknown as { sessions: Map<string, StoredSession> }).sessions;
		const stored = sessions.get(pid);
		if (stored && this.vet) {
			const rooms = this.vet(stored);
			if (rooms === null) {
				sessions.delete(pid);
				// The base class, too, answers null for a session it cannot restore, whatever its declared type.
				return Promise.resolve(null as unknown as Session);
			}
			stored.rooms = rooms;
		}
		return super.restoreSession(pid, offset);
	}

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
