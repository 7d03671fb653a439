import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { CommandName } from '../../src/lib/protocol';
import type { DaisSocket } from './types';

export interface RateLimitSettings {
	/** Questions per device per `questionWindowSeconds` (a minute unless set). */
	questionsPerMinute: number;
	questionWindowSeconds?: number;
	votesPerMinute: number;
	/** Any command on one connection: a flooder is slowed without touching anyone else's connection. */
	eventsPerSecond?: number;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimitSettings> = {
	questionsPerMinute: 5,
	questionWindowSeconds: 60,
	votesPerMinute: 120,
	eventsPerSecond: 30
};

/** Why the socket must wait and for how long. */
export interface Refusal {
	message: string;
	retryAfterMs: number;
}
/** Resolves with a refusal when the socket must wait, or null to go ahead. */
export type Limit = (socket: DaisSocket) => Promise<Refusal | null>;

export interface RateLimits {
	connection: Limit;
	commands: Partial<Record<CommandName, Limit>>;
}

function guard(limiter: RateLimiterMemory, key: (s: DaisSocket) => string, what: string): Limit {
	return async (socket) => {
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
}

/**
 * Per-device limits on what attendees write (keyed by the device hash, so reconnecting does not reset them) and a
 * per-connection limit on everything, with a maintained limiter.
 */
export function createRateLimits(settings: RateLimitSettings = DEFAULT_RATE_LIMITS): RateLimits {
	const s = { ...DEFAULT_RATE_LIMITS, ...settings };
	const questions = new RateLimiterMemory({
		points: s.questionsPerMinute,
		duration: s.questionWindowSeconds
	});
	const votes = new RateLimiterMemory({ points: s.votesPerMinute, duration: 60 });
	const events = new RateLimiterMemory({ points: s.eventsPerSecond, duration: 1 });
	const device = (socket: DaisSocket) => socket.data.deviceHash;
	return {
		connection: guard(events, (socket) => socket.id, 'requests'),
		commands: {
			'question:ask': guard(questions, device, 'questions'),
			'question:vote': guard(votes, device, 'votes'),
			'poll:vote': guard(votes, device, 'votes')
		}
	};
}
