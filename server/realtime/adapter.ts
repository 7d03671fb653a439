import { randomBytes } from 'node:crypto';
import { Adapter, type BroadcastOptions, type Session } from 'socket.io-adapter';
import { PacketType } from 'socket.io-parser';
import { RESUME_FROM_JOIN } from '../../src/lib/protocol';
import { keptForReplay } from './encoded';

/** A dropped connection's state as kept for recovery. */
export type StoredSession = Omit<Session, 'missedPackets'>;

export interface RecoveryOptions {
	/** How long a dropped connection's state, and each broadcast it may have missed, is kept (Socket.IO's option). */
	maxDisconnectionDuration: number;
	/** The time in ms (tests move it); `Date.now` by default. */
	now?: () => number;
	/** How often expired sessions and broadcasts are let go (Socket.IO's session-aware adapter: once a minute). */
	sweepIntervalMs?: number;
}

interface StoredPacket {
	/** Its place in this adapter's sequence: the offset a client resumes from names it. */
	seq: number;
	opts: BroadcastOptions;
	data: unknown[];
	emittedAt: number;
}

/** How long a restored connection is remembered as having had its replay (see `sendSlice`). */
const REPLAYED_KEPT_MS = 60_000;

/** What `restoreSession` answers for a session it cannot restore (Socket.IO's own adapters answer null too). */
const NOT_RESTORED = null as unknown as Session;

/**
 * Whether a stored broadcast went to a dropped connection, by the rooms it was in, as Socket.IO decides it: to all
 * (no rooms) or one of its rooms, and to none of its excepted rooms. A broadcast names a room or two and a restore
 * may look at thousands (after a join storm, one `event:joined` per socket): the broadcast's rooms are looked up.
 */
function reached(rooms: ReadonlySet<string>, opts: BroadcastOptions) {
	if (opts.rooms.size) {
		let included = false;
		for (const room of opts.rooms) if ((included = rooms.has(room))) break;
		if (!included) return false;
	}
	if (opts.except) for (const room of opts.except) if (rooms.has(room)) return false;
	return true;
}

/**
 * The hub's Socket.IO adapter on one process: the in-memory adapter with connection-state recovery, built on the
 * base adapter's public override points (`persistSession`, `restoreSession`, `broadcast`) with its own session
 * store and broadcast buffer. It keeps the semantics of Socket.IO's session-aware adapter:
 * - every event broadcast without an ack and not volatile is stored, its offset appended as its last argument (the
 *   client resumes from the last offset it saw);
 * - a dropped connection's state is kept for `maxDisconnectionDuration`, and so is each stored broadcast; both are
 *   let go by a periodic sweep;
 * - a restored connection gets every stored broadcast after its offset that went to one of its rooms and to none of
 *   its excepted ones.
 * And it adds:
 * - `vet`, asked before a connection is restored whether it may be and with which rooms;
 * - `remember` and `sendSlice`: a broadcast sent in slices (fanout.ts) is stored once, addressed to its real rooms;
 * - a restored session is let go (a private id restores one connection, once);
 * - offsets are numbered in sequence, so a client whose last broadcast is older than the buffer is still restored
 *   when nothing after it has been let go (a quiet phone keeps its recovery as long as it has missed nothing);
 * - a connection is replayed nothing from before it joined its first room (or was last restored): a client that has
 *   heard no broadcast since then resumes with the empty offset (`RESUME_FROM_JOIN`, which the page sends) from
 *   there, and an older offset, one a page kept from an earlier connection, counts from there too. So a phone that
 *   joined and heard nothing before its Wi-Fi dropped is restored without a broadcast sent to it only to give it an
 *   offset. (A phone's first room is its device's, joined as it connects; a fact to its event between that and its
 *   join is then replayed though the join's snapshot held it, and the page, which applies a version once, ignores it.)
 */
export class DaisAdapter extends Adapter {
	/** The adapter class for Socket.IO's `adapter` option, with the recovery window the server was given. */
	static with(opts: RecoveryOptions): typeof DaisAdapter {
		return class extends DaisAdapter {
			constructor(nsp: unknown) {
				super(nsp, opts);
			}
		};
	}

	/** Offsets of another adapter (another process, or before a restart) do not parse as this one's. */
	readonly #prefix = randomBytes(4).toString('hex');
	/** The sequence number the next stored broadcast gets. */
	#next = 0;
	/** Stored broadcasts, oldest first, numbered without gaps: the one numbered `n` is at `n - packets[0].seq`. */
	#packets: StoredPacket[] = [];
	readonly #sessions = new Map<string, { session: StoredSession; disconnectedAt: number; since?: number }>();
	/**
	 * Per connected socket, the sequence number of the first broadcast that may have been meant for it: the next one
	 * when it joined its first room, or when it was restored (its replay covered everything before). A socket that has
	 * joined only its own room has none.
	 */
	readonly #since = new Map<string, number>();
	/** How many of the kept sessions were in each room (a room's phones that are away and may come back). */
	readonly #away = new Map<string, number>();
	readonly #maxDisconnectionDuration: number;
	readonly #now: () => number;
	readonly #sweep: NodeJS.Timeout;

	/**
	 * Decides, before a dropped connection's state is restored, whether it may be (null: it starts afresh) and which
	 * of its rooms it keeps. Missed packets are then replayed for the kept rooms only: a replay goes out before any
	 * middleware or connection handler could stop it.
	 */
	vet: ((session: StoredSession) => string[] | null | Promise<string[] | null>) | null = null;

	constructor(nsp: unknown, opts: RecoveryOptions) {
		super(nsp);
		this.#maxDisconnectionDuration = opts.maxDisconnectionDuration;
		this.#now = opts.now ?? Date.now;
		this.#sweep = setInterval(() => this.expire(), opts.sweepIntervalMs ?? 60_000);
		// The sweep must not keep the process alive.
		this.#sweep.unref();
	}

	override close() {
		clearInterval(this.#sweep);
	}

	override addAll(id: string, rooms: Set<string>) {
		if (!this.#since.has(id))
			for (const room of rooms)
				if (room !== id) {
					this.#since.set(id, this.#next);
					break;
				}
		return super.addAll(id, rooms);
	}

	override delAll(id: string) {
		this.#since.delete(id);
		super.delAll(id);
	}

	override persistSession(session: StoredSession) {
		this.#forget(session.pid);
		// Socket.IO persists a dropped connection before it takes it out of its rooms (`delAll`).
		this.#sessions.set(session.pid, {
			session,
			disconnectedAt: this.#now(),
			since: this.#since.get(session.sid)
		});
		for (const room of session.rooms) this.#away.set(room, (this.#away.get(room) ?? 0) + 1);
	}

	/**
	 * How many connections that were in this room dropped within the recovery window and have not come back: each
	 * broadcast to the room now is replayed to them when they do, so they count in what it costs.
	 */
	away(room: string): number {
		return this.#away.get(room) ?? 0;
	}

	#forget(pid: string) {
		const stored = this.#sessions.get(pid);
		if (!stored) return;
		this.#sessions.delete(pid);
		for (const room of stored.session.rooms) {
			const n = (this.#away.get(room) ?? 0) - 1;
			if (n > 0) this.#away.set(room, n);
			else this.#away.delete(room);
		}
	}

	/**
	 * Restored connections (by socket id, which recovery keeps) and the last stored broadcast their replay held: a
	 * slice of a broadcast they were addressed to before they dropped must not reach them a second time.
	 */
	#replayed = new Map<string, { seq: number; at: number }>();

	override async restoreSession(pid: string, offset: string): Promise<Session> {
		const stored = this.#sessions.get(pid);
		if (!stored) return NOT_RESTORED;
		let rooms = stored.session.rooms;
		if (this.vet) {
			// Asked of the storage (is the sign-in still live, does the link still reach each staff room).
			const kept = await this.vet(stored.session);
			if (kept === null) {
				this.#forget(pid);
				return NOT_RESTORED;
			}
			rooms = kept;
		}
		if (stored.disconnectedAt + this.#maxDisconnectionDuration < this.#now()) {
			this.#forget(pid);
			return NOT_RESTORED;
		}
		const last = this.#lastSeen(offset, stored.since);
		const first = this.#packets[0]?.seq ?? this.#next;
		// An offset this adapter never gave, or one after which broadcasts have been let go: what it missed is unknown.
		if (last === null || last >= this.#next || last + 1 < first) return NOT_RESTORED;
		this.#forget(pid);
		this.#replayed.set(stored.session.sid, { seq: this.#next - 1, at: this.#now() });
		this.#since.set(stored.session.sid, this.#next);
		const missedPackets: unknown[][] = [];
		const mine = new Set(rooms);
		for (let i = last + 1 - first; i < this.#packets.length; i++) {
			const packet = this.#packets[i];
			if (reached(mine, packet.opts)) missedPackets.push(packet.data);
		}
		return { ...stored.session, rooms, missedPackets };
	}

	// `packet` is Socket.IO's own (socket.io-parser's Packet), typed `any` by the base class.
	override broadcast(packet: { type: PacketType; id?: number; data: unknown[] }, opts: BroadcastOptions) {
		// A packet with an ack cannot be replayed (its callback cannot be stored), nor is a volatile one meant to be.
		if (packet.type === PacketType.EVENT && packet.id === undefined && opts.flags?.volatile === undefined)
			packet.data.push(this.#store(opts, packet.data));
		super.broadcast(packet, opts);
	}

	/**
	 * Stores one logical broadcast for recovery without sending it; returns its packet's arguments, ending with the
	 * offset every slice of it must carry (the client resumes from the last offset it saw).
	 */
	remember(rooms: string[], event: string, payload: unknown): unknown[] {
		const data: unknown[] = [event, payload];
		data.push(this.#store({ rooms: new Set(rooms), except: new Set(), flags: {} }, data));
		return data;
	}

	/**
	 * Sends a slice of a remembered broadcast to these sockets (the in-memory adapter's send, not stored again). A
	 * socket that dropped and was restored since the broadcast was remembered had it in its replay: it is skipped.
	 */
	sendSlice(data: unknown[], socketIds: Iterable<string>) {
		const seq = this.#replayed.size ? this.#seqOf(String(data.at(-1))) : null;
		const to = [...socketIds].filter((id) => seq === null || (this.#replayed.get(id)?.seq ?? -1) < seq);
		// No rooms at all would mean every socket to the adapter.
		if (to.length === 0) return;
		super.broadcast(
			{ type: PacketType.EVENT, data, nsp: this.nsp.name as string },
			{ rooms: new Set(to), except: new Set<string>(), flags: {} }
		);
	}

	/** Lets go of sessions dropped, and broadcasts sent, longer ago than the recovery window (the periodic sweep). */
	expire() {
		const threshold = this.#now() - this.#maxDisconnectionDuration;
		for (const [pid, { disconnectedAt }] of this.#sessions) if (disconnectedAt < threshold) this.#forget(pid);
		// A broadcast still going out in slices is seconds old at most.
		const replayedBefore = this.#now() - REPLAYED_KEPT_MS;
		for (const [sid, { at }] of this.#replayed) if (at < replayedBefore) this.#replayed.delete(sid);
		// Oldest first: the expired ones are a prefix.
		let gone = 0;
		while (gone < this.#packets.length && this.#packets[gone].emittedAt < threshold) gone++;
		if (gone) this.#packets = this.#packets.slice(gone);
	}

	/** How many dropped connections and broadcasts are kept for recovery. */
	stored() {
		return { sessions: this.#sessions.size, broadcasts: this.#packets.length };
	}

	#store(opts: BroadcastOptions, data: unknown[]): string {
		const seq = this.#next++;
		this.#packets.push({ seq, opts, data, emittedAt: this.#now() });
		// Its offset is appended next, and then it never changes: every replay can write the frame made once.
		keptForReplay(data);
		return this.#prefix + seq.toString(36);
	}

	/**
	 * The last broadcast a dropped connection is known to have had: the one its offset names, or, for the empty offset
	 * or an offset from before it joined, the one before its first (null: not known, it cannot be restored).
	 */
	#lastSeen(offset: string, since: number | undefined): number | null {
		const before = since === undefined ? null : since - 1;
		if (offset === RESUME_FROM_JOIN) return before;
		const seq = this.#seqOf(offset);
		return seq === null || before === null ? seq : Math.max(seq, before);
	}

	#seqOf(offset: string): number | null {
		if (!offset.startsWith(this.#prefix)) return null;
		const digits = offset.slice(this.#prefix.length);
		return /^[0-9a-z]{1,10}$/.test(digits) ? parseInt(digits, 36) : null;
	}
}
