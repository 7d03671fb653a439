import { describe, expect, it } from 'vitest';
import { HubClock, pageOffset } from './hub-clock';

/** A device clock the test moves by hand. */
function deviceClock(start: number) {
	let t = start;
	return { read: () => t, advance: (ms: number) => (t += ms) };
}

describe('HubClock', () => {
	it('runs on the device clock until the hub has answered', () => {
		const device = deviceClock(1_000_000);
		const clock = new HubClock(device.read);
		expect(clock.known).toBe(false);
		expect(clock.now()).toBe(1_000_000);
	});

	it('takes the hub time from a join ack, corrected for half the round trip', () => {
		// The device is 10 minutes slow; the ack takes 200 ms there and back.
		const device = deviceClock(Date.parse('2026-12-08T05:50:00Z'));
		const clock = new HubClock(device.read);
		const sentAt = device.read();
		device.advance(200);
		const hubReadAt = Date.parse('2026-12-08T06:00:00.100Z'); // half way through the round trip
		expect(clock.sample(sentAt, hubReadAt, device.read())).toBe(true);
		expect(clock.offset).toBe(10 * 60_000);
		expect(clock.now()).toBe(Date.parse('2026-12-08T06:00:00.200Z'));
		device.advance(60_000);
		expect(clock.now()).toBe(Date.parse('2026-12-08T06:01:00.200Z'));
	});

	it('keeps the hub’s time when the device’s clock is set while the page is open, and asks the hub again', () => {
		let wall = Date.parse('2026-12-08T06:50:00Z');
		let steady = 5_000;
		const clock = new HubClock(
			() => wall,
			() => steady
		);
		const pass = (ms: number) => ((wall += ms), (steady += ms));
		expect(clock.sample(wall, Date.parse('2026-12-08T06:50:00Z'), wall)).toBe(true);
		const asked: number[] = [];
		clock.onJump(() => asked.push(clock.now()));
		clock.watch();
		pass(1000);
		expect(clock.watch()).toBe(false);
		// The network corrects the phone's clock by three hours.
		wall += 3 * 3600_000;
		pass(1000);
		expect(clock.watch()).toBe(true);
		expect(clock.now()).toBe(Date.parse('2026-12-08T06:50:02Z'));
		expect(asked).toEqual([Date.parse('2026-12-08T06:50:02Z')]);
		// The hub's next reading is taken whatever its round trip.
		expect(clock.sample(wall, Date.parse('2026-12-08T06:50:02.500Z'), wall + 900)).toBe(true);
		pass(60_000);
		expect(clock.watch()).toBe(false);
		// Set back a day: the same.
		wall -= 24 * 3600_000;
		expect(clock.watch()).toBe(true);
		expect(clock.now()).toBe(Date.parse('2026-12-08T06:51:02.050Z'));
		// Drift of a second between checks is not a jump.
		wall += 1500;
		expect(clock.watch()).toBe(false);
	});

	it('keeps the reading with the shortest round trip within one connection', () => {
		const clock = new HubClock(() => 0);
		expect(clock.sample(0, 5_050, 100)).toBe(true); // 100 ms round trip: offset 5,000
		expect(clock.sample(1_000, 9_000, 3_000)).toBe(false); // 2 s round trip: less certain, ignored
		expect(clock.offset).toBe(5_000);
		expect(clock.sample(2_000, 7_020, 2_040)).toBe(true); // 40 ms round trip: offset 5,000
		expect(clock.offset).toBe(5_000);
	});

	it('takes a new connection’s first reading even if slower, since the hub may have a new clock', () => {
		const clock = new HubClock(() => 0);
		clock.sample(0, 5_010, 20);
		clock.reconnected();
		expect(clock.sample(100, 3_600_600, 1_100)).toBe(true);
		expect(clock.offset).toBe(3_600_600 + 500 - 1_100);
	});

	it('refuses a reading with a negative round trip or no hub time, and leaves the offset alone', () => {
		const clock = new HubClock(() => 0);
		clock.sample(0, 1_000, 0);
		expect(clock.sample(500, 9_999, 400)).toBe(false);
		expect(clock.sample(0, Number.NaN, 10)).toBe(false);
		expect(clock.offset).toBe(1_000);
	});

	it('tells its listeners when the offset moves', () => {
		const clock = new HubClock(() => 0);
		const seen: number[] = [];
		const off = clock.onChange(() => seen.push(clock.offset));
		clock.sample(0, 2_000, 0);
		off();
		clock.reconnected();
		clock.sample(0, 4_000, 0);
		expect(seen).toEqual([2_000]);
	});

	it('starts from an estimate (the page’s stamp, or the offset kept) until the hub answers, which replaces it', () => {
		const clock = new HubClock(() => 1_000);
		const heard: number[] = [];
		clock.onChange(() => heard.push(clock.now()));
		clock.estimate(7_200_000);
		expect(clock.known).toBe(false);
		expect(clock.now()).toBe(7_201_000);
		expect(clock.sample(1_000, 3_600_000 + 1_050, 1_100)).toBe(true);
		expect(clock.offset).toBe(3_600_000);
		// A later estimate (another page's stamp) does not undo what the hub said.
		clock.estimate(0);
		expect(clock.offset).toBe(3_600_000);
		expect(heard).toEqual([7_201_000, 3_601_000]);
	});
});

describe('pageOffset (the hub time a page can tell before its connection answers)', () => {
	it('reads the hub’s stamp against when the page’s first byte arrived', () => {
		// The device is 2 hours slow: the hub stamped 10:00:00.000; the first byte came 450 ms before the device's
		// clock read 08:00:00.900.
		const stamp = String(Date.parse('2026-12-08T10:00:00Z'));
		const deviceNow = Date.parse('2026-12-08T08:00:00.900Z');
		expect(pageOffset(stamp, { sinceFirstByte: 450, deviceNow }, null)).toBe(2 * 3_600_000 - 450);
		// A timing it cannot trust (a frozen or emulated clock) counts from the moment the page was read.
		expect(pageOffset(stamp, { sinceFirstByte: -5, deviceNow }, null)).toBe(2 * 3_600_000 - 900);
	});
	it('falls back on the offset the device kept when the page has no stamp or came from a cache', () => {
		const arrived = { sinceFirstByte: 10, deviceNow: Date.parse('2026-12-08T08:00:00Z') };
		expect(pageOffset('', arrived, '-10800000')).toBe(-10_800_000);
		expect(pageOffset(undefined, arrived, '5000')).toBe(5_000);
		expect(pageOffset('1796000000000', null, '42')).toBe(42);
		expect(pageOffset('%dais.now%', arrived, null)).toBeNull();
		expect(pageOffset('', arrived, 'nonsense')).toBeNull();
	});
});
