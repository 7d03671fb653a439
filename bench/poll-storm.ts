import { parseFlags } from './lib/args';
import { printProfile, summarizeProfile } from './lib/cpuprofile';
import { joinStorm, pollStorm } from './lib/experiments';
import { Fleet } from './lib/fleet';
import { startHub } from './lib/hub';
import { main } from './lib/main';
import { generatorText, machine, printTable, writeResults } from './lib/report';
import { EVENT, ParentClient } from './lib/staff';
import { fmt, ms } from './lib/stats';

/**
 * Poll storm: N attendees each vote once on an open single-choice poll within T seconds; the chair has revealed
 * results to everyone, so every attendee receives the moving tally.
 *   npm run bench:polls -- [--attendees 2000] [--seconds 10] [--probes 20] [--cpu-prof]
 */
const flags = parseFlags();
const attendees = flags.num('attendees', 2000);
const seconds = flags.num('seconds', 10);
const probes = flags.num('probes', 20);
const cpuProf = flags.bool('cpu-prof');
flags.done('npm run bench:polls -- [--attendees 2000] [--seconds 10] [--probes 20] [--cpu-prof]');
const maxMinutes = 10;

main({ name: 'bench:polls', maxMinutes }, async () => {
	const hub = await startHub({
		kind: 'dais',
		cpuProf,
		maxLifetimeMs: maxMinutes * 60_000
	});
	const fleet = new Fleet({
		attendees,
		probes,
		perProcess: 5000,
		devicePrefix: 'att-',
		maxLifetimeMs: maxMinutes * 60_000
	});
	let chair: ParentClient | null = null;
	try {
		const idle = await joinStorm(hub, fleet, { perSecond: 500, timeoutMs: 30_000 });
		chair = await ParentClient.open(hub.url, await hub.mint('chair', EVENT.eventId));
		const storm = await pollStorm(hub, fleet, { seconds, chair, voters: idle.connected, tailMs: 20_000 });
		chair.close();
		chair = null;
		await fleet.stop();
		await hub.stop();

		const m = machine();
		printTable(`Poll storm: ${fmt(attendees)} attendees vote once within ${seconds} s (Dais hub)`, [
			[
				'machine',
				`${m.nproc} CPU, ${m.cpu}, Node ${m.node}, ${m.date}, load average ${m.loadavg.toFixed(2)}`
			],
			[
				'connected clients',
				`${fmt(idle.connected)} (${fmt(idle.failed)} failed, ${fmt(probes)} of them socket.io-client probes)`
			],
			['votes acknowledged (durable)', `${fmt(storm.accepted)}  errors: ${JSON.stringify(storm.errors)}`],
			['votes/s', fmt(storm.votesPerSecond)],
			[
				'ack latency p50 / p99 / max',
				`${ms(storm.ackMs.p50)} / ${ms(storm.ackMs.p99)} / ${ms(storm.ackMs.max)}`
			],
			[
				'final tally on every client p50 / p99 / max',
				`${ms(storm.finalTallyMs.p50)} / ${ms(storm.finalTallyMs.p99)} / ${ms(storm.finalTallyMs.max)} after the last vote was due (${fmt(storm.clientsWithoutFinalTally)} never got it)`
			],
			[
				'final tally fan-out spread',
				`${ms(storm.finalTallySpreadMs)} from the first client to get it to the last`
			],
			[
				'probes only: ack p99 / final tally p99',
				`${ms(storm.probeAckMs.p99)} / ${ms(storm.probeFinalTallyMs.p99)}`
			],
			[
				'lost / duplicated ballots',
				`${storm.lost} / ${storm.duplicated} (ballots table: ${fmt(storm.stored)} rows, tally matches acks: ${storm.tallyMatches})`
			],
			[
				'frames sent',
				`${fmt(storm.frames.total)} (poll:changed ${fmt(storm.frames.byName['poll:changed'] ?? 0)}; per client p50 ${fmt(storm.frames.perClient.p50)})`
			],
			['hub event-loop delay p99 / max', `${ms(storm.hub.eldMs.p99)} / ${ms(storm.hub.eldMs.max)}`],
			[
				'hub CPU per vote / loop utilisation',
				`${fmt(storm.hub.cpuMsPerVote, 3)} ms / ${fmt(storm.hub.elu * 100)} %`
			],
			[
				'group commit',
				storm.hub.groupCommit
					? `${fmt(storm.hub.groupCommit.writes)} writes in ${fmt(storm.hub.groupCommit.batches)} transactions`
					: '-'
			],
			['load generator lag p99 / max, busiest second', generatorText(storm.generator)]
		]);
		const profile = hub.profile
			? summarizeProfile(hub.profile.dir, hub.profile.windowsFile, 'poll-storm')
			: null;
		if (profile) printProfile(profile);
		const file = writeResults('poll-storm', { machine: m, attendees, seconds, probes, idle, storm, profile });
		console.log(`\nresults: ${file}`);
	} finally {
		chair?.close();
		await fleet.stop();
		await hub.stop();
	}
});
