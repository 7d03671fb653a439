import { describe, expect, it, vi } from 'vitest';
import { outcomeReport, TOP_QUESTIONS } from './report.service';
import { PollDefinition } from '../../src/lib/protocol';
import { afterTheSession, vote, whole } from './scenario.fixture';

describe('outcome report data', () => {
	it('has one section per objective in the event order, then one for what no objective claims', async () => {
		const { s } = await afterTheSession();
		const r = await outcomeReport(s, whole);
		const objectives = (await s.events.snapshot('isb26')).objectives.map((o) => o.id);
		expect(r.byObjective.slice(0, objectives.length).map((x) => x.objective?.id)).toEqual(objectives);
		expect(r.byObjective.slice(objectives.length).every((x) => x.objective === null)).toBe(true);
	});

	it('files a labelled question under its objective, an unlabelled one under its session’s objectives, by votes', async () => {
		const { s, ids } = await afterTheSession();
		const r = await outcomeReport(s, whole);
		const legal = r.byObjective.find((x) => x.objective?.id === 'legal-frameworks')!;
		expect(legal.sessions).toContain('ws-legal');
		// ws-legal's objectives in the sample: legal-frameworks only, so every question of it is here, by votes.
		expect(legal.topQuestions.map((q) => q.id)).toEqual([ids.arabic, ids.urdu, ids.formula]);
		expect(legal.topQuestions[0]).toMatchObject({ votes: 2, answered: true, sessionId: 'ws-legal' });
		expect(legal.topQuestions.length).toBeLessThanOrEqual(TOP_QUESTIONS);
		expect(JSON.stringify(r)).not.toContain('hors sujet');
	});

	it('carries every poll that ran with labelled rows, turnout against the hall’s peak, moderation counts and attendance', async () => {
		const { s } = await afterTheSession();
		const r = await outcomeReport(s, whole);
		const legal = r.byObjective.find((x) => x.objective?.id === 'legal-frameworks')!;
		expect(legal.polls.map((p) => p.id).sort()).toEqual(
			['p-legal-capacity', 'p-legal-first', 'p-legal-obstacle', 'p-legal-urgency'].sort()
		);
		const first = legal.polls.find((p) => p.id === 'p-legal-first')!;
		// Peak in Hall B during the session was 20 (the 40 was two hours before it started).
		expect(r.sessions.find((x) => x.id === 'ws-legal')!.peakAttendance).toBe(20);
		expect(first.turnout).toBeCloseTo(3 / 20, 3);
		expect(first.rows.find((x) => x.id === 'legal-frameworks')).toMatchObject({ count: 2, share: 0.6667 });
		expect(legal.moderation).toMatchObject({ received: 4, published: 3, notPublished: 1, answered: 1 });
		expect(r.moderation.received).toBe(4);
		expect(r.turnout).toMatchObject({ polls: 4, ballots: 3 + 2 + 3 + 2 });
		expect(r.attendance.samples.map((x) => x.total)).toEqual([40, 14, 27]);
	});

	it('covers one session when asked, with its attendance minutes only, and refuses a session outside a hall link', async () => {
		const { s } = await afterTheSession();
		const one = await outcomeReport(s, whole, 'ws-legal');
		expect(one.sessions.map((x) => x.id)).toEqual(['ws-legal']);
		expect(one.attendance.samples.map((x) => x.byRoom['hall-b'])).toEqual([10, 20]);
		await expect(outcomeReport(s, { eventId: 'isb26', roomId: 'hall-a' }, 'ws-legal')).rejects.toThrow(
			/another room/
		);
		const hallA = await outcomeReport(s, { eventId: 'isb26', roomId: 'hall-a' });
		expect(hallA.sessions.every((x) => x.roomId === 'hall-a')).toBe(true);
		expect(hallA.attendance.rooms.map((x) => x.id)).toEqual(['hall-a']);
	});
	it('says for each poll who could vote in it, and how many of its ballots came from phones first seen after it opened', async () => {
		const { s, clock } = await afterTheSession();
		const issued = async () => {
			const r = await s.devices.issue('203.0.113.7');
			if (!r.ok) throw new Error('no device id');
			// The id's record is written behind the answer (the hub hands it to the group commit).
			await vi.waitFor(async () => expect(await s.devices.firstSeen(r.hash)).not.toBeNull());
			return r.hash;
		};
		const known = await issued();
		clock.set('2026-12-08T06:40:00Z');
		const define = (question: string, verifiedOnly: boolean) =>
			PollDefinition.parse({
				type: 'single',
				question,
				options: [
					{ id: 'yes', label: 'Yes' },
					{ id: 'no', label: 'No' }
				],
				verifiedOnly
			});
		const open = (await s.polls.create(whole, 'ws-legal', define('A task force this year?', false))).data.poll
			.id;
		await s.polls.transition(whole, open, 'open', null);
		clock.set('2026-12-08T06:45:00Z');
		const fresh = [await issued(), await issued()];
		for (const device of [known, ...fresh]) await vote(s, device, open, { choice: 'yes' });
		const verified = (await s.polls.create(whole, 'ws-legal', define('Verified: a secretariat?', true))).data
			.poll.id;
		await s.polls.transition(whole, verified, 'open', null);

		const r = await outcomeReport(s, whole);
		const polls = r.byObjective.flatMap((x) => x.polls);
		// Open to every phone: of its three ballots, the two from ids issued after it opened.
		expect(polls.find((p) => p.id === open)).toMatchObject({
			ballots: 3,
			verifiedOnly: false,
			newDevices: 2
		});
		expect(polls.find((p) => p.id === verified)).toMatchObject({ verifiedOnly: true });
		// The sample's polls were answered by phones the hub has no record of: none counts as fresh.
		expect(polls.find((p) => p.id === 'p-legal-first')).toMatchObject({ verifiedOnly: false, newDevices: 0 });
	});
});
