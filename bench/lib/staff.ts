import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { benchDeviceCookie } from './devices';
import { sleep } from './stats';

/** How often the bare server sends a changed tally (4 Hz, the pace of Dais's `voteIntervalMs` default). */
export const BARE_TALLY_INTERVAL_MS = 250;

export const EVENT = {
	eventCode: 'ISB26',
	eventId: 'isb26',
	sessionId: 'ws-intelligence',
	roomId: 'hall-a'
} as const;

export type Ack<T = unknown> =
	{ ok: true; data: T } | { ok: false; error: string; message?: string; retryAfterMs?: number };

/** A socket.io-client socket in the parent process: a staff member (moderator, chair) with a minted cookie, or a seeding attendee. */
export class ParentClient {
	frames = new Map<string, number>();
	private constructor(readonly socket: Socket) {
		socket.onAny((name: string) => this.frames.set(name, (this.frames.get(name) ?? 0) + 1));
	}

	static async open(url: string, cookie: string): Promise<ParentClient> {
		const socket = io(url, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: { cookie }
		});
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', () => resolve());
			socket.once('connect_error', reject);
		});
		const staff = new ParentClient(socket);
		const joined = await staff.send('event:join', { code: EVENT.eventCode, protocol: 1 });
		if (!joined.ok) throw new Error(`staff join failed: ${joined.error}`);
		return staff;
	}

	async send<T = unknown>(name: string, payload: unknown, timeoutMs = 15_000): Promise<Ack<T>> {
		try {
			return (await this.socket.timeout(timeoutMs).emitWithAck(name, payload)) as Ack<T>;
		} catch {
			return { ok: false, error: 'timeout' };
		}
	}

	/**
	 * Like send, but a refusal is an error: for setup steps that must work. A write the hub's rate limit holds back is
	 * sent again, as the same write, when the hub says (as the consoles do).
	 */
	async must<T = unknown>(name: string, payload: unknown): Promise<T> {
		for (let attempt = 0; ; attempt++) {
			const r = await this.send<T>(name, payload);
			if (r.ok) return r.data;
			if (r.error !== 'rate-limited' || attempt >= 20)
				throw new Error(`${name} failed: ${r.error} ${r.message ?? ''}`);
			await sleep(r.retryAfterMs ?? 1000);
		}
	}

	resetFrames() {
		const out = Object.fromEntries(this.frames);
		this.frames = new Map();
		return out;
	}

	close() {
		this.socket.disconnect();
	}
}

export const writeId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex')}`;

interface ModFact {
	type: string;
	question?: { id: string; state: string; text: string };
}

/**
 * The moderator approves every waiting question in bulk (up to 100 per command, every `intervalMs`), so attendees'
 * votes have published questions to land on. Questions whose text starts with `hold` are left for the caller.
 */
export async function autoApprove(mod: ParentClient, o: { intervalMs?: number; hold?: string } = {}) {
	const queue = new Set<string>();
	const done = new Set<string>();
	let approved = 0;
	let failures = 0;
	let running = true;
	const consider = (q: { id: string; state: string; text: string }) => {
		if (q.state === 'pending' && !done.has(q.id) && !(o.hold && q.text.startsWith(o.hold))) queue.add(q.id);
	};
	mod.socket.on('qa:mod-changed', (f: ModFact) => {
		if (f.type === 'question' && f.question) consider(f.question);
	});
	const state = await mod.must<{ questions: { id: string; state: string; text: string }[] }>('qa:moderate', {
		eventId: EVENT.eventId,
		sessionId: EVENT.sessionId
	});
	state.questions.forEach(consider);
	const loop = (async () => {
		while (running) {
			const batch = [...queue].slice(0, 100);
			if (!batch.length) {
				await sleep(o.intervalMs ?? 200);
				continue;
			}
			for (const id of batch) {
				queue.delete(id);
				done.add(id);
			}
			const r = await mod.send('question:approve', {
				clientId: writeId('approve'),
				eventId: EVENT.eventId,
				questionIds: batch
			});
			if (r.ok) approved += batch.length;
			else {
				failures++;
				// One question that moved on (merged, declined) refuses the whole batch: approve the rest one by one.
				for (const id of batch) {
					const one = await mod.send('question:approve', {
						clientId: writeId('approve'),
						eventId: EVENT.eventId,
						questionIds: [id]
					});
					if (one.ok) approved++;
				}
			}
			await sleep(o.intervalMs ?? 200);
		}
	})();
	return {
		approved: () => approved,
		failures: () => failures,
		async stop() {
			running = false;
			await loop;
		}
	};
}

/**
 * Attendees ask `count` questions (five per device, the default per-device limit) and the moderator's autoApprove
 * publishes them; resolves with their ids once all are published (or at once, with `publish: false`).
 */
export async function seedQuestions(
	hub: { url: string; secret: string },
	mod: ParentClient,
	count: number,
	tag: string,
	o: { text?: (k: number) => string; publish?: boolean } = {}
): Promise<string[]> {
	const ids: string[] = [];
	const published = new Set<string>();
	const onMod = (f: ModFact) => {
		if (f.type === 'question' && f.question?.state === 'published') published.add(f.question.id);
	};
	mod.socket.on('qa:mod-changed', onMod);
	for (let k = 0; k < count; k += 5) {
		const asker = await ParentClient.open(
			hub.url,
			benchDeviceCookie(hub.secret, `seed-${tag}-${k}-${randomBytes(4).toString('hex')}`)
		);
		for (let j = k; j < Math.min(count, k + 5); j++) {
			const r = await asker.must<{ question: { id: string } }>('question:ask', {
				clientId: writeId('seed'),
				eventId: EVENT.eventId,
				sessionId: EVENT.sessionId,
				text: o.text?.(j) ?? `Seed question ${tag} ${j + 1}: what should the task force do first?`
			});
			ids.push(r.question.id);
		}
		asker.close();
	}
	if (o.publish === false) {
		mod.socket.off('qa:mod-changed', onMod);
		return ids;
	}
	for (let i = 0; i < 150 && !ids.every((id) => published.has(id)); i++) await sleep(100);
	mod.socket.off('qa:mod-changed', onMod);
	return ids.filter((id) => published.has(id));
}
