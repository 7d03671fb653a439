import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from here so `--import tsx` resolves. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const hasTaskset = (() => {
	try {
		return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
	} catch {
		return false;
	}
})();

interface Reply {
	id: number;
	ok: boolean;
	result?: unknown;
	error?: string;
}
interface Notice {
	event: string;
	data: unknown;
}

const live = new Set<ChildProcess>();

/** Kills every child still running; used on exit and on a fatal error, so no load generator outlives the bench. */
export function killAll(signal: NodeJS.Signals = 'SIGKILL') {
	for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
	live.clear();
}
process.on('exit', () => killAll());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		killAll();
		process.exit(130);
	});
}

export interface ChildOptions {
	name: string;
	/** The core to pin the child to with taskset, when taskset exists. */
	cpu?: number;
	/** Extra Node flags (e.g. --cpu-prof). */
	execArgv?: string[];
	/** Passed to the child as argv[2], JSON-encoded. */
	options?: unknown;
	env?: Record<string, string>;
}

/** A child Node process running a TypeScript entry under tsx, spoken to by request/reply over IPC. */
export class Child {
	readonly proc: ChildProcess;
	readonly name: string;
	readonly exited: Promise<number | null>;
	private nextId = 1;
	private pending = new Map<
		number,
		{ resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
	>();
	private listeners = new Map<string, ((data: unknown) => void)[]>();

	constructor(script: string, opts: ChildOptions) {
		this.name = opts.name;
		const nodeArgs = [
			...(opts.execArgv ?? []),
			'--import',
			'tsx',
			script,
			JSON.stringify(opts.options ?? {})
		];
		const [cmd, args] =
			hasTaskset && opts.cpu !== undefined
				? ['taskset', ['-c', String(opts.cpu), process.execPath, ...nodeArgs]]
				: [process.execPath, nodeArgs];
		this.proc = spawn(cmd, args, {
			cwd: ROOT,
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			serialization: 'advanced',
			env: { ...process.env, ...opts.env }
		});
		live.add(this.proc);
		this.exited = new Promise((resolve) => {
			this.proc.once('exit', (code) => {
				live.delete(this.proc);
				for (const p of this.pending.values()) {
					clearTimeout(p.timer);
					p.reject(new Error(`${this.name} exited (code ${code}) before replying`));
				}
				this.pending.clear();
				resolve(code);
			});
		});
		this.proc.on('message', (m: Reply | Notice) => {
			if ('event' in m) {
				for (const l of this.listeners.get(m.event) ?? []) l(m.data);
				return;
			}
			const p = this.pending.get(m.id);
			if (!p) return;
			this.pending.delete(m.id);
			clearTimeout(p.timer);
			if (m.ok) p.resolve(m.result);
			else p.reject(new Error(`${this.name}: ${m.error}`));
		});
	}

	static get pinned() {
		return hasTaskset;
	}

	on(event: string, listener: (data: unknown) => void) {
		const list = this.listeners.get(event) ?? [];
		list.push(listener);
		this.listeners.set(event, list);
	}

	/** Resolves with the child's next notice of this name. */
	once<T>(event: string, timeoutMs: number): Promise<T> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`${this.name}: no "${event}" within ${timeoutMs} ms`)),
				timeoutMs
			);
			void this.exited.then((code) => {
				clearTimeout(timer);
				reject(new Error(`${this.name} exited (code ${code}) before "${event}"`));
			});
			this.on(event, (data) => {
				clearTimeout(timer);
				resolve(data as T);
			});
		});
	}

	request<T>(cmd: string, params: unknown = {}, timeoutMs = 60_000): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			if (!this.proc.connected) return reject(new Error(`${this.name} is not running`));
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`${this.name}: "${cmd}" got no reply within ${timeoutMs} ms`));
			}, timeoutMs);
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
			this.proc.send({ id, cmd, params });
		});
	}

	/** Asks the child to stop, and kills it if it has not exited within the grace period. */
	async stop(graceMs = 10_000) {
		if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
		const killer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
		try {
			await this.request('exit', {}, graceMs);
		} catch {
			// It may exit before the reply arrives; the exit below is what counts.
		}
		await this.exited;
		clearTimeout(killer);
	}
}
