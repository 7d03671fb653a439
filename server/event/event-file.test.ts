import { describe, expect, it } from 'vitest';
import { lineOf, SAMPLE_TEXT } from '../../tests/fixtures/services';
import { formatProblems, parseEventFile, type FileProblem } from './event-file';

/** Replaces one exact piece of the sample (it must occur), keeping the line count. */
function edit(find: string, replace: string, text = SAMPLE_TEXT): string {
	if (!text.includes(find)) throw new Error(`"${find}" is not in the sample`);
	return text.replace(find, replace);
}
/** The line of the first line containing `needle` at or after the line containing `anchor`. */
function lineAfter(anchor: string, needle: string): number {
	const lines = SAMPLE_TEXT.split('\n');
	const from = lineOf(SAMPLE_TEXT, anchor) - 1;
	return lines.findIndex((l, n) => n >= from && l.includes(needle)) + 1;
}
function problems(text: string): FileProblem[] {
	const parsed = parseEventFile(text);
	if (parsed.ok) throw new Error('the file was accepted');
	return parsed.problems;
}

describe('parseEventFile', () => {
	it('accepts the sample conference file', () => {
		const parsed = parseEventFile(SAMPLE_TEXT);
		if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
		expect(parsed.file.event).toMatchObject({ id: 'isb26', code: 'ISB26', timezone: 'Asia/Karachi' });
		expect(parsed.file.rooms.map((r) => r.id)).toEqual(['plenary', 'hall-a', 'hall-b']);
		expect(parsed.file.sessions.map((s) => s.id)).toContain('ws-intelligence');
	});

	it('reads how the event names its time per language, and names a bad language tag with its line', () => {
		const parsed = parseEventFile(SAMPLE_TEXT);
		if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
		expect(parsed.file.event.timeZoneNames).toMatchObject({ en: 'Islamabad time', ur: 'اسلام آباد کا وقت' });

		const text = edit('"fr": "heure d’Islamabad"', '"French": "heure d’Islamabad"');
		expect(problems(text)).toContainEqual(
			expect.objectContaining({
				line: lineOf(SAMPLE_TEXT, '"fr": "heure d’Islamabad"'),
				path: 'event.timeZoneNames.French'
			})
		);
	});

	it('lets an event file leave its time names out', () => {
		const text = SAMPLE_TEXT.replace(/\t\t"timeZoneNames": \{[^}]*\},\n/, '');
		expect(text).not.toContain('timeZoneNames');
		const parsed = parseEventFile(text);
		if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
		expect(parsed.file.event.timeZoneNames).toEqual({});
	});

	it('names the line of a JSON syntax error', () => {
		const text = edit('"title": "Opening address",', '"title": "Opening address"');
		expect(problems(text)).toEqual([
			{
				line: lineOf(SAMPLE_TEXT, '"title": "Opening address"') + 1,
				column: 4,
				path: '',
				message: 'expected "," or "}" after a property value, found "\\""'
			}
		]);
	});

	it('says a CSV, a spreadsheet’s text or any file that is not JSON is not a programme file, not "unexpected i"', () => {
		for (const text of [
			'\uFEFFid,title,starts\nopening,افتتاحیہ,09:00\n',
			'first,second\n1,2',
			'%PDF-1.7\n',
			'  \n  title: x'
		]) {
			const parsed = parseEventFile(text);
			expect(parsed).toEqual({
				ok: false,
				problems: [expect.objectContaining({ line: 1, column: 1, reason: 'file-not-json' })]
			});
		}
		// A broken JSON document is still located where it breaks.
		const broken = parseEventFile('{"event": }');
		expect(!broken.ok && broken.problems[0].reason).toBeUndefined();
	});

	it('reports a duplicate session id at the line of the second one', () => {
		const text = edit('"id": "coffee-1"', '"id": "opening"');
		expect(problems(text)).toEqual([
			{
				line: lineOf(SAMPLE_TEXT, '"id": "coffee-1"'),
				column: 10,
				path: 'sessions.3.id',
				message: 'duplicate id "opening"',
				// What pages in other languages word, with the id to look for.
				reason: 'file-duplicate-id',
				params: { id: 'opening' }
			}
		]);
	});

	it('reports a duplicate room id at its line', () => {
		const text = edit('"id": "hall-b"', '"id": "hall-a"');
		expect(problems(text)).toContainEqual(
			expect.objectContaining({
				line: lineOf(SAMPLE_TEXT, '"id": "hall-b"'),
				path: 'rooms.2.id',
				message: 'duplicate id "hall-a"',
				reason: 'file-duplicate-id',
				params: { id: 'hall-a' }
			})
		);
	});

	it('reports a session in an unknown room at the line of its roomId', () => {
		const text = edit('"roomId": "hall-b",', '"roomId": "hall-z",');
		expect(problems(text)).toEqual([
			{
				line: lineOf(SAMPLE_TEXT, '"roomId": "hall-b",'),
				column: 14,
				path: 'sessions.5.roomId',
				message: 'no room with id "hall-z"',
				reason: 'file-unknown-room',
				params: { id: 'hall-z' }
			}
		]);
	});

	it('reports an unknown objective at the line where the session names it', () => {
		const anchor = '"id": "ws-intelligence"';
		const line = lineAfter(anchor, '"intelligence-sharing"');
		const lines = SAMPLE_TEXT.split('\n');
		lines[line - 1] = lines[line - 1].replace('"intelligence-sharing"', '"intel"');
		const column = lines[line - 1].indexOf('"intel"') + 1;
		expect(problems(lines.join('\n'))).toEqual([
			{
				line,
				column,
				path: 'sessions.4.objectives.0',
				message: 'no objective with id "intel"',
				reason: 'file-unknown-objective',
				params: { id: 'intel' }
			}
		]);
	});

	it('reports a session that ends before it starts at the line of its end', () => {
		const text = edit('"endsAt": "2026-12-08T10:15:00+05:00"', '"endsAt": "2026-12-08T09:00:00+05:00"');
		expect(problems(text)).toEqual([
			{
				line: lineOf(SAMPLE_TEXT, '"endsAt": "2026-12-08T10:15:00+05:00"'),
				column: 14,
				path: 'sessions.1.endsAt',
				message: 'must be after startsAt',
				reason: 'file-ends-before-start'
			}
		]);
	});

	it('reports a session that starts outside the file’s days at the line of its start, naming it and the days', () => {
		const start = '"startsAt": "2026-12-09T11:00:00+05:00"';
		const text = edit(start, '"startsAt": "2025-12-09T11:00:00+05:00"');
		const found = problems(text);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({
			line: lineOf(SAMPLE_TEXT, start),
			reason: 'file-session-off-days',
			params: { day: '2025-12-09', first: '2026-12-08', last: '2026-12-09' }
		});
		expect(found[0].path).toMatch(/^sessions\.\d+\.startsAt$/);
		expect(found[0].message).toContain('2026-12-08 to 2026-12-09');
		expect(found[0].message).toContain(`session "${found[0].params?.id}"`);
	});

	it('reads a session’s day in the event’s zone: 23:30 UTC on the eve is the first morning in Islamabad', () => {
		const start = '"startsAt": "2026-12-08T08:30:00+05:00"';
		expect(parseEventFile(edit(start, '"startsAt": "2026-12-07T23:30:00Z"')).ok).toBe(true);
		expect(problems(edit(start, '"startsAt": "2026-12-07T18:30:00Z"'))).toEqual([
			expect.objectContaining({ reason: 'file-session-off-days', line: lineOf(SAMPLE_TEXT, start) })
		]);
	});

	it('says a session time without its offset needs one, with the time written right as the example', () => {
		const start = '"startsAt": "2026-12-09T11:00:00+05:00"';
		expect(problems(edit(start, '"startsAt": "2026-12-09T11:00:00"'))).toEqual([
			{
				line: lineOf(SAMPLE_TEXT, start),
				column: expect.any(Number),
				path: expect.stringMatching(/^sessions\.\d+\.startsAt$/),
				message:
					'"2026-12-09T11:00:00" has no offset from UTC: a time needs its offset or Z, e.g. "2026-12-09T11:00:00+05:00" (UTC+5, as in Islamabad) or "2026-12-09T11:00:00Z" (UTC)',
				reason: 'file-time-no-offset',
				params: { example: '"2026-12-09T11:00:00+05:00"' }
			}
		]);
		// A time without seconds gets them in the example, which the import then takes.
		expect(problems(edit(start, '"startsAt": "2026-12-09T11:00"'))[0].message).toContain(
			'e.g. "2026-12-09T11:00:00+05:00"'
		);
		expect(problems(edit(start, '"startsAt": "tomorrow at 11"'))).toEqual([
			expect.objectContaining({
				message: expect.stringContaining('not a date and time with its offset from UTC, e.g.'),
				reason: 'file-bad-time'
			})
		]);
	});

	it('reports an event that ends before it starts at the line of its end date', () => {
		const text = edit('"endsOn": "2026-12-09"', '"endsOn": "2026-12-07"');
		expect(problems(text)).toEqual([
			expect.objectContaining({
				line: lineOf(SAMPLE_TEXT, '"endsOn"'),
				path: 'event.endsOn',
				message: 'ends before it starts',
				reason: 'file-ends-before-start'
			})
		]);
	});

	it('reports an unknown time zone at its line', () => {
		const text = edit('"timezone": "Asia/Karachi"', '"timezone": "Asia/Islamabad"');
		expect(problems(text)).toEqual([
			expect.objectContaining({ line: lineOf(SAMPLE_TEXT, '"timezone"'), path: 'event.timezone' })
		]);
	});

	it('reports a missing field at the line of the object that lacks it', () => {
		const text = edit('"title": "Opening address",', '');
		expect(problems(text)).toEqual([
			expect.objectContaining({ line: lineOf(SAMPLE_TEXT, '"id": "opening"') - 1, path: 'sessions.1.title' })
		]);
	});

	it('reports an unknown field, naming it, at the line of its object', () => {
		const text = edit('"title": "Opening address",', '"title": "Opening address", "colour": "red",');
		const [problem, ...rest] = problems(text);
		expect(rest).toEqual([]);
		expect(problem).toMatchObject({ line: lineOf(SAMPLE_TEXT, '"id": "opening"') - 1, path: 'sessions.1' });
		expect(problem.message).toBe(
			'sessions.1 has a field Dais does not know, "colour": remove it or check its spelling'
		);
	});

	it('reports a poll for an unknown session at the line of its sessionId', () => {
		const text = edit('"sessionId": "ws-intelligence"', '"sessionId": "ws-nothing"');
		expect(problems(text)).toEqual([
			expect.objectContaining({
				line: lineOf(SAMPLE_TEXT, '"sessionId": "ws-intelligence"'),
				path: 'polls.0.sessionId',
				reason: 'file-unknown-session',
				params: { id: 'ws-nothing' }
			})
		]);
	});

	it('reports a preset poll that a chair could not define with the chair’s reason, and a field’s own check with its own', () => {
		const file = JSON.parse(SAMPLE_TEXT) as {
			event: { timezone: string };
			polls: { type: string; options: { id: string }[]; maxChoices?: number | null }[];
		};
		const n = file.polls.findIndex((p) => p.type === 'single' && p.options.length >= 2);
		file.polls[n] = { ...file.polls[n], type: 'multiple', maxChoices: file.polls[n].options.length + 1 };
		file.event.timezone = 'Mars/Olympus';
		const found = problems(JSON.stringify(file, null, '\t'));
		expect(found).toContainEqual(
			expect.objectContaining({
				path: `polls.${n}.maxChoices`,
				message: 'more than there are choices',
				reason: 'poll-max-choices',
				params: { max: file.polls[n].options.length }
			})
		);
		expect(found.find((p) => p.path === 'event.timezone')).toMatchObject({
			message: 'timezone is not a known IANA time zone, e.g. Asia/Karachi',
			reason: 'file-bad-timezone',
			params: { field: 'timezone' }
		});
	});

	it('reports every problem in a file, in line order', () => {
		let text = edit('"roomId": "hall-b",', '"roomId": "hall-z",');
		text = edit('"id": "coffee-1"', '"id": "opening"', text);
		text = edit('"timezone": "Asia/Karachi"', '"timezone": "Mars/Olympus"', text);
		const found = problems(text);
		expect(found.map((p) => p.path)).toEqual(['event.timezone', 'sessions.3.id', 'sessions.5.roomId']);
		expect(found.map((p) => p.line)).toEqual([...found.map((p) => p.line)].sort((a, b) => a - b));
	});

	it('runs the checks across fields on what passed its own checks, whatever else is wrong in the file', () => {
		const file = JSON.parse(SAMPLE_TEXT) as {
			event: { startsOn: string; endsOn: string; code: string };
			rooms: { id: string; name: string }[];
			sessions: { id: string; kind: string; roomId: string; startsAt: string; endsAt: string }[];
		};
		file.event.code = 'I'; // too short: its own problem
		file.event.endsOn = '2026-12-07'; // before startsOn: a cross-field one
		file.rooms[1].name = '\u200B'; // a hall with a bad name is still a hall its sessions may name
		file.sessions[0].kind = 'keynote';
		file.sessions[0].id = 'registration-again';
		file.sessions[1].id = 'registration-again'; // a duplicate of an id that is fine in itself
		file.sessions[2].roomId = 'Not An Id'; // a bad id is its own problem, not also an unknown room
		file.sessions[3].startsAt = 'soon'; // no time to compare with its end
		const found = problems(JSON.stringify(file, null, '\t'));
		expect(found.map((p) => `${p.path} ${p.reason}`).sort()).toEqual(
			[
				'event.code file-text-too-short',
				'event.endsOn file-ends-before-start',
				'rooms.1.name file-invisible-text',
				'sessions.0.kind file-one-of',
				'sessions.1.id file-duplicate-id',
				'sessions.2.roomId file-bad-id',
				'sessions.3.startsAt file-bad-time'
			].sort()
		);
	});

	it('skips only the references it cannot check: no rooms to look in is one problem, not one per session', () => {
		const file = JSON.parse(SAMPLE_TEXT) as { rooms?: unknown; sessions: { roomId: string }[] };
		file.rooms = 'plenary';
		file.sessions[0].roomId = 'nowhere';
		expect(problems(JSON.stringify(file, null, '\t'))).toEqual([
			expect.objectContaining({
				path: 'rooms',
				message: 'rooms must be a list in square brackets',
				reason: 'file-wrong-type',
				params: { field: 'rooms', expected: 'array' }
			})
		]);
	});

	it('says a missing part, a value outside its list and an unknown field in words, not the schema’s', () => {
		expect(problems('{"schema": "dais.event/1"}').map((p) => p.message)).toEqual([
			'event is missing',
			'rooms is missing',
			'sessions is missing'
		]);
		const text = edit('"kind": "plenary"', '"kind": "keynote"');
		expect(problems(text)).toEqual([
			expect.objectContaining({
				path: expect.stringMatching(/^sessions\.\d+\.kind$/),
				message: 'kind must be one of: plenary, working, break, side',
				reason: 'file-one-of',
				params: { field: 'kind', values: 'plenary, working, break, side' }
			})
		]);
		expect(problems(edit('"schema": "dais.event/1"', '"schema": "dais.event/9"'))[0]).toMatchObject({
			message: 'schema must be "dais.event/1"',
			reason: 'file-must-be',
			params: { value: '"dais.event/1"' }
		});
		expect(problems(edit('"startsOn": "2026-12-08"', '"startsOn": "8/12/2026"'))[0]).toMatchObject({
			message: 'startsOn must be a date written YYYY-MM-DD, e.g. 2026-12-08',
			reason: 'file-bad-date'
		});
		const extra = edit(
			'"title": "Opening address",',
			'"title": "Opening address", "colour": "red", "hue": 1,'
		);
		expect(problems(extra)).toEqual([
			expect.objectContaining({
				reason: 'file-unknown-field',
				params: { field: 'sessions.1', key: 'colour' }
			}),
			expect.objectContaining({ reason: 'file-unknown-field', params: { field: 'sessions.1', key: 'hue' } })
		]);
	});

	it('refuses a file of another schema version', () => {
		const text = edit('"schema": "dais.event/1"', '"schema": "dais.event/9"');
		expect(problems(text)).toEqual([expect.objectContaining({ line: 2, path: 'schema' })]);
	});
});

describe('formatProblems', () => {
	it('writes one "line L, column C (path): message" line per problem', () => {
		expect(
			formatProblems([
				{ line: 3, column: 7, path: 'rooms.0.id', message: 'duplicate id "a"' },
				{ line: 9, column: 1, path: '', message: 'unexpected end of file' }
			])
		).toBe('line 3, column 7 (rooms.0.id): duplicate id "a"\nline 9, column 1: unexpected end of file');
	});
});
