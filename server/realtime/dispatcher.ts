import type { Logger } from 'pino';
import {
	commands,
	fail,
	issuesFromZod,
	MAX_PAYLOAD_BYTES,
	ok,
	STAFF_COMMANDS,
	type Ack,
	type CommandName,
	type CommandPayload,
	type CommandResults
} from '../../src/lib/protocol';
import { DomainError } from '../errors';
import type { Scope } from '../agenda/agenda.service';
import type { Services } from '../services';
import type { DaisSocket } from './types';
import type { RateLimits } from './rate-limits';

export interface HandlerResult<T> {
	data: T;
	/** Runs after the ack is sent, e.g. the room broadcast. Not run when a retried write is answered from the ledger. */
	after?: () => void;
	/** What the idempotency ledger keeps for a retry, when the first answer holds a secret that must not be stored. */
	ledger?: T;
}

export interface HandlerContext {
	socket: DaisSocket;
	/** For staff commands: the event and room the credential may act on. */
	scope: Scope;
}

export type Handler<C extends CommandName> = (
	payload: CommandPayload<C>,
	ctx: HandlerContext
) => HandlerResult<CommandResults[C]>;

export type HandlerTable = { [C in CommandName]?: Handler<C> };

const sizeOf = (payload: unknown) => {
	try {
		return JSON.stringify(payload)?.length ?? 0;
	} catch {
		return Infinity;
	}
};

/**
 * Wires a domain's handlers onto a socket with the same steps for every command:
 * validate -> authorize -> (for writes) apply once per client id, in a group-committed transaction -> ack -> broadcast.
 */
export function createDispatcher(
	table: HandlerTable,
	deps: { services: Services; log: Logger; limits?: RateLimits }
) {
	const { services, log, limits } = deps;

	/** One listener per socket (not one per command): a hall of phones holds thousands of sockets. */
	function handle(socket: DaisSocket, name: string, raw: unknown, ack: unknown) {
		// Only the table's own commands: "constructor" or "__proto__" must not reach Object.prototype.
		if (!Object.hasOwn(table, name)) return;
		const command = name as CommandName;
		const handler = table[command] as Handler<CommandName>;
		// A command without an ack callback cannot be answered; ignoring it is the only safe reply.
		if (typeof ack !== 'function') return;
		const reply = ack as (res: Ack<unknown>) => void;
		if (!limits) return execute(socket, command, handler, raw, reply);
		const own = limits.commands[command];
		limits
			.connection(socket)
			.then(async (refusal) => refusal ?? (own ? await own(socket) : null))
			.then(
				(refusal) =>
					refusal ? reply(fail('rate-limited', refusal)) : execute(socket, command, handler, raw, reply),
				(e: unknown) => reply(toFailure(e, command))
			);
	}

	function execute(
		socket: DaisSocket,
		name: CommandName,
		handler: Handler<CommandName>,
		raw: unknown,
		reply: (res: Ack<unknown>) => void
	) {
		let prepared: Prepared;
		try {
			prepared = prepare(socket, name, handler, raw);
		} catch (e) {
			reply(toFailure(e, name));
			return;
		}
		if (prepared.kind === 'answer') {
			reply(prepared.ack);
			prepared.after?.();
			return;
		}
		// A write is acknowledged only once the transaction holding it has committed.
		services.writes.run(prepared.write, (outcome) => {
			if (!outcome.ok) return reply(toFailure(outcome.error, name));
			reply(outcome.value.ack);
			outcome.value.after?.();
		});
	}

	type Prepared =
		| { kind: 'answer'; ack: Ack<unknown>; after?: () => void }
		| { kind: 'write'; write: () => { ack: Ack<unknown>; after?: () => void } };

	/** Validates and authorises; reads are answered at once, writes come back as work for the group commit. */
	function prepare(
		socket: DaisSocket,
		name: CommandName,
		handler: Handler<CommandName>,
		raw: unknown
	): Prepared {
		const answer = (ack: Ack<unknown>, after?: () => void): Prepared => ({ kind: 'answer', ack, after });
		if (sizeOf(raw) > MAX_PAYLOAD_BYTES)
			return answer(fail('payload-too-large', `payloads are limited to ${MAX_PAYLOAD_BYTES} bytes`));
		const parsed = commands[name].safeParse(raw);
		if (!parsed.success)
			return answer(fail('invalid-payload', 'the request is not valid', issuesFromZod(parsed.error.issues)));
		const payload = parsed.data as CommandPayload<CommandName>;

		const eventId = 'eventId' in payload ? payload.eventId : null;
		const roles = STAFF_COMMANDS[name];
		const credential = socket.data.credential;
		if (roles) {
			if (!credential || !roles.includes(credential.role) || credential.eventId !== eventId) {
				return answer(fail('forbidden', 'your role may not do this'));
			}
			if (!services.access.isLive(credential.id)) {
				return answer(fail('unauthenticated', 'this staff link has been revoked'), () =>
					socket.disconnect(true)
				);
			}
		}
		const scope: Scope = { eventId: eventId ?? '', roomId: roles ? credential!.roomId : null };
		const ctx: HandlerContext = { socket, scope };

		if (!('clientId' in payload) || !eventId) {
			const result = handler(payload, ctx);
			return answer(ok(result.data), result.after);
		}
		const clientId = payload.clientId;
		return {
			kind: 'write',
			write: () => {
				const prior = services.clientWrites.get(eventId, clientId);
				if (prior) {
					if (prior.command !== name)
						throw new DomainError('conflict', 'this client id was used for another command');
					// A retry: the stored answer, and no second broadcast.
					return { ack: ok(prior.result) };
				}
				const result = handler(payload, ctx);
				services.clientWrites.put(
					eventId,
					clientId,
					name,
					result.ledger ?? result.data,
					services.clock.now().toISOString()
				);
				return { ack: ok(result.data), after: result.after };
			}
		};
	}

	function toFailure(e: unknown, name: CommandName): Ack<never> {
		if (e instanceof DomainError) return fail(e.code, e.message, e.issues);
		log.error({ err: e, command: name }, 'command failed');
		return fail('internal', 'something went wrong on the server');
	}

	return (socket: DaisSocket) => {
		socket.onAny((name: string, raw: unknown, ack: unknown) => handle(socket, name, raw, ack));
	};
}
