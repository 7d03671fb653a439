import { pino, type Logger } from 'pino';

/** Structured logs. No request addresses or user agents are logged: attendees are anonymous. */
export function createLogger(level: string): Logger {
	return pino({ level, base: { app: 'dais' }, redact: ['req.headers.cookie', 'token'] });
}
