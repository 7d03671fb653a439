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

	function carry(from: Socket, to: Socket, dir: 'up' | 'down') {
		let last = 0;
		from.on('data', (chunk: Buffer) => {
			const now = performance.now();
			const sent = Math.max(now, free[dir]) + chunk.length / bytesPerMs;
			free[dir] = sent;
			last = sent + opts.delayMs;
			setTimeout(() => to.writable && to.write(chunk), last - now);
		});
		from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - performance.now())));
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
