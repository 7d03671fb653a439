import { randomBytes } from 'node:crypto';
import { Adapter, SessionAwareAdapter, type BroadcastOptions, type Session } from 'socket.io-adapter';
import { PacketType } from 'socket.io-parser';

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
	vet: ((session: StoredSession) => string[] | null | Promise<string[] | null>) | null = null;

	override async restoreSession(pid: string, offset: string): Promise<Session> {
		const sessions = (this as unknown as { sessions: Map<string, StoredSession> }).sessions;
		const stored = sessions.get(pid);
		if (stored && this.vet) {
			const rooms = await this.vet(stored);
			if (rooms === null) {
				sessions.delete(pid);
				// The base class, too, answers null for a session it cannot restore, whatever its declared type.
				return null as unknown as Session;
			}
			stored.rooms = rooms;
		}
		return super.restoreSession(pid, offset);
	}

	/**
	 * Stores one logical broadcast for recovery without sending it; returns its packet's arguments, ending with the
	 * offset every slice of it must carry (the client resumes from the last offset it saw).
	 */
	remember(rooms: string[], event: string, payload: unknown): unknown[] {
		const id = `${this.#prefix}${(this.#seq++).toString(36)}`;
		const data = [event, payload, id];
		(this as unknown as { packets: StoredPacket[] }).packets.push({
			id,
			opts: { rooms: new Set(rooms), except: new Set(), flags: {} },
			data,
			emittedAt: Date.now()
		});
		return data;
	}

	/** Sends a slice of a remembered broadcast to these sockets (the in-memory adapter's send, not stored again). */
	sendSlice(data: unknown[], socketIds: Iterable<string>) {
		const packet = { type: PacketType.EVENT, data, nsp: this.nsp.name };
		Adapter.prototype.broadcast.call(this, packet, {
			rooms: new Set(socketIds),
			except: new Set<string>(),
			flags: {}
		});
	}
}
