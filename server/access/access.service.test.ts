import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, memoryServices } from '../../tests/fixtures/services';
import { openDatabase } from '../db/connection';
import { DomainError } from '../errors';
import { createServices } from '../services';
import { createAccessService } from './access.service';
import { createAccessStore } from './access.store';

const EVENT = 'isb26';
const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sign-in tokens', () => {
	it('never stores a raw token: not in any table, nor in the database, WAL or shared-memory files', () => {
		const dir = mkdtempSync(join(tmpdir(), 'dais-access-'));
		dirs.push(dir);
		const file = join(dir, 'dais.db');
		const db = openDatabase(file);
		const s = createServices(db, { seedSample: true, sampleDates: 'fixed' }, fixedClock());
		const seeded = s.seedIfEmpty()!;
		const tokens = [
			...seeded.links.map((l) => new URL(l.path, 'http://x').searchParams.get('token')!),
			...['moderator', 'chair'].map(
				(role) =>
					s.access.mint({
						eventId: EVENT,
						role: role as 'moderator' | 'chair',
						roomId: 'hall-a',
						label: role
					}).token
			)
		];
		expect(tokens).toHaveLength(6);

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

		for (const token of tokens) {
			expect(everything).not.toContain(token);
			expect(whileOpen).not.toContain(token);
			expect(afterClose).not.toContain(token);
			// What is stored is the SHA-256 of the token, which is enough to check one.
			expect(everything).toContain(createHash('sha256').update(token).digest('hex'));
		}
	});

	it('verifies a minted token to its credential until it is revoked', () => {
		const s = memoryServices();
		const { credential, token, signInPath } = s.access.mint({
			eventId: EVENT,
			role: 'chair',
			roomId: 'hall-b',
			label: 'B'
		});
		expect(signInPath).toBe(`/signin?token=${token}`);
		expect(s.access.verifyToken(token)).toEqual(credential);
		s.access.revoke(EVENT, credential.id);
		expect(s.access.verifyToken(token)).toBeUndefined();
	});

	it('refuses tokens that are unknown, too short or too long', () => {
		const s = memoryServices();
		const { token } = s.access.mint({ eventId: EVENT, role: 'screen', roomId: null, label: '' });
		expect(s.access.verifyToken(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
		expect(s.access.verifyToken('short')).toBeUndefined();
		expect(s.access.verifyToken('x'.repeat(200))).toBeUndefined();
	});

	it('mints distinct ids and tokens each time', () => {
		const s = memoryServices();
		const minted = Array.from({ length: 50 }, () =>
			s.access.mint({ eventId: EVENT, role: 'screen', roomId: null, label: '' })
		);
		expect(new Set(minted.map((m) => m.token)).size).toBe(50);
		expect(new Set(minted.map((m) => m.credential.id)).size).toBe(50);
		for (const m of minted) expect(m.credential.id).toMatch(/^c-[a-z0-9]{6,}$/);
	});
});

describe('staff cookies', () => {
	it('read back to the live credential they were issued for', () => {
		const s = memoryServices();
		const { credential } = s.access.mint({ eventId: EVENT, role: 'organiser', roomId: null, label: 'Desk' });
		expect(s.access.fromCookie(s.access.cookieFor(credential.id))).toEqual(credential);
	});

	it('yield nothing when forged, tampered with, malformed or missing', () => {
		const s = memoryServices();
		const a = s.access.mint({ eventId: EVENT, role: 'organiser', roomId: null, label: 'A' }).credential;
		const b = s.access.mint({ eventId: EVENT, role: 'screen', roomId: null, label: 'B' }).credential;
		const cookieA = s.access.cookieFor(a.id);
		const signatureA = cookieA.slice(cookieA.lastIndexOf('.') + 1);
		const flipped = cookieA.slice(0, -1) + (cookieA.endsWith('A') ? 'B' : 'A');

		expect(s.access.fromCookie(flipped)).toBeUndefined();
		// Another credential's id under A's signature: the signature covers the id.
		expect(s.access.fromCookie(`${b.id}.${signatureA}`)).toBeUndefined();
		expect(s.access.fromCookie(a.id)).toBeUndefined();
		expect(s.access.fromCookie(`${a.id}.`)).toBeUndefined();
		expect(s.access.fromCookie(`.${signatureA}`)).toBeUndefined();
		expect(s.access.fromCookie('')).toBeUndefined();
		expect(s.access.fromCookie(undefined)).toBeUndefined();
	});

	it('yield nothing when signed with another hub’s secret', () => {
		const s = memoryServices();
		const { credential } = s.access.mint({ eventId: EVENT, role: 'organiser', roomId: null, label: '' });
		const other = createAccessService({
			store: createAccessStore(s.db),
			secret: 'another-secret',
			clock: fixedClock(),
			requireAccess: s.requireAccess
		});
		expect(other.fromCookie(s.access.cookieFor(credential.id))).toBeUndefined();
		expect(s.access.fromCookie(other.cookieFor(credential.id))).toBeUndefined();
	});

	it('yield nothing once the credential is revoked', () => {
		const s = memoryServices();
		const { credential } = s.access.mint({ eventId: EVENT, role: 'moderator', roomId: null, label: '' });
		const cookie = s.access.cookieFor(credential.id);
		s.access.revoke(EVENT, credential.id);
		expect(s.access.fromCookie(cookie)).toBeUndefined();
	});
});

describe('revoking', () => {
	it('records the time of the first revocation and keeps it when revoked again', () => {
		const clock = fixedClock('2026-12-08T06:00:00Z');
		const s = memoryServices({ clock });
		const { credential } = s.access.mint({ eventId: EVENT, role: 'chair', roomId: null, label: '' });
		expect(s.access.revoke(EVENT, credential.id).revokedAt).toBe('2026-12-08T06:00:00.000Z');
		clock.set('2026-12-08T07:00:00Z');
		expect(s.access.revoke(EVENT, credential.id).revokedAt).toBe('2026-12-08T06:00:00.000Z');
	});

	it('refuses an unknown credential, or one of another event, as not-found', () => {
		const s = memoryServices();
		const { credential } = s.access.mint({ eventId: EVENT, role: 'chair', roomId: null, label: '' });
		const notFound = (run: () => unknown) => {
			try {
				run();
			} catch (e) {
				return e instanceof DomainError && e.code === 'not-found';
			}
			return false;
		};
		expect(notFound(() => s.access.revoke(EVENT, 'c-missing'))).toBe(true);
		expect(notFound(() => s.access.revoke('other-event', credential.id))).toBe(true);
		expect(s.access.list(EVENT).find((c) => c.id === credential.id)?.revokedAt).toBeNull();
	});
});
