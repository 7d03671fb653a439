import { describe, expect, it } from 'vitest';
import { memoryServices, type TestServices } from '../../tests/fixtures/services';
import type { ErrorCode } from '../../src/lib/protocol';
import { DomainError } from '../errors';
import {
	coversEvent,
	credentialScope,
	eventScope,
	identityIn,
	inScope,
	staffRefusal,
	type Scope
} from './scope';

const EVENT = 'isb26';
const WHOLE = eventScope(EVENT);
const HALL_A: Scope = { eventId: EVENT, roomId: 'hall-a' };
const HALL_B: Scope = { eventId: EVENT, roomId: 'hall-b' };
const OTHER_EVENT = eventScope('lhr27');
/** Sessions of the sample programme: one in Hall A, one in Hall B. */
const IN_A = 'ws-intelligence';
const IN_B = 'ws-legal';

async function refusal(run: () => unknown): Promise<ErrorCode | 'allowed'> {
	try {
		await run();
	} catch (e) {
		if (e instanceof DomainError) return e.code;
		throw e;
	}
	return 'allowed';
}

/** One of each thing a staff command can touch, placed in Hall A (the announcement and link too). */
async function things(s: TestServices) {
	const question = (
		await s.qa.ask(EVENT, 'dev-a', {
			sessionId: IN_A,
			text: 'Who shares the watch lists?',
			name: null,
			organisation: null,
			country: null,
			objectiveId: null
		})
	).data.question.id;
	const poll = (await s.polls.manage(WHOLE, IN_A)).polls[0].id;
	const announcement = (await s.agenda.announce(WHOLE, 'Hall A is full', 'hall-a')).data.announcement.id;
	const everyone = (await s.agenda.announce(WHOLE, 'Lunch is served', null)).data.announcement.id;
	const credential = (await s.access.mint({ eventId: EVENT, role: 'screen', roomId: 'hall-a', label: 'A' }))
		.credential.id;
	return { question, poll, announcement, everyone, credential };
}

describe('scopes', () => {
	it('reach every room when event-wide, and only their own hall otherwise', () => {
		expect(inScope(WHOLE, 'hall-a')).toBe(true);
		expect(inScope(WHOLE, null)).toBe(true);
		expect(inScope(HALL_A, 'hall-a')).toBe(true);
		expect(inScope(HALL_A, 'hall-b')).toBe(false);
		// Something for the whole event (an announcement to all, an event-wide link) is beyond a hall's reach.
		expect(inScope(HALL_A, null)).toBe(false);
		expect(coversEvent(WHOLE)).toBe(true);
		expect(coversEvent(HALL_A)).toBe(false);
	});

	it('come from a credential as its event and hall', async () => {
		const s = await memoryServices();
		const { credential } = await s.access.mint({
			eventId: EVENT,
			role: 'chair',
			roomId: 'hall-b',
			label: ''
		});
		expect(credentialScope(credential)).toEqual(HALL_B);
	});

	it('make a credential its role in its own event and an attendee in any other', async () => {
		const s = await memoryServices();
		const { credential } = await s.access.mint({
			eventId: EVENT,
			role: 'moderator',
			roomId: 'hall-a',
			label: 'A'
		});
		expect(identityIn(credential, EVENT)).toEqual({ role: 'moderator', roomId: 'hall-a', label: 'A' });
		expect(identityIn(credential, 'lhr27')).toEqual({ role: 'attendee', roomId: null, label: '' });
		expect(identityIn(null, EVENT)).toEqual({ role: 'attendee', roomId: null, label: '' });
	});
});

describe('staffRefusal (who may send a staff command)', () => {
	const chairOf = (eventId: string) => ({ eventId, role: 'chair' as const });

	it('lets a role the command allows act in its own event', () => {
		expect(staffRefusal(chairOf('isb26'), ['chair', 'organiser'], 'isb26', false)).toBeNull();
	});

	it('tells a link of another event that the thing belongs to another event, not that its role may not', () => {
		expect(staffRefusal(chairOf('bxl27'), ['chair', 'organiser'], 'isb26', false)).toMatchObject({
			error: 'forbidden',
			reason: 'other-event'
		});
	});

	it('refuses a role the command does not allow, and a connection with no staff link, as a role problem', () => {
		for (const refusal of [
			staffRefusal(chairOf('isb26'), ['moderator'], 'isb26', false),
			staffRefusal(null, ['chair'], 'isb26', false),
			staffRefusal(chairOf('isb26'), ['chair'], null, false)
		])
			expect(refusal).toMatchObject({ error: 'forbidden', reason: 'role-forbidden' });
	});

	it('tells a connection whose sign-in ended (signed out, revoked, cookie replaced) that it is no longer signed in', () => {
		expect(staffRefusal(null, ['chair'], 'isb26', true)).toMatchObject({
			error: 'unauthenticated',
			reason: 'signin-ended'
		});
	});
});

describe('requireAccess', () => {
	it('returns what an event-wide or same-hall scope asks for', async () => {
		const s = await memoryServices();
		const t = await things(s);
		for (const scope of [WHOLE, HALL_A]) {
			expect(await s.requireAccess.room(scope, 'hall-a')).toMatchObject({ id: 'hall-a' });
			expect(await s.requireAccess.session(scope, IN_A)).toMatchObject({ id: IN_A, roomId: 'hall-a' });
			expect(await s.requireAccess.question(scope, t.question)).toMatchObject({ id: t.question });
			expect(await s.requireAccess.poll(scope, t.poll)).toMatchObject({ id: t.poll });
			expect(await s.requireAccess.announcement(scope, t.announcement)).toMatchObject({ roomId: 'hall-a' });
			expect(await s.requireAccess.credential(scope, t.credential)).toMatchObject({ roomId: 'hall-a' });
		}
		expect(await s.requireAccess.room(WHOLE, null)).toBeNull();
		expect(await s.requireAccess.announcement(WHOLE, t.everyone)).toMatchObject({ roomId: null });
	});

	it('refuses another hall’s things, and event-wide ones, to a hall’s scope as forbidden', async () => {
		const s = await memoryServices();
		const t = await things(s);
		expect(await refusal(() => s.requireAccess.room(HALL_B, 'hall-a'))).toBe('forbidden');
		expect(await refusal(() => s.requireAccess.room(HALL_B, null))).toBe('forbidden');
		expect(await refusal(() => s.requireAccess.session(HALL_B, IN_A))).toBe('forbidden');
		expect(await refusal(() => s.requireAccess.question(HALL_B, t.question))).toBe('forbidden');
		expect(await refusal(() => s.requireAccess.poll(HALL_B, t.poll))).toBe('forbidden');
		expect(await refusal(() => s.requireAccess.announcement(HALL_B, t.announcement))).toBe('forbidden');
		expect(await refusal(() => s.requireAccess.announcement(HALL_A, t.everyone))).toBe('forbidden');
		expect(await refusal(() => s.requireAccess.credential(HALL_B, t.credential))).toBe('forbidden');
		// The control: Hall B's own session is in reach.
		expect(await refusal(() => s.requireAccess.session(HALL_B, IN_B))).toBe('allowed');
	});

	it('answers not-found for what does not exist or belongs to another event, before any scope question', async () => {
		const s = await memoryServices();
		const t = await things(s);
		for (const scope of [WHOLE, HALL_B]) {
			expect(await refusal(() => s.requireAccess.room(scope, 'attic'))).toBe('not-found');
			expect(await refusal(() => s.requireAccess.session(scope, 'nope'))).toBe('not-found');
			expect(await refusal(() => s.requireAccess.question(scope, 'q-missing'))).toBe('not-found');
			expect(await refusal(() => s.requireAccess.poll(scope, 'p-missing'))).toBe('not-found');
			expect(await refusal(() => s.requireAccess.announcement(scope, 9999))).toBe('not-found');
			expect(await refusal(() => s.requireAccess.credential(scope, 'c-missing'))).toBe('not-found');
		}
		expect(await refusal(() => s.requireAccess.room(OTHER_EVENT, 'hall-a'))).toBe('not-found');
		expect(await refusal(() => s.requireAccess.session(OTHER_EVENT, IN_A))).toBe('not-found');
		expect(await refusal(() => s.requireAccess.question(OTHER_EVENT, t.question))).toBe('not-found');
		expect(await refusal(() => s.requireAccess.poll(OTHER_EVENT, t.poll))).toBe('not-found');
		expect(await refusal(() => s.requireAccess.announcement(OTHER_EVENT, t.announcement))).toBe('not-found');
		expect(await refusal(() => s.requireAccess.credential(OTHER_EVENT, t.credential))).toBe('not-found');
	});
});
