import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import { BARE_TALLY_INTERVAL_MS } from './lib/staff';

/**
 * The baseline: Socket.IO over websocket with no application logic, doing what the hall needs of any server and no
 * more, so Dais ÷ bare is the cost of Dais's own code:
 *   - durable votes: each ballot is inserted into SQLite (WAL, synchronous=FULL) in a group commit, and acked only
 *     after the transaction holding it has committed; the `ballots` table has Dais's column names, so the bench
 *     checks lost and duplicated ballots in both databases with one query;
 *   - the tally to the room at 4 Hz in the shape of Dais's `poll:changed` results;
 *   - an equivalent join: `event:join` answers with a payload the size of Dais's (the bench measures Dais's replies
 *     and passes their sizes); with the page's reads sent along (`also`: the hall, the Q&A and the polls) it joins
 *     the session's room and answers them in the join's answer, as Dais does; sent on their own, `presence:set` is
 *     acked, `qa:open` and `poll:list` join the session's room;
 *   - connection state recovery for 2 minutes, as Dais has.
 * With `redisUrl` (the `--hubs N` bench), several of these run behind HAProxy on the same Redis streams adapter as
 * Dais's hubs: each stores its own ballots (its own SQLite file, acked after commit), the counts are added up in
 * Redis (HINCRBY after each commit), and at each interval one process (a `SET NX PX` lease) reads the totals and
 * sends them to the room when they changed: the plain way to run Socket.IO on several processes with one tally.
 */
export async function createBareServer(opts: {
	dbFile: string;
	replyBytes?: Record<string, number>;
	tallyIntervalMs?: number;
	redisUrl?: string;
	/** The listening socket's accept queue (the hub's default, 4,096, unless the bench was given another). */
	backlog?: number;
}) {
	const redis = opts.redisUrl ? createClient({ url: opts.redisUrl }) : null;
	// Redis stopping at the end of a run must not crash the process with an unhandled error event.
	redis?.on('error', (err: unknown) => console.error('bare: redis', err));
	await redis?.connect();
	const db = new Database(opts.dbFile);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.exec(`CREATE TABLE IF NOT EXISTS ballots (
		poll_id TEXT NOT NULL, device_hash TEXT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (poll_id, device_hash))`);
	const insert = db.prepare('INSERT OR REPLACE INTO ballots (poll_id, device_hash, answer) VALUES (?, ?, ?)');

	// HAProxy's health check (deploy/haproxy.cfg asks every server for /healthz); Socket.IO takes its own paths.
	const http = createServer((req, res) => {
		res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ ok: req.url === '/healthz' }));
	});
	const io = new Server(http, {
		serveClient: false,
		transports: ['websocket'],
		connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
		...(redis ? { adapter: createAdapter(redis, { onlyPlaintext: true }) } : {})
	});
	const ROOM = 'session';
	const counts = new Map<string, Map<string, number>>();
	const ballots = new Map<string, number>();
	let dirty = new Set<string>();
	let writes = 0;
	let batches = 0;

	type Ack = (res: unknown) => void;
	type Vote = { pollId: string; device: string; answer: unknown; ack: Ack };
	let queue: Vote[] = [];
	const commit = db.transaction((batch: Vote[]) => {
		for (const v of batch) insert.run(v.pollId, v.device, JSON.stringify(v.answer));
	});
	function flush() {
		const batch = queue;
		queue = [];
		try {
			commit(batch);
		} catch {
			for (const v of batch) v.ack({ ok: false, error: 'internal' });
			return;
		}
		batches++;
		writes += batch.length;
		if (redis) {
			// The shared counts move only once the ballots are stored; the acks do not wait for Redis.
			const add = redis.multi();
			for (const v of batch) {
				add.hIncrBy(`bare:counts:${v.pollId}`, JSON.stringify(v.answer), 1);
				add.hIncrBy('bare:ballots', v.pollId, 1);
				add.sAdd('bare:polls', v.pollId);
			}
			void add.exec().catch((err: unknown) => console.error('bare: counts not added', err));
		}
		for (const v of batch) {
			const key = JSON.stringify(v.answer);
			let c = counts.get(v.pollId);
			if (!c) counts.set(v.pollId, (c = new Map()));
			c.set(key, (c.get(key) ?? 0) + 1);
			ballots.set(v.pollId, (ballots.get(v.pollId) ?? 0) + 1);
			dirty.add(v.pollId);
			v.ack({ ok: true, data: { pollId: v.pollId, answer: v.answer } });
		}
	}

	/** A reply of about `bytes` once JSON-encoded, made of agenda-like rows so encoding it costs what a snapshot does. */
	const filler = (bytes: number) => {
		const rows: { id: string; title: string; roomId: string; start: string; end: string }[] = [];
		for (let size = 0, i = 0; size < bytes; i++) {
			const row = {
				id: `session-${i}`,
				title: `Session ${i} on countering the smuggling of migrants`,
				roomId: 'hall-a',
				start: '2026-12-02T09:00:00Z',
				end: '2026-12-02T10:30:00Z'
			};
			rows.push(row);
			size += JSON.stringify(row).length + 1;
		}
		return rows;
	};
	const sized = opts.replyBytes ?? {};
	const joinReply = {
		ok: true,
		data: { snapshot: { sessions: filler(sized['event:join'] ?? 9000) }, openPolls: [] }
	};
	const qaReply = { ok: true, data: { questions: filler(sized['qa:open'] ?? 200) } };
	// A join whose answer carries the reads sent with it: the join's own part is what is left of its size.
	const alongReply = {
		ok: true,
		data: {
			snapshot: {
				sessions: filler(
					(sized['event:join'] ?? 9000) - (sized['qa:open'] ?? 200) - (sized['poll:list'] ?? 1000)
				)
			},
			openPolls: []
		}
	};
	const pollRows = filler(sized['poll:list'] ?? 1000);
	// The ballot counts are real, so a client that re-joins knows which tallies its reply already holds.
	const pollsReply = () => ({
		ok: true,
		data: { polls: [...ballots].map(([id, n]) => ({ id, ballots: n })), rows: pollRows }
	});

	const deviceOf = (socket: Socket) =>
		/(?:^|;\s*)dais_device=([^;]+)/.exec(socket.request.headers.cookie ?? '')?.[1];

	io.on('connection', (socket) => {
		const device = deviceOf(socket) ?? socket.id;
		socket.on('event:join', (p: { also?: unknown[] } | null, ack: Ack) => {
			if (!Array.isArray(p?.also)) return ack({ ...joinReply, data: { ...joinReply.data, now: Date.now() } });
			// The page's reads sent with its join, answered in the join's answer as Dais does.
			void socket.join(ROOM);
			const data = {
				...alongReply.data,
				now: Date.now(),
				also: [{ ok: true, data: {} }, qaReply, pollsReply()]
			};
			ack({ ok: true, data });
		});
		socket.on('presence:set', (_p: unknown, ack: Ack) => ack({ ok: true, data: {} }));
		socket.on('qa:open', (_p: unknown, ack: Ack) => {
			void socket.join(ROOM);
			ack(qaReply);
		});
		socket.on('poll:list', (_p: unknown, ack: Ack) => {
			void socket.join(ROOM);
			ack(pollsReply());
		});
		socket.on('poll:vote', (p: { pollId?: unknown; answer?: unknown }, ack: Ack) => {
			if (typeof ack !== 'function') return;
			if (queue.length === 0) setImmediate(flush);
			queue.push({ pollId: String(p?.pollId), device, answer: p?.answer ?? null, ack });
		});
	});

	/** Cluster mode: the lease holder sends each poll's totals as Redis holds them, when they changed. */
	async function sendShared(intervalMs: number) {
		if (!redis) return;
		const leased = await redis.set('bare:lease', String(process.pid), {
			condition: 'NX',
			expiration: { type: 'PX', value: intervalMs }
		});
		if (leased !== 'OK') return;
		for (const pollId of await redis.sMembers('bare:polls')) {
			const totals = await redis.hGetAll(`bare:counts:${pollId}`);
			const n = Number(await redis.hGet('bare:ballots', pollId));
			const fact = {
				type: 'results',
				sessionId: 'bare',
				pollId,
				ballots: n,
				results: { type: 'single', counts: totals }
			};
			const text = JSON.stringify(fact);
			if ((await redis.set(`bare:sent:${pollId}`, text, { GET: true })) === text) continue;
			io.to(ROOM).emit('poll:changed', fact);
		}
	}

	const intervalMs = opts.tallyIntervalMs ?? BARE_TALLY_INTERVAL_MS;
	let sharing = false;
	let closing = false;
	const timer = setInterval(() => {
		if (redis) {
			if (sharing) return;
			sharing = true;
			void sendShared(intervalMs)
				.catch((err: unknown) => {
					// A send cut short by the close at the end of a run is not an error of the run.
					if (!closing) console.error('bare: totals not sent', err);
				})
				.finally(() => (sharing = false));
			return;
		}
		if (!dirty.size) return;
		const polls = dirty;
		dirty = new Set();
		for (const pollId of polls) {
			io.to(ROOM).emit('poll:changed', {
				type: 'results',
				sessionId: 'bare',
				pollId,
				ballots: ballots.get(pollId) ?? 0,
				results: { type: 'single', counts: Object.fromEntries(counts.get(pollId) ?? []) }
			});
		}
	}, intervalMs);

	return {
		http,
		io,
		stats: () => ({ batches, writes, pending: queue.length }),
		listen(port: number, host: string) {
			return new Promise<number>((resolve, reject) => {
				http.once('error', reject);
				// The same accept queue as the hub's, so a reconnect herd meets the same kernel limits.
				http.listen({ port, host, backlog: opts.backlog ?? 4096 }, () => {
					const addr = http.address();
					resolve(typeof addr === 'object' && addr ? addr.port : port);
				});
			});
		},
		async close() {
			closing = true;
			clearInterval(timer);
			await io.close();
			if (queue.length) flush();
			db.close();
			await redis?.quit().catch(() => undefined);
		}
	};
}
