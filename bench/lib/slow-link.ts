import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A slow link between a browser and the hub, as a TCP proxy: every byte, HTTP and WebSocket frames alike, waits for its
 * turn on a link of `kbps` each way (one link shared by every connection, as one phone's Wi-Fi is) and then `delayMs`
 * more. Chromium's own network emulation delays HTTP responses but not WebSocket frames, so a page's socket looks a
 * round trip or two faster there than on real venue Wi-Fi; behind this proxy it does not.
 */
export interface SlowLink {
	port: number;
	close(): Promise<void>;
}

export async function slowLink(opts: {
	targetPort: number;
	delayMs: number;
	kbps: number;
}): Promise<SlowLink> {
	const bytesPerMs = (opts.kbps * 1000) / 8 / 1000;
	// When each direction's link is next free (performance.now() time).
	const free = { up: 0, down: 0 };
	const sockets = new Set<Socket>();

	/**
	 * Forwards what `from` sends to `to`, each chunk at its time, strictly in order: one timer per chunk (as before)
	 * could fire two chunks due in the same millisecond out of order, and the page then read a broken response
	 * (Chromium: ERR_INVALID_HTTP_RESPONSE).
	 */
	function carry(from: Socket, to: Socket, dir: 'up' | 'down') {
		// Chunks in the order they came, with when each is due; null is the end of the stream.
		const queue: { at: number; chunk: Buffer | null }[] = [];
		let timer: NodeJS.Timeout | null = null;
		const pump = () => {
			timer = null;
			while (queue.length && queue[0].at <= performance.now()) {
				const { chunk } = queue.shift()!;
				if (chunk === null) to.end();
				else if (to.writable) to.write(chunk);
			}
			if (queue.length) timer = setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
		};
		const push = (at: number, chunk: Buffer | null) => {
			queue.push({ at, chunk });
			if (!timer) timer = setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
		};
		from.on('data', (chunk: Buffer) => {
			const sent = Math.max(performance.now(), free[dir]) + chunk.length / bytesPerMs;
			free[dir] = sent;
			push(sent + opts.delayMs, chunk);
		});
		from.on('end', () => push(queue.at(-1)?.at ?? performance.now(), null));
		from.on('error', () => to.destroy());
		from.on('close', () => sockets.delete(from));
	}

	const server: Server = createServer((client) => {
		const upstream = connect(opts.targetPort, '127.0.0.1');
		sockets.add(client).add(upstream);
		carry(client, upstream, 'up');
		carry(upstream, client, 'down');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as { port: number }).port,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}
