/**
 * How cluster mode works (REDIS_URL set; without it a hub runs alone exactly as before).
 *
 * Several hub processes share one database and one Redis, and any phone may reach any hub:
 * - Fan-out: Socket.IO runs on `@socket.io/redis-streams-adapter`. A room broadcast goes into a Redis stream that
 *   every hub reads and writes to its own sockets. Connection-state recovery keeps each dropped connection's state in
 *   Redis for 2 minutes and replays what it missed from the stream, so a phone that comes back through another hub
 *   is recovered there. Before a session is restored it is vetted as on one hub (`vet`); one whose staff sign-in has
 *   ended, or that holds a room its link no longer reaches, is not recovered: the page starts afresh and joins again.
 *   Broadcasts are not sent in slices (only the in-memory adapter exposes that); each hub writes a frame once.
 * - Coalesced poll tallies and Q&A vote counts (`createLeasedCoalescer`): a hub whose ballots or votes committed marks
 *   the poll or session dirty. On its tick it takes a short lease for it in Redis (SET NX PX, as long as the
 *   interval), reads the state from the shared storage (so every hub's writes count), and broadcasts it unless it is
 *   what was last sent for it (a digest kept in Redis). A hub that finds the lease taken tries again after it, so the
 *   last write anywhere is always followed by a read that includes it, and the room gets at most one frame per
 *   interval per poll or session, whichever hubs the writes came through.
 * - Presence (`createClusterPresence`): each hub writes its own head counts per event to Redis every interval with
 *   an expiry of three intervals, and reads the sum over the hubs; a killed hub's counts vanish when they expire.
 *   Each hub tells its own organisers the sum. The attendance samples keep per-hub rows, as they always did.
 * - Rate limits: rate-limiter-flexible's Redis limiter with the same keys as on one hub (see rate-limits.ts), and
 *   the per-address limit on new device ids likewise. Source addresses are keyed with a key every hub derives from
 *   the installation's secret (`clusterAddressKey`), so one address is one key whichever hub it reaches.
 * - A poll's integrity signals for the chair (`createSharedSignals`): each ballot's voter, keyed address and whether
 *   its device is new go into per-poll keys in Redis (a day's expiry), and every hub's chair view reads them.
 * - Countdowns: every hub arms every running countdown (`dais:countdown`), and the close is conditional, so the poll
 *   closes once even when the hub that started the countdown is gone (see polls/countdowns.ts).
 * - Caches of stored data: the join snapshot and staff sign-ins are already read against the database's version
 *   and rows; a poll's cached tally is forgotten on every hub when any hub flushes it (`serverSideEmit`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Session } from 'socket.io-adapter';
import type { Logger } from 'pino';
import type { PollIntegrity, PresenceCounts, QaVotes } from '../../src/lib/protocol';
import type { SharedSignals } from '../polls/integrity';
import type { Services } from '../services';
import type { StoredSession } from './adapter';
import type { Fanout } from './fanout';
import { createPresence, type Presence } from './presence';
import { rooms } from './rooms';
import type { DaisServer } from './types';

export type Redis = ReturnType<typeof createClient>;

/** Keys this installation keeps in Redis, all under one prefix. */
const KEY = 'dais:';
/** The field of a session's last-sent vote counts that holds its transparency counts (no question id has a NUL). */
const COUNTS_FIELD = '\u0000counts';

export interface ClusterOptions {
	/** How long the stream reader blocks waiting for entries; shorter makes shutdown quicker (tests). */
	blockTimeInMs?: number;
	/** Told of a lost Redis connection (the client reconnects by itself); at most once per 10 s while it lasts. */
	onError?: (err: unknown) => void;
}

export async function connectCluster(url: string, opts: ClusterOptions = {}) {
	const redis: Redis = createClient({ url });
	// A client with no 'error' listener throws the error, which would end the hub on the first Redis restart. With
	// one it reconnects on its own; meanwhile commands fail (the hub answers them with an error) and fan-out waits.
	let lastReported = -Infinity;
	redis.on('error', (err: unknown) => {
		if (performance.now() - lastReported < 10_000) return;
		lastReported = performance.now();
		opts.onError?.(err);
	});
	await redis.connect();
	const hubId = randomBytes(6).toString('hex');
	let vet: ((session: StoredSession) => string[] | null | Promise<string[] | null>) | null = null;

	const make = createAdapter(redis, {
		streamName: `${KEY}stream`,
		channelPrefix: `${KEY}io`,
		sessionKeyPrefix: `${KEY}session:`,
		blockTimeInMs: opts.blockTimeInMs ?? 5000,
		// Every payload is JSON: skip looking for binary data in each broadcast.
		onlyPlaintext: true
	});

	/** The adapter factory for Socket.IO's `adapter` option: the streams adapter, its recovery vetted. */
	function adapter(nsp: unknown) {
		const a = make(nsp);
		const restore = a.restoreSession.bind(a);
		// The public `restoreSession`, wrapped: the missed packets it returns were chosen by the stored rooms, so a
		// session that would lose any room is not recovered at all (the page re-joins with what it may see now).
		a.restoreSession = async (pid, offset): Promise<Session> => {
			const session = await restore(pid, offset);
			if (!session || !vet) return session;
			const rooms = await vet(session);
			if (rooms === null || rooms.length !== session.rooms.length)
				throw new Error('recovery refused by the hub');
			return session;
		};
		return a;
	}

	return {
		redis,
		hubId,
		adapter,
		/** Who decides, before a dropped connection is restored, whether it may be and which rooms it keeps. */
		setVet(fn: typeof vet) {
			vet = fn;
		},
		/** Takes `name`'s lease for `ms` if no hub holds it. */
		async lease(name: string, ms: number): Promise<boolean> {
			return (
				(await redis.set(`${KEY}lease:${name}`, hubId, {
					condition: 'NX',
					expiration: { type: 'PX', value: ms }
				})) === 'OK'
			);
		},
		/** Records `state` as the last sent for `name`; true when it differs from the one recorded before. */
		async changed(name: string, state: unknown): Promise<boolean> {
			const digest = createHash('sha1').update(JSON.stringify(state)).digest('base64');
			const before = await redis.set(`${KEY}sent:${name}`, digest, {
				GET: true,
				expiration: { type: 'EX', value: 86_400 }
			});
			return before !== digest;
		},
		async close() {
			await redis.close();
		}
	};
}
export type Cluster = Awaited<ReturnType<typeof connectCluster>>;

/**
 * Marks keys dirty and flushes each at most once per interval across the cluster: on its tick a hub takes the key's
 * lease and flushes it, or, when another hub holds it, keeps it dirty and tries after the lease has run out.
 */
export function createLeasedCoalescer(
	cluster: Pick<Cluster, 'lease'>,
	intervalMs: number,
	onError: (err: unknown, key: string) => void
) {
	const pending = new Map<string, () => Promise<void>>();
	let timer: NodeJS.Timeout | null = null;
	let running: Promise<void> | null = null;
	const schedule = () => {
		timer ??= setTimeout(() => void run(), intervalMs);
	};

	async function run() {
		timer = null;
		const jobs = [...pending];
		pending.clear();
		running = (async () => {
			for (const [key, flush] of jobs) {
				try {
					if (await cluster.lease(key, intervalMs)) await flush();
					else if (!pending.has(key)) pending.set(key, flush);
				} catch (err) {
					onError(err, key);
				}
			}
		})();
		await running;
		running = null;
		if (pending.size) schedule();
	}

	return {
		/** `key` changed here; `flush` reads its state from storage and sends it. */
		mark(key: string, flush: () => Promise<void>) {
			pending.set(key, flush);
			if (!running) schedule();
		},
		/** Flushes what is dirty now, lease or not (on shutdown: this hub's last writes must go out). */
		async stop() {
			if (timer) clearTimeout(timer);
			timer = null;
			await running;
			for (const [key, flush] of pending) await flush().catch((err: unknown) => onError(err, key));
			pending.clear();
		}
	};
}

/**
 * Poll tallies and Q&A vote counts read from the shared storage and sent once per state, whichever hub the ballots
 * and votes came through (see the top of this file).
 */
export function createSharedCounts(deps: {
	cluster: Cluster;
	io: DaisServer;
	fanout: Fanout;
	services: Pick<Services, 'polls' | 'qa'>;
	intervalMs: number;
	log: Logger;
}) {
	const { cluster, io, fanout, services, log } = deps;
	const { polls, qa } = services;
	const leased = createLeasedCoalescer(cluster, deps.intervalMs, (err, key) =>
		log.error({ err, key }, 'coalesced update failed')
	);
	// Another hub flushed a poll: the tally this hub keeps for joins and views missed that hub's ballots.
	io.on('dais:tally-stale', (eventId, pollId) => polls.forgetTally(eventId, pollId));

	async function flushPoll(eventId: string, pollId: string) {
		const p = await polls.get(eventId, pollId);
		if (!p) return;
		const { audience, staff } = await polls.storedResultsFacts(p);
		const key = `${eventId}:${pollId}`;
		if (await cluster.changed(`poll:${key}:audience`, audience))
			fanout.emit(rooms.session(eventId, p.sessionId), 'poll:changed', audience, `audience:${key}`);
		if (await cluster.changed(`poll:${key}:staff`, staff))
			fanout.emit(rooms.sessionStaff(eventId, p.sessionId), 'poll:staff-changed', staff, `staff:${key}`);
		io.serverSideEmit('dais:tally-stale', eventId, pollId);
	}

	async function flushVotes(eventId: string, sessionId: string) {
		const state = await qa.open(eventId, sessionId, null);
		const sentKey = `${KEY}qa-sent:${eventId}:${sessionId}`;
		const sent = await cluster.redis.hGetAll(sentKey);
		const update: QaVotes = { sessionId, votes: {} };
		const next: Record<string, string> = {};
		for (const q of state.questions) {
			if (sent[q.id] === String(q.votes)) continue;
			update.votes[q.id] = q.votes;
			next[q.id] = String(q.votes);
		}
		const counts = JSON.stringify(state.counts);
		if (sent[COUNTS_FIELD] !== counts) {
			update.counts = state.counts;
			next[COUNTS_FIELD] = counts;
		}
		if (Object.keys(next).length === 0) return;
		await cluster.redis.multi().hSet(sentKey, next).expire(sentKey, 86_400).exec();
		fanout.emit(
			[rooms.session(eventId, sessionId), rooms.sessionStaff(eventId, sessionId)],
			'qa:votes',
			update
		);
	}

	return {
		/** A ballot committed on this hub. */
		ballot: (eventId: string, pollId: string) =>
			leased.mark(`poll:${eventId}:${pollId}`, () => flushPoll(eventId, pollId)),
		/** A question's votes, or the session's transparency counts, moved on this hub. */
		votes: (eventId: string, sessionId: string) =>
			leased.mark(`qa:${eventId}:${sessionId}`, () => flushVotes(eventId, sessionId)),
		stop: () => leased.stop()
	};
}
export type SharedCounts = ReturnType<typeof createSharedCounts>;

/**
 * Head counts summed over the hubs. `move` and the local counts are this hub's (the attendance samples keep one row
 * per hub); `counts` is the cluster's sum as last read, refreshed every interval. Organisers connected to this hub
 * are told the sum when it changes (`publish`).
 */
export function createClusterPresence(
	cluster: Pick<Cluster, 'redis' | 'hubId'>,
	publish: (counts: PresenceCounts) => void,
	intervalMs = 1000,
	onError: (err: unknown) => void = () => {}
) {
	const { redis, hubId } = cluster;
	const local: Presence = createPresence(() => {}, intervalMs);
	const ttl = Math.max(3 * intervalMs, 3000);
	const summed = new Map<string, PresenceCounts>();
	const hubsKey = (eventId: string) => `${KEY}presence:${eventId}`;
	const countsKey = (eventId: string, hub: string) => `${KEY}presence:${eventId}:${hub}`;
	const same = (a: PresenceCounts | undefined, b: PresenceCounts) => JSON.stringify(a) === JSON.stringify(b);

	async function tick() {
		const now = Date.now();
		const write = redis.multi();
		for (const eventId of local.eventIds()) {
			const c = local.counts(eventId);
			const key = countsKey(eventId, hubId);
			write.del(key);
			write.hSet(key, {
				total: c.total,
				...Object.fromEntries(Object.entries(c.byRoom).map(([r, n]) => [`room:${r}`, n]))
			});
			write.pExpire(key, ttl);
			write.zAdd(hubsKey(eventId), { score: now, value: hubId });
			write.pExpire(hubsKey(eventId), ttl);
		}
		if (local.eventIds().length) await write.exec();
		for (const eventId of new Set([...local.eventIds(), ...summed.keys()])) {
			const hubs = await redis.zRangeByScore(hubsKey(eventId), now - ttl, '+inf');
			const sum: PresenceCounts = { eventId, total: 0, byRoom: {} };
			for (const hub of hubs) {
				for (const [field, value] of Object.entries(await redis.hGetAll(countsKey(eventId, hub)))) {
					const n = Number(value);
					if (field === 'total') sum.total += n;
					else if (field.startsWith('room:')) {
						const room = field.slice(5);
						sum.byRoom[room] = (sum.byRoom[room] ?? 0) + n;
					}
				}
			}
			if (!same(summed.get(eventId), sum)) {
				summed.set(eventId, sum);
				publish(sum);
			}
		}
	}

	let busy = false;
	const timer = setInterval(() => {
		if (busy) return;
		busy = true;
		tick()
			.catch(onError)
			.finally(() => (busy = false));
	}, intervalMs);
	timer.unref();

	return {
		/** The cluster's counts as last read (an event not read yet starts being read at the next tick). */
		counts(eventId: string): PresenceCounts {
			const c = summed.get(eventId);
			if (c) return c;
			const mine = local.counts(eventId);
			summed.set(eventId, mine);
			return mine;
		},
		eventIds: local.eventIds,
		move: local.move,
		/** This hub's own counts (the attendance sampler writes one row per hub). */
		local: { eventIds: local.eventIds, counts: local.counts },
		/** Reads and sends now (tests, and before the first interval has passed). */
		refresh: tick,
		stop() {
			clearInterval(timer);
			local.stop();
			// Its counts leave the sum now rather than when they expire.
			const del = redis.multi();
			for (const eventId of local.eventIds()) del.del(countsKey(eventId, hubId));
			return del.exec().then(
				() => undefined,
				() => undefined
			);
		}
	};
}
export type ClusterPresence = ReturnType<typeof createClusterPresence>;

/**
 * Takes one ballot into a poll's signals: KEYS voter -> address hash, address -> ballots (sorted), fresh voters;
 * ARGV voter, address, fresh ('1'/'0'), expiry in seconds. Atomic, so two hubs' ballots never miscount an address.
 */
const ADD_BALLOT = `
local before = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[3] == '1' then redis.call('SADD', KEYS[3], ARGV[1]) else redis.call('SREM', KEYS[3], ARGV[1]) end
if before ~= ARGV[2] then
  if before then
    if tonumber(redis.call('ZINCRBY', KEYS[2], -1, before)) <= 0 then redis.call('ZREM', KEYS[2], before) end
  end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('ZINCRBY', KEYS[2], 1, ARGV[2])
end
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
return 1`;

/** How long a poll's signals stay in Redis after its last ballot. */
const SIGNALS_TTL_S = 86_400;

/**
 * A poll's integrity signals in Redis, counted by every hub (see the top of this file). What one hub keeps in memory
 * on its own (`PollSignals`), shared: per poll, each voter's keyed address, ballots per keyed address, and the voters
 * whose device is newer than the poll.
 */
export function createSharedSignals(redis: Redis): SharedSignals {
	const keys = (eventId: string, pollId: string) => {
		const base = `${KEY}signals:${eventId}:${pollId}`;
		return { addressOf: `${base}:address-of`, perAddress: `${base}:per-address`, fresh: `${base}:fresh` };
	};
	return {
		async add(eventId, pollId, voter, fresh, address) {
			const k = keys(eventId, pollId);
			await redis.eval(ADD_BALLOT, {
				keys: [k.addressOf, k.perAddress, k.fresh],
				arguments: [voter, address, fresh ? '1' : '0', String(SIGNALS_TTL_S)]
			});
		},
		async addFresh(eventId, pollId, voters) {
			if (voters.length === 0) return;
			const k = keys(eventId, pollId);
			await redis.multi().sAdd(k.fresh, voters).expire(k.fresh, SIGNALS_TTL_S).exec();
		},
		async view(eventId, pollId): Promise<PollIntegrity> {
			const k = keys(eventId, pollId);
			const [voters, top, fresh] = await Promise.all([
				redis.hLen(k.addressOf),
				redis.zRangeWithScores(k.perAddress, 0, 0, { REV: true }),
				redis.sCard(k.fresh)
			]);
			return {
				newDevices: fresh,
				topAddress: voters ? { ballots: top[0]?.score ?? 0, of: voters } : null
			};
		}
	};
}
