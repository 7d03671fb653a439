import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { CommandName } from '../../src/lib/protocol';
import type { DaisSocket } from './types';

export interface RateLimitSettings {
	questionsPerMinute: number;
	votesPerMinute: number;
	/** Any command on one connection: a flooder is slowed without touching anyone else's connection. */
	eventsPerSecond?: number;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimitSettings> = {
	questionsPerMinute: 5,
	votesPerMinute: 120,
	eventsPerSecond: 30
};

/** Resolves with a message for the user when the socket must wait, or null to go ahead. */
export type Limit = (socket: DaisSocket) => Promise<string | null>;

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
				return `Too many ${what}: try again in ${Math.ceil(e.msBeforeNext / 1000)} s`;
			throw e;
		}
	};
}

/**
 * Per-device limits on what attendees write in an event (keyed by the event and the device hash, so reconnecting does not reset them) and a
 * per-connection limit on everything, with a maintained limiter.
 */
export function createRateLimits(settings: RateLimitSettings = DEFAULT_RATE_LIMITS): RateLimits {
	const s = { ...DEFAULT_RATE_LIMITS, ...settings };
	const questions = new RateLimiterMemory({ points: s.questionsPerMinute, duration: 60 });
	const votes = new RateLimiterMemory({ points: s.votesPerMinute, duration: 60 });
	const events = new RateLimiterMemory({ points: s.eventsPerSecond, duration: 1 });
	// Each event has its own budget: a delegate at two events of one installation is limited in each separately.
	const device = (socket: DaisSocket) => `${socket.data.eventId ?? ''}:${socket.data.deviceHash}`;
	return {
		connection: guard(events, (socket) => socket.id, 'requests'),
		commands: {
			'question:ask': guard(questions, device, 'questions'),
			'question:vote': guard(votes, device, 'votes'),
			'poll:vote': guard(votes, device, 'votes')
		}
	};
}
