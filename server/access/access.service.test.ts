import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, memoryServices } from '../../tests/fixtures/services';
import { openDatabase } from '../db/connection';
import { createSqliteSql } from '../db/sqlite';
import { DomainError } from '../errors';
import { createServices } from '../services';

const EVENT = 'isb26';
const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sign-in tokens', () => {
	it('never stores a raw token: not in any table, nor in the database, WAL or shared-memory files', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'dais-access-'));
		dirs.push(dir);
		const file = join(dir, 'dais.db');
		const db = openDatabase(file);
		const s = await createServices(
			createSqliteSql(db),
			{ seedSample: true, sampleDates: 'fixed' },
			fixedClock()
		);
		const seeded = (await s.seedIfEmpty())!;
		const tokens = seeded.links.map((l) => new URL(l.path, 'http://x').searchParams.get('token')!);
		for (const role of ['moderator', 'chair'] as const)
			tokens.push((await s.access.mint({ eventId: EVENT, role, roomId: 'hall-a', label: role })).token);
		expect(tokens).toHaveLength(6);
		// A sign-in's cookie secret is kept the same way: only its hash.
		const signedIn = await s.signIns.exchange(tokens[4]);
		if (signedIn.status !== 'ok') throw new Error('sign-in failed');
		tokens.push(signedIn.secret);

		const tables = db
			.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
			.pluck()
			.all() as string[];
		const everything = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
		const onDisk = () =>
			[file, `${file}-wal`, `${file}-shm`]
				.filter((f) => existsSync(f))
				.map((f) => readFileSync(f).toString('latin1'))
				.join('');
		const whileOpen = onDisk();
		db.close();
		const afterClose = onDisk();

		expect(tokens).toHaveLength(7);
		for (const token of tokens) {
			expect(everything).not.toContain(token);
			expect(whileOpen).not.toContain(token);
			expect(afterClose).not.toContain(token);
			// What is stored is the SHA-256 of the token, which is enough to check one.
			expect(everything).toContain(createHash('sha256').update(token).digest('hex'));
		}
	});

	it('mints distinct ids and tokens each time', async () => {
		const s = await memoryServices();
		const minted = [];
		for (let i = 0; i < 50; i++)
			minted.push(await s.access.mint({ eventId: EVENT, role: 'screen', roomId: null, label: '' }));
		expect(new Set(minted.map((m) => m.token)).size).toBe(50);
		expect(new Set(minted.map((m) => m.credential.id)).size).toBe(50);
		for (const m of minted) expect(m.credential.id).toMatch(/^c-[a-z0-9]{6,}$/);
	});
});

describe('revoking', () => {
	it('ends the link’s sign-ins with it', async () => {
		const s = await memoryServices();
		const { credential, token } = await s.access.mint({
			eventId: EVENT,
			role: 'chair',
			roomId: null,
			label: ''
		});
		const signedIn = await s.signIns.exchange(token);
		if (signedIn.status !== 'ok') throw new Error('sign-in failed');
		await s.access.revoke(EVENT, credential.id);
		expect(await s.signIns.fromCookie(signedIn.secret)).toBeUndefined();
		expect(await s.signIns.endedAmong([signedIn.signIn.id])).toEqual([
			{ id: signedIn.signIn.id, reason: 'revoked' }
		]);
	});

	it('records the time of the first revocation and keeps it when revoked again', async () => {
		const clock = fixedClock('2026-12-08T06:00:00Z');
		const s = await memoryServices({ clock });
		const { credential } = await s.access.mint({ eventId: EVENT, role: 'chair', roomId: null, label: '' });
		expect((await s.access.revoke(EVENT, credential.id)).revokedAt).toBe('2026-12-08T06:00:00.000Z');
		clock.set('2026-12-08T07:00:00Z');
		expect((await s.access.revoke(EVENT, credential.id)).revokedAt).toBe('2026-12-08T06:00:00.000Z');
	});

	it('refuses an unknown credential, or one of another event, as not-found', async () => {
		const s = await memoryServices();
		const { credential } = await s.access.mint({ eventId: EVENT, role: 'chair', roomId: null, label: '' });
		const notFound = async (run: () => unknown) => {
			try {
				await run();
			} catch (e) {
				return e instanceof DomainError && e.code === 'not-found';
			}
			return false;
		};
		expect(await notFound(() => s.access.revoke(EVENT, 'c-missing'))).toBe(true);
		expect(await notFound(() => s.access.revoke('other-event', credential.id))).toBe(true);
		expect((await s.access.list(EVENT)).find((c) => c.id === credential.id)?.revokedAt).toBeNull();
	});
});
