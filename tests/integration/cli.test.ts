import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { createSqliteSql } from '../../server/db/sqlite';
import { createServices } from '../../server/services';
// A test that asks for `hub` gets one of its own; the rest work on database files alone.
import { cid, EVENT_ID, expectOk, itWithOwnHub as it } from '../fixtures/hub';
import { fixedClock, lineOf, SAMPLE_TEXT } from '../fixtures/services';
import { testStorage } from '../fixtures/storage';

const ROOT = new URL('../../', import.meta.url).pathname;
let dir: string;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'dais-cli-'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `node --import tsx scripts/NAME.ts ARGS` from the project root, as `npm run NAME -- ARGS` does. */
function cli(
	name: 'import' | 'staff' | 'backup' | 'purge',
	args: string[],
	env: Record<string, string>
): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
			cwd: ROOT,
			env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

let n = 0;
/** A fresh database file seeded with the sample conference, as a hub's first start leaves it. */
async function seededDb(): Promise<string> {
	const file = join(dir, `dais-${++n}.db`);
	const db = openDatabase(file);
	await (
		await createServices(createSqliteSql(db), { seedSample: true, sampleDates: 'fixed' }, fixedClock())
	).seedIfEmpty();
	db.close();
	return file;
}
/** The event's snapshot and every staff link, read the way the hub reads them. */
async function stored(file: string) {
	const db = openDatabase(file);
	try {
		const s = await createServices(createSqliteSql(db), { seedSample: false, sampleDates: 'fixed' });
		return { snapshot: await s.events.snapshot(EVENT_ID), credentials: await s.access.list(EVENT_ID) };
	} finally {
		db.close();
	}
}
const tokenIn = (text: string) => /\/signin\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('npm run import', () => {
	it('refuses a broken file with exit code 1, names FILE:LINE:COLUMN of each problem and changes nothing', async () => {
		const db = await seededDb();
		const before = await stored(db);
		const bad = join(dir, 'bad.json');
		writeFileSync(
			bad,
			SAMPLE_TEXT.replace('"roomId": "hall-b",', '"roomId": "hall-z",').replace(
				'"id": "coffee-1"',
				'"id": "opening"'
			)
		);

		const run = await cli('import', [bad], { DAIS_DB: db });

		expect(run.code).toBe(1);
		const lines = run.stderr.trim().split('\n');
		expect(lines).toContain(
			`${bad}:${lineOf(SAMPLE_TEXT, '"id": "coffee-1"')}:10 sessions.3.id: duplicate id "opening"`
		);
		expect(lines).toContain(
			`${bad}:${lineOf(SAMPLE_TEXT, '"roomId": "hall-b",')}:14 sessions.5.roomId: no room with id "hall-z"`
		);
		expect(run.stderr).toContain('nothing was imported');
		expect(await stored(db)).toEqual(before);
	});

	it('names the line of a JSON syntax error', async () => {
		const db = await seededDb();
		const bad = join(dir, 'syntax.json');
		writeFileSync(bad, SAMPLE_TEXT.replace('"title": "Opening address",', '"title": "Opening address"'));
		const run = await cli('import', [bad], { DAIS_DB: db });
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(
			`${bad}:${lineOf(SAMPLE_TEXT, '"title": "Opening address"') + 1}:4: expected ","`
		);
	});

	it('names the line and column of a 20,000-deep file instead of crashing, and changes nothing', async () => {
		const db = await seededDb();
		const before = await stored(db);
		const deep = join(dir, 'deep.json');
		writeFileSync(
			deep,
			`{\n  "schema": "dais.event/1",\n  "event": ${'['.repeat(20_000)}${']'.repeat(20_000)}\n}\n`
		);

		const run = await cli('import', [deep], { DAIS_DB: db });

		expect(run.code).toBe(1);
		expect(run.stderr.trim().split('\n')[0]).toBe(`${deep}:3:267: nested deeper than 256 levels`);
		expect(run.stderr).toContain('nothing was imported');
		expect(await stored(db)).toEqual(before);
	});

	it('imports a valid file, prints a one-line summary and bumps the version by one', async () => {
		const db = await seededDb();
		const before = (await stored(db)).snapshot;
		const file = JSON.parse(SAMPLE_TEXT) as { sessions: { id: string; title: string }[] };
		file.sessions[1].title = 'Opening address by the Minister';
		const good = join(dir, 'good.json');
		writeFileSync(good, JSON.stringify(file, null, '\t'));

		const run = await cli('import', [good, '--mode', 'merge'], { DAIS_DB: db });

		expect(run.code).toBe(0);
		expect(run.stdout.trim().split('\n')).toEqual([
			`Imported 15 sessions into ISB26 (isb26), merge mode; agenda version ${before.version + 1}.`
		]);
		const after = (await stored(db)).snapshot;
		expect(after.version).toBe(before.version + 1);
		expect(after.sessions.find((s) => s.id === 'opening')?.title).toBe('Opening address by the Minister');
	});

	it('refuses a merge that moves the event’s dates or zone unless --allow-event-changes is given', async () => {
		const db = await seededDb();
		const before = await stored(db);
		// Its sessions move with the days: a file's sessions lie within its own days.
		const file = JSON.parse(
			SAMPLE_TEXT.replaceAll('"2026-12-08T', '"2026-12-10T').replaceAll('"2026-12-09T', '"2026-12-11T')
		) as { event: Record<string, string> };
		file.event.startsOn = '2026-12-10';
		file.event.endsOn = '2026-12-11';
		file.event.timezone = 'Asia/Dubai';
		const moving = join(dir, 'moving.json');
		writeFileSync(moving, JSON.stringify(file, null, '\t'));

		const refused = await cli('import', [moving, '--mode', 'merge'], { DAIS_DB: db });
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain(
			'startsOn 2026-12-08 -> 2026-12-10, endsOn 2026-12-09 -> 2026-12-11, timezone Asia/Karachi -> Asia/Dubai'
		);
		expect(refused.stderr).toContain('run again with --allow-event-changes');
		expect(await stored(db)).toEqual(before);

		const applied = await cli('import', [moving, '--mode', 'merge', '--allow-event-changes'], {
			DAIS_DB: db
		});
		expect(applied.code).toBe(0);
		expect(applied.stdout).toContain('The event changed: startsOn 2026-12-08 -> 2026-12-10');
		expect((await stored(db)).snapshot.event).toMatchObject({
			startsOn: '2026-12-10',
			endsOn: '2026-12-11',
			timezone: 'Asia/Dubai'
		});
	});

	it('replaces a programme that moves the event without asking, and says what changed', async () => {
		const db = await seededDb();
		const file = JSON.parse(SAMPLE_TEXT) as { event: Record<string, string> };
		file.event.endsOn = '2026-12-10';
		const moving = join(dir, 'moving-replace.json');
		writeFileSync(moving, JSON.stringify(file, null, '\t'));
		const run = await cli('import', [moving], { DAIS_DB: db });
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('The event changed: endsOn 2026-12-09 -> 2026-12-10.');
		expect((await stored(db)).snapshot.event.endsOn).toBe('2026-12-10');
	});

	it('refuses an unknown mode, a missing file and a missing argument with exit code 1', async () => {
		const db = await seededDb();
		const runs = await Promise.all([
			cli('import', [join(dir, 'good.json'), '--mode', 'append'], { DAIS_DB: db }),
			cli('import', [join(dir, 'missing.json')], { DAIS_DB: db }),
			cli('import', [], { DAIS_DB: db })
		]);
		expect(runs.map((r) => r.code)).toEqual([1, 1, 1]);
		expect(runs[0].stderr).toContain('--mode must be "replace" or "merge"');
		expect(runs[1].stderr).toContain('cannot read');
		expect(runs[2].stderr).toContain('Usage: npm run import');
	});
});

describe('npm run staff', () => {
	it('mints a link whose printed token signs in on a running hub, lists it, and revokes it', async ({
		hub
	}) => {
		const env = { ...hub.storageEnv, PUBLIC_URL: 'https://dais.example.org/' };
		const minted = await cli('staff', ['--role', 'moderator', '--label', 'Hall A', '--room', 'hall-a'], env);
		expect(minted.code).toBe(0);
		expect(minted.stdout).toMatch(/^ {2}https:\/\/dais\.example\.org\/signin\?token=[A-Za-z0-9_-]+$/m);
		const preview = await hub.services.signIns.preview(tokenIn(minted.stdout) ?? '');
		const credential = preview.status === 'ok' ? preview.credential : undefined;
		expect(credential).toMatchObject({
			eventId: EVENT_ID,
			role: 'moderator',
			roomId: 'hall-a',
			label: 'Hall A'
		});

		const listed = await cli('staff', ['--list'], env);
		expect(listed.code).toBe(0);
		expect(listed.stdout).toMatch(new RegExp(`^${credential!.id} +moderator +hall-a +Hall A .* live$`, 'm'));
		expect(listed.stdout).not.toContain(tokenIn(minted.stdout));

		const revoked = await cli('staff', ['--revoke', credential!.id], env);
		expect(revoked.code).toBe(0);
		expect(await hub.services.signIns.preview(tokenIn(minted.stdout)!)).toEqual({ status: 'invalid' });
	});

	it('refuses a bad role, an unknown room, an unknown event and a missing action with a clear message, minting nothing', async () => {
		const db = await seededDb();
		const before = (await stored(db)).credentials;
		const env = { DAIS_DB: db };
		const [role, room, event, none] = await Promise.all([
			cli('staff', ['--role', 'admin'], env),
			cli('staff', ['--role', 'chair', '--room', 'attic'], env),
			cli('staff', ['--role', 'chair', '--event', 'NOPE'], env),
			cli('staff', [], env)
		]);
		expect([role.code, room.code, event.code, none.code]).toEqual([1, 1, 1, 1]);
		expect(role.stderr).toContain('unknown role "admin": use one of organiser, moderator, chair, screen');
		expect(room.stderr).toContain('no room "attic" in ISB26; rooms: plenary, hall-a, hall-b');
		expect(event.stderr).toContain('no event "NOPE"; events: ISB26');
		expect(none.stderr).toContain('give exactly one of --role, --list or --revoke');
		expect((await stored(db)).credentials).toEqual(before);
	});

	it('asks for --event when the database holds several events, and accepts a code in any case', async () => {
		const db = await seededDb();
		const file = JSON.parse(SAMPLE_TEXT) as { event: Record<string, string>; polls: unknown[] };
		file.event = { ...file.event, id: 'lhr27', code: 'LHR27' };
		const other = join(dir, 'lhr27.json');
		writeFileSync(other, JSON.stringify(file));
		expect((await cli('import', [other], { DAIS_DB: db })).code).toBe(0);

		const [ambiguous, chosen] = await Promise.all([
			cli('staff', ['--role', 'screen'], { DAIS_DB: db }),
			cli('staff', ['--role', 'screen', '--event', 'lhr27'], { DAIS_DB: db })
		]);
		expect(ambiguous.code).toBe(1);
		expect(ambiguous.stderr).toContain('pass --event with one of ISB26, LHR27');
		expect(chosen.code).toBe(0);
		expect(chosen.stdout).toContain('a screen link for LHR27');
	});

	it('mints a host link, tied to no event even with several, that signs in as host; revokes it by id', async ({
		hub
	}) => {
		await hub.services.events.importText(
			SAMPLE_TEXT.replace('"id": "isb26"', '"id": "bru26"').replace('"code": "ISB26"', '"code": "BRU26"'),
			'replace'
		);
		const env = { ...hub.storageEnv, PUBLIC_URL: 'https://dais.example.org/' };
		const refused = await cli('staff', ['--role', 'host', '--event', 'ISB26'], env);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('a host link covers every event');

		const minted = await cli('staff', ['--role', 'host', '--label', 'Ministry IT'], env);
		expect(minted.code).toBe(0);
		expect(minted.stdout).toContain('a host link for every event, "Ministry IT"');
		const preview = await hub.services.signIns.preview(tokenIn(minted.stdout) ?? '');
		expect(preview).toMatchObject({ status: 'ok', credential: { role: 'host', eventId: null } });
		const id = preview.status === 'ok' ? preview.credential.id : '';

		const revoked = await cli('staff', ['--revoke', id], env);
		expect(revoked.code).toBe(0);
		expect(revoked.stdout).toContain(`Revoked ${id} (host, Ministry IT)`);
		expect(await hub.services.signIns.preview(tokenIn(minted.stdout)!)).toEqual({ status: 'invalid' });
	});

	it('refuses to run without a database rather than creating an empty one', async () => {
		const missing = join(dir, 'nowhere', 'dais.db');
		const run = await cli('staff', ['--list'], { DAIS_DB: missing });
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(`no database at ${missing}`);
		expect(existsSync(missing)).toBe(false);
	});
});

// Copying the SQLite file; a PostgreSQL database is backed up with pg_dump instead.
describe.skipIf(testStorage === 'postgres')('npm run backup', () => {
	it('copies the database while a hub has it open, including its latest writes', async ({
		hub,
		organiser
	}) => {
		expectOk(
			await organiser.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'opening',
				minutes: 35
			})
		);
		const target = join(dir, 'backups', 'dais-backup.db');

		const run = await cli('backup', [target], { DAIS_DB: hub.dbFile });

		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/: \d+ bytes \(\d+\.\d MB\), \d+ pages, integrity ok\.$/m);
		// As the database itself: readable by its owner only.
		expect(statSync(target).mode & 0o777).toBe(0o600);
		const copy = new Database(target, { readonly: true, fileMustExist: true });
		try {
			expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
			const sessions = copy
				.prepare('SELECT id, delay_minutes FROM sessions WHERE event_id = ? ORDER BY id')
				.all(EVENT_ID);
			const live = (await hub.snapshot()).sessions.map((s) => ({ id: s.id, delay_minutes: s.delayMinutes }));
			expect(sessions).toEqual([...live].sort((a, b) => (a.id < b.id ? -1 : 1)));
			expect(sessions).toContainEqual({ id: 'opening', delay_minutes: 35 });
		} finally {
			copy.close();
		}
	});

	it('refuses to overwrite an existing file unless given --force', async () => {
		const db = await seededDb();
		const target = join(dir, 'existing.db');
		writeFileSync(target, 'precious');

		const refused = await cli('backup', [target], { DAIS_DB: db });
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('pass --force to overwrite it');
		expect(readFileSync(target, 'utf8')).toBe('precious');

		const forced = await cli('backup', [target, '--force'], { DAIS_DB: db });
		expect(forced.code).toBe(0);
		const copy = new Database(target, { readonly: true });
		expect(copy.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(15);
		copy.close();
	});
});

describe('npm run purge', () => {
	async function withQuestion(): Promise<string> {
		const file = await seededDb();
		const db = openDatabase(file);
		const s = await createServices(
			createSqliteSql(db),
			{ seedSample: false, sampleDates: 'fixed' },
			fixedClock()
		);
		await s.qa.ask(EVENT_ID, 'dev-a', {
			sessionId: 'ws-intelligence',
			text: 'Kept until the retention period is over',
			name: null,
			organisation: null,
			country: null,
			objectiveId: null
		});
		db.close();
		return file;
	}
	const questions = (file: string) => {
		const db = new Database(file, { readonly: true });
		try {
			return (db.prepare('SELECT count(*) AS n FROM questions').get() as { n: number }).n;
		} finally {
			db.close();
		}
	};

	it('keeps what attendees wrote while the event is inside the retention period', async () => {
		const file = await withQuestion();
		// The sample ended on 9 December 2026; a retention of 100,000 days reaches no event.
		const run = await cli('purge', ['--days', '100000'], { DAIS_DB: file });
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('nothing to purge');
		expect(questions(file)).toBe(1);
	});

	it('says what a dry run would delete and deletes it for real without --dry-run', async () => {
		const file = await withQuestion();
		const after = { DAIS_DB: file, DAIS_CLOCK_START: '2027-01-15T00:00:00Z' };
		const dry = await cli('purge', ['--days', '30', '--dry-run'], after);
		expect(dry.stdout).toMatch(/ISB26 \(ended 2026-12-09\): would delete 1 questions/);
		expect(questions(file)).toBe(1);
		const real = await cli('purge', ['--days', '30'], after);
		expect(real.code).toBe(0);
		expect(real.stdout).toMatch(/deleted 1 questions/);
		expect(questions(file)).toBe(0);
	});

	it('leaves none of the purged text in the database, its WAL or shared-memory file, with the hub running', async ({
		hub,
		connect,
		skip
	}) => {
		skip(testStorage === 'postgres', "SQLite's files; PostgreSQL's are the server's to vacuum");
		const marker = `purge-marker-${randomBytes(6).toString('hex')}`;
		const attendee = await connect();
		expectOk(
			await attendee.send('question:ask', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-intelligence',
				text: `Who reads ${marker} after the event?`,
				name: `Asker ${marker}`
			})
		);
		const files = [hub.dbFile, `${hub.dbFile}-wal`, `${hub.dbFile}-shm`];
		const onDisk = () =>
			files
				.filter((f) => existsSync(f))
				.map((f) => readFileSync(f).toString('latin1'))
				.join('');
		// The question is on disk before the purge (in the WAL or the file), so the check below can fail.
		expect(onDisk()).toContain(marker);

		const run = await cli('purge', ['--days', '30'], {
			DAIS_DB: hub.dbFile,
			DAIS_CLOCK_START: '2027-06-01T00:00:00Z'
		});

		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/deleted 1 questions/);
		expect(run.stdout).toContain('the deleted text is gone from its files');
		expect(onDisk()).not.toContain(marker);
		// The programme stays, and the running hub still reads it.
		expect((await hub.snapshot()).sessions).toHaveLength(15);
	});

	it('refuses a malformed --days with a clear error', async () => {
		const run = await cli('purge', ['--days', 'soon'], { DAIS_DB: await withQuestion() });
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('--days must be a whole number');
	});
});
