import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { column } from '../db/sql';
import { describe, expect, it } from 'vitest';
import { exportEvent } from '../event/export';
import { attendanceCsv, auditCsv, CSV_FILES, exportArchive, pollsCsv, questionsCsv } from './files';
import { afterTheSession, whole } from './scenario.fixture';

/** Parses CSV with csv-parse (a second library, not the writer), BOM stripped, into objects keyed by header. */
const read = (csv: string) => parse(csv, { bom: true, columns: true }) as Record<string, string>[];

describe('CSV exports, read back with csv-parse', () => {
	it('writes the questions the room saw as in the database: UTF-8 with a BOM, Urdu and Arabic intact, no formula', async () => {
		const { s, ids } = await afterTheSession();
		const csv = questionsCsv(await exportEvent(s, whole));
		const legal = (await s.events.snapshot('isb26')).sessions.find((x) => x.id === 'ws-legal')!;
		const objectiveName = async (id: string) =>
			(await s.events.snapshot('isb26')).objectives.find((o) => o.id === id)!.name;
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const rows = read(csv);
		const db = await s.sql.all<{
			id: string;
			text: string;
			votes: number;
			state: string;
			answered: number;
			name: string | null;
			organisation: string | null;
			country: string | null;
			objective_id: string | null;
		}>(
			"SELECT id, text, votes, state, answered, name, organisation, country, objective_id FROM questions WHERE state IN ('published', 'archived') ORDER BY votes DESC, created_at"
		);
		expect(rows.map((r) => r.question_id)).toEqual(db.map((q) => q.id));
		for (const [i, q] of db.entries()) {
			const r = rows[i];
			expect(r.question).toBe(q.text.startsWith('=') ? `'${q.text}` : q.text);
			expect(Number(r.votes)).toBe(q.votes);
			expect(r.state).toBe(q.state);
			expect(r.answered).toBe(q.answered ? 'yes' : 'no');
			expect(r.name).toBe(q.name ?? '');
			expect(r.organisation).toBe(q.organisation ?? '');
			expect(r.country).toBe(q.country ?? '');
			expect(r.objective_id).toBe(q.objective_id ?? '');
			expect(r.session).toBe(legal.title);
			expect(r.room).toBe('Hall B');
		}
		expect(rows.find((r) => r.question_id === ids.urdu)).toMatchObject({
			name: 'عائشہ',
			objective: await objectiveName('legal-frameworks')
		});
		expect(rows.some((r) => r.question_id === ids.declined)).toBe(false);
		expect(rows.find((r) => r.question_id === ids.formula)!.question).toBe(`'=HYPERLINK("http://x","click")`);
		// No device hash anywhere in the file.
		const hashes = await column<string>(s.sql, 'SELECT device_hash FROM questions');
		for (const h of hashes) expect(csv).not.toContain(h);
	});

	it('writes one row per option with the counts, shares, means, Borda scores and word counts the ballots give', async () => {
		const { s } = await afterTheSession();
		const rows = read(pollsCsv(await exportEvent(s, whole)));
		const of = (pollId: string) => rows.filter((r) => r.poll_id === pollId);
		const ballots = (pollId: string) =>
			column<string>(s.sql, 'SELECT answer FROM ballots WHERE poll_id = ?', [pollId]);

		// Single choice: counted straight from the stored ballots.
		const counts = new Map<string, number>();
		for (const a of await ballots('p-legal-first')) {
			const { choice } = JSON.parse(a) as { choice: string };
			counts.set(choice, (counts.get(choice) ?? 0) + 1);
		}
		const first = of('p-legal-first');
		expect(first).toHaveLength(4);
		for (const r of first) {
			expect(Number(r.count)).toBe(counts.get(r.option_id) ?? 0);
			expect(Number(r.share)).toBeCloseTo((counts.get(r.option_id) ?? 0) / 3, 4);
			expect(r.ballots).toBe('3');
			// Open to every phone, and none of its voters' ids is newer than the poll (see report.service.test.ts).
			expect(r.verified_only).toBe('no');
			expect(r.new_device_ballots).toBe('0');
			expect(r.type).toBe('single');
		}
		const options = (await s.events.snapshot('isb26')).objectives;
		for (const r of first) expect(r.option).toBe(options.find((o) => o.id === r.option_id)!.name);

		// Rating: means and distributions from the ballots' JSON.
		const ratings = (await ballots('p-legal-capacity')).map(
			(a) => (JSON.parse(a) as { ratings: Record<string, number> }).ratings
		);
		for (const r of of('p-legal-capacity')) {
			const given = ratings.map((x) => x[r.option_id]);
			expect(Number(r.mean)).toBeCloseTo(given.reduce((a, b) => a + b, 0) / given.length, 2);
			for (let n = 1; n <= 5; n++) expect(Number(r[`stars_${n}`])).toBe(given.filter((g) => g === n).length);
		}

		// Ranking: Borda scores (first of four earns 3) from the ballots.
		const rankings = (await ballots('p-legal-urgency')).map(
			(a) => (JSON.parse(a) as { ranking: string[] }).ranking
		);
		for (const r of of('p-legal-urgency')) {
			const borda = rankings.reduce((sum, order) => sum + (order.length - 1 - order.indexOf(r.option_id)), 0);
			expect(Number(r.borda)).toBe(borda);
			expect(r.positions.split(' ').map(Number)).toEqual(
				[0, 1, 2, 3].map((i) => rankings.filter((o) => o[i] === r.option_id).length)
			);
		}

		// Word cloud: how often each word was given.
		const words = of('p-legal-obstacle');
		expect(words.find((r) => r.option === 'corruption')!.count).toBe('2');
		expect(words.find((r) => r.option === 'فساد')!.count).toBe('1');
	});

	it('writes the audit log and the head counts as stored (hubs added up), and defuses formulas everywhere', async () => {
		const { s } = await afterTheSession();
		const x = await exportEvent(s, whole, { audit: true });
		const audit = read(auditCsv(x));
		const logged = (await s.sql.all('SELECT id, command, label, role, session_id FROM audit_log')) as {
			id: number;
			command: string;
			label: string;
			role: string;
			session_id: string | null;
		}[];
		expect(audit.map((r) => [Number(r.entry_id), r.command, r.label, r.role, r.session_id])).toEqual(
			logged.map((e) => [e.id, e.command, e.label, e.role, e.session_id])
		);
		const attendance = read(attendanceCsv(x));
		const minute = x.attendance.samples.find((m) => m.total === 27)!;
		const at = attendance.filter((r) => r.at === minute.at);
		expect(Object.fromEntries(at.map((r) => [r.room_id, Number(r.count)]))).toEqual({
			'*': 27,
			plenary: 0,
			'hall-a': 2,
			'hall-b': 20
		});
	});
});

describe('the whole-event archive', () => {
	it('gives each UTC time a column beside it with the same moment on the event’s clock (Islamabad, UTC+5)', async () => {
		const { s } = await afterTheSession();
		const x = await exportEvent(s, whole);
		expect(x.event.timezone).toBe('Asia/Karachi');
		const plus5 = (iso: string) =>
			new Date(Date.parse(iso) + 5 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
		const pairs: [Record<string, string>[], string][] = [
			[read(questionsCsv(x)), 'asked_at'],
			[read(questionsCsv(x)), 'published_at'],
			[read(auditCsv(x)), 'at'],
			[read(attendanceCsv(x)), 'at']
		];
		for (const [rows, utc] of pairs) {
			const timed = rows.filter((r) => r[utc]);
			expect(timed.length, utc).toBeGreaterThan(0);
			for (const r of timed) expect(r[`${utc}_local`], utc).toBe(plus5(r[utc]));
		}
	});

	it('is a zip that unzip lists and Python reads: README.txt naming every column, export.json and each CSV', async () => {
		const { s } = await afterTheSession();
		const x = await exportEvent(s, whole, { audit: true });
		const dir = mkdtempSync(join(tmpdir(), 'dais-zip-'));
		try {
			const file = join(dir, 'export.zip');
			writeFileSync(file, exportArchive(x, ['questions', 'polls', 'audit', 'attendance']));
			const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
			for (const name of [
				'README.txt',
				'export.json',
				'questions.csv',
				'polls.csv',
				'audit.csv',
				'attendance.csv'
			])
				expect(listing).toContain(name);
			// Python's zipfile, csv and json modules: a reader that shares no code with the writer.
			const script = [
				'import csv, io, json, sys, zipfile',
				'z = zipfile.ZipFile(sys.argv[1])',
				'out = {"names": sorted(z.namelist()), "csv": {}}',
				'for n in z.namelist():',
				'    data = z.read(n)',
				'    if n.endswith(".csv"):',
				'        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))',
				'        out["csv"][n] = {"rows": len(rows), "columns": list(rows[0].keys()) if rows else []}',
				'    elif n.endswith(".json"):',
				'        out["sessions"] = len(json.loads(data)["sessions"])',
				'    else:',
				'        out["readme"] = data.decode("utf-8")',
				'print(json.dumps(out))'
			].join('\n');
			const py = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as {
				names: string[];
				csv: Record<string, { rows: number; columns: string[] }>;
				sessions: number;
				readme: string;
			};
			expect(py.names).toEqual([
				'README.txt',
				'attendance.csv',
				'audit.csv',
				'export.json',
				'polls.csv',
				'questions.csv'
			]);
			expect(py.sessions).toBe(x.sessions.length);
			expect(py.csv['questions.csv'].rows).toBe(x.sessions.reduce((n, t) => n + t.questions.length, 0));
			expect(py.csv['audit.csv'].rows).toBe(x.auditLog.length);
			for (const [name, spec] of Object.entries(CSV_FILES)) {
				const columns = spec.columns.map((c) => c.header);
				expect(py.csv[`${name}.csv`].columns).toEqual(columns);
				// The README describes every column of every file.
				for (const c of columns) expect(py.readme).toContain(`  - ${c}: `);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
