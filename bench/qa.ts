import { parseFlags } from './lib/args';
import { printProfile, summarizeProfile } from './lib/cpuprofile';
import { joinStorm, qaMix } from './lib/experiments';
import { Fleet } from './lib/fleet';
import { startHub } from './lib/hub';
import { main } from './lib/main';
import { generatorText, machine, printTable, writeResults } from './lib/report';
import { autoApprove, EVENT, ParentClient, seedQuestions } from './lib/staff';
import { fmt, ms } from './lib/stats';

/**
 * Q&A: N attendees ask and upvote at a normal pace for a minute while a moderator approves in bulk.
 *   npm run bench:qa -- [--attendees 1000] [--seconds 60] [--asks-per-min 0.5] [--votes-per-min 6] [--probes 20]
 */
const flags = parseFlags();
const attendees = flags.num('attendees', 1000);
const seconds = flags.num('seconds', 60);
const asksPerMin = flags.num('asks-per-min', 0.5);
const votesPerMin = flags.num('votes-per-min', 6);
const probes = flags.num('probes', 20);
const cpuProf = flags.bool('cpu-prof');
flags.done(
	'npm run bench:qa -- [--attendees 1000] [--seconds 60] [--asks-per-min 0.5] [--votes-per-min 6] [--probes 20] [--cpu-prof]'
);
const maxMinutes = 10;

main({ name: 'bench:qa', maxMinutes }, async () => {
	// The per-device limits (5 questions, 120 votes a minute) sit far above this pace; they are raised only when the
	// flags ask for a pace that would reach them.
	const rateLimits = {
		questionsPerMinute: Math.max(5, Math.ceil(asksPerMin * 10)),
		votesPerMinute: Math.max(120, Math.ceil(votesPerMin * 10))
	};
	const hub = await startHub({
		kind: 'dais',
		rateLimits,
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
	let mod: ParentClient | null = null;
	try {
		const idle = await joinStorm(hub, fleet, { perSecond: 500, timeoutMs: 30_000 });
		mod = await ParentClient.open(hub.url, await hub.mint('moderator', EVENT.eventId));
		const approver = await autoApprove(mod);
		const published = await seedQuestions(hub, mod, 10, 'qa');
		const qa = await qaMix(hub, fleet, {
			seconds,
			asksPerMin,
			votesPerMin,
			mod,
			published: { [EVENT.sessionId]: published },
			tag: 'mix',
			tailMs: 30_000
		});
		await approver.stop();
		mod.close();
		mod = null;
		await fleet.stop();
		await hub.stop();

		const m = machine();
		printTable(
			`Q&A: ${fmt(attendees)} attendees ask (${asksPerMin}/min each) and upvote (${votesPerMin}/min each) for ${seconds} s`,
			[
				[
					'machine',
					`${m.nproc} CPU, ${m.cpu}, Node ${m.node}, ${m.date}, load average ${m.loadavg.toFixed(2)}`
				],
				[
					'connected clients',
					`${fmt(idle.connected)} (${fmt(idle.failed)} failed, ${fmt(probes)} socket.io-client probes)`
				],
				[
					'questions/s',
					`${fmt(qa.questionsPerSecond, 2)} (${fmt(qa.asked)} asked, ${fmt(approver.approved())} approved in bulk)`
				],
				[
					'upvotes/s',
					`${fmt(qa.upvotesPerSecond, 2)} (${fmt(qa.upvoted)} upvotes; ${fmt(qa.votesSkipped)} skipped, nothing left to vote on)`
				],
				['errors', JSON.stringify(qa.errors)],
				['ack p50 / p99 (all commands)', `${ms(qa.ackMs.p50)} / ${ms(qa.ackMs.p99)}`],
				['  question:ask p50 / p99', `${ms(qa.askAckMs.p50)} / ${ms(qa.askAckMs.p99)}`],
				['  question:vote p50 / p99', `${ms(qa.voteAckMs.p50)} / ${ms(qa.voteAckMs.p99)}`],
				[
					'vote visible to all probes p50 / p99',
					`${ms(qa.voteVisibleToAllMs.p50)} / ${ms(qa.voteVisibleToAllMs.p99)} after its ack (${fmt(qa.votesNotSeenByAllProbes)} never seen by all ${qa.probes})`
				],
				['frames sent per vote', `${fmt(qa.framesPerVote, 2)} (${fmt(qa.qaVotesFrames)} qa:votes frames)`],
				['qa:changed frames per question', fmt(qa.framesPerQuestion, 1)],
				['frames sent (all)', `${fmt(qa.frames.total)} (per client p50 ${fmt(qa.frames.perClient.p50)})`],
				['hub event-loop delay p99 / max', `${ms(qa.hub.eldMs.p99)} / ${ms(qa.hub.eldMs.max)}`],
				['hub loop utilisation', `${fmt(qa.hub.elu * 100)} %`],
				['load generator lag p99 / max, busiest second', generatorText(qa.generator)]
			]
		);
		const profile = hub.profile ? summarizeProfile(hub.profile.dir, hub.profile.windowsFile, 'qa-mix') : null;
		if (profile) printProfile(profile);
		const file = writeResults('qa', {
			machine: m,
			attendees,
			seconds,
			asksPerMin,
			votesPerMin,
			probes,
			rateLimits,
			idle,
			qa,
			profile
		});
		console.log(`\nresults: ${file}`);
	} finally {
		mod?.close();
		await fleet.stop();
		await hub.stop();
	}
});
