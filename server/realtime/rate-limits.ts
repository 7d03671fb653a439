import { performance } from 'node:perf_hooks';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { CommandName } from '../../src/lib/protocol';
import { TokenBucket } from './token-bucket';
import type { DaisSocket } from './types';

export interface RateLimitSettings {
	questionsPerMinute: number;
	votesPerMinute: number;
	/** Frames of any kind on one connection: a flooder is slowed without touching anyone else's connection. */
	eventsPerSecond?: number;
	/** Frames refused for the limit above that a connection may send (refilled at a tenth of it a second) before it is cut. */
	floodFrames?: number;
	/** Badge-code redemptions one device may attempt in ten minutes. */
	redeemsPerDevice?: number;
	/** Badge-code redemptions one source address may attempt a minute. */
	redeemsPerAddress?: number;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimitSettings> = {
	questionsPerMinute: 5,
	votesPerMinute: 120,
	eventsPerSecond: 30,
	floodFrames: 60,
	redeemsPerDevice: 10,
	redeemsPerAddress: 300
};

/** Resolves with a message for the user when the socket must wait, or null to go ahead. */
export type Limit = (socket: DaisSocket) => Promise<string | null>;

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

function guard(limiter: RateLimiterMemory, key: (s: DaisSocket) => string, what: string): Limit {
	return async (socket) => {
		try {
			await limiter.consume(key(socket));
			return null;
		} catch (e) {
			if (e instanceof RateLimiterRes)
				return `Too many ${what}: try again in ${Math.ceil(e.msBeforeNext / 1000)} s`;
			throw e;
		}
	};
}

/** Both limits must allow it; the first that refuses answers. */
const both =
	(a: Limit, b: Limit): Limit =>
	async (socket) =>
		(await a(socket)) ?? (await b(socket));

function frameLimits(perSecond: number, floodFrames: number): FrameLimits {
	const state = new WeakMap<DaisSocket, { frames: TokenBucket; strikes: TokenBucket; over: boolean }>();
	return {
		watch(socket, onFlood) {
			const now = performance.now();
			const s = {
				frames: new TokenBucket({ burst: perSecond, perSecond }, now),
				strikes: new TokenBucket({ burst: floodFrames, perSecond: floodFrames / 10 }, now),
				over: false
			};
			state.set(socket, s);
			let cut = false;
			// Engine.IO emits 'packet' before Socket.IO decodes the frame, so the verdict is ready when the event runs.
			socket.conn.on('packet', (packet: { type: string }) => {
				if (packet.type !== 'message') return;
				const t = performance.now();
				s.over = s.frames.take(t) > 0;
				if (s.over && s.strikes.take(t) > 0 && !cut) {
					cut = true;
					onFlood();
				}
			});
		},
		overLimit: (socket) => state.get(socket)?.over ?? false
	};
}

/**
 * Per-device limits on what attendees write (keyed by the device hash the hub verified, so reconnecting does not
 * reset them), per-address limits on badge redemptions, and a per-connection limit on every frame.
 */
export function createRateLimits(settings: RateLimitSettings = DEFAULT_RATE_LIMITS): RateLimits {
	const s = { ...DEFAULT_RATE_LIMITS, ...settings };
	const questions = new RateLimiterMemory({ points: s.questionsPerMinute, duration: 60 });
	const votes = new RateLimiterMemory({ points: s.votesPerMinute, duration: 60 });
	const redeemsByDevice = new RateLimiterMemory({ points: s.redeemsPerDevice, duration: 600 });
	const redeemsByAddress = new RateLimiterMemory({ points: s.redeemsPerAddress, duration: 60 });
	// Before the dispatcher refuses a device-less socket (`device-required`), its attempts count under its own id.
	const device = (socket: DaisSocket) => socket.data.deviceHash ?? socket.id;
	const address = (socket: DaisSocket) => socket.data.address;
	return {
		frames: frameLimits(s.eventsPerSecond, s.floodFrames),
		commands: {
			'question:ask': guard(questions, device, 'questions'),
			'question:vote': guard(votes, device, 'votes'),
			'poll:vote': guard(votes, device, 'votes'),
			'badge:redeem': both(
				guard(redeemsByDevice, device, 'attempts from this phone'),
				guard(redeemsByAddress, address, 'attempts from this network')
			)
		}
	};
}
