import type { BallotAnswer } from '../../src/lib/protocol';
import { fixedClock, memoryServices, type TestServices } from '../../tests/fixtures/services';

export const whole = { eventId: 'isb26', roomId: null };

/** A device hash as long as a real one, so that a test can look for it in an export. */
export const dev = (name: string) => `${name}-device-hash-0000000000000`;

/** Casts one ballot as the hub does: stored in a transaction, then taken into the running tally. */
export async function vote(s: TestServices, device: string, pollId: string, answer: BallotAnswer) {
	const r = await s.sql.tx(() => s.polls.vote('isb26', { hash: device, address: 'test' }, pollId, answer));
	for (const e of r.effects) if (e.type === 'ballot') await s.polls.count(e);
}

/**
 * The sample conference after a working session: questions in Urdu, Arabic and French (one named, one shaped like
 * a formula, one declined), every kind of poll answered and closed, head counts in Hall B, and staff actions logged.
 */
export async function afterTheSession() {
	const clock = fixedClock('2026-12-08T06:30:00Z');
	const s = await memoryServices({ clock });
	const ask = async (
		device: string,
		text: string,
		extra: Partial<{ name: string; objectiveId: string }> = {}
	) =>
		(
			await s.qa.ask('isb26', device, {
				sessionId: 'ws-legal',
				text,
				name: extra.name ?? null,
				organisation: extra.name ? 'FIA' : null,
				country: extra.name ? 'Pakistan' : null,
				objectiveId: extra.objectiveId ?? null
			})
		).data.question.id;
	const urdu = await ask(dev('d1'), 'کیا ماڈل قانون گواہوں کو تحفظ دے گا؟', {
		name: 'عائشہ',
		objectiveId: 'legal-frameworks'
	});
	const arabic = await ask(dev('d2'), 'من يلاحق المهربين عبر الحدود؟');
	const formula = await ask(dev('d3'), '=HYPERLINK("http://x","click")');
	const declined = await ask(dev('d4'), 'Un propos hors sujet');
	await s.qa.approve(whole, [urdu, arabic, formula]);
	await s.qa.decline(whole, declined, '');
	await s.qa.vote('isb26', dev('d5'), arabic, true);
	await s.qa.vote('isb26', dev('d6'), arabic, true);
	await s.qa.vote('isb26', dev('d7'), urdu, true);
	await s.qa.answer(whole, arabic, true);

	const open = (id: string) => s.polls.transition(whole, id, 'open', null);
	const close = (id: string) => s.polls.transition(whole, id, 'close', null);
	for (const id of ['p-legal-first', 'p-legal-capacity', 'p-legal-urgency', 'p-legal-obstacle'])
		await open(id);
	await vote(s, dev('d1'), 'p-legal-first', { choice: 'legal-frameworks' });
	await vote(s, dev('d2'), 'p-legal-first', { choice: 'legal-frameworks' });
	await vote(s, dev('d3'), 'p-legal-first', { choice: 'victims-rights' });
	const objectives = ['intelligence-sharing', 'legal-frameworks', 'victims-rights', 'root-causes'];
	await vote(s, dev('d1'), 'p-legal-capacity', {
		ratings: Object.fromEntries(objectives.map((o, i) => [o, i + 1]))
	});
	await vote(s, dev('d2'), 'p-legal-capacity', {
		ratings: Object.fromEntries(objectives.map((o) => [o, 5]))
	});
	await vote(s, dev('d1'), 'p-legal-urgency', { ranking: objectives });
	await vote(s, dev('d2'), 'p-legal-urgency', { ranking: [...objectives].reverse() });
	await vote(s, dev('d3'), 'p-legal-urgency', { ranking: objectives });
	await vote(s, dev('d1'), 'p-legal-obstacle', { words: ['corruption', 'فساد'] });
	await vote(s, dev('d2'), 'p-legal-obstacle', { words: ['corruption'] });
	for (const id of ['p-legal-first', 'p-legal-capacity', 'p-legal-urgency', 'p-legal-obstacle'])
		await close(id);

	const legal = (await s.events.snapshot('isb26')).sessions.find((x) => x.id === 'ws-legal')!;
	// Ten phones in Hall B at the start of the session, twenty a little later; one sample outside the session.
	const at = (minutes: number) => new Date(Date.parse(legal.startsAt) + minutes * 60_000).toISOString();
	await s.attendance.record('isb26', at(1), 'hub1', 14, { 'hall-b': 10, 'hall-a': 3 });
	await s.attendance.record('isb26', at(2), 'hub1', 25, { 'hall-b': 20 });
	await s.attendance.record('isb26', at(2), 'hub2', 2, { 'hall-a': 2 });
	await s.attendance.record('isb26', at(-120), 'hub1', 40, { 'hall-b': 40 });

	const organiser = await s.access.mint({
		eventId: 'isb26',
		role: 'organiser',
		roomId: null,
		label: 'Ops desk'
	});
	await s.audit.record({
		eventId: 'isb26',
		credential: organiser.credential,
		command: 'question:answer',
		payload: { questionId: arabic, answered: true },
		data: {}
	});
	return { s, clock, ids: { urdu, arabic, formula, declined } };
}
