import { expect } from 'vitest';
import type { Sql } from '../../server/db/sql';

/**
 * Announcements and their "what changed" entries as a hub before migration 017 (PostgreSQL 006) wrote them, with no
 * link between them: one standing, one withdrawn, and two posted in the same millisecond.
 */
export async function writeUnlinkedAnnouncements(sql: Sql) {
	await sql.exec(`
		INSERT INTO events (id, code, title, timezone, starts_on, ends_on, created_at, version) VALUES ('e', 'EEE', 'E', 'UTC', '2026-01-01', '2026-01-01', 'now', 4);
		INSERT INTO announcements (id, event_id, text, posted_at, withdrawn) VALUES (1, 'e', 'Lunch is served', '2026-01-01T12:00:00.000Z', 0);
		INSERT INTO announcements (id, event_id, text, posted_at, withdrawn) VALUES (2, 'e', 'Words taken back', '2026-01-01T13:00:00.000Z', 1);
		INSERT INTO announcements (id, event_id, text, posted_at, withdrawn) VALUES (3, 'e', 'Twin one', '2026-01-01T14:00:00.000Z', 1);
		INSERT INTO announcements (id, event_id, text, posted_at, withdrawn) VALUES (4, 'e', 'Twin two', '2026-01-01T14:00:00.000Z', 0);
		INSERT INTO agenda_changes (event_id, version, at, kind, detail) VALUES ('e', 1, '2026-01-01T12:00:00.000Z', 'announced', '{"title":"Lunch is served"}');
		INSERT INTO agenda_changes (event_id, version, at, kind, detail) VALUES ('e', 2, '2026-01-01T13:00:00.000Z', 'announced', '{"title":"Words taken back"}');
		INSERT INTO agenda_changes (event_id, version, at, kind, detail) VALUES ('e', 3, '2026-01-01T14:00:00.000Z', 'announced', '{"title":"Twin one"}');
		INSERT INTO agenda_changes (event_id, version, at, kind, detail) VALUES ('e', 4, '2026-01-01T14:00:00.000Z', 'announced', '{"title":"Twin two"}');
	`);
}

/**
 * After the migration: each entry is linked to the one announcement posted at its instant; a withdrawn announcement's
 * entry and words are gone and its event moved on a version (phones take a fresh snapshot); twins stay unlinked.
 */
export async function expectLinkedAnnouncements(sql: Sql) {
	expect(
		await sql.all('SELECT version, announcement_id FROM agenda_changes WHERE event_id = ? ORDER BY version', [
			'e'
		])
	).toEqual([
		{ version: 1, announcement_id: 1 },
		{ version: 3, announcement_id: null },
		{ version: 4, announcement_id: null }
	]);
	expect(await sql.all('SELECT id, text FROM announcements ORDER BY id')).toEqual([
		{ id: 1, text: 'Lunch is served' },
		{ id: 2, text: '' },
		{ id: 3, text: '' },
		{ id: 4, text: 'Twin two' }
	]);
	expect(await sql.get('SELECT version FROM events WHERE id = ?', ['e'])).toEqual({ version: 5 });
}
