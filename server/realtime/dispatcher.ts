import type { Logger } from 'pino';
import {
	ATTENDEE_COMMANDS,
	commands,
	DEVICE_COMMANDS,
	fail,
	HOST_COMMANDS,
	issuesFromZod,
	JOINED_COMMANDS,
	MAX_PAYLOAD_BYTES,
	ok,
	rateLimited,
	STAFF_COMMANDS,
	type Ack,
	type CommandName,
	type CommandPayload,
	type CommandResults,
	type DeviceCommand
} from '../../src/lib/protocol';
import { credentialScope, eventScope, hostScope, staffRefusal, type Scope } from '../access/scope';
import type { Effect } from '../effects';
import { DomainError } from '../errors';
import type { Services } from '../services';
import { addressOf } from './address';
import type { DaisSocket } from './types';
import type { Limit, RateLimits } from './rate-limits';

export interface HandlerResult<T> {
	data: T;
	/** Published after the ack (for a write, once it has committed); never for a retry answered from the ledger. */
	effects?: readonly Effect[];
	/** What the idempotency ledger keeps for a retry, when the first answer holds a secret that must not be stored. */
	ledger?: T;
	/**
	 * What the write is about, when a later write of the same command by the same writer replaces it (a ballot in a
	 * poll, an upvote of a question): the ledger then answers the earlier writes' retries with this answer.
	 */
	supersedes?: string;
}

export interface HandlerContext {
	socket: DaisSocket;
	/** What the command may act on: a staff link's event and hall, or for anyone else the whole event. */
	scope: Scope;
}

/** A command made as the device (a question, an upvote, a ballot, a badge): the hub issued and verified its id. */
export interface DeviceContext extends HandlerContext {
	device: {
		/** Keyed hash of the device id. */
		hash: string;
		/** The source address as in-memory counts know it (never stored). */
		address: string;
	};
}

export type ContextOf<C extends CommandName> = C extends DeviceCommand ? DeviceContext : HandlerContext;

export type Handler<C extends CommandName> = (
	payload: CommandPayload<C>,
	ctx: ContextOf<C>
) => HandlerResult<CommandResults[C]> | Promise<HandlerResult<CommandResults[C]>>;

export type HandlerTable = { [C in CommandName]?: Handler<C> };

/** How deeply a payload may nest (the deepest command payload nests four levels); deeper is refused unread. */
export const MAX_PAYLOAD_DEPTH = 16;

/**
 * Whether a payload nests deeper than `max`, found without recursion: a hostile payload a few thousand levels deep
 * must not reach code (JSON, zod, error reports) whose recursion depends on how much stack is left.
 */
export function nestsDeeper(payload: unknown, max = MAX_PAYLOAD_DEPTH): boolean {
	const stack: [unknown, number][] = [[payload, 0]];
	let seen = 0;
	while (stack.length) {
		const [value, depth] = stack.pop()!;
		if (typeof value !== 'object' || value === null) continue;
		if (depth >= max || ++seen > 100_000) return true;
		for (const v of Array.isArray(value) ? value : Object.values(value)) stack.push([v, depth + 1]);
	}
	return false;
}

/**
 * What gives back a limit's point for a write that was a retry. A refund that fails (Redis away) leaves the point
 * taken: the limit errs on its own side. (Returned, not bound to a name: see `reply` in the dispatcher.)
 */
function refunding(limit: Limit, socket: DaisSocket): () => void {
	return () => void limit.refund?.(socket).catch(() => {});
}

/** `retry`: the write had been applied before (same client id); the answer is the stored one. */
type Answered = { ack: Ack<unknown>; effects?: readonly Effect[]; retry?: boolean };
type Prepared =
	({ kind: 'answer'; disconnect?: boolean } & Answered) | { kind: 'write'; write: () => Promise<Answered> };

/** A refusal or read answered at once (`disconnect`: then let the connection go). */
function answer(ack: Ack<unknown>, disconnect = false): Prepared {
	return { kind: 'answer', ack, disconnect };
}

/** An ack callback that also tells `onAck` how long the command took from `arrived`. */
function measured(
	send: (res: Ack<unknown>) => void,
	command: CommandName,
	arrived: number,
	onAck: (command: CommandName, ack: Ack<unknown>, ms: number) => void
) {
	return (res: Ack<unknown>) => {
		send(res);
		onAck(command, res, performance.now() - arrived);
	};
}

const sizeOf = (payload: unknown) => {
	try {
		return JSON.stringify(payload)?.length ?? 0;
	} catch {
		return Infinity;
	}
};

/**
 * Wires a domain's handlers onto a socket with the same steps for every command: count the frame against the
 * connection's limit -> validate -> authorise (staff role and live link, or a joined event; a device id the hub
 * issued for commands made as the device) -> (for writes) apply once per client id, in a group-committed
 * transaction -> ack -> publish the effects.
 */
export function createDispatcher(
	table: HandlerTable,
	deps: {
		services: Services;
		log: Logger;
		/** The one step that sends effects to their rooms. */
		publish: (effects: readonly Effect[]) => unknown;
		limits?: RateLimits;
		/** Told of every answered command: its ack and how long it took from arrival (ms). */
		onAck?: (command: CommandName, ack: Ack<unknown>, ms: number) => void;
	}
) {
	const { services, log, publish, limits, onAck } = deps;
	const joinedOnly = new Set<CommandName>(JOINED_COMMANDS);
	const asDevice = new Set<CommandName>(DEVICE_COMMANDS);
	const hostOnly: ReadonlySet<CommandName> = new Set(HOST_COMMANDS);
	const attendeeOnly: ReadonlySet<CommandName> = new Set(ATTENDEE_COMMANDS);
	/**
	 * Writes an archived event still takes: taking a person's access away, or an attendee's own question, never waits
	 * for the event to be restored.
	 */
	const onArchived: ReadonlySet<CommandName> = new Set([
		'staff:revoke',
		'staff:end-signin',
		'question:withdraw'
	]);
	const after = (effects: readonly Effect[] | undefined) => {
		if (effects?.length) publish(effects);
	};

	/** One listener per socket (not one per command): a hall of phones holds thousands of sockets. */
	function handle(socket: DaisSocket, name: string, raw: unknown, ack: unknown) {
		// A command without an ack callback cannot be answered; ignoring it is the only safe reply. Unknown events and
		// commands without an ack were still counted against the connection's frame limit as they arrived.
		if (typeof ack !== 'function') return;
		// Only the table's own commands: "constructor" or "__proto__" must not reach Object.prototype. A page or script
		// waiting on an answer to a name the hub does not know hears so at once (the name is not echoed back).
		if (!Object.hasOwn(table, name))
			return void (ack as (res: Ack<unknown>) => void)(fail('not-found', 'the hub has no such command'));
		const command = name as CommandName;
		const handler = table[command] as Handler<CommandName>;
		const answer = ack as (res: Ack<unknown>) => void;
		// Made by functions, not bound to names here: the hub runs under tsx, whose esbuild names every arrow function
		// bound to a const or a property with a defineProperty call, once per command on this path.
		const reply = onAck ? measured(answer, command, performance.now(), onAck) : answer;
		if (limits?.frames.overLimit(socket))
			return reply(rateLimited('Too many requests: slow down for a second', 1000));
		const own = limits?.commands[command];
		if (!own) return void execute(socket, command, handler, raw, reply);
		const refund = refunding(own, socket);
		// A command refused (a session that does not exist, a text over its limit) changed nothing: it does not use up
		// the person's allowance, so five mistyped questions do not keep the sixth, good one waiting a minute. A wrong
		// guess at a badge code does (`refusalsCount`): that limit is there to count them.
		const answered = (res: Ack<unknown>) => {
			if (!res.ok && res.error !== 'rate-limited' && !own.refusalsCount) refund();
			reply(res);
		};
		own(socket).then(
			async (refusal) => {
				// A retry of a write applied before is answered as before, however busy its device has been since, and
				// gives back what it took from the limit: a phone resending what a dropped connection left unacknowledged
				// is not held back, nor held back later for having resent it.
				if (!refusal) return execute(socket, command, handler, raw, answered, refund);
				if (await appliedBefore(raw)) return execute(socket, command, handler, raw, reply);
				reply(rateLimited(refusal.message, refusal.retryAfterMs));
			},
			(e: unknown) => reply(toFailure(e, command))
		);
	}

	/** Whether a write with this payload's event and client id was applied before (a payload not yet validated). */
	async function appliedBefore(raw: unknown): Promise<boolean> {
		if (typeof raw !== 'object' || raw === null) return false;
		const { eventId, clientId } = raw as { eventId?: unknown; clientId?: unknown };
		if (typeof eventId !== 'string' || typeof clientId !== 'string') return false;
		try {
			return (await services.clientWrites.get(eventId, clientId)) !== undefined;
		} catch {
			// Unknown: the refusal stands, and the phone sends it again when the wait is over.
			return false;
		}
	}

	async function execute(
		socket: DaisSocket,
		name: CommandName,
		handler: Handler<CommandName>,
		raw: unknown,
		reply: (res: Ack<unknown>) => void,
		/** Called when the write turns out to be a retry of one applied before. */
		onRetry?: () => void
	) {
		let prepared: Prepared;
		try {
			prepared = await prepare(socket, name, handler, raw);
		} catch (e) {
			reply(toFailure(e, name));
			return;
		}
		if (prepared.kind === 'answer') {
			reply(prepared.ack);
			if (prepared.disconnect) socket.disconnect(true);
			after(prepared.effects);
			return;
		}
		// A write is acknowledged only once the transaction holding it has committed.
		services.writes.run(prepared.write, (outcome) => {
			if (!outcome.ok) return reply(toFailure(outcome.error, name));
			const { ack, effects, retry } = outcome.value;
			if (retry) onRetry?.();
			// A session that changed halls re-derives who is in its staff room (a read of the storage) before the
			// command is answered: once the organiser sees it done, the old hall's staff are already out.
			if (effects?.some((e) => e.type === 'session-rehomed')) {
				void Promise.resolve(publish(effects)).finally(() => reply(ack));
				return;
			}
			reply(ack);
			after(effects);
		});
	}

	/** Validates and authorises; reads are answered at once, writes come back as work for the group commit. */
	async function prepare(
		socket: DaisSocket,
		name: CommandName,
		handler: Handler<CommandName>,
		raw: unknown
	): Promise<Prepared> {
		if (nestsDeeper(raw))
			return answer(fail('invalid-payload', `payloads nest at most ${MAX_PAYLOAD_DEPTH} levels deep`));
		if (sizeOf(raw) > MAX_PAYLOAD_BYTES)
			return answer(
				fail('payload-too-large', `payloads are limited to ${MAX_PAYLOAD_BYTES} bytes`, undefined, {
					reason: 'payload-too-large'
				})
			);
		const parsed = commands[name].safeParse(raw);
		if (!parsed.success)
			return answer(fail('invalid-payload', 'the request is not valid', issuesFromZod(parsed.error.issues)));
		const payload = parsed.data as CommandPayload<CommandName>;

		const eventId = 'eventId' in payload ? payload.eventId : null;
		const roles = STAFF_COMMANDS[name];
		const credential = socket.data.credential;
		const host = hostOnly.has(name);
		if (host) {
			if (!socket.data.host)
				return answer(
					fail('forbidden', 'your role may not do this', undefined, { reason: 'role-forbidden' })
				);
			if (!(await services.signIns.isLive(socket.data.signInId))) {
				return answer(
					fail('unauthenticated', 'this staff sign-in has ended', undefined, { reason: 'signin-ended' }),
					true
				);
			}
		} else if (
			eventId &&
			'clientId' in payload &&
			!onArchived.has(name) &&
			(await services.events.archived(eventId))
		) {
			// An archived event is read-only for everyone; only a host can bring it back.
			return answer(
				fail('forbidden', 'this event is archived and read-only', undefined, { reason: 'event-archived' })
			);
		}
		if (roles) {
			const refusal = staffRefusal(credential ?? null, roles, eventId, !!socket.data.signInEnded);
			if (refusal) return answer(fail(refusal.error, refusal.message, undefined, { reason: refusal.reason }));
			// The sign-in may have been ended or its link revoked by another process since the socket connected.
			if (!(await services.signIns.isLive(socket.data.signInId))) {
				return answer(
					fail('unauthenticated', 'this staff sign-in has ended', undefined, { reason: 'signin-ended' }),
					true
				);
			}
		}
		// A staff link of this event (a moderator's console, a hall screen) acts as staff, not as the device it runs on.
		if (attendeeOnly.has(name) && credential && credential.eventId === eventId)
			return answer(
				fail('forbidden', 'staff act on questions through moderation', undefined, {
					reason: 'role-forbidden'
				})
			);
		if (joinedOnly.has(name) && socket.data.eventId !== eventId)
			return answer(fail('not-joined', 'join the event first', undefined, { reason: 'join-first' }));
		const { deviceHash } = socket.data;
		if (asDevice.has(name) && !deviceHash)
			return answer(
				fail('device-required', 'this browser has no device id from the hub: get one and reconnect')
			);
		const scope = host
			? hostScope(eventId)
			: roles
				? credentialScope(credential!)
				: eventScope(eventId ?? '');
		const ctx: HandlerContext | DeviceContext =
			asDevice.has(name) && deviceHash
				? { socket, scope, device: { hash: deviceHash, address: addressOf(socket, services.addressKey) } }
				: { socket, scope };

		if (!('clientId' in payload) || !eventId) {
			const result = await handler(payload, ctx);
			const also = name === 'event:join' ? (payload as CommandPayload<'event:join'>).also : undefined;
			if (also?.length) return withReads(socket, result as HandlerResult<CommandResults['event:join']>, also);
			return { kind: 'answer', ack: ok(result.data), effects: result.effects };
		}
		const clientId = payload.clientId;
		return {
			kind: 'write',
			write: writeOnce(payload, clientId, eventId, name, handler, ctx, roles, credential, host)
		};
	}

	/**
	 * A join's answer with the reads sent along with it (`also`), each prepared as if it had come as its own command
	 * (checked, authorised, answered) after the join, so it sees the event the join has just joined. A read that is
	 * refused is refused in its own ack; the join stands.
	 */
	async function withReads(
		socket: DaisSocket,
		joined: HandlerResult<CommandResults['event:join']>,
		reads: NonNullable<CommandPayload<'event:join'>['also']>
	): Promise<Prepared> {
		const also: Ack<unknown>[] = [];
		const effects: Effect[] = [...(joined.effects ?? [])];
		let disconnect = false;
		for (const read of reads) {
			try {
				const prepared = await prepare(
					socket,
					read.name,
					table[read.name] as Handler<CommandName>,
					read.payload
				);
				// The reads JOIN_ALSO names carry no client id: each is answered, never queued as a write.
				if (prepared.kind !== 'answer') throw new Error(`${read.name} is not a read`);
				also.push(prepared.ack);
				if (prepared.effects) effects.push(...prepared.effects);
				disconnect ||= prepared.disconnect === true;
			} catch (e) {
				also.push(toFailure(e, read.name));
			}
		}
		return { kind: 'answer', ack: ok({ ...joined.data, also }), effects, disconnect };
	}

	/** The write's work in the group commit: applied once per client id, audited when staff or a host made it. */
	function writeOnce(
		payload: CommandPayload<CommandName> & { clientId: string },
		clientId: string,
		eventId: string,
		name: CommandName,
		handler: Handler<CommandName>,
		ctx: HandlerContext | DeviceContext,
		roles: readonly string[] | undefined,
		credential: DaisSocket['data']['credential'],
		host: boolean
	) {
		const { socket } = ctx;
		return async (): Promise<Answered> => {
			// Checked again inside the transaction: a revocation committed between the check above and this write (the
			// organiser's revoke and the moderator's click in the same moment) leaves nothing of the link behind it.
			if ((roles || host) && !(await services.signIns.isLive(socket.data.signInId)))
				throw DomainError.because('unauthenticated', 'signin-ended', 'this staff sign-in has ended');
			const writer = writerOf(socket, roles, host);
			const prior = await services.clientWrites.get(eventId, clientId);
			if (prior) {
				if (prior.command !== name)
					throw new DomainError('conflict', 'this client id was used for another command');
				// Someone else replaying an id they saw or guessed gets neither the stored answer nor a write.
				if (prior.writer !== null && prior.writer !== writer)
					throw new DomainError('conflict', 'this client id was used by someone else');
				// A retry: the stored answer, and no second broadcast.
				return { ack: ok(prior.result), retry: true };
			}
			const result = await handler(payload, ctx);
			await services.clientWrites.put(
				eventId,
				clientId,
				{ command: name, writer, result: result.ledger ?? result.data, subject: result.supersedes },
				services.clock.now().toISOString()
			);
			// Every staff write is audited here, in its own transaction: it commits with the write or not at all.
			if (roles && credential)
				await services.audit.record({ eventId, credential, command: name, payload, data: result.data });
			// A host's action on an event goes in that event's log, so its organisers see who created, cleared,
			// archived it or minted its organiser link.
			else if (host && socket.data.host)
				await services.audit.record({
					eventId,
					credential: socket.data.host,
					command: name,
					payload,
					data: result.data
				});
			return { ack: ok(result.data), effects: result.effects };
		};
	}

	/**
	 * Who a write is from, as the ledger keeps it: the staff link for a staff command, the host's link for a host
	 * command, otherwise the device the hub verified (or no one, for a socket without one).
	 */
	function writerOf(socket: DaisSocket, roles: readonly string[] | undefined, host: boolean): string {
		const { credential, deviceHash } = socket.data;
		if (roles && credential) return `staff:${credential.id}`;
		if (host && socket.data.host) return `host:${socket.data.host.id}`;
		return deviceHash ? `device:${deviceHash}` : 'anonymous';
	}

	function toFailure(e: unknown, name: CommandName): Ack<never> {
		if (e instanceof DomainError)
			return fail(e.code, e.message, e.issues, e.reason ? { reason: e.reason, params: e.params } : undefined);
		log.error({ err: e, command: name }, 'command failed');
		return fail('internal', 'something went wrong on the server');
	}

	return (socket: DaisSocket) => {
		limits?.frames.watch(socket, () => {
			log.warn({ socket: socket.id }, 'connection cut for flooding');
			socket.disconnect(true);
			// A polite close would wait for a flooder's reply while still reading what it sends: drop the connection.
			socket.request.socket.destroy();
		});
		socket.onAny((name: string, raw: unknown, ack: unknown) => handle(socket, name, raw, ack));
	};
}
