import { joinStorm, POLL, pollStorm, qaMix } from './experiments';
import type { Fleet } from './fleet';
import type { HubHandle } from './hub';
import { EVENT, ParentClient, writeId } from './staff';
import { now, sleep } from './stats';

/**
 * Several halls at once on one hub: `halls` sessions running together, attendee k following hall k mod halls. Hall 1
 * first storms alone (its poll and its Q&A while the others sit connected), then every hall storms together with its
 * own poll and Q&A while the organiser posts announcements to everyone; hall 1's figures alone and together show how
 * much the other halls cost it.
 */
export async function manyHalls(
	hub: HubHandle,
	fleet: Fleet,
	o: {
		halls: number;
		joinRate: number;
		stormSeconds: number;
		questionsPerSecondPerHall: number;
		upvotesPerSecondPerHall: number;
		announceEveryMs: number;
	}
) {
	const organiser = await ParentClient.open(hub.url, await hub.mint('organiser', EVENT.eventId));
	try {
		// The halls' sessions run when the sample's first working session does, so the hub treats them as on now.
		const joined = await organiser.must<{
			snapshot: { sessions: { id: string; startsAt: string; endsAt: string }[]; rooms: { id: string }[] };
		}>('event:join', { code: EVENT.eventCode, protocol: 1 });
		const model = joined.snapshot.sessions.find((s) => s.id === EVENT.sessionId)!;
		const rooms = joined.snapshot.rooms.map((r) => r.id);
		const sessions = Array.from({ length: o.halls }, (_, k) => ({
			sessionId: `bench-hall-${k + 1}`,
			roomId: rooms[k % rooms.length]
		}));
		const createPoll = async (sessionId: string, label: string) =>
			(
				await organiser.must<{ poll: { id: string } }>('poll:create', {
					clientId: writeId('poll'),
					eventId: EVENT.eventId,
					sessionId,
					poll: {
						type: 'single',
						question: `Which objective comes first? (${label})`,
						options: POLL.choices.map((id) => ({ id, label: id }))
					}
				})
			).poll.id;
		const together: Record<string, string> = {};
		for (const [k, s] of sessions.entries()) {
			await organiser.must('session:create', {
				clientId: writeId('session'),
				eventId: EVENT.eventId,
				sessionId: s.sessionId,
				fields: {
					title: `Bench hall ${k + 1}`,
					roomId: s.roomId,
					startsAt: model.startsAt,
					endsAt: model.endsAt
				}
			});
			// Questions appear at once, so attendees have something to upvote without a moderator in the loop.
			await organiser.must('qa:settings', {
				clientId: writeId('qa'),
				eventId: EVENT.eventId,
				sessionId: s.sessionId,
				premoderated: false
			});
			together[s.sessionId] = await createPoll(s.sessionId, 'together');
		}
		const first = sessions[0].sessionId;
		const alonePoll = await createPoll(first, 'alone');

		const join = await joinStorm(hub, fleet, { perSecond: o.joinRate, timeoutMs: 30_000, sessions });
		const halls = { sessions: sessions.map((s) => s.sessionId), polls: together };
		const qa = (voting: string[], tag: string) =>
			qaMix(hub, fleet, {
				seconds: o.stormSeconds,
				asksPerMin: (o.questionsPerSecondPerHall * 60 * o.halls) / join.connected,
				votesPerMin: (o.upvotesPerSecondPerHall * 60 * o.halls) / join.connected,
				mod: null,
				published: {},
				sessions: voting,
				tag,
				tailMs: 30_000
			});
		const storm = (voting: string[], polls: Record<string, string>, mark: string) =>
			pollStorm(hub, fleet, {
				seconds: o.stormSeconds,
				chair: organiser,
				voters: join.connected,
				tailMs: 30_000,
				halls: { sessions: halls.sessions, polls },
				voting,
				mark
			});

		const [aloneStorm, aloneQa] = await Promise.all([
			storm([first], { [first]: alonePoll }, 'halls-alone'),
			qa([first], 'alone')
		]);
		await organiser.must('poll:transition', {
			clientId: writeId('close'),
			eventId: EVENT.eventId,
			pollId: alonePoll,
			action: 'close'
		});

		let announcing = true;
		let announcements = 0;
		const announcer = (async () => {
			await sleep(2500);
			const until = now() + o.stormSeconds * 1000;
			while (announcing && now() < until) {
				const r = await organiser.send('announcement:post', {
					clientId: writeId('announce'),
					eventId: EVENT.eventId,
					text: `Bench announcement ${++announcements}: the coffee break moves by five minutes.`,
					roomId: null
				});
				if (!r.ok) throw new Error(`announcement:post failed: ${r.error}`);
				await sleep(o.announceEveryMs);
			}
		})();
		const [togetherStorm, togetherQa] = await Promise.all([
			storm(halls.sessions, together, 'halls-together'),
			qa(halls.sessions, 'together')
		]);
		announcing = false;
		await announcer;
		await fleet.all('closeAll', {}, 60_000);
		return {
			sessions,
			join,
			alone: { storm: aloneStorm, qa: aloneQa },
			together: { storm: togetherStorm, qa: togetherQa },
			announcements
		};
	} finally {
		organiser.close();
	}
}
export type HallsResult = Awaited<ReturnType<typeof manyHalls>>;
