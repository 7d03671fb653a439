import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { ImportError } from '../../server/event/event.service';
import { EVENT_ID, it, type TestHub } from '../fixtures/hub';

const SAMPLE = readFileSync(new URL('../../server/event/sample-event.json', import.meta.url), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

async function importError(hub: TestHub, text: string): Promise<ImportError> {
	try {
		await hub.services.events.importText(text, 'replace');
	} catch (e) {
		if (e instanceof ImportError) return e;
		throw e;
	}
	throw new Error('the import was accepted');
}

describe('importing a programme into a running hub', () => {
	it('refuses broken JSON with the line of the error and changes nothing', async ({ hub }) => {
		const before = await hub.snapshot();
		// A missing comma after the opening session's title.
		const broken = SAMPLE.replace('"title": "Opening address",', '"title": "Opening address"');
		const err = await importError(hub, broken);
		expect(err.problems).toHaveLength(1);
		expect(err.problems[0].line).toBe(lineOf(SAMPLE, '"title": "Opening address"') + 1);
		expect(err.message).toMatch(/^line \d+, column \d+: expected "," or "}"/);
		expect(await hub.snapshot()).toEqual(before);
	});

	it('refuses a session in an unknown room naming its line, and changes nothing', async ({ hub }) => {
		const before = await hub.snapshot();
		const bad = SAMPLE.replace('"roomId": "hall-b",', '"roomId": "hall-z",');
		const err = await importError(hub, bad);
		expect(err.problems).toEqual([
			{
				line: lineOf(SAMPLE, '"roomId": "hall-b"'),
				column: expect.any(Number),
				path: 'sessions.5.roomId',
				message: 'no room with id "hall-z"',
				reason: 'file-unknown-room',
				params: { id: 'hall-z' }
			}
		]);
		expect(await hub.snapshot()).toEqual(before);
	});

	it('replaces the sessions from a valid file and bumps the version by one', async ({ hub }) => {
		const before = await hub.snapshot();
		const file = JSON.parse(SAMPLE) as { sessions: { id: string; title: string }[] };
		file.sessions = file.sessions.filter((s) => s.id !== 'lunch-2');
		file.sessions[0].title = 'Registration and breakfast';

		const result = await hub.services.events.importText(JSON.stringify(file, null, '\t'), 'replace');

		const after = await hub.snapshot();
		expect(result).toEqual({
			eventId: EVENT_ID,
			code: 'ISB26',
			version: before.version + 1,
			sessions: file.sessions.length,
			eventChanges: []
		});
		expect(after.version).toBe(before.version + 1);
		expect(after.sessions.map((s) => s.id).sort()).toEqual(file.sessions.map((s) => s.id).sort());
		expect(after.sessions.find((s) => s.id === 'registration')?.title).toBe('Registration and breakfast');
		expect(after.changes[0]).toMatchObject({ version: after.version, kind: 'imported' });
	});

	it('reports every problem of a file in one import, format and cross-field alike, and changes nothing', async ({
		hub
	}) => {
		const before = await hub.snapshot();
		const file = JSON.parse(SAMPLE) as {
			sessions: { title: string; roomId: string; startsAt: string; endsAt: string; kind?: string }[];
		};
		// Session 0 ends before it starts, session 1 is in a hall the file does not have, session 2's title is only
		// invisible characters: before, only the title was reported, and the others once it was fixed.
		const [s0, s1, s2] = file.sessions;
		[s0.startsAt, s0.endsAt] = [s0.endsAt, s0.startsAt];
		s1.roomId = 'nope';
		s2.title = '   \u202E ';
		for (const mode of ['replace', 'merge'] as const) {
			let err: unknown;
			await hub.services.events.importText(JSON.stringify(file, null, '\t'), mode).catch((e: unknown) => {
				err = e;
			});
			expect(err).toBeInstanceOf(ImportError);
			const problems = (err as ImportError).problems;
			expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
				'sessions.0.endsAt: must be after startsAt',
				'sessions.1.roomId: no room with id "nope"',
				'sessions.2.title: title is empty or made only of invisible characters'
			]);
			expect(problems.map((p) => p.reason)).toEqual([
				'file-ends-before-start',
				'file-unknown-room',
				'file-invisible-text'
			]);
		}
		expect(await hub.snapshot()).toEqual(before);
	});

	it('words each problem as a person reads it, with the values a field may take, not zod’s schema text', async ({
		hub
	}) => {
		const bare = await importError(hub, '{"schema":"dais.event/1"}');
		expect(bare.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
			'event: event is missing',
			'rooms: rooms is missing',
			'sessions: sessions is missing'
		]);
		expect(bare.problems[0]).toMatchObject({ line: 1, column: 1, reason: 'file-missing' });

		const file = JSON.parse(SAMPLE) as { sessions: { kind?: string }[]; polls: { id: string }[] };
		file.sessions[1].kind = 'keynote';
		file.polls[0].id = 'opening-vote';
		const text = JSON.stringify(file, null, '\t');
		const err = await importError(hub, text);
		expect(err.problems).toEqual([
			expect.objectContaining({
				path: 'sessions.1.kind',
				line: lineOf(text, '"kind": "keynote"'),
				message: 'kind must be one of: plenary, working, break, side',
				reason: 'file-one-of',
				params: { field: 'kind', values: 'plenary, working, break, side' }
			}),
			expect.objectContaining({
				path: 'polls.0.id',
				message: expect.stringMatching(/^id must be p- followed by 3 to 40 lowercase letters/),
				reason: 'file-bad-poll-id'
			})
		]);
		expect(err.message).not.toMatch(/Invalid|expected|pattern/);
	});
});
