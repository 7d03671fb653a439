import { createServer, type Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Db } from './db/connection';
import type { Sql } from './db/sql';
import { createSqliteSql } from './db/sqlite';
import { storageAnswers } from './db/health.store';
import { openStorage } from './db/storage';
import { clockFrom, rehearsalClock, systemClock, type Clock } from './clock';
import { createLogger } from './logger';
import { createRealtime } from './realtime/socket-server';
import { connectCluster, type ClusterOptions } from './realtime/cluster';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './realtime/rate-limits';
import { createServices } from './services';
import { deviceEndpoint } from './devices/devices.http';
import { metricsEndpoint } from './metrics/metrics.http';
import { isLoopback } from './realtime/address';
import { setAppContext } from './context';

const BUILD_HANDLER = fileURLToPath(new URL('../build/handler.js', import.meta.url));

export interface HubDeps {
	config: Config;
	db?: Db;
	/** The storage (default: `db` when given, else what config names: DATABASE_URL, or SQLite at config.dbFile). */
	sql?: Sql;
	log?: Logger;
	clock?: Clock;
	/** The SvelteKit handler: 'build' loads build/handler.js when it exists; null serves the API and sockets only. */
	app?: 'build' | RequestHandler | null;
	presenceIntervalMs?: number;
	rateLimits?: RateLimitSettings;
	voteIntervalMs?: number;
	/** How often connected staff sign-ins are checked against the database (default 1.5 s). */
	staffCheckIntervalMs?: number;
	/** How often head counts per hall are sampled for the attendance chart (default once a minute). */
	attendanceIntervalMs?: number;
	/** Cluster mode's Redis settings (used only when config.redisUrl is set). */
	cluster?: ClusterOptions;
	/** How long a dropped connection can be recovered with what it missed (default 2 minutes). */
	recoveryWindowMs?: number;
}

/** Builds the hub (Express + SvelteKit + Socket.IO on one HTTP server) without listening; tests start it on port 0. */
export async function createHub(deps: HubDeps) {
	const { config } = deps;
	const log = deps.log ?? createLogger(config.logLevel);
	const sql = deps.sql ?? (deps.db ? createSqliteSql(deps.db) : await openStorage(config));
	const movable =
		!deps.clock && config.clockStart && config.clockControl ? rehearsalClock(config.clockStart) : null;
	// Cluster mode: connected first, as the services count some things in Redis across the hubs.
	const cluster = config.redisUrl
		? await connectCluster(config.redisUrl, {
				onError: (err) => log.warn({ err }, 'Redis connection lost; reconnecting'),
				...deps.cluster
			})
		: null;
	const services = await createServices(
		sql,
		config,
		deps.clock ?? movable ?? (config.clockStart ? clockFrom(config.clockStart) : systemClock),
		cluster ?? undefined
	);
	const seeded = await services.seedIfEmpty();

	const app = express();
	app.disable('x-powered-by');
	app.set('trust proxy', false);
	// SvelteKit sets its own CSP with hashes for its inline start script; helmet's would block it. A form post
	// (sign-in, sign-out) carries its page's Origin only if the referrer policy lets same-origin requests have one
	// (under no-referrer browsers send "null" and SvelteKit refuses it); same-origin still tells other sites nothing.
	app.use(
		helmet({
			contentSecurityPolicy: false,
			crossOriginEmbedderPolicy: false,
			referrerPolicy: { policy: 'same-origin' }
		})
	);
	let closing: Promise<void> | null = null;
	// For load balancers: 503 once shutting down (take this hub out before its sockets are told to go) or when the
	// storage does not answer, so no client is sent to a hub that cannot commit its writes.
	app.get('/healthz', async (_req, res) => {
		if (closing) {
			res.status(503).json({ ok: false, error: 'shutting-down' });
			return;
		}
		try {
			await storageAnswers(sql);
			res.json({ ok: true });
		} catch (err) {
			log.warn({ err }, 'health check: the storage did not answer');
			res.status(503).json({ ok: false, error: 'storage' });
		}
	});
	app.use(
		deviceEndpoint({
			devices: services.devices,
			allowedOrigins: config.allowedOrigins,
			publicOrigin: config.publicOrigin
		})
	);
	if (movable) {
		// Rehearsal (and browser tests): jump the hub's clock; only from this machine, only when configured.
		// Another machine is refused before its body is read.
		const fromHere: RequestHandler = (req, res, next) => {
			if (isLoopback(req.socket.remoteAddress)) next();
			else res.status(403).json({ ok: false });
		};
		app.post('/rehearsal/clock', fromHere, express.json({ limit: '1kb' }), (req, res) => {
			const at = new Date(typeof req.body?.at === 'string' ? req.body.at : Number.NaN);
			if (Number.isNaN(at.getTime())) {
				res.status(400).json({ ok: false });
				return;
			}
			movable.set(at);
			// A poll's countdown runs to its closing instant on the hub's clock, wherever that now is.
			void realtime.rearmCountdowns();
			const now = services.clock.now().toISOString();
			// Every open page takes the hub's time afresh (its offset was read at its last join).
			realtime.io.emit('clock:moved', { now });
			res.json({ ok: true, now });
		});
	}

	const http: HttpServer = createServer(app);
	const realtime = createRealtime(http, {
		cluster,
		services,
		log,
		allowedOrigins: config.allowedOrigins,
		publicOrigin: config.publicOrigin,
		presenceIntervalMs: deps.presenceIntervalMs,
		rateLimits: {
			...DEFAULT_RATE_LIMITS,
			redeemsPerAddress: config.redeemsPerMinute,
			...config.rateLimits,
			...deps.rateLimits
		},
		voteIntervalMs: deps.voteIntervalMs,
		staffCheckIntervalMs: deps.staffCheckIntervalMs,
		attendanceIntervalMs: deps.attendanceIntervalMs,
		recoveryWindowMs: deps.recoveryWindowMs
	});
	app.use(metricsEndpoint({ metrics: realtime.metrics, signIns: services.signIns, log }));
	setAppContext({
		services,
		publish: realtime.publish,
		publicUrl: config.publicUrlSet ? config.publicUrl : null,
		secureCookies: config.publicOrigin ? config.publicOrigin.startsWith('https:') : null
	});

	// Behind a TLS proxy the pages' origin is PUBLIC_URL's: SvelteKit checks form posts (sign-in, sign-out) and the
	// import endpoint against ORIGIN, so it follows PUBLIC_URL unless an operator set ORIGIN themselves.
	if (config.publicOrigin) process.env.ORIGIN ??= config.publicOrigin;
	// Without ORIGIN, adapter-node assumes https unless told; tell it what this connection really is, so cookies are
	// not marked Secure on a plain-http venue network.
	process.env.PROTOCOL_HEADER ??= 'x-dais-protocol';
	// Programme files of up to 1 MB are accepted by the import endpoint.
	process.env.BODY_SIZE_LIMIT ??= '1M';
	process.env.HOST_HEADER ??= 'host';
	app.use((req, _res, next) => {
		req.headers['x-dais-protocol'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
		next();
	});

	let kit: RequestHandler | null = null;
	if (deps.app === 'build' || deps.app === undefined) {
		if (existsSync(BUILD_HANDLER)) {
			kit = ((await import(pathToFileURL(BUILD_HANDLER).href)) as { handler: RequestHandler }).handler;
		} else if (deps.app === 'build') {
			throw new Error('No SvelteKit build found: run `npm run build` first');
		}
	} else kit = deps.app;
	// Pages rendered on the hub go out compressed (an agenda page is ~35 KB of HTML and ~6 KB gzipped: half a second at
	// 400 kbit/s). The built files are already compressed at build time and served as they are; sockets do not pass
	// through Express.
	if (kit) app.use(streamErrors(log), compression(), kit);
	app.use(requestErrors(log));

	return {
		http,
		io: realtime.io,
		services,
		seeded,
		log,
		/** Writes the attendance sample for the current minute now (the timer does it once a minute). */
		sampleAttendance: () => realtime.attendance.sample(),
		/** Listens and resolves with the bound port (pass 0 for any free port). */
		listen(port = config.port, host = config.host) {
			return new Promise<number>((resolve, reject) => {
				http.once('error', reject);
				// A hall whose Wi-Fi comes back reconnects all at once: a deep accept queue keeps those SYNs from being
				// dropped and retried a second later (Node's default is 511; the kernel caps it at net.core.somaxconn).
				http.listen({ port, host, backlog: config.listenBacklog }, () => {
					const addr = http.address();
					resolve(typeof addr === 'object' && addr ? addr.port : port);
				});
			});
		},
		/** Stops accepting, disconnects sockets, lets in-flight requests finish, then closes the database. */
		close() {
			closing ??= (async () => {
				const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
				await realtime.close();
				http.closeIdleConnections();
				const force = setTimeout(() => http.closeAllConnections(), 5000);
				await stopped;
				clearTimeout(force);
				setAppContext(undefined);
				// Every queued write commits (and is answered) before the storage closes; SQLite checkpoints its WAL.
				await services.writes.flush();
				await cluster?.close();
				await sql.close();
			})();
			return closing;
		}
	};
}
export type Hub = Awaited<ReturnType<typeof createHub>>;

/**
 * SvelteKit's handler streams a built file from disk (sirv) with no error listener: a file it listed at start that
 * can no longer be read (a new build replaced the old one's hashed files while this hub runs, or the process is out
 * of file descriptors) emitted an unhandled 'error' and took the hub, and every phone's connection, down with it.
 * Such an error now ends that one response.
 */
function streamErrors(log: Logger): RequestHandler {
	return (req, res, next) => {
		res.on('pipe', (source) =>
			source.on('error', (err: unknown) => {
				log.warn({ err, path: req.path }, 'a file could not be served');
				res.destroy();
			})
		);
		next();
	};
}

/**
 * The last word on a request that failed in Express (a body that is not JSON, or too large, or a handler that threw):
 * its status and a short reason, logged once through the hub's logger. Express's own handler would answer with an
 * HTML page holding the stack trace and the install's paths, and print the stack to stderr.
 */
function requestErrors(log: Logger): ErrorRequestHandler {
	return (err: unknown, req, res, _next) => {
		const status = (err as { status?: unknown }).status;
		const code = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
		if (code >= 500) log.error({ err, path: req.path }, 'request failed');
		else log.info({ path: req.path, status: code }, 'request refused');
		// Half an answer cannot be turned into another one: the connection ends instead.
		if (res.headersSent) {
			res.destroy();
			return;
		}
		res.status(code).json({ ok: false, error: code >= 500 ? 'internal' : 'bad-request' });
	};
}
