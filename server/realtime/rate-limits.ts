import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimits } from './define-handler';
import type { DaisSocket } from './types';

export interface RateLimitSettings {
	questionsPerMinute: number;
	votesPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { questionsPerMinute: 5, votesPerMinute: 120 };

/** Per-device limits for what attendees write, keyed by the device hash so a reconnect does not reset them. */
export function createRateLimits(settings: RateLimitSettings = DEFAULT_RATE_LIMITS): RateLimits {
	const questions = new RateLimiterMemory({ points: settings.questionsPerMinute, duration: 60 });
	const votes = new RateLimiterMemory({ points: settings.votesPerMinute, duration: 60 });

	const guard = (limiter: RateLimiterMemory, what: string) => async (socket: DaisSocket) => {
		try {
			await limiter.consume(socket.data.deviceHash);
			return null;
		} catch (e) {
			if (e instanceof RateLimiterRes) {
				return `Too many ${what}: try again in ${Math.ceil(e.msBeforeNext / 1000)} s`;
			}
			throw e;
		}
	};

	return { 'question:ask': guard(questions, 'questions'), 'question:vote': guard(votes, 'votes') };
}
