import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import { STAFF_COOKIE } from '../access/access.service';
import { DEVICE_COOKIE } from '../devices/devices.service';
import { accessHandlers } from '../access/access.socket';
import { auditHandlers } from '../audit/audit.socket';
import { agendaHandlers } from '../agenda/agenda.socket';
import { eventHandlers } from '../event/event.socket';
import { hostHandlers } from '../event/host.socket';
import { qaHandlers } from '../qa/qa.socket';
import { pollHandlers } from '../polls/polls.socket';
import { badgeHandlers } from '../badges/badges.socket';
import { MAX_FRAME_BYTES } from '../../src/lib/protocol';
import { personalHandlers } from '../calendar/personal.socket';
import type { Services } from '../services';
import { readCookie } from './cookies';
import { createDispatcher } from './dispatcher';
import { createPresence } from './presence';
import { createAttendanceSampler } from '../report/attendance';
import { createFanout } from './fanout';
import { createMetrics } from '../metrics/metrics';
import { DaisAdapter } from './adapter';
import { batchWrites } from './batched-writes';
import { createClusterPresence, createSharedCounts, type Cluster } from './cluster';
import { parser } from './encoded';
import { createPublisher } from './publisher';
import { createRateLimits, type RateLimitSettings } from './rate-limits';
import { originAllowed } from './origin';
import { membership, rooms } from './rooms';
import { createStaffAccess } from './staff-access';
import type { DaisServer, DaisSocket } from './types';

export interface RealtimeOptions {
	services: Services;
	log: Logger;
	/** Origins allowed besides the page's own (PUBLIC_URL's, or the request's own scheme and host). */
	allowedOrigins: string[];
	/** PUBLIC_URL's origin, when set: the pages' origin. */
	publicOrigin?: string | null;
	/** How often connected staff sign-ins are checked against the database (revoked, ended, expired). */
	staffCheckIntervalMs?: number;
	presenceIntervalMs?: number;
	/** False when sharing the HTTP server with Vite, whose HMR socket must still upgrade. */
	destroyUpgrade?: boolean;
	rateLimits?: RateLimitSettings;
	/** How often coalesced vote counts and poll results go out to a session's room. */
	voteIntervalMs?: number;
	/** How often head counts per hall are written for the attendance chart (default once a minute). */
	attendanceIntervalMs?: number;
	/** Cluster mode (REDIS_URL): fan-out, recovery, coalesced counts, presence and rate limits shared through Redis. */
	cluster?: Cluster | null;
	/** How long a dropped connection can be recovered with what it missed (default 2 minutes). */
	recoveryWindowMs?: number;
}

/** Attaches Socket.IO to an HTTP server (the hub's own, or Vite's in development). */
export function createRealtime(http: HttpServer, opts: RealtimeOptions) {
	const { services, log } = opts;
	const cluster = opts.cluster ?? null;
	const maxDisconnectionDuration = opts.recoveryWindowMs ?? 2 * 60_000;
	const io: DaisServer = new Server(http, {
		serveClient: false,
		destroyUpgrade: opts.destroyUpgrade ?? true,
		// Frames above this close the connection; the per-command limit below it answers with an error ack.
		maxHttpBufferSize: MAX_FRAME_BYTES,
		allowRequest: (req, cb) => {
			const ok = originAllowed(
				req.headers.origin,
				{ host: req.headers.host, encrypted: 'encrypted' in req.socket && req.socket.encrypted === true },
				{ publicOrigin: opts.publicOrigin ?? null, extra: opts.allowedOrigins }
			);
			cb(ok ? null : 'origin not allowed', ok);
		},
		connectionStateRecovery: { maxDisconnectionDuration, skipMiddlewares: false },
		adapter: (cluster ? cluster.adapter : DaisAdapter.with({ maxDisconnectionDuration })) as never,
		parser
	});
	batchWrites(io);

	const metrics = createMetrics();
	const fanout = createFanout(io, { log, onSent: metrics.sent });
	metrics.watch(io, fanout);
	const unwatchCommits = services.writes.onCommit(metrics.committed);
	const shared = cluster
		? createSharedCounts({ cluster, io, fanout, services, intervalMs: opts.voteIntervalMs ?? 250, log })
		: undefined;
	const publisher = createPublisher({ io, fanout, services, intervalMs: opts.voteIntervalMs, shared });
	const { publish } = publisher;
	// The countdowns that were running when the hub last stopped close their polls on time (or at once, if past).
	const armCountdowns = () =>
		publisher.startCountdowns().catch((err: unknown) => log.error({ err }, 'poll countdowns not armed'));
	void armCountdowns();
	// In cluster mode each hub tells its own organisers the sum over the hubs.
	const summed = cluster
		? createClusterPresence(
				cluster,
				(counts) => io.local.to(rooms.organisers(counts.eventId)).emit('presence:updated', counts),
				opts.presenceIntervalMs,
				(err) => log.warn({ err }, 'presence sync failed')
			)
		: null;
	const presence =
		summed ?? createPresence((counts) => publish([{ type: 'presence', counts }]), opts.presenceIntervalMs);
	const attendance = createAttendanceSampler({
		// One row per hub, added up when read.
		presence: summed?.local ?? presence,
		store: services.attendance,
		clock: services.clock,
		intervalMs: opts.attendanceIntervalMs,
		onError: (err) => log.error({ err }, 'attendance sample failed')
	});
	const table = {
		...eventHandlers(services, presence),
		...hostHandlers(services, presence),
		...agendaHandlers(services),
		...accessHandlers(services),
		...auditHandlers(services),
		...qaHandlers(services),
		...pollHandlers(services),
		...badgeHandlers(services),
		...personalHandlers(services)
	};
	const limits = createRateLimits(opts.rateLimits, cluster?.redis, services.addressKey);
	const dispatch = createDispatcher(table, { services, log, publish, limits, onAck: metrics.ack });
	const staffAccess = createStaffAccess({
		io,
		services,
		log,
		publish,
		intervalMs: opts.staffCheckIntervalMs
	});
	publisher.onRehome(staffAccess.rehome);
	const adapter: unknown = io.of('/').adapter;
	if (cluster) cluster.setVet(staffAccess.vet);
	else if (adapter instanceof DaisAdapter) adapter.vet = staffAccess.vet;
	else throw new Error('a hub on its own runs on DaisAdapter, which vets each recovery');

	// Identity is fixed here, once per connection, from cookies; no payload can change it.
	io.use((socket, next) => {
		identify(socket).then(
			() => next(),
			(err: unknown) => {
				log.warn({ err }, 'a connection could not be identified');
				next(new Error('the hub could not check this connection: try again'));
			}
		);
	});
	async function identify(socket: DaisSocket) {
		const cookie = socket.request.headers.cookie;
		// Only an id the hub issued counts: without one the socket may read, and its writes get `device-required`.
		socket.data.deviceHash = services.devices.verify(readCookie(cookie, DEVICE_COOKIE));
		// Made when first needed (`addressOf`); a recovered connection's is its previous one's, and may be stale.
		socket.data.address = null;
		const secret = readCookie(cookie, STAFF_COOKIE);
		const staff = secret ? await services.signIns.fromCookie(secret) : undefined;
		const credential = staff?.credential ?? null;
		// A host's link reaches events through the host commands only, never as an event's staff.
		socket.data.credential = credential?.role === 'host' ? null : credential;
		socket.data.host = credential?.role === 'host' ? credential : null;
		socket.data.signInId = staff?.signIn.id ?? null;
		socket.data.signInEnded =
			secret && !staff ? ((await services.signIns.endedFromCookie(secret)) ?? null) : null;
		// A socket cannot set a cookie, so it never renews the secret; it only counts as use.
		if (staff) await services.signIns.refresh(staff, false);
		socket.data.eventId ??= null;
		socket.data.hallId ??= null;
	}

	io.on('connection', (socket) => {
		const cred = socket.data.credential;
		if (socket.recovered && !cred) {
			// A recovered connection gets its rooms and data back, but the disconnect took it out of the presence count.
			const { eventId, hallId } = socket.data;
			presence.move({ eventId: null, hallId: null }, { eventId, hallId }, socket.data.deviceHash);
		}
		// Its staff rooms are re-derived from the sign-in it has now; one whose sign-in ended is told and let go.
		staffAccess.connected(socket);
		if (socket.disconnected) return;
		membership.connected(socket);
		dispatch(socket);
		socket.on('disconnect', () => {
			if (!socket.data.credential)
				presence.move(
					{ eventId: socket.data.eventId, hallId: socket.data.hallId },
					{ eventId: null, hallId: null },
					socket.data.deviceHash
				);
		});
	});

	return {
		io,
		publish,
		presence,
		attendance,
		staffAccess,
		metrics,
		/** Arms every running countdown again against the hub's clock (a rehearsal moved it). */
		rearmCountdowns: armCountdowns,
		async close() {
			unwatchCommits();
			attendance.stop();
			staffAccess.stop();
			await publisher.stop();
			// The cluster's presence takes its counts out of Redis; this process's has only a timer to stop.
			await Promise.resolve(presence.stop());
			await io.close();
		}
	};
}
export type Realtime = ReturnType<typeof createRealtime>;
