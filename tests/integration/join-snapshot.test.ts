import { afterEach, describe, expect, vi } from 'vitest';
import { cid, EVENT_ID, expectOk, itWithOwnHub as it } from '../fixtures/hub';

/** Whether `v` is an event snapshot or holds one (an ack's arguments, its envelope, its data). */
function holdsSnapshot(v: unknown, depth = 3): boolean {
	if (typeof v !== 'object' || v === null) return false;
	if ('sessions' in v && 'changes' in v) return true;
	return depth > 0 && Object.values(v).some((x) => holdsSnapshot(x, depth - 1));
}

/** Calls of JSON.stringify that encode a whole event snapshot, from now on. */
function snapshotEncodings() {
	const spy = vi.spyOn(JSON, 'stringify');
	return () => spy.mock.calls.filter(([v]) => holdsSnapshot(v)).length;
}

describe('the join snapshot, encoded once per event version', () => {
	afterEach(() => vi.restoreAllMocks());

	it('encodes it once for every join at one version, and once more after a change', async ({ hub }) => {
		const encodings = snapshotEncodings();
		const organiser = await hub.connect({ role: 'organiser' });
		const first = await Promise.all([hub.connect(), hub.connect()]);
		expect(encodings()).toBe(1);
		for (const c of [organiser, ...first]) expect(c.joined.snapshot).toEqual(await hub.snapshot());

		const { version } = expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'opening',
				minutes: 10
			})
		);
		const later = await Promise.all([hub.connect(), hub.connect()]);
		expect(encodings()).toBe(2);
		for (const c of later) {
			expect(c.joined.snapshot!.version).toBe(version);
			expect(c.joined.snapshot).toEqual(await hub.snapshot());
		}
	});

	it('leaves the snapshot out for a page that holds the hub’s version of the event, and only then', async ({
		hub
	}) => {
		const encodings = snapshotEncodings();
		const attendee = await hub.connect();
		const current = attendee.joined.snapshot!;
		const join = (have?: { eventId: string; version: number }) =>
			attendee.send('event:join', { code: current.event.code, protocol: 1, ...(have ? { have } : {}) });

		const same = expectOk(await join({ eventId: EVENT_ID, version: current.version }));
		expect(same.snapshot).toBeNull();
		// everything else a join answers, as ever
		expect(same.identity).toEqual(attendee.joined.identity);
		expect(same.openPolls).toEqual(attendee.joined.openPolls);
		expect(same.stars).toEqual(attendee.joined.stars);
		expect(same.verified).toBe(attendee.joined.verified);
		expect(typeof same.now).toBe('number');
		// and a page that holds it is sent no more than a few hundred bytes
		expect(JSON.stringify(same).length).toBeLessThan(1000);

		// an older version, or the same number of another event, gets the whole snapshot
		expect(expectOk(await join({ eventId: EVENT_ID, version: current.version - 1 })).snapshot).toEqual(
			current
		);
		expect(expectOk(await join({ eventId: 'brussels-27', version: current.version })).snapshot).toEqual(
			current
		);
		expect(expectOk(await join()).snapshot).toEqual(current);
		expect(encodings()).toBe(1);
	});

	it('refuses a join whose held version is not a version, saying why', async ({ hub }) => {
		const attendee = await hub.connect();
		for (const have of [
			{ eventId: EVENT_ID },
			{ eventId: EVENT_ID, version: -1 },
			{ eventId: '', version: 1 }
		]) {
			const res = await attendee.send('event:join', { code: 'ISB26', protocol: 1, have } as never);
			expect(res.ok).toBe(false);
			if (!res.ok) expect(res.error).toBe('invalid-payload');
		}
	});
});
