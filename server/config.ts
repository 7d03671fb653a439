import { resolve } from 'node:path';
import { DEFAULT_DEVICE_ISSUANCE, type DeviceIssuance } from './devices/devices.service';
import { DEFAULT_SIGNIN_SETTINGS, type SignInSettings } from './access/signins.service';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './realtime/rate-limits';

/** Every setting in one place, read from the environment, with defaults that run out of the box. */
export interface Config {
	port: number;
	host: string;
	/**
	 * DAIS_LISTEN_BACKLOG: how many connections may wait to be accepted (default 4,096). The kernel caps it at
	 * `net.core.somaxconn`; a hall whose Wi-Fi comes back all at once fills it, and each connection it cannot take
	 * tries again a second later.
	 */
	listenBacklog: number;
	dbFile: string;
	/** DATABASE_URL: a postgres:// address selects PostgreSQL instead of the SQLite file. */
	databaseUrl: string | null;
	/** DATABASE_POOL_SIZE: connections each hub keeps to PostgreSQL (reads run side by side; writes use one). */
	databasePoolSize: number;
	/** Where printed sign-in links point; defaults to http://localhost:PORT. */
	publicUrl: string;
	/** True when PUBLIC_URL was set: pages then use it for join links and QR codes instead of the request's origin. */
	publicUrlSet: boolean;
	/**
	 * PUBLIC_URL's origin when it was set: pages are served from there (behind a TLS proxy, https), so SvelteKit's
	 * ORIGIN, the staff cookie's Secure flag and the socket origin check follow it.
	 */
	publicOrigin: string | null;
	/** Extra origins allowed to open a socket besides the page's own host. */
	allowedOrigins: string[];
	/** Seed the sample conference into an empty database. */
	seedSample: boolean;
	/**
	 * `now`: move the sample so a working session with preset polls is live at start-up; `today`: day 1 is today in
	 * the event's zone; `fixed`: keep the file's dates.
	 */
	sampleDates: 'now' | 'today' | 'fixed';
	logLevel: string;
	/** Days after an event ends before attendee-written content may be purged. */
	retentionDays: number;
	/** Rehearsal: run the hub's clock as if it started at this instant (then it runs normally). */
	clockStart: Date | null;
	/** New device ids one source address may obtain: a burst, then so many a minute (in memory, never stored). */
	deviceIssuance: DeviceIssuance;
	/** Badge-code redemptions one source address may attempt a minute (in memory, never stored). */
	redeemsPerMinute: number;
	/** Rehearsal only: `POST /rehearsal/clock {"at": ISO}` from this machine moves the hub's clock (browser tests). */
	clockControl: boolean;
	/** How long staff sign-ins last and how often their cookie is renewed. */
	signIn: SignInSettings;
	/** Test only (DAIS_TEST_QUESTION_LIMIT=N/S): N questions per device per S seconds instead of 5 a minute. */
	rateLimits: RateLimitSettings | undefined;
	/** Cluster mode: several hubs share fan-out, recovery, counts and limits through this Redis (see realtime/cluster.ts). */
	redisUrl: string | null;
}

/** Per source address: a venue's NAT carries every attendee's redemption, so this is far above one person's need. */
export const DEFAULT_REDEEMS_PER_MINUTE = 300;

function int(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
	return n;
}

/** End-to-end tests shorten the question limit so a rate-limited question's automatic resend can be watched. */
function testQuestionLimit(value: string | undefined): RateLimitSettings | undefined {
	if (!value) return undefined;
	const m = /^(\d+)\/(\d+)$/.exec(value);
	if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
		throw new Error(`DAIS_TEST_QUESTION_LIMIT must look like 3/10 (questions/seconds), got "${value}"`);
	return { ...DEFAULT_RATE_LIMITS, questionsPerMinute: Number(m[1]), questionWindowSeconds: Number(m[2]) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = int(env.PORT, 3000, 'PORT');
	const sampleDates = env.DAIS_SAMPLE_DATES ?? 'now';
	if (sampleDates !== 'now' && sampleDates !== 'today' && sampleDates !== 'fixed') {
		throw new Error(`DAIS_SAMPLE_DATES must be "now", "today" or "fixed", got "${sampleDates}"`);
	}
	const clockStart = env.DAIS_CLOCK_START ? new Date(env.DAIS_CLOCK_START) : null;
	if (clockStart && Number.isNaN(clockStart.getTime())) {
		throw new Error(`DAIS_CLOCK_START must be an ISO date-time, got "${env.DAIS_CLOCK_START}"`);
	}
	const clockControl = env.DAIS_CLOCK_CONTROL === '1';
	if (clockControl && !clockStart)
		throw new Error('DAIS_CLOCK_CONTROL needs DAIS_CLOCK_START (rehearsal mode)');
	const databaseUrl = env.DATABASE_URL || null;
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new Error(
			`DATABASE_URL must be a postgres:// address, got "${databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`
		);
	}
	const databasePoolSize = int(env.DATABASE_POOL_SIZE, 20, 'DATABASE_POOL_SIZE');
	if (databasePoolSize < 1) throw new Error('DATABASE_POOL_SIZE must be at least 1');
	const listenBacklog = int(env.DAIS_LISTEN_BACKLOG, 4096, 'DAIS_LISTEN_BACKLOG');
	if (listenBacklog < 1) throw new Error('DAIS_LISTEN_BACKLOG must be at least 1');
	let publicOrigin: string | null = null;
	if (env.PUBLIC_URL) {
		try {
			publicOrigin = new URL(env.PUBLIC_URL).origin;
		} catch {
			throw new Error(
				`PUBLIC_URL must be an address such as https://dais.example.org, got "${env.PUBLIC_URL}"`
			);
		}
	}
	const hours = (name: string, fallbackMs: number, unitMs: number) =>
		int(env[name], Math.round(fallbackMs / unitMs), name) * unitMs;
	const signIn: SignInSettings = {
		idleMs: hours('DAIS_SIGNIN_IDLE_HOURS', DEFAULT_SIGNIN_SETTINGS.idleMs, 3_600_000),
		maxMs: hours('DAIS_SIGNIN_MAX_DAYS', DEFAULT_SIGNIN_SETTINGS.maxMs, 86_400_000),
		rotateMs: hours('DAIS_SIGNIN_ROTATE_MINUTES', DEFAULT_SIGNIN_SETTINGS.rotateMs, 60_000),
		graceMs: DEFAULT_SIGNIN_SETTINGS.graceMs
	};
	return {
		port,
		host: env.HOST ?? '0.0.0.0',
		listenBacklog,
		dbFile: resolve(env.DAIS_DB ?? 'data/dais.db'),
		databaseUrl,
		databasePoolSize,
		publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
		publicUrlSet: Boolean(env.PUBLIC_URL),
		publicOrigin,
		allowedOrigins: (env.DAIS_ORIGINS ?? '')
			.split(',')
			.map((s) => s.trim().replace(/\/$/, ''))
			.filter(Boolean),
		seedSample: env.DAIS_SEED !== 'none',
		sampleDates,
		logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
		retentionDays: int(env.DAIS_RETENTION_DAYS, 90, 'DAIS_RETENTION_DAYS'),
		clockStart,
		deviceIssuance: {
			burst: int(env.DAIS_DEVICE_BURST, DEFAULT_DEVICE_ISSUANCE.burst, 'DAIS_DEVICE_BURST'),
			perMinute: int(env.DAIS_DEVICE_PER_MINUTE, DEFAULT_DEVICE_ISSUANCE.perMinute, 'DAIS_DEVICE_PER_MINUTE')
		},
		redeemsPerMinute: int(env.DAIS_REDEEM_PER_MINUTE, DEFAULT_REDEEMS_PER_MINUTE, 'DAIS_REDEEM_PER_MINUTE'),
		clockControl,
		signIn,
		rateLimits: testQuestionLimit(env.DAIS_TEST_QUESTION_LIMIT),
		redisUrl: env.REDIS_URL || null
	};
}
