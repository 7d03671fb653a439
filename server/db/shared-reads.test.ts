import { describe, expect, it } from 'vitest';
import { createSharedReads } from './shared-reads';

/** A read whose answer the test hands out, counting how often it was started. */
function controlledRead() {
	const started: ((v: number) => void)[] = [];
	const failers: ((e: Error) => void)[] = [];
	const read = () =>
		new Promise<number>((resolve, reject) => {
			started.push(resolve);
			failers.push(reject);
		});
	return { read, started, failers };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('shared reads', () => {
	it('runs one read for callers that ask before it starts, per key', async () => {
		const shared = createSharedReads(() => false);
		const r = controlledRead();
		const a = shared('k', r.read);
		const other = shared('other', r.read);
		expect(r.started).toHaveLength(2);
		r.started[0](1);
		r.started[1](2);
		expect(await a).toBe(1);
		expect(await other).toBe(2);
	});

	it('never answers a caller with a read that had started before it called', async () => {
		const shared = createSharedReads(() => false);
		const r = controlledRead();
		const first = shared('k', r.read);
		// These ask while the first read runs: they must not get its (possibly older) answer.
		const second = shared('k', r.read);
		const third = shared('k', r.read);
		expect(r.started).toHaveLength(1);
		r.started[0](1);
		expect(await first).toBe(1);
		await tick();
		// One more read, started after the first ended, serves both.
		expect(r.started).toHaveLength(2);
		const fourth = shared('k', r.read);
		r.started[1](2);
		expect(await second).toBe(2);
		expect(await third).toBe(2);
		await tick();
		expect(r.started).toHaveLength(3);
		r.started[2](3);
		expect(await fourth).toBe(3);
		// Nothing running: the next caller starts a read of its own at once.
		const fifth = shared('k', r.read);
		expect(r.started).toHaveLength(4);
		r.started[3](4);
		expect(await fifth).toBe(4);
	});

	it('gives a failed read to the callers sharing it, and reads again for the next', async () => {
		const shared = createSharedReads(() => false);
		const r = controlledRead();
		const first = shared('k', r.read);
		const waiting = shared('k', r.read);
		r.failers[0](new Error('down'));
		await expect(first).rejects.toThrow('down');
		await tick();
		r.started[1](7);
		expect(await waiting).toBe(7);
	});

	it('lets a caller inside a transaction read on its own', async () => {
		let inside = false;
		const shared = createSharedReads(() => inside);
		const r = controlledRead();
		const outside = shared('k', r.read);
		inside = true;
		const own = shared('k', r.read);
		expect(r.started).toHaveLength(2);
		r.started[1](2);
		r.started[0](1);
		expect(await own).toBe(2);
		expect(await outside).toBe(1);
	});
});
