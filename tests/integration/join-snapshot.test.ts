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
			expect(c.joined.snapshot.version).toBe(version);
			expect(c.joined.snapshot).toEqual(await hub.snapshot());
		}
	});
});
