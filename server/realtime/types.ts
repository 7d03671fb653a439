import type { Server, Socket } from 'socket.io';
import type { ClientToServer, ServerToClient, SignInEnd } from '../../src/lib/protocol';
import type { HostCredential, StoredCredential } from '../access/access.store';

/** What the hub knows about a connection. Fixed at the handshake (identity) or by the hub itself (joins). */
export interface Conn {
	/** Keyed hash of the device id the hub issued to this browser; null when it sent none the hub can verify. */
	deviceHash: string | null;
	/**
	 * The source address as in-memory limits and counts know it (a keyed hash); never stored or logged. Made on first
	 * use (`addressOf`): most connections never send anything that counts by address, and a reconnect herd skips it.
	 */
	address: string | null;
	/** The staff credential this socket signed in with, if any. */
	credential: StoredCredential | null;
	/** A host's link, which belongs to no event: it may send the host commands and nothing else. */
	host?: HostCredential | null;
	/** The staff sign-in (one browser's) behind that credential: ending it ends this socket's staff access. */
	signInId: string | null;
	/**
	 * How this socket's staff cookie's sign-in ended, and how long before this connection: a staff page that was away
	 * when its link was revoked comes back with its cookie alone, and is told why instead of becoming an attendee.
	 */
	signInEnded?: { reason: SignInEnd; agoMs: number } | null;
	/** The event this socket joined with `event:join`. */
	eventId: string | null;
	/** The hall the attendee said they are in, for presence counts. */
	hallId: string | null;
}

/** What hubs tell each other in cluster mode (`serverSideEmit`). */
export interface BetweenHubs {
	/** A hub flushed this poll's tally from storage: any tally another hub keeps for it missed some ballots. */
	'dais:tally-stale': (eventId: string, pollId: string) => void;
	/** A link was revoked or a sign-in ended: this hub tells the room's sockets why and disconnects them. */
	'dais:end-access': (room: string, reason: SignInEnd) => void;
	/** The host deleted an event: this hub tells the pages following it and disconnects them. */
	'dais:event-removed': (eventId: string) => void;
	/** A poll opened, closed or reopened on another hub: this hub arms, re-arms or drops its countdown too. */
	'dais:countdown': (eventId: string, pollId: string) => void;
}

export type DaisServer = Server<ClientToServer, ServerToClient, BetweenHubs, Conn>;
export type DaisSocket = Socket<ClientToServer, ServerToClient, BetweenHubs, Conn>;
