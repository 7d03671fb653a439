import { describe, expect } from 'vitest';
import { cid, EVENT_ID, expectOk, it, sendRaw, signInWith, type TestHub } from '../fixtures/hub';

interface Series {
	name: string;
	labels: Record<string, string>;
	value: number;
}

/** The samples of a Prometheus text exposition. */
function parse(text: string): Series[] {
	const series: Series[] = [];
	for (const line of text.split('\n')) {
		const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (!m) continue;
		const labels: Record<string, string> = {};
		for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
		series.push({ name: m[1], labels, value: Number(m[3]) });
	}
	return series;
}

/** The value of the sample named `name` whose labels include `labels` (0 when there is none yet). */
const valueOf = (all: Series[], name: string, labels: Record<string, string> = {}) =>
	all.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;

const scrape = async (hub: TestHub, headers: Record<string, string> = {}) => {
	const res = await fetch(`${hub.url}/metrics`, { headers });
	return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('GET /metrics (Prometheus, for operators)', () => {
	it('moves with real socket traffic: sockets per event, commands, refusals, acks, commits, fan-out frames', async ({
		hub,
		organiser,
		connect,
		open
	}) => {
		const before = parse((await scrape(hub)).text);
		const attendees = [await connect(), await connect()];
		await open(); // connected, not joined
		expectOk(
			await organiser.send('announcement:post', {
				clientId: cid(),
				eventId: EVENT_ID,
				text: 'Coffee in the atrium',
				roomId: null
			})
		);
		const refused = await sendRaw(attendees[0].socket, 'announcement:post', {
			clientId: cid(),
			eventId: EVENT_ID,
			text: 'not mine to post',
			roomId: null
		});
		expect(refused).toMatchObject({ ok: false, error: 'forbidden' });

		const res = await scrape(hub);
		expect(res.status).toBe(200);
		expect(res.type).toContain('text/plain');
		const after = parse(res.text);
		const moved = (name: string, labels: Record<string, string> = {}) =>
			valueOf(after, name, labels) - valueOf(before, name, labels);

		expect(valueOf(after, 'dais_connected_sockets', { event: EVENT_ID })).toBe(3); // the organiser too
		expect(valueOf(after, 'dais_connected_sockets', { event: 'none' })).toBe(1);
		expect(moved('dais_commands_total', { command: 'event:join' })).toBe(2);
		expect(moved('dais_commands_total', { command: 'announcement:post' })).toBe(2);
		expect(moved('dais_command_refusals_total', { command: 'announcement:post', error: 'forbidden' })).toBe(
			1
		);
		expect(moved('dais_ack_seconds_count', { command: 'announcement:post' })).toBe(2);
		expect(moved('dais_ack_seconds_bucket', { command: 'announcement:post', le: '+Inf' })).toBe(2);
		expect(moved('dais_commit_batch_writes_count')).toBeGreaterThanOrEqual(1);
		expect(moved('dais_commit_batch_writes_sum')).toBeGreaterThanOrEqual(1);
		// The announcement went to everyone in the event's room: the organiser and both attendees.
		expect(moved('dais_fanout_frames_total', { fact: 'agenda:changed' })).toBe(3);
		expect(after.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
		expect(valueOf(after, 'dais_fanout_queued')).toBe(0);
		// No send here reached a hundred sockets, so the fan-out still holds its starting figure: 10 µs a frame.
		expect(valueOf(after, 'dais_fanout_frame_seconds')).toBeCloseTo(0.00001, 9);
	});

	it('answers this machine and a host’s sign-in only: not a forwarded request, not an organiser', async ({
		hub
	}) => {
		expect((await scrape(hub)).status).toBe(200);
		const forwarded = { 'x-forwarded-for': '203.0.113.9' };
		expect((await scrape(hub, forwarded)).status).toBe(403);
		expect((await scrape(hub, { forwarded: 'for=203.0.113.9' })).status).toBe(403);

		const organiser = (await hub.mintCookie('organiser')).cookie;
		expect((await scrape(hub, { ...forwarded, cookie: organiser })).status).toBe(403);
		const host = (await signInWith(hub.services, (await hub.services.access.mintHost('ops')).token)).cookie;
		const asHost = await scrape(hub, { ...forwarded, cookie: host });
		expect(asHost.status).toBe(200);
		expect(asHost.text).toContain('dais_connected_sockets');
	});
});
