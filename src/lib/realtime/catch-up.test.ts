import { describe, expect, it } from 'vitest';
import { CatchUp } from './catch-up';

/** A page's list of items, a fact listener on it, and an answer the test hands back when it likes. */
function page() {
	const catchUp = new CatchUp();
	let items: string[] = ['old'];
	const heardWhileReplaying: boolean[] = [];
	const onFact = catchUp.listener((item: string) => {
		heardWhileReplaying.push(catchUp.replaying);
		if (!items.includes(item)) items = [...items, item];
	});
	let answer!: (items: string[] | null) => void;
	const load = () =>
		catchUp.fetch(
			() => new Promise<string[] | null>((resolve) => (answer = resolve)),
			(r) => {
				if (r) items = r;
				return r !== null;
			}
		);
	return { onFact, load, answer: (r: string[] | null) => answer(r), items: () => items, heardWhileReplaying };
}

describe('CatchUp (facts that come while a state is fetched)', () => {
	it('applies a fact that came before the answer again on top of it, so the answer does not wipe it out', async () => {
		const p = page();
		const loading = p.load();
		p.onFact('published meanwhile');
		expect(p.items()).toEqual(['old', 'published meanwhile']);
		p.answer(['read before it']);
		await loading;
		expect(p.items()).toEqual(['read before it', 'published meanwhile']);
		expect(p.heardWhileReplaying).toEqual([false, true]);
	});

	it('keeps nothing after the fetch, and replays nothing when the answer is not taken', async () => {
		const p = page();
		const lost = p.load();
		p.onFact('a');
		p.answer(null);
		await lost;
		expect(p.heardWhileReplaying).toEqual([false]);
		p.onFact('b');
		const next = p.load();
		p.answer(['fresh']);
		await next;
		expect(p.items()).toEqual(['fresh']);
	});

	it('holds each fact for every fetch in flight, whichever answers first', async () => {
		const catchUp = new CatchUp();
		const seen: string[] = [];
		const onFact = catchUp.listener((f: string) => seen.push(f));
		const answers: ((v: string) => void)[] = [];
		const fetch = () =>
			catchUp.fetch(
				() => new Promise<string>((r) => answers.push(r)),
				() => true
			);
		const first = fetch();
		const second = fetch();
		onFact('x');
		answers[0]('one');
		await first;
		onFact('y');
		answers[1]('two');
		await second;
		// x: heard, replayed after the first and the second answer; y: heard, replayed after the second.
		expect(seen).toEqual(['x', 'x', 'y', 'x', 'y']);
	});
});
