import { describe, expect, it } from 'vitest';
import { createKeptReads, createSharedReads } from './shared-reads';

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

describe('kept reads (SQLite: this process knows every write)', () => {
	/** A store whose reads answer at once, counting them; `write()` moves the generation as a commit does. */
	function store() {
		let generation = 0;
		let inside = false;
		let value = 1;
		let reads = 0;
		const kept = createKeptReads(
			() => inside,
			() => generation
		);
		const read = async () => {
			reads++;
			return { value, list: [value] };
		};
		return {
			kept,
			read,
			reads: () => reads,
			write(v: number) {
				value = v;
				generation++;
			},
			enter: (v: boolean) => (inside = v)
		};
	}

	it('answers later callers from the first read until something is written', async () => {
		const s = store();
		expect((await s.kept('k', s.read)).value).toBe(1);
		expect((await s.kept('k', s.read)).value).toBe(1);
		expect(s.reads()).toBe(1);
		s.write(2);
		expect((await s.kept('k', s.read)).value).toBe(2);
		expect(s.reads()).toBe(2);
		// Another key is read on its own.
		await s.kept('other', s.read);
		expect(s.reads()).toBe(3);
	});

	it('freezes what it keeps: a caller cannot change what the next one gets', async () => {
		const s = store();
		const a = await s.kept('k', s.read);
		expect(() => a.list.push(9)).toThrow(TypeError);
		expect(() => ((a as { value: number }).value = 5)).toThrow(TypeError);
		expect((await s.kept('k', s.read)).list).toEqual([1]);
	});

	it('does not keep a read during which something was written', async () => {
		let generation = 0;
		let reads = 0;
		const kept = createKeptReads(
			() => false,
			() => generation
		);
		let finish!: (v: number) => void;
		const slow = () => {
			reads++;
			return new Promise<number>((r) => (finish = r));
		};
		const first = kept('k', slow);
		generation++;
		finish(1);
		expect(await first).toBe(1);
		const second = kept('k', slow);
		expect(reads).toBe(2);
		finish(2);
		expect(await second).toBe(2);
	});

	it('does not keep a failed read', async () => {
		const kept = createKeptReads(
			() => false,
			() => 0
		);
		await expect(kept('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
		expect(await kept('k', async () => 7)).toBe(7);
	});

	it('lets a caller inside a transaction read on its own, and keeps nothing from it', async () => {
		const s = store();
		s.enter(true);
		await s.kept('k', s.read);
		await s.kept('k', s.read);
		expect(s.reads()).toBe(2);
		s.enter(false);
		await s.kept('k', s.read);
		expect(s.reads()).toBe(3);
	});

	it('holds at most maxKeys answers', async () => {
		let reads = 0;
		const kept = createKeptReads(
			() => false,
			() => 0,
			2
		);
		const read = async () => ++reads;
		await kept('a', read);
		await kept('b', read);
		await kept('c', read);
		await kept('a', read);
		expect(reads).toBe(4);
	});
});
