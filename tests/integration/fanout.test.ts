import { describe, expect, vi } from 'vitest';
import { DaisAdapter } from '../../server/realtime/adapter';
import { createFanout } from '../../server/realtime/fanout';
// Each test joins every socket on its hub to a room, so each needs a hub to itself.
import { collect, itWithOwnHub as it, type TestHub } from '../fixtures/hub';

/** Seven clients in one room, each collecting the presence frames it hears (the fan-out's test fact). */
async function sevenIn(hub: TestHub, open: TestHub['open'], room: string) {
	const clients = await Promise.all(Array.from({ length: 7 }, () => open()));
	for (const s of await hub.io.fetchSockets()) s.join(room);
	return { clients, heard: clients.map((c) => collect(c.socket, 'presence:updated')) };
}

describe('sliced room broadcasts', () => {
	it('delivers every broadcast to every member, in order, a slice per turn of the event loop', async ({
		hub,
		open
	}) => {
		const { heard: seen } = await sevenIn(hub, open, 'room-x');
		const fanout = createFanout(hub.io, { sliceSize: 2 });
		for (let n = 1; n <= 3; n++)
			fanout.emit('room-x', 'presence:updated', { eventId: 'isb26', total: n, byRoom: {} });
		expect(fanout.stats().queued).toBe(2); // the first is going out slice by slice; two wait their turn
		await expect.poll(() => seen.every((s) => s.length === 3), { timeout: 2000 }).toBe(true);
		for (const s of seen) expect(s.map((f) => f.total)).toEqual([1, 2, 3]);
		expect(fanout.stats().sliced).toBe(3);
	});

	it('sends to a small room at once when nothing is queued', async ({ hub, open }) => {
		const c = await open();
		for (const s of await hub.io.fetchSockets()) s.join('room-y');
		const seen = collect(c.socket, 'presence:updated');
		const fanout = createFanout(hub.io, { sliceSize: 500 });
		fanout.emit('room-y', 'presence:updated', { eventId: 'isb26', total: 1, byRoom: {} });
		expect(fanout.stats()).toMatchObject({ queued: 0, sliced: 0 });
		await expect.poll(() => seen.length).toBe(1);
	});

	it('holds a tally behind at most the one going out: the newest replaces queued ones, and the one going out reaches everyone', async ({
		hub,
		open
	}) => {
		const { clients, heard: tallies } = await sevenIn(hub, open, 'room-t');
		const others = clients.map((c) => collect(c.socket, 'poll:closed'));
		const fanout = createFanout(hub.io, { sliceSize: 2 });
		const tally = (total: number) =>
			fanout.emit('room-t', 'presence:updated', { eventId: 'isb26', total, byRoom: {} }, 'tally');
		tally(1); // starts going out, a slice per turn
		await new Promise((resolve) => setImmediate(resolve)); // its first slice is out
		fanout.emit('room-t', 'poll:closed', { pollId: 'p-other' }); // not a tally: it keeps its place
		tally(2);
		tally(3); // replaces 2 before it went out; 1, already going out, finishes
		expect(fanout.stats()).toMatchObject({ queued: 2, superseded: 1, rode: 0 });

		await expect.poll(() => tallies.every((t) => t.at(-1)?.total === 3), { timeout: 2000 }).toBe(true);
		await expect.poll(() => others.every((o) => o.length === 1)).toBe(true);
		// Every socket had 1 (no socket misses a tally the others had), then 3; nobody had 2.
		for (const t of tallies) expect(t.map((f) => f.total)).toEqual([1, 3]);
	});

	it('sends a newer tally with the one going out: its remaining slices get both, the sockets it had reached get the newer one next', async ({
		hub,
		open
	}) => {
		const { heard: tallies } = await sevenIn(hub, open, 'room-r');
		const ids = (await hub.io.in('room-r').fetchSockets()).map((s) => s.id);
		// What each slice carried, in the order the hub wrote them: a tally's total and the sockets it went to.
		const adapter = hub.io.of('/').adapter as DaisAdapter;
		expect(adapter).toBeInstanceOf(DaisAdapter);
		const written: [number, string[]][] = [];
		const sendSlice = adapter.sendSlice.bind(adapter);
		vi.spyOn(adapter, 'sendSlice').mockImplementation((data, socketIds) => {
			written.push([(data[1] as { total: number }).total, [...socketIds]]);
			sendSlice(data, socketIds);
		});
		const fanout = createFanout(hub.io, { sliceSize: 2 });
		const tally = (total: number) =>
			fanout.emit('room-r', 'presence:updated', { eventId: 'isb26', total, byRoom: {} }, 'tally');
		tally(1);
		await new Promise((resolve) => setImmediate(resolve)); // its first slice is out
		tally(2); // rides with 1
		tally(3); // one rides at a time: 3 waits, and would replace a newer one still waiting
		expect(fanout.stats()).toMatchObject({ queued: 1, rode: 1 });

		await expect.poll(() => tallies.every((t) => t.at(-1)?.total === 3), { timeout: 2000 }).toBe(true);
		for (const t of tallies) expect(t.map((f) => f.total)).toEqual([1, 2, 3]);
		// Slices in the hub's order of the sockets: 1 to the first two; then 1 and 2 to each later slice; then 2 to the
		// first two; then 3 to all.
		const [a, b, c, d] = [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4, 6), ids.slice(6)];
		expect(written.slice(0, 8)).toEqual([
			[1, a],
			[1, b],
			[2, b],
			[1, c],
			[2, c],
			[1, d],
			[2, d],
			[2, a]
		]);
		expect(written.slice(8).flatMap(([total, to]) => to.map(() => total))).toEqual(Array(7).fill(3));
	});
});

describe('what a frame costs', () => {
	it('is timed on sends to a hundred sockets or more, as a running average, and not on smaller ones', async ({
		hub,
		open
	}) => {
		const clients = await Promise.all(Array.from({ length: 120 }, () => open()));
		const sockets = await hub.io.fetchSockets();
		sockets.forEach((s, i) => s.join(i < 100 ? ['room-big', 'room-small'] : 'room-big'));
		sockets[0].join('room-one');
		// Each send is timed by two readings; this clock moves 6 ms between them.
		let reading = 0;
		const fanout = createFanout(hub.io, { sliceSize: 50, now: () => (reading++ % 2) * 6 });
		expect(fanout.frameMs()).toBe(0.01);
		const heard = clients.map((c) => collect(c.socket, 'presence:updated'));
		fanout.emit('room-one', 'presence:updated', { eventId: 'isb26', total: 1, byRoom: {} });
		await expect.poll(() => heard[0].length).toBe(1);
		expect(fanout.frameMs()).toBe(0.01);
		// Sliced by 50: three slices, none of a hundred.
		fanout.emit('room-big', 'presence:updated', { eventId: 'isb26', total: 2, byRoom: {} });
		await expect.poll(() => heard.every((h) => h.at(-1)?.total === 2), { timeout: 2000 }).toBe(true);
		expect(fanout.frameMs()).toBe(0.01);
		const whole = createFanout(hub.io, { sliceSize: 500, now: () => (reading++ % 2) * 6 });
		// 120 sockets in 6 ms: 0.05 ms a frame, a tenth of the way from 0.01.
		whole.emit('room-big', 'presence:updated', { eventId: 'isb26', total: 3, byRoom: {} });
		await expect.poll(() => heard.every((h) => h.at(-1)?.total === 3), { timeout: 2000 }).toBe(true);
		expect(whole.frameMs()).toBeCloseTo(0.014, 6);
		// 100 sockets in 6 ms: 0.06, a tenth of the way again.
		whole.emit('room-small', 'presence:updated', { eventId: 'isb26', total: 4, byRoom: {} });
		await expect.poll(() => heard[0].at(-1)?.total).toBe(4);
		expect(whole.frameMs()).toBeCloseTo(0.014 + (0.06 - 0.014) * 0.1, 6);
	});
});

describe('sliced broadcasts and connection-state recovery', () => {
	it('replays a sliced broadcast to a socket that was away when it went out', async ({ hub, open }) => {
		const away = await open({ reconnection: true });
		const present = await Promise.all([open(), open(), open()]);
		for (const s of await hub.io.fetchSockets()) s.join('room-z');
		const fanout = createFanout(hub.io, { sliceSize: 2 });
		// One broadcast while everyone is here, so the away socket has an offset to resume from.
		const first = collect(away.socket, 'presence:updated');
		fanout.emit('room-z', 'presence:updated', { eventId: 'isb26', total: 1, byRoom: {} });
		await expect.poll(() => first.length).toBe(1);

		const back = new Promise<boolean>((resolve) =>
			away.socket.once('connect', () => resolve(away.socket.recovered))
		);
		away.socket.io.reconnectionDelay(400).reconnectionDelayMax(400);
		away.socket.io.engine.close(); // the network drops; the client will reconnect by itself
		await expect.poll(() => hub.io.sockets.sockets.size).toBe(3);
		const seen = present.map((p) => collect(p.socket, 'presence:updated'));
		fanout.emit('room-z', 'presence:updated', { eventId: 'isb26', total: 2, byRoom: {} });
		await expect.poll(() => seen.every((s) => s.length === 1)).toBe(true);

		expect(await back).toBe(true);
		await expect.poll(() => first.map((f) => f.total)).toEqual([1, 2]);
	});
});
