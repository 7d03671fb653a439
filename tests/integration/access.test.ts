import { describe, expect, vi } from 'vitest';
import { io } from 'socket.io-client';
import { rehearsalClock } from '../../server/clock';
import { eventScope } from '../../server/access/scope';
import { cid, disconnected, EVENT_ID, expectOk, it, nextEvent, startHub } from '../fixtures/hub';

const tokenOf = (path: string | null) => new URL(path ?? '', 'http://x').searchParams.get('token') ?? '';

describe('staff links', () => {
	it('shows a minted sign-in path once: a retry with the same client id answers without it', async ({
		hub,
		organiser
	}) => {
		const payload = {
			clientId: cid(),
			eventId: EVENT_ID,
			role: 'moderator' as const,
			roomId: 'hall-a',
			label: 'Hall A desk'
		};
		const first = expectOk(await organiser.send('staff:mint', payload));
		const retry = expectOk(await organiser.send('staff:mint', payload));

		expect(first.signInPath).toMatch(/^\/signin\?token=[A-Za-z0-9_-]{16,}$/);
		expect(first.credential).toMatchObject({
			role: 'moderator',
			roomId: 'hall-a',
			label: 'Hall A desk',
			revokedAt: null
		});
		expect(retry).toEqual({ credential: first.credential, signInPath: null });
		expect((await hub.services.access.list(EVENT_ID)).filter((c) => c.label === 'Hall A desk')).toHaveLength(
			1
		);
	});

	it('signs in with a minted token as the role and room it was minted for', async ({ hub, organiser }) => {
		const minted = expectOk(
			await organiser.send('staff:mint', {
				clientId: cid(),
				eventId: EVENT_ID,
				role: 'chair',
				roomId: 'hall-b',
				label: 'Chair B'
			})
		);
		const preview = await hub.services.signIns.preview(tokenOf(minted.signInPath));
		const credential = preview.status === 'ok' ? preview.credential : undefined;
		expect(credential).toMatchObject({
			id: minted.credential.id,
			eventId: EVENT_ID,
			role: 'chair',
			roomId: 'hall-b'
		});
	});

	it('refuses to mint a link for a room the event does not have', async ({ organiser }) => {
		const res = await organiser.send('staff:mint', {
			clientId: cid(),
			eventId: EVENT_ID,
			role: 'chair',
			roomId: 'attic',
			label: ''
		});
		expect(res).toMatchObject({ ok: false, error: 'not-found' });
	});

	it('lists staff links without any token or token hash', async ({ organiser }) => {
		const minted = expectOk(
			await organiser.send('staff:mint', {
				clientId: cid(),
				eventId: EVENT_ID,
				role: 'screen',
				roomId: null,
				label: 'Lobby screen'
			})
		);
		const { credentials } = expectOk(await organiser.send('staff:list', { eventId: EVENT_ID }));
		expect(credentials.map((c) => c.id)).toContain(minted.credential.id);
		const listed = JSON.stringify(credentials);
		expect(listed).not.toContain(tokenOf(minted.signInPath));
		expect(listed).not.toMatch(/token/i);
	});

	it('disconnects the sockets of a revoked link at once and tells them why', async ({
		organiser,
		connect
	}) => {
		const moderator = await connect({ role: 'moderator' });
		const bystander = await connect();
		const told = nextEvent(moderator.socket, 'credential:revoked');
		const gone = disconnected(moderator.socket);

		const ack = expectOk(
			await organiser.send('staff:revoke', {
				clientId: cid(),
				eventId: EVENT_ID,
				credentialId: moderator.credentialId!
			})
		);

		expect(ack.credential).toMatchObject({ id: moderator.credentialId, revokedAt: expect.any(String) });
		expect(await told).toEqual({ reason: 'revoked' });
		expect(await gone).toBe('io server disconnect');
		expect(bystander.socket.connected).toBe(true);
		expect(organiser.socket.connected).toBe(true);
	});

	it('tells a new connection with a just-revoked link’s cookie why and lets it go; later treats it as an attendee', async () => {
		const clock = rehearsalClock(new Date('2026-12-08T06:00:00Z'));
		const hub = await startHub({ clock });
		try {
			const organiser = await hub.connect({ role: 'organiser' });
			const minted = await hub.mintCookie('organiser');
			const before = await hub.connect({ cookie: minted.cookie });
			expect(before.joined.identity.role).toBe('organiser');
			expectOk(
				await organiser.send('staff:revoke', {
					clientId: cid(),
					eventId: EVENT_ID,
					credentialId: minted.credentialId
				})
			);

			// Within the recovery window: the page that comes back (its old socket gone with the notice) hears why.
			const again = io(hub.url, {
				transports: ['websocket'],
				reconnection: false,
				forceNew: true,
				extraHeaders: { cookie: minted.cookie }
			});
			try {
				const told = nextEvent(again, 'credential:revoked', () => true, 3000);
				expect(await told).toEqual({ reason: 'revoked' });
				await vi.waitFor(() => expect(again.connected).toBe(false));
			} finally {
				again.close();
			}

			// Long after: the connection is an attendee's (the cookie may be a forgotten one on an attendee's page); its
			// join says the sign-in behind it is over, which a staff console reads to stop and an attendee's page ignores.
			clock.set(new Date('2026-12-08T06:10:00Z'));
			const after = await hub.connect({ cookie: minted.cookie });
			expect(after.joined.identity).toEqual({
				role: 'attendee',
				roomId: null,
				label: '',
				signInEnded: 'revoked'
			});
			const res = await after.send('session:delay', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'opening',
				minutes: 5
			});
			// Refused as a sign-in that has ended (which the console says), not as a role that may not.
			expect(res).toMatchObject({ ok: false, error: 'unauthenticated', reason: 'signin-ended' });
			expect(await hub.services.signIns.preview(minted.token)).toEqual({ status: 'invalid' });
		} finally {
			await hub.stop();
		}
	});

	it('refuses staff commands from an open socket whose link was revoked elsewhere, and disconnects it', async ({
		hub,
		connect
	}) => {
		const staffer = await connect({ role: 'organiser' });
		// As the staff CLI would: revoked in the database, with no broadcast to this hub's sockets.
		await hub.services.access.revoke(EVENT_ID, staffer.credentialId!);
		const gone = disconnected(staffer.socket);
		const before = await hub.snapshot();
		const res = await staffer.send('session:delay', {
			clientId: cid(),
			eventId: EVENT_ID,
			sessionId: 'opening',
			minutes: 9
		});
		expect(res).toMatchObject({ ok: false, error: 'unauthenticated' });
		await gone;
		expect(await hub.snapshot()).toEqual(before);
	});

	it('applies no write of a link after its revocation, not even one sent in the same moment', async ({
		hub,
		organiser,
		connect
	}) => {
		const asker = await connect();
		const questionId = expectOk(
			await asker.send('question:ask', {
				clientId: cid(),
				eventId: EVENT_ID,
				sessionId: 'ws-intelligence',
				text: 'Who keeps the shared watch lists up to date?'
			})
		).question.id;
		let refusedAfter = 0;
		// The moderator's clicks and the organiser's revoke leave in the same tick; which the hub takes first varies.
		for (let round = 0; round < 8; round++) {
			const mod = await connect({ role: 'moderator' });
			const revoke = organiser.send('staff:revoke', {
				clientId: cid(),
				eventId: EVENT_ID,
				credentialId: mod.credentialId!
			});
			// A click whose answer is lost (the hub lets the revoked page go) counts as not acknowledged.
			const labels = Array.from({ length: 4 }, (_, i) =>
				mod
					.send('question:label', {
						clientId: cid(),
						eventId: EVENT_ID,
						questionId,
						objectiveId: i % 2 ? 'intelligence-sharing' : 'legal-frameworks'
					})
					.catch(() => null)
			);
			expectOk(await revoke);
			const acks = await Promise.all(labels);
			const log = await hub.services.audit.all(eventScope(EVENT_ID));
			const revokedAt = log.find(
				(e) => e.command === 'staff:revoke' && JSON.stringify(e.target).includes(mod.credentialId!)
			)!.id;
			const applied = log.filter((e) => e.credentialId === mod.credentialId);
			// Every label written was written before the revoke, and every one acknowledged was written.
			expect(applied.every((e) => e.id < revokedAt)).toBe(true);
			expect(applied.length).toBeGreaterThanOrEqual(acks.filter((a) => a?.ok).length);
			for (const a of acks) if (a && !a.ok) expect(a).toMatchObject({ error: 'unauthenticated' });
			refusedAfter += acks.filter((a) => !a?.ok).length;
		}
		// Not vacuous: some clicks did come after a revoke.
		expect(refusedAfter).toBeGreaterThan(0);
	});

	it('treats a forged staff cookie as an attendee', async ({ hub, connect }) => {
		const real = await hub.mintCookie('organiser');
		const forged = real.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
		expect(forged).not.toBe(real.cookie);
		const client = await connect({ cookie: forged });
		expect(client.joined.identity.role).toBe('attendee');
	});

	it('refuses an organiser revoking their own link as a conflict', async ({ organiser }) => {
		const res = await organiser.send('staff:revoke', {
			clientId: cid(),
			eventId: EVENT_ID,
			credentialId: organiser.credentialId!
		});
		expect(res).toMatchObject({ ok: false, error: 'conflict' });
		expect(organiser.socket.connected).toBe(true);
	});

	it('refuses revoking a link that does not exist as not-found', async ({ organiser }) => {
		const res = await organiser.send('staff:revoke', {
			clientId: cid(),
			eventId: EVENT_ID,
			credentialId: 'c-missing'
		});
		expect(res).toMatchObject({ ok: false, error: 'not-found' });
	});
});
