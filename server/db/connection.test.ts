import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
	expectLinkedAnnouncements,
	writeUnlinkedAnnouncements
} from '../../tests/support/announcement-links';
import { listMigrations, migrate, openDatabase, type Migration } from './connection';
import { createSqliteSql } from './sqlite';

const dirs: string[] = [];
const tempDir = () => {
	const d = mkdtempSync(join(tmpdir(), 'dais-db-'));
	dirs.push(d);
	return d;
};
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const m = (version: number, sql: string): Migration => ({
	version,
	name: `${String(version).padStart(3, '0')}_t.sql`,
	sql
});
const tables = (db: Database.Database) =>
	db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];

describe('the database file', () => {
	const mode = (f: string) => statSync(f).mode & 0o777;

	it('is readable by the hub’s own user only, with its -wal and -shm files and a folder it makes, whatever the umask', () => {
		const old = process.umask(0o022);
		try {
			const file = join(tempDir(), 'new', 'dais.db');
			const db = openDatabase(file);
			db.prepare('CREATE TABLE t (x)').run();
			expect(mode(file)).toBe(0o600);
			expect(mode(`${file}-wal`)).toBe(0o600);
			expect(mode(`${file}-shm`)).toBe(0o600);
			expect(mode(join(file, '..'))).toBe(0o700);
			db.close();
		} finally {
			process.umask(old);
		}
	});

	it('tightens a database an earlier version left readable by others', () => {
		const file = join(tempDir(), 'dais.db');
		new Database(file).close();
		chmodSync(file, 0o644);
		openDatabase(file).close();
		expect(mode(file)).toBe(0o600);
	});
});

describe('migrations', () => {
	it('lists migration files in numeric order and ignores other files', () => {
		const dir = tempDir();
		writeFileSync(join(dir, '010_later.sql'), 'SELECT 10;');
		writeFileSync(join(dir, '002_second.sql'), 'SELECT 2;');
		writeFileSync(join(dir, '001_first.sql'), 'SELECT 1;');
		writeFileSync(join(dir, 'README.md'), 'notes');
		writeFileSync(join(dir, '3_unpadded.sql'), 'SELECT 3;');
		expect(listMigrations(dir).map((x) => [x.version, x.name])).toEqual([
			[1, '001_first.sql'],
			[2, '002_second.sql'],
			[10, '010_later.sql']
		]);
	});

	it('applies pending migrations in order and records the version reached', () => {
		const db = new Database(':memory:');
		const version = migrate(db, [
			m(1, 'CREATE TABLE log (step INTEGER);'),
			m(2, 'INSERT INTO log VALUES (2);'),
			m(3, 'INSERT INTO log VALUES (3);')
		]);
		expect(version).toBe(3);
		expect(db.pragma('user_version', { simple: true })).toBe(3);
		expect(db.prepare('SELECT step FROM log ORDER BY rowid').pluck().all()).toEqual([2, 3]);
	});

	it('applies nothing twice: running again, or with a new migration added, applies only what is new', () => {
		const db = new Database(':memory:');
		const first = [m(1, 'CREATE TABLE log (step INTEGER);'), m(2, 'INSERT INTO log VALUES (2);')];
		migrate(db, first);
		migrate(db, first);
		migrate(db, [...first, m(3, 'INSERT INTO log VALUES (3);')]);
		expect(db.prepare('SELECT step FROM log ORDER BY rowid').pluck().all()).toEqual([2, 3]);
	});

	it('rolls a failing migration back whole and stays at the last good version', () => {
		const db = new Database(':memory:');
		const run = () =>
			migrate(db, [
				m(1, 'CREATE TABLE a (x INTEGER);'),
				m(2, 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);')
			]);
		expect(run).toThrow(/nowhere/);
		expect(db.pragma('user_version', { simple: true })).toBe(1);
		expect(tables(db)).toEqual(['a']);
	});

	it('brings a new database to the latest shipped migration, and reopening it changes nothing', () => {
		const file = join(tempDir(), 'nested', 'dais.db');
		const latest = listMigrations().at(-1)!.version;
		const db = openDatabase(file);
		expect(db.pragma('user_version', { simple: true })).toBe(latest);
		const schema = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').pluck().all();
		db.close();
		const again = openDatabase(file);
		expect(again.pragma('user_version', { simple: true })).toBe(latest);
		expect(again.prepare('SELECT sql FROM sqlite_schema ORDER BY name').pluck().all()).toEqual(schema);
		again.close();
	});

	it('numbers the shipped migrations 1, 2, 3… with no gaps', () => {
		const versions = listMigrations().map((x) => x.version);
		expect(versions).toEqual(versions.map((_, n) => n + 1));
	});
});

describe('migration 004: poll ids per event', () => {
	it('keeps every poll and ballot of a database made before it, with each ballot tied to its poll’s event', () => {
		const db = new Database(':memory:');
		db.pragma('foreign_keys = ON');
		const shipped = listMigrations();
		migrate(
			db,
			shipped.filter((x) => x.version < 4)
		);
		db.exec(`
			INSERT INTO events (id, code, title, timezone, starts_on, ends_on, created_at) VALUES ('e', 'EEE', 'E', 'UTC', '2026-01-01', '2026-01-01', 'now');
			INSERT INTO rooms (event_id, id, position, name) VALUES ('e', 'r', 0, 'R');
			INSERT INTO sessions (event_id, id, title, kind, room_id, starts_at, ends_at, updated_at) VALUES ('e', 's', 'S', 'working', 'r', 'a', 'b', 'now');
			INSERT INTO polls (id, event_id, session_id, type, question, state, created_at) VALUES ('p-one', 'e', 's', 'open', 'Q?', 'closed', 'now');
			INSERT INTO ballots (poll_id, device_hash, answer, published, answer_id, created_at, updated_at) VALUES ('p-one', 'd1', '{"text":"a"}', 1, 'x1', 'now', 'now');
			INSERT INTO ballots (poll_id, device_hash, answer, published, answer_id, created_at, updated_at) VALUES ('p-one', 'd2', '{"text":"b"}', 0, 'x2', 'now', 'now');
		`);

		migrate(db, shipped);

		expect(db.prepare('SELECT event_id, id, state FROM polls').all()).toEqual([
			{ event_id: 'e', id: 'p-one', state: 'closed' }
		]);
		expect(
			db.prepare('SELECT event_id, poll_id, device_hash, published FROM ballots ORDER BY device_hash').all()
		).toEqual([
			{ event_id: 'e', poll_id: 'p-one', device_hash: 'd1', published: 1 },
			{ event_id: 'e', poll_id: 'p-one', device_hash: 'd2', published: 0 }
		]);
		expect(db.pragma('foreign_key_check')).toEqual([]);
		// The same poll id may now exist in another event.
		db.exec(`
			INSERT INTO events (id, code, title, timezone, starts_on, ends_on, created_at) VALUES ('f', 'FFF', 'F', 'UTC', '2026-01-01', '2026-01-01', 'now');
			INSERT INTO rooms (event_id, id, position, name) VALUES ('f', 'r', 0, 'R');
			INSERT INTO sessions (event_id, id, title, kind, room_id, starts_at, ends_at, updated_at) VALUES ('f', 's', 'S', 'working', 'r', 'a', 'b', 'now');
			INSERT INTO polls (id, event_id, session_id, type, question, created_at) VALUES ('p-one', 'f', 's', 'open', 'Q?', 'now');
		`);
		expect(db.prepare('SELECT count(*) FROM polls').pluck().get()).toBe(2);
	});
});

describe('migration 017: announcements named by their "what changed" entries', () => {
	it('links the entries a hub wrote before it, and drops the entry and words of announcements withdrawn already', async () => {
		const db = new Database(':memory:');
		const shipped = listMigrations();
		migrate(
			db,
			shipped.filter((x) => x.version < 17)
		);
		const sql = createSqliteSql(db);
		await writeUnlinkedAnnouncements(sql);
		migrate(db, shipped);
		await expectLinkedAnnouncements(sql);
	});
});

describe('openDatabase', () => {
	it('turns on WAL, synchronous FULL, foreign keys and a busy timeout', () => {
		const db = openDatabase(join(tempDir(), 'dais.db'));
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		// 2 is FULL: an acknowledged write survives a power cut.
		expect(db.pragma('synchronous', { simple: true })).toBe(2);
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
		db.close();
	});

	it('enforces foreign keys: a session cannot point at a room that does not exist', () => {
		const db = openDatabase(':memory:');
		db.prepare(
			"INSERT INTO events (id, code, title, timezone, starts_on, ends_on, created_at) VALUES ('e', 'EEE', 'E', 'UTC', '2026-01-01', '2026-01-01', 'now')"
		).run();
		const insert = () =>
			db
				.prepare(
					"INSERT INTO sessions (event_id, id, title, kind, room_id, starts_at, ends_at, updated_at) VALUES ('e', 's', 'S', 'working', 'nowhere', 'a', 'b', 'now')"
				)
				.run();
		expect(insert).toThrow(/FOREIGN KEY/);
		db.close();
	});

	it('overwrites what an update or delete frees, so erased text is not left in the file (secure_delete)', () => {
		const file = join(tempDir(), 'dais.db');
		const db = openDatabase(file);
		expect(db.pragma('secure_delete', { simple: true })).toBe(1);
		db.prepare(
			"INSERT INTO events (id, code, title, timezone, starts_on, ends_on, created_at) VALUES ('e', 'EEE', 'E', 'UTC', '2026-01-01', '2026-01-01', 'now')"
		).run();
		// Names erased as the Chatham House rule does (an update that shrinks the row), and a row deleted.
		const name = 'Zarghuna-Quraishi-7731';
		const title = 'Deleted-Title-5519';
		db.prepare('UPDATE events SET subtitle = ? WHERE id = ?').run(name, 'e');
		db.prepare('UPDATE events SET subtitle = ? WHERE id = ?').run('', 'e');
		db.prepare(
			"INSERT INTO events (id, code, title, timezone, starts_on, ends_on, created_at) VALUES ('f', 'FFF', ?, 'UTC', '2026-01-01', '2026-01-01', 'now')"
		).run(title);
		db.prepare("DELETE FROM events WHERE id = 'f'").run();
		db.pragma('wal_checkpoint(TRUNCATE)');
		db.close();
		const bytes = readFileSync(file);
		expect(bytes.includes(Buffer.from(name))).toBe(false);
		expect(bytes.includes(Buffer.from(title))).toBe(false);
	});
});
