import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '$lib/protocol';
import { auditAction } from './audit-labels';

const entry = (command: string, target: AuditEntry['target']): AuditEntry => ({
	id: 1,
	at: '2026-12-08T06:00:00.000Z',
	credentialId: 'c-1',
	role: 'organiser',
	label: 'Front desk',
	command: command as AuditEntry['command'],
	sessionId: 'ws-legal',
	target
});

describe('an audit entry in the organiser’s words', () => {
	it('says what a poll’s change or a pin did, and says it generally for an entry from before the log kept it', () => {
		const poll = { pollId: 'p-1' };
		expect(auditAction(entry('poll:transition', { ...poll, transition: 'open', countdownSeconds: 60 }))).toBe(
			'Opened a poll, closing after 60 s'
		);
		expect(auditAction(entry('poll:transition', { ...poll, transition: 'open' }))).toBe('Opened a poll');
		expect(auditAction(entry('poll:transition', { ...poll, transition: 'close' }))).toBe('Closed a poll');
		expect(auditAction(entry('poll:transition', { ...poll, transition: 'reopen' }))).toBe('Reopened a poll');
		expect(
			auditAction(entry('poll:transition', { ...poll, transition: 'countdown', countdownSeconds: 30 }))
		).toBe("Started a poll's countdown of 30 s");
		expect(auditAction(entry('poll:transition', { ...poll, transition: 'countdown' }))).toBe(
			"Stopped a poll's countdown"
		);
		expect(auditAction(entry('poll:reveal', { ...poll, visibility: 'everyone' }))).toBe(
			"Showed a poll's results to everyone"
		);
		expect(auditAction(entry('question:pin', { questionId: 'q-1', pinned: true }))).toBe(
			'Put a question on screen'
		);
		expect(auditAction(entry('question:pin', { pinned: false }))).toBe('Took a question off screen');
		expect(auditAction(entry('poll:transition', poll))).toBe('Opened, closed or reopened a poll');
		expect(auditAction(entry('question:pin', {}))).toBe('Put a question on screen (or took it off)');
	});

	it('says what a programme change did: the delay set, cancelled or restored, the fields edited', () => {
		expect(auditAction(entry('session:delay', { minutes: 25 }))).toBe("Set a session's delay to 25 min");
		expect(auditAction(entry('session:cancel', { cancelled: true }))).toBe('Cancelled a session');
		expect(auditAction(entry('session:cancel', { cancelled: false }))).toBe('Restored a cancelled session');
		expect(auditAction(entry('session:update', { fields: ['endsAt', 'title'] }))).toBe(
			'Edited a session: Ends, Title'
		);
	});

	it('names the role of a staff link made, and the fields of the event’s details edited', () => {
		expect(auditAction(entry('staff:mint', { role: 'chair', roomId: 'hall-a' }))).toBe(
			'Created a staff link: Chair'
		);
		expect(auditAction(entry('staff:mint', {}))).toBe('Created a staff link');
		expect(auditAction(entry('event:details', { fields: ['funders', 'venue'] }))).toBe(
			'Edited the event’s details: Funders, Venue'
		);
	});

	it('says what older entries, which kept none of that, can say', () => {
		expect(auditAction(entry('session:delay', {}))).toBe("Set a session's delay");
		expect(auditAction(entry('session:cancel', {}))).toBe('Cancelled or restored a session');
		expect(auditAction(entry('session:update', {}))).toBe('Edited a session');
		expect(auditAction(entry('some:future-command', {}))).toBe('some:future-command');
	});
});
