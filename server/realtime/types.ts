import type { Server, Socket } from 'socket.io';
import type { ClientToServer, ServerToClient } from '../../src/lib/protocol';
import type { StoredCredential } from '../access/access.store';

/** What the hub knows about a connection. Fixed at the handshake (identity) or by the hub itself (joins). */
export interface Conn {
	/** Keyed hash of the device id the hub issued to this browser; null when it sent none the hub can verify. */
	deviceHash: string | null;
	/** The source address as in-memory limits and counts know it (a per-process hash); never stored or logged. */
	address: string;
	/** The staff credential this socket signed in with, if any. */
	credential: StoredCredential | null;
	/** The staff sign-in (one browser's) behind that credential: ending it ends this socket's staff access. */
	signInId: string | null;
	/** The event this socket joined with `event:join`. */
	eventId: string | null;
	/** The hall the attendee said they are in, for presence counts. */
	hallId: string | null;
}

export type DaisServer = Server<ClientToServer, ServerToClient, Record<string, never>, Conn>;
export type DaisSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, Conn>;
