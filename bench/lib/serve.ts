/** The child side of the bench's IPC: every child process (hub, load generators, probes) uses this. */

type Handler = (params: never) => unknown;

/**
 * The child side: answers requests from the parent, exits when the parent goes away, and exits by itself after
 * `maxLifetimeMs` however it got stuck.
 */
export function serve(
	handlers: Record<string, Handler>,
	opts: { maxLifetimeMs: number; onExit?: () => unknown }
) {
	const send = (m: unknown) => {
		if (process.connected) process.send!(m);
	};
	let exiting = false;
	const exit = async (code: number) => {
		if (exiting) return;
		exiting = true;
		try {
			await opts.onExit?.();
		} finally {
			process.exit(code);
		}
	};
	process.on('message', async (m: { id: number; cmd: string; params: unknown }) => {
		if (m.cmd === 'exit') {
			send({ id: m.id, ok: true });
			await exit(0);
			return;
		}
		const handler = handlers[m.cmd] as ((p: unknown) => unknown) | undefined;
		try {
			if (!handler) throw new Error(`unknown command ${m.cmd}`);
			send({ id: m.id, ok: true, result: await handler(m.params) });
		} catch (e) {
			send({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
		}
	});
	process.on('disconnect', () => void exit(0));
	setTimeout(() => {
		console.error(`[${process.argv[1]}] lifetime of ${opts.maxLifetimeMs} ms exceeded; exiting`);
		void exit(3);
	}, opts.maxLifetimeMs).unref();
	return { notify: (event: string, data: unknown) => send({ event, data }) };
}

/** The JSON options a parent passed as argv[2]. */
export function childOptions<T>(): T {
	return JSON.parse(process.argv[2] ?? '{}') as T;
}
