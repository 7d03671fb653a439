import { parseFlags } from './lib/args';
import { printProfile, summarizeProfile, type ProfileSummary } from './lib/cpuprofile';
import {
	connectIdle,
	pollStorm,
	qaMix,
	reconnectStorm,
	soak,
	type IdleResult,
	type StormResult
} from './lib/experiments';
import { Fleet } from './lib/fleet';
import { startHub } from './lib/hub';
import { main } from './lib/main';
import { machine, printTable, writeResults } from './lib/report';
import { autoApprove, EVENT, ParentClient, seedQuestions } from './lib/staff';
import { fmt, kb, ms } from './lib/stats';

/**
 * The performance harness: one run that answers "how many attendees can one hub carry, and what does a storm cost".
 *   (a) idle attendees: heap and RSS per connection in the hub
 *   (b) vote storm: every attendee votes once within 10 s (durable acks, ack p99, final tally on every client, lost and
 *       duplicated ballots, event-loop delay)
 *   (c) the same storm against a bare Socket.IO server, and Dais ÷ bare
 *   (d) reconnect storm: everyone drops and comes back; time until all are in sync, no missed or duplicated fact
 *   (e) a Q&A mix
 *   npm run bench -- [--attendees 10000 | --quick] [--probes 24] [--storm-seconds 10] [--qa-seconds 30]
 *                    [--reconnect-seconds 3] [--soak-minutes 0] [--cpu-prof]
 */
const flags = parseFlags();
const quick = flags.bool('quick');
const attendees = flags.num('attendees', quick ? 1000 : 10_000);
const probes = flags.num('probes', 24);
const stormSeconds = flags.num('storm-seconds', 10);
const qaSeconds = flags.num('qa-seconds', quick ? 15 : 30);
const reconnectSeconds = flags.num('reconnect-seconds', 3);
const soakMinutes = flags.num('soak-minutes', 0);
/** The Q&A mix as a whole room: questions and upvotes a second, spread over all attendees. */
const qaQuestionsPerSecond = flags.num('qa-questions-per-second', 2);
const qaVotesPerSecond = flags.num('qa-votes-per-second', 100);
const cpuProf = flags.bool('cpu-prof');
const maxMinutes = 20 + soakMinutes;
const lifetime = maxMinutes * 60_000;

const progress = (s: string) => console.error(`· ${s}`);

main({ name: 'bench', maxMinutes }, async () => {
	const m = machine();
	progress(`${fmt(attendees)} attendees (${probes} socket.io-client probes); ${m.nproc} CPU; ${m.pinned}`);
	const fleet = new Fleet({
		attendees,
		probes,
		perProcess: 5000,
		devicePrefix: 'att-',
		maxLifetimeMs: lifetime
	});
	const parents: ParentClient[] = [];
	try {
		// Dais, with its default per-device and per-connection limits.
		const dais = await startHub({ kind: 'dais', cpuProf, maxLifetimeMs: lifetime });
		let daisIdle: IdleResult;
		let daisStorm: StormResult;
		let reconnect: Awaited<ReturnType<typeof reconnectStorm>>;
		let qa: Awaited<ReturnType<typeof qaMix>>;
		let soaked: Awaited<ReturnType<typeof soak>> | null = null;
		let profiles: ProfileSummary[] = [];
		try {
			daisIdle = await connectIdle(dais, fleet, { concurrency: 200, timeoutMs: 60_000 });
			progress(`(a) Dais: ${fmt(daisIdle.connected)} connected in ${fmt(daisIdle.connectSeconds)} s`);
			const chair = await ParentClient.open(dais.url, await dais.mint('chair', EVENT.eventId));
			const mod = await ParentClient.open(dais.url, await dais.mint('moderator', EVENT.eventId));
			parents.push(chair, mod);
			const approver = await autoApprove(mod, { hold: 'Reconnect check' });

			daisStorm = await pollStorm(dais, fleet, {
				seconds: stormSeconds,
				chair,
				voters: daisIdle.connected,
				tailMs: 30_000
			});
			progress(
				`(b) Dais vote storm: ack p99 ${ms(daisStorm.ackMs.p99)}, final tally p99 ${ms(daisStorm.finalTallyMs.p99)}`
			);

			reconnect = await reconnectStorm(dais, fleet, {
				mod,
				checks: 30,
				spreadMs: reconnectSeconds * 1000,
				parentSockets: parents.length,
				timeoutMs: 60_000
			});
			progress(
				`(d) reconnect storm: ${fmt(reconnect.back)} back, all in sync after ${ms(reconnect.allInSyncAfterMs)}`
			);

			const published = await seedQuestions(dais, mod, 20, 'mix');
			qa = await qaMix(dais, fleet, {
				seconds: qaSeconds,
				asksPerMin: (qaQuestionsPerSecond * 60) / attendees,
				votesPerMin: (qaVotesPerSecond * 60) / attendees,
				mod,
				published,
				tag: 'mix',
				tailMs: 30_000
			});
			progress(`(e) Q&A mix: ${fmt(qa.upvotesPerSecond)} upvotes/s, ack p99 ${ms(qa.ackMs.p99)}`);

			if (soakMinutes > 0) {
				soaked = await soak(dais, fleet, { minutes: soakMinutes, mod, published });
				progress(
					`soak: ${fmt(soaked.drops)} drops, RSS ${fmt(soaked.rssStart / 2 ** 20)} -> ${fmt(soaked.rssEnd / 2 ** 20)} MB`
				);
			}
			await approver.stop();
			for (const p of parents.splice(0)) p.close();
			await fleet.all('closeAll', {}, 60_000);
		} finally {
			await dais.stop();
		}
		if (dais.profile) {
			profiles = ['connect', 'poll-storm', 'reconnect', 'qa-mix'].map((w) =>
				summarizeProfile(dais.profile!.dir, dais.profile!.windowsFile, w)
			);
		}

		// The bare Socket.IO baseline, same attendees, same storm.
		const bare = await startHub({ kind: 'bare', maxLifetimeMs: lifetime });
		let bareIdle: IdleResult;
		let bareStorm: StormResult;
		try {
			bareIdle = await connectIdle(bare, fleet, { concurrency: 200, timeoutMs: 60_000 });
			progress(`(a) bare: ${fmt(bareIdle.connected)} connected in ${fmt(bareIdle.connectSeconds)} s`);
			bareStorm = await pollStorm(bare, fleet, {
				seconds: stormSeconds,
				chair: null,
				voters: bareIdle.connected,
				tailMs: 30_000
			});
			progress(
				`(c) bare vote storm: ack p99 ${ms(bareStorm.ackMs.p99)}, final tally p99 ${ms(bareStorm.finalTallyMs.p99)}`
			);
			await fleet.all('closeAll', {}, 60_000);
		} finally {
			await bare.stop();
		}

		const ratio = (a: number, b: number) => (Number.isFinite(a / b) && b !== 0 ? `${fmt(a / b, 2)}x` : '-');
		const both = (label: string, d: number, b: number, show: (n: number) => string) => [
			label,
			show(d),
			show(b),
			ratio(d, b)
		];
		const one = (label: string, d: string) => [label, d, '', ''];
		const pair = (a: number, b: number) => `${ms(a)} / ${ms(b)}`;
		const s = daisStorm;
		const bs = bareStorm;
		const rows: (string | number)[][] = [
			[
				`machine: ${m.nproc} CPU (nproc), ${m.cpu}, Node ${m.node}, ${m.date}; ${m.pinned}; load average at start ${m.loadavg.toFixed(2)}`
			],
			[`(a) idle attendees: ${fmt(attendees)} connected, each joined to the event, its Q&A and its polls`],
			both('  connected', daisIdle.connected, bareIdle.connected, fmt),
			both('  connects/s (join included)', daisIdle.connectsPerSecond, bareIdle.connectsPerSecond, fmt),
			both('  connect p99', daisIdle.connectMs.p99, bareIdle.connectMs.p99, ms),
			both(
				'  accept-queue overflows (kernel)',
				daisIdle.tcp.ListenOverflows,
				bareIdle.tcp.ListenOverflows,
				fmt
			),
			both('  RSS per connection', daisIdle.rssPerConnection, bareIdle.rssPerConnection, kb),
			both('  heap per connection', daisIdle.heapPerConnection, bareIdle.heapPerConnection, kb),
			both(
				'  hub RSS with all connected',
				daisIdle.after.rss,
				bareIdle.after.rss,
				(n) => `${fmt(n / 2 ** 20)} MB`
			),
			[`(b, c) vote storm: every attendee votes once within ${stormSeconds} s`],
			both('  votes acknowledged', s.accepted, bs.accepted, fmt),
			one(
				'  durable (acked after commit)',
				s.hub.groupCommit
					? `${fmt(s.hub.groupCommit.writes)} writes in ${fmt(s.hub.groupCommit.batches)} commits`
					: '-'
			),
			both('  votes/s', s.votesPerSecond, bs.votesPerSecond, fmt),
			both('  ack p50', s.ackMs.p50, bs.ackMs.p50, ms),
			both('  ack p99', s.ackMs.p99, bs.ackMs.p99, ms),
			both('  ack p99, probes only', s.probeAckMs.p99, bs.probeAckMs.p99, ms),
			both('  ack max', s.ackMs.max, bs.ackMs.max, ms),
			both('  final tally on every client p50 (after last ack)', s.finalTallyMs.p50, bs.finalTallyMs.p50, ms),
			both('  final tally on every client p99', s.finalTallyMs.p99, bs.finalTallyMs.p99, ms),
			both('  final tally p99, probes only', s.probeFinalTallyMs.p99, bs.probeFinalTallyMs.p99, ms),
			both('  final tally broadcast spread p99', s.finalTallySpreadMs.p99, bs.finalTallySpreadMs.p99, ms),
			both('  clients without the final tally', s.clientsWithoutFinalTally, bs.clientsWithoutFinalTally, fmt),
			['  lost / duplicated ballots', `${s.lost} / ${s.duplicated}`, `${bs.lost} / ${bs.duplicated}`, ''],
			both('  hub event-loop delay p99', s.hub.eldMs.p99, bs.hub.eldMs.p99, ms),
			both('  hub event-loop delay max', s.hub.eldMs.max, bs.hub.eldMs.max, ms),
			both('  hub loop utilisation (%)', s.hub.elu * 100, bs.hub.elu * 100, fmt),
			both('  hub CPU per vote (ms)', s.hub.cpuMsPerVote, bs.hub.cpuMsPerVote, (n) => fmt(n, 3)),
			both('  capacity: votes per hub CPU-second', s.hub.votesPerCpuSecond, bs.hub.votesPerCpuSecond, fmt),
			both('  frames sent', s.frames.total, bs.frames.total, fmt),
			[
				`(d) reconnect storm (Dais): all ${fmt(reconnect.dropped)} drop at once, return within ${reconnectSeconds} s`
			],
			one(
				'  back / recovered / re-joined',
				`${fmt(reconnect.back)} / ${fmt(reconnect.recovered)} / ${fmt(reconnect.rejoined)}`
			),
			one('  failed', JSON.stringify(reconnect.failed)),
			one('  reconnect p50 / p99', pair(reconnect.reconnectMs.p50, reconnect.reconnectMs.p99)),
			one(
				'  accept-queue overflows / SYN retransmits',
				`${fmt(reconnect.tcp.ListenOverflows)} / ${fmt(reconnect.tcp.TCPSynRetrans)}`
			),
			one('  all back after', ms(reconnect.allBackAfterMs)),
			one(
				'  in sync p50 / p99 after its own reconnect',
				pair(reconnect.syncLagMs.p50, reconnect.syncLagMs.p99)
			),
			one('  all in sync after (from herd start)', ms(reconnect.allInSyncAfterMs)),
			one(
				'  missed / duplicated facts',
				`${fmt(reconnect.missedFacts)} / ${fmt(reconnect.duplicatedFacts)} (of ${reconnect.checks} each)`
			),
			one('  hub event-loop delay p99 / max', pair(reconnect.hub.eldMs.p99, reconnect.hub.eldMs.max)),
			[
				`(e) Q&A mix (Dais): ${qaQuestionsPerSecond} questions/s and ${qaVotesPerSecond} upvotes/s offered for ${qaSeconds} s`
			],
			one('  questions/s / upvotes/s', `${fmt(qa.questionsPerSecond, 2)} / ${fmt(qa.upvotesPerSecond, 1)}`),
			one('  ack p50 / p99', pair(qa.ackMs.p50, qa.ackMs.p99)),
			one(
				'  vote visible to all probes p50 / p99',
				pair(qa.voteVisibleToAllMs.p50, qa.voteVisibleToAllMs.p99)
			),
			one('  qa:votes frames per vote', fmt(qa.framesPerVote, 2)),
			one('  qa:changed frames per question', fmt(qa.framesPerQuestion, 0)),
			one('  errors', JSON.stringify(qa.errors)),
			one('  hub event-loop delay p99 / max', pair(qa.hub.eldMs.p99, qa.hub.eldMs.max))
		];
		if (soaked) {
			rows.push(
				[`soak (Dais): ${soakMinutes} min of random drops under light Q&A`],
				one(
					'  drops / recovered / re-joined',
					`${fmt(soaked.drops)} / ${fmt(soaked.recovered)} / ${fmt(soaked.rejoined)}`
				),
				one('  failures', JSON.stringify(soaked.failures)),
				one('  connected at the end', fmt(soaked.connectedAtEnd)),
				one(
					'  hub RSS start / end',
					`${fmt(soaked.rssStart / 2 ** 20)} / ${fmt(soaked.rssEnd / 2 ** 20)} MB`
				),
				one(
					'  hub heap start / end',
					`${fmt(soaked.heapStart / 2 ** 20)} / ${fmt(soaked.heapEnd / 2 ** 20)} MB`
				),
				one('  Q&A ack p99 during the soak', ms(soaked.qa.ackMs.p99))
			);
		}
		rows.push([
			`load generators' worst event-loop lag: ${ms(Math.max(daisStorm.generatorLagMaxMs, bareStorm.generatorLagMaxMs, reconnect.generatorLagMaxMs, qa.generatorLagMaxMs))} (latency is measured from each action's scheduled moment)`
		]);
		printTable(`Dais hub performance: ${fmt(attendees)} attendees`, rows, [
			'',
			'Dais',
			'bare Socket.IO',
			'Dais ÷ bare'
		]);
		for (const p of profiles) printProfile(p);
		const file = writeResults(quick ? 'bench-quick' : 'bench', {
			machine: m,
			options: {
				attendees,
				probes,
				stormSeconds,
				qaSeconds,
				reconnectSeconds,
				soakMinutes,
				qaQuestionsPerSecond,
				qaVotesPerSecond
			},
			dais: { idle: daisIdle, storm: daisStorm, reconnect, qa, soak: soaked },
			bare: { idle: bareIdle, storm: bareStorm },
			profiles
		});
		console.log(`\nresults: ${file}`);
	} finally {
		for (const p of parents) p.close();
		await fleet.stop();
	}
});
