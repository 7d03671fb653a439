import { parseFlags } from './lib/args';
import { qaMix } from './lib/experiments';
import { joinStorm } from './lib/experiments';
import { Fleet } from './lib/fleet';
import { startHub } from './lib/hub';
import { main } from './lib/main';
import { machine, printTable, writeResults } from './lib/report';
import { autoApprove, EVENT, ParentClient, seedQuestions, writeId } from './lib/staff';
import { fmt, ms, now, summarize } from './lib/stats';

/**
 * Flood: one device sends 1,000 commands a second (question:ask and question:vote, alternating) while 100 other
 * attendees ask and vote at a normal pace, under the hub's default per-device limits. First a baseline without the
 * flooder, then the same load with it; then a cookie-dropping attacker: sockets that come back without a cookie, with
 * an invented one, and with every device id the hub will issue to their address, each trying to vote in an open poll
 * and to upvote, beside the same normal load. It prints how many of the attacker's ballots and upvotes counted.
 *   npm run bench:flood -- [--seconds 20] [--rate 1000] [--attendees 100] [--probes 20] [--droppers 300]
 */
const flags = parseFlags();
const seconds = flags.num('seconds', 20);
const rate = flags.num('rate', 1000);
const attendees = flags.num('attendees', 100);
const probes = flags.num('probes', 20);
const droppers = flags.num('droppers', 300);
flags.done(
	'npm run bench:flood -- [--seconds 20] [--rate 1000] [--attendees 100] [--probes 20] [--droppers 300]'
);
const POLL = 'p-intelligence-first';
const asksPerMin = 2;
const votesPerMin = 30;
const maxMinutes = 10;

interface DropReply {
	results: Record<string, number>;
	ids: { issued: number; refused: number };
}

main({ name: 'bench:flood', maxMinutes }, async () => {
	// The default limits: 5 questions and 120 votes a minute per device.
	const hub = await startHub({ kind: 'dais', maxLifetimeMs: maxMinutes * 60_000 });
	const fleet = new Fleet({
		attendees,
		probes,
		perProcess: 5000,
		devicePrefix: 'att-',
		maxLifetimeMs: maxMinutes * 60_000
	});
	const flooder = new Fleet({
		attendees: 1,
		probes: 0,
		perProcess: 1,
		devicePrefix: 'flooder-',
		maxLifetimeMs: maxMinutes * 60_000
	});
	let mod: ParentClient | null = null;
	let chair: ParentClient | null = null;
	try {
		const idle = await joinStorm(hub, fleet, { perSecond: 500, timeoutMs: 30_000 });
		await joinStorm(hub, flooder, { perSecond: 500, timeoutMs: 30_000 });
		mod = await ParentClient.open(hub.url, await hub.mint('moderator', EVENT.eventId));
		const approver = await autoApprove(mod);
		const published = await seedQuestions(hub, mod, 30, 'flood');
		const pace = {
			seconds,
			asksPerMin,
			votesPerMin,
			mod,
			published: { [EVENT.sessionId]: published },
			tailMs: 20_000
		};

		const baseline = await qaMix(hub, fleet, { ...pace, tag: 'baseline' });

		const startAt = now() + 1500;
		const [flood, normal] = await Promise.all([
			flooder.all<{ sent: number; results: Record<string, number>; latency: Float64Array }>(
				'flood',
				{
					...EVENT,
					startAt,
					durationMs: seconds * 1000,
					ratePerSec: rate,
					questionIds: published,
					deadlineAt: startAt + seconds * 1000 + 30_000,
					ackTimeoutMs: 20_000
				},
				seconds * 1000 + 90_000
			),
			// qaMix starts its own schedule 1.5 s after it is called, as the flood does.
			qaMix(hub, fleet, { ...pace, tag: 'flooded' })
		]);

		// The cookie-dropping attacker, beside the same normal load, against an open poll.
		chair = await ParentClient.open(hub.url, await hub.mint('chair', EVENT.eventId));
		await chair.must('poll:transition', {
			clientId: writeId('open'),
			eventId: EVENT.eventId,
			pollId: POLL,
			action: 'open',
			countdownSeconds: null
		});
		const dropAt = now() + 1500;
		const [dropped, withDroppers] = await Promise.all([
			flooder.all<DropReply>(
				'dropCookies',
				{
					url: hub.url,
					eventCode: EVENT.eventCode,
					eventId: EVENT.eventId,
					pollId: POLL,
					choice: 'legal-frameworks',
					questionIds: published,
					sockets: droppers,
					startAt: dropAt,
					durationMs: seconds * 1000,
					ackTimeoutMs: 20_000
				},
				seconds * 1000 + 90_000
			),
			qaMix(hub, fleet, { ...pace, tag: 'droppers' })
		]);
		const managed = await chair.must<{ polls: { id: string; ballots: number }[] }>('poll:manage', {
			eventId: EVENT.eventId,
			sessionId: EVENT.sessionId
		});
		const ballotsAtHub = managed.polls.find((p) => p.id === POLL)?.ballots ?? 0;
		chair.close();
		chair = null;
		await approver.stop();
		mod.close();
		mod = null;
		const d = dropped[0].r;
		const outcome = (kind: string, command: string) => {
			const entries = Object.entries(d.results).filter(([k]) => k.startsWith(`${kind} ${command} `));
			const sent = entries.reduce((a, [, v]) => a + v, 0);
			const ok = d.results[`${kind} ${command} ok`] ?? 0;
			return `${fmt(ok)} of ${fmt(sent)}`;
		};

		const f = flood[0].r;
		const throttled = Object.entries(f.results)
			.filter(([k]) => k.endsWith('rate-limited'))
			.reduce((a, [, v]) => a + v, 0);
		const cut = Object.entries(f.results)
			.filter(([k]) => k.endsWith(' disconnected'))
			.reduce((a, [, v]) => a + v, 0);
		const accepted = Object.entries(f.results)
			.filter(([k]) => k.endsWith(' ok'))
			.reduce((a, [, v]) => a + v, 0);
		const floodLatency = summarize(f.latency);
		const m = machine();
		printTable(
			`Flood: one device sends ${fmt(rate)} commands/s for ${seconds} s beside ${fmt(attendees)} normal attendees (default limits)`,
			[
				[
					'machine',
					`${m.nproc} CPU, ${m.cpu}, Node ${m.node}, ${m.date}, load average ${m.loadavg.toFixed(2)}`,
					''
				],
				['normal attendees connected', fmt(idle.connected), ''],
				['flooder commands sent', fmt(f.sent), ''],
				[
					'  throttled (rate-limited)',
					`${fmt(throttled)} (${fmt((throttled / Math.max(1, f.sent)) * 100)} %)`,
					''
				],
				['  accepted', fmt(accepted), ''],
				['  unsent: the hub cut the connection for flooding', fmt(cut), ''],
				[`  by outcome: ${JSON.stringify(f.results)}`],
				['  flooder ack p50 / p99', `${ms(floodLatency.p50)} / ${ms(floodLatency.p99)}`, ''],
				['', 'baseline (no flood)', 'with flood'],
				['normal commands acked', fmt(baseline.asked + baseline.upvoted), fmt(normal.asked + normal.upvoted)],
				['normal ack p50', ms(baseline.ackMs.p50), ms(normal.ackMs.p50)],
				['normal ack p99 (target < 200 ms)', ms(baseline.ackMs.p99), ms(normal.ackMs.p99)],
				['normal ack max', ms(baseline.ackMs.max), ms(normal.ackMs.max)],
				['normal errors', JSON.stringify(baseline.errors), JSON.stringify(normal.errors)],
				[
					'hub event-loop delay p99 / max',
					`${ms(baseline.hub.eldMs.p99)} / ${ms(baseline.hub.eldMs.max)}`,
					`${ms(normal.hub.eldMs.p99)} / ${ms(normal.hub.eldMs.max)}`
				],
				['hub loop utilisation', `${fmt(baseline.hub.elu * 100)} %`, `${fmt(normal.hub.elu * 100)} %`],
				[
					'target met (p99 < 200 ms)',
					baseline.ackMs.p99 < 200 ? 'yes' : 'NO',
					normal.ackMs.p99 < 200 ? 'yes' : 'NO'
				]
			]
		);
		printTable(
			`Cookie-dropping attacker: ${fmt(droppers)} sockets for ${seconds} s from one address, beside ${fmt(attendees)} normal attendees (default limits)`,
			[
				['device ids the hub issued to the attacker', fmt(d.ids.issued), ''],
				['device ids refused (rate-limited, 429)', fmt(d.ids.refused), ''],
				['ballots counted: without a cookie', outcome('no cookie', 'poll:vote'), ''],
				['ballots counted: with an invented cookie', outcome('forged cookie', 'poll:vote'), ''],
				['ballots counted: with an issued id', outcome('issued id', 'poll:vote'), ''],
				['upvotes counted: without a cookie', outcome('no cookie', 'question:vote'), ''],
				['upvotes counted: with an invented cookie', outcome('forged cookie', 'question:vote'), ''],
				['upvotes counted: with an issued id', outcome('issued id', 'question:vote'), ''],
				['ballots in the poll at the hub (only the attacker voted)', fmt(ballotsAtHub), ''],
				[`  by outcome: ${JSON.stringify(d.results)}`],
				['', 'baseline (no attacker)', 'with attacker'],
				['normal ack p99', ms(baseline.ackMs.p99), ms(withDroppers.ackMs.p99)],
				['normal errors', JSON.stringify(baseline.errors), JSON.stringify(withDroppers.errors)]
			]
		);
		const file = writeResults('flood', {
			machine: m,
			seconds,
			rate,
			attendees,
			probes,
			flooder: { sent: f.sent, throttled, accepted, cut, results: f.results, ackMs: floodLatency },
			baseline,
			normal,
			droppers: { sockets: droppers, ids: d.ids, results: d.results, ballotsAtHub, normal: withDroppers }
		});
		console.log(`\nresults: ${file}`);
	} finally {
		mod?.close();
		chair?.close();
		await Promise.all([fleet.stop(), flooder.stop()]);
		await hub.stop();
	}
});
