import { performance } from 'node:perf_hooks';
import {
	BurstyRateLimiter,
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type IRateLimiterOptions,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { Redis } from './cluster';
import type { CommandName } from '../../src/lib/protocol';
import { addressOf, type AddressKey } from './address';
import { TokenBucket } from './token-bucket';
import type { DaisSocket } from './types';

export interface RateLimitSettings {
	/** Questions per device per `questionWindowSeconds` (a minute unless set). */
	questionsPerMinute: number;
	questionWindowSeconds?: number;
	votesPerMinute: number;
	/** Frames of any kind on one connection: a flooder is slowed without touching anyone else's connection. */
	eventsPerSecond?: number;
	/** Bytes of frames on one connection a second (a burst of twice as much): what decoding frames costs. */
	bytesPerSecond?: number;
	/**
	 * Frames over either limit above that a connection may send before it is cut (refilled at a tenth of it a second);
	 * over-limit bytes count too, up to as many as the connection may send in a second.
	 */
	floodFrames?: number;
	/** Badge-code redemptions one device may attempt in ten minutes. */
	redeemsPerDevice?: number;
	/** Badge-code redemptions one source address may attempt a minute. */
	redeemsPerAddress?: number;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimitSettings> = {
	questionsPerMinute: 5,
	questionWindowSeconds: 60,
	votesPerMinute: 120,
	eventsPerSecond: 30,
	bytesPerSecond: 64 * 1024,
	floodFrames: 10,
	redeemsPerDevice: 10,
	redeemsPerAddress: 300
};

/** Why the socket must wait and for how long. */
export interface Refusal {
	message: string;
	retryAfterMs: number;
}
/** Resolves with a refusal when the socket must wait, or null to go ahead. */
export type Limit = ((socket: DaisSocket) => Promise<Refusal | null>) & {
	/** Gives back what the last check took: that write had been applied already (a retry costs nothing). */
	refund?: (socket: DaisSocket) => Promise<void>;
	/**
	 * A refusal keeps the point it took: the command is a guess at a secret (a badge code), where a refusal is a
	 * wrong guess. Elsewhere a refused command changed nothing and gives its point back.
	 */
	refusalsCount?: boolean;
};

/**
 * Every frame a connection sends, counted as it arrives at the Engine.IO layer: commands, unknown events, events
 * without an ack and packets that are no event at all. A connection that keeps sending past its limit is cut.
 */
export interface FrameLimits {
	/** Starts counting a socket's frames; `onFlood` runs once when it must be disconnected. */
	watch(socket: DaisSocket, onFlood: () => void): void;
	/** Whether the frame that carried the event being handled now was over the limit. */
	overLimit(socket: DaisSocket): boolean;
}

export interface RateLimits {
	frames: FrameLimits;
	commands: Partial<Record<CommandName, Limit>>;
}

function guard(limiter: RateLimiterAbstract, key: (s: DaisSocket) => string, what: string): Limit {
	const limit: Limit = async (socket) => {
		try {
			await limiter.consume(key(socket));
			return null;
		} catch (e) {
			if (e instanceof RateLimiterRes)
				return {
					message: `Too many ${what}: try again in ${Math.ceil(e.msBeforeNext / 1000)} s`,
					retryAfterMs: e.msBeforeNext
				};
			throw e;
		}
	};
	limit.refund = async (socket) => void (await limiter.reward(key(socket), 1));
	return limit;
}

/** Both limits must allow it; the first that refuses answers. */
function both(a: Limit, b: Limit): Limit {
	const limit: Limit = async (socket) => (await a(socket)) ?? (await b(socket));
	limit.refund = async (socket) => void (await Promise.all([a.refund?.(socket), b.refund?.(socket)]));
	return limit;
}

function frameLimits(s: Required<RateLimitSettings>): FrameLimits {
	const state = new WeakMap<DaisSocket, { over: boolean }>();
	const kb = s.bytesPerSecond / 1024;
	return {
		watch(socket, onFlood) {
			const now = performance.now();
			// Bytes are counted in kilobytes: a frame takes one token per started kilobyte.
			const frames = new TokenBucket({ burst: s.eventsPerSecond, perSecond: s.eventsPerSecond }, now);
			const bytes = new TokenBucket({ burst: 2 * kb, perSecond: kb }, now);
			const strikes = new TokenBucket({ burst: s.floodFrames, perSecond: s.floodFrames / 10 }, now);
			const strikeBytes = new TokenBucket({ burst: kb, perSecond: kb / 10 }, now);
			const c = { over: false };
			state.set(socket, c);
			let cut = false;
			// Engine.IO emits 'packet' before Socket.IO decodes the frame, so the verdict is ready when the event runs.
			socket.conn.on('packet', (packet: { type: string; data?: string | Buffer }) => {
				if (packet.type !== 'message') return;
				const t = performance.now();
				const kilobytes = Math.ceil((packet.data?.length ?? 0) / 1024);
				const overFrames = frames.take(t) > 0;
				const overBytes = bytes.take(t, kilobytes) > 0;
				c.over = overFrames || overBytes;
				const flooding = c.over && (strikes.take(t) > 0 || strikeBytes.take(t, kilobytes) > 0);
				if (flooding && !cut) {
					cut = true;
					onFlood();
				}
			});
		},
		overLimit: (socket) => state.get(socket)?.over ?? false
	};
}

/**
 * Per-device limits on what attendees write in an event (keyed by the event and the device hash the hub verified, so
 * reconnecting does not reset them), per-address limits on badge redemptions, and a per-connection limit on every frame.
 * With `redis` (cluster mode) the command limits are kept there, so a device gets the same budget whichever hubs its
 * requests reach; the per-connection frame limit stays with the connection's own hub.
 */
export function createRateLimits(
	settings: RateLimitSettings = DEFAULT_RATE_LIMITS,
	redis: Redis | undefined,
	/** What turns a source address into the key its limits are counted under (the hub's `services.addressKey`). */
	addressKey: AddressKey
): RateLimits {
	const s = { ...DEFAULT_RATE_LIMITS, ...settings };
	const limiter = (name: string, opts: IRateLimiterOptions): RateLimiterAbstract =>
		redis
			? new RateLimiterRedis({
					...opts,
					storeClient: redis,
					useRedisPackage: true,
					keyPrefix: `dais:limit:${name}`
				})
			: new RateLimiterMemory(opts);
	const questions = limiter('questions', {
		points: s.questionsPerMinute,
		duration: s.questionWindowSeconds
	});
	const votes = limiter('votes', { points: s.votesPerMinute, duration: 60 });
	const redeemsByDevice = limiter('redeems-device', { points: s.redeemsPerDevice, duration: 600 });
	const redeemsByAddress = limiter('redeems-address', { points: s.redeemsPerAddress, duration: 60 });
	// Each event has its own budget: a delegate at two events of one installation is limited in each separately.
	// Before the dispatcher refuses a device-less socket (`device-required`), its attempts count under its own id.
	const device = (socket: DaisSocket) =>
		`${socket.data.eventId ?? ''}:${socket.data.deviceHash ?? socket.id}`;
	const address = (socket: DaisSocket) => addressOf(socket, addressKey);
	return {
		frames: frameLimits(s),
		commands: {
			'question:ask': guard(questions, device, 'questions'),
			'question:vote': guard(votes, device, 'votes'),
			'poll:vote': guard(votes, device, 'votes'),
			'badge:redeem': Object.assign(
				both(
					guard(redeemsByDevice, device, 'attempts from this phone'),
					guard(redeemsByAddress, address, 'attempts from this network')
				),
				{ refusalsCount: true }
			)
		}
	};
}

/**
 * Cluster mode: the per-address limit on new device ids, in Redis, so several hubs together issue one address no
 * more than one hub would. The in-memory bucket's burst and rate as rate-limiter-flexible's bursty pair: `perMinute`
 * ids a minute, and once those are spent the rest of the burst, which comes back hourly (1,000 at 100 a minute:
 * 100 a minute plus 900 an hour): 2,000 phones behind one NAT over half an hour still pass, and an hour from a fresh
 * start gets 6,900 against the bucket's 7,000. These are fixed windows, not a bucket: a span across a window's edge can
 * get one window more. A Redis that does not answer falls back on a limit in this process meanwhile.
 */
export function createIssuanceLimit(
	issuance: { burst: number; perMinute: number },
	redis: Redis
): (key: string) => Promise<number> {
	const perMinute = Math.min(issuance.burst, Math.max(0, Math.round(issuance.perMinute)));
	const limiter = (name: string, opts: IRateLimiterOptions) =>
		new RateLimiterRedis({
			...opts,
			storeClient: redis,
			useRedisPackage: true,
			keyPrefix: `dais:limit:device-ids-${name}`,
			insuranceLimiter: new RateLimiterMemory(opts)
		});
	// No refill at all (a rate of 0): the burst's window never ends, as a bucket that never refills.
	const burst = limiter('burst', {
		points: issuance.burst - perMinute,
		duration: perMinute > 0 ? 3600 : 0
	});
	const ids =
		perMinute > 0
			? new BurstyRateLimiter(limiter('rate', { points: perMinute, duration: 60 }), burst)
			: burst;
	return async (key) => {
		try {
			await ids.consume(key);
			return 0;
		} catch (e) {
			if (e instanceof RateLimiterRes) return perMinute > 0 ? Math.max(1, e.msBeforeNext) : Infinity;
			throw e;
		}
	};
}
