import { createServer } from 'node:http';
import { Server } from 'socket.io';

/**
 * The baseline for the vote storm: Socket.IO over websocket with no application logic and no database. It acks
 * every vote at once, keeps a counter, and broadcasts the tally to the room at 4 Hz in the same frame shape as the
 * hub's `poll:changed` results, so the same load generators drive both.
 */
export function createBareServer(opts: { tallyIntervalMs?: number } = {}) {
	const http = createServer();
	const io = new Server(http, { serveClient: false, transports: ['websocket'] });
	const ROOM = 'session';
	const counts = new Map<string, Map<string, number>>();
	const ballots = new Map<string, number>();
	let votes = 0;
	let dirty = new Set<string>();

	type Ack = (res: unknown) => void;
	io.on('connection', (socket) => {
		socket.on('event:join', (_p: unknown, ack: Ack) => ack({ ok: true, data: {} }));
		const joinRoom = (p: { sessionId?: string }, ack: Ack) => {
			void socket.join(ROOM);
			ack({ ok: true, data: { sessionId: p?.sessionId, polls: [], questions: [] } });
		};
		socket.on('qa:open', joinRoom);
		socket.on('poll:list', joinRoom);
		socket.on('poll:vote', (p: { pollId: string; answer: { choice: string } }, ack: Ack) => {
			if (typeof ack !== 'function') return;
			votes++;
			const pollId = String(p?.pollId);
			const choice = String(p?.answer?.choice);
			let c = counts.get(pollId);
			if (!c) counts.set(pollId, (c = new Map()));
			c.set(choice, (c.get(choice) ?? 0) + 1);
			ballots.set(pollId, (ballots.get(pollId) ?? 0) + 1);
			dirty.add(pollId);
			ack({ ok: true, data: { pollId, answer: p.answer } });
		});
	});

	const timer = setInterval(() => {
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
	}, opts.tallyIntervalMs ?? 250);

	return {
		http,
		io,
		stats: () => ({ votes }),
		listen(port: number, host: string) {
			return new Promise<number>((resolve, reject) => {
				http.once('error', reject);
				http.listen(port, host, () => {
					const addr = http.address();
					resolve(typeof addr === 'object' && addr ? addr.port : port);
				});
			});
		},
		async close() {
			clearInterval(timer);
			await io.close();
		}
	};
}
