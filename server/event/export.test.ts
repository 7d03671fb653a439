import { describe, expect, it } from 'vitest';
import { memoryServices } from '../../tests/fixtures/services';
import { exportEvent, questionsCsv } from './export';

const whole = { eventId: 'isb26', roomId: null };

describe('event export', () => {
	it('lists per session the questions the room saw, by votes, and the results of polls that ran', () => {
		const s = memoryServices();
		const ask = (device: string, text: string) =>
			s.qa.ask('isb26', device, {
				sessionId: 'ws-legal',
				text,
				name: null,
				organisation: 'IOM',
				country: null,
				objectiveId: 'legal-frameworks'
			}).data.question.id;
		const a = ask('d1', 'Will the model law protect witnesses?');
		const b = ask('d2', 'Who prosecutes across borders?');
		const declined = ask('d3', 'Something declined');
		s.qa.approve(whole, [a, b]);
		s.qa.decline(whole, declined, 'off topic');
		s.qa.vote('isb26', 'd9', b, true);
		s.polls.transition(whole, 'p-legal-first', 'open', null);
		const ballot = s.db.transaction(() =>
			s.polls.vote('isb26', { hash: 'd1', address: 'test' }, 'p-legal-first', { choice: 'legal-frameworks' })
		)();
		for (const e of ballot.effects) if (e.type === 'ballot') s.polls.count(e);
		s.polls.transition(whole, 'p-legal-first', 'close', null);

		const report = exportEvent(s, whole);
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
			exportEvent(s, { eventId: 'isb26', roomId: 'hall-a' }).sessions.every((x) => x.room === 'Hall A')
		).toBe(true);
	});

	it('writes CSV that a spreadsheet cannot mistake for formulas', () => {
		const s = memoryServices();
		s.qa.settings(whole, 'ws-legal', false);
		s.qa.ask('isb26', 'd1', {
			sessionId: 'ws-legal',
			text: '=HYPERLINK("http://x") "quoted"',
			name: null,
			organisation: null,
			country: null,
			objectiveId: null
		});
		const csv = questionsCsv(exportEvent(s, whole));
		const [header, row] = csv.trim().split('\r\n');
		expect(header).toBe(
			'"session","room","question","votes","answered","objective","name","organisation","country","reply"'
		);
		expect(row).toContain(`"'=HYPERLINK(""http://x"") ""quoted"""`);
	});
});
