import { describe, expect, it } from 'vitest';
import { memoryServices } from '../../tests/fixtures/services';
import { exportEvent, turnoutOf } from './export';
import { questionsCsv } from '../report/files';

const whole = { eventId: 'isb26', roomId: null };

describe('event export', () => {
	it('lists per session the questions the room saw, by votes, and the results of polls that ran', async () => {
		const s = await memoryServices();
		const ask = async (device: string, text: string) =>
			(
				await s.qa.ask('isb26', device, {
					sessionId: 'ws-legal',
					text,
					name: null,
					organisation: 'IOM',
					country: null,
					objectiveId: 'legal-frameworks'
				})
			).data.question.id;
		const a = await ask('d1', 'Will the model law protect witnesses?');
		const b = await ask('d2', 'Who prosecutes across borders?');
		const declined = await ask('d3', 'Something declined');
		await s.qa.approve(whole, [a, b]);
		await s.qa.decline(whole, declined, 'off topic');
		await s.qa.vote('isb26', 'd9', b, true);
		await s.polls.transition(whole, 'p-legal-first', 'open', null);
		const ballot = await s.sql.tx(() =>
			s.polls.vote('isb26', { hash: 'd1', address: 'test' }, 'p-legal-first', { choice: 'legal-frameworks' })
		);
		for (const e of ballot.effects) if (e.type === 'ballot') await s.polls.count(e);
		await s.polls.transition(whole, 'p-legal-first', 'close', null);

		const report = await exportEvent(s, whole);
		const legal = report.sessions.find((x) => x.id === 'ws-legal')!;
		expect(legal.questions.map((q) => q.text)).toEqual([
			'Who prosecutes across borders?',
			'Will the model law protect witnesses?'
		]);
		expect(legal.questionCounts).toMatchObject({ received: 3, published: 2, notPublished: 1 });
		expect(legal.polls).toEqual([
			expect.objectContaining({
				question: 'Which objective should the regional task force take first?',
				state: 'closed',
				ballots: 1
			})
		]);
		expect(legal.polls[0].results).toMatchObject({ counts: { 'legal-frameworks': 1 } });
		expect(report.sessions.some((x) => x.id === 'coffee-1')).toBe(false);
		expect(JSON.stringify(report)).not.toContain('Something declined');
		// A hall's organiser exports that hall only.
		expect(
			(await exportEvent(s, { eventId: 'isb26', roomId: 'hall-a' })).sessions.every(
				(x) => x.room === 'Hall A'
			)
		).toBe(true);
	});

	it('writes CSV that a spreadsheet cannot mistake for formulas', async () => {
		const s = await memoryServices();
		await s.qa.settings(whole, 'ws-legal', false);
		await s.qa.ask('isb26', 'd1', {
			sessionId: 'ws-legal',
			text: '=HYPERLINK("http://x") "quoted"',
			name: null,
			organisation: null,
			country: null,
			objectiveId: null
		});
		const csv = questionsCsv(await exportEvent(s, whole));
		// UTF-8 with a byte-order mark (Excel on Windows reads Urdu and Arabic right only then); the first ten
		// columns as before, new ones after them.
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const [header, row] = csv.slice(1).trim().split('\r\n');
		expect(header).toBe(
			'"session","room","question","votes","answered","objective","name","organisation","country","reply",' +
				'"state","session_id","question_id","objective_id","asked_at","asked_at_local","published_at",' +
				'"published_at_local"'
		);
		expect(row).toContain(`"'=HYPERLINK(""http://x"") ""quoted"""`);
	});

	it('gives a poll’s turnout against the hall’s peak head count, and none where it would pass 100 %', () => {
		expect(turnoutOf(3, 20)).toBe(0.15);
		expect(turnoutOf(20, 20)).toBe(1);
		// More ballots than phones counted in the hall: no figure rather than 189 %.
		expect(turnoutOf(53, 28)).toBeNull();
		expect(turnoutOf(3, null)).toBeNull();
		expect(turnoutOf(3, 0)).toBeNull();
	});
});
