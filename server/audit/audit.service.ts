import type { Clock } from '../clock';
import {
	RESULTS_VISIBILITY,
	type AUDIT_IMPORT,
	type AuditEntry,
	type AuditTarget,
	type CommandName,
	type StaffRole
} from '../../src/lib/protocol';
import type { RequireAccess, Scope } from '../access/scope';
import type { PollsStore } from '../polls/polls.store';
import type { QaStore } from '../qa/qa.store';
import type { AuditStore } from './audit.store';

export const AUDIT_PAGE = 50;

const TRANSITIONS = ['open', 'close', 'reopen', 'countdown'] as const;
const isOneOf = <T extends string>(v: unknown, values: readonly T[]): v is T =>
	typeof v === 'string' && (values as readonly string[]).includes(v);

/**
 * The ids a command's payload names, by field: only ids, the role of a minted link and a delay's minutes, never text.
 */
const TARGET_FIELDS = [
	'pollId',
	'questionId',
	'intoId',
	'credentialId',
	'signInId',
	'announcementId',
	'roomId',
	'role',
	'minutes'
] as const satisfies readonly (keyof AuditTarget)[];

/**
 * The staff audit log. The dispatcher records every staff write that commits, in its transaction, here; organisers
 * read it newest first, a page at a time, optionally for one session.
 */
export function createAuditService(deps: {
	store: AuditStore;
	qa: QaStore;
	polls: PollsStore;
	clock: Clock;
	requireAccess: RequireAccess;
}) {
	const { store, qa, polls, clock, requireAccess } = deps;

	/** A page of the log, newest first, as far as a scope reaches; `next` continues it. */
	async function list(scope: Scope, opts: { sessionId: string | null; before: number | null }) {
		// Asking for another hall's session is refused, not answered with an empty page.
		if (opts.sessionId) await requireAccess.session(scope, opts.sessionId);
		const entries = await store.page({
			eventId: scope.eventId,
			room: scope.roomId,
			session: opts.sessionId,
			before: opts.before,
			limit: AUDIT_PAGE + 1
		});
		const page: AuditEntry[] = entries.slice(0, AUDIT_PAGE);
		return { entries: page, next: entries.length > AUDIT_PAGE ? page[page.length - 1].id : null };
	}

	/** The agenda session a command acted on or in: named in it, or the session of the question or poll it named. */
	async function sessionOf(
		eventId: string,
		target: AuditTarget,
		payload: Record<string, unknown>,
		data: unknown
	) {
		if (typeof payload.sessionId === 'string') return payload.sessionId;
		// A session created without a chosen id gets one from the hub.
		if (data && typeof data === 'object' && 'session' in data) {
			const s = (data as { session: { id?: unknown } }).session;
			if (typeof s.id === 'string') return s.id;
		}
		const questionId = target.questionId ?? target.questionIds?.[0];
		if (questionId) return (await qa.get(questionId))?.sessionId ?? null;
		if (target.pollId) return (await polls.get(eventId, target.pollId))?.sessionId ?? null;
		return null;
	}

	return {
		/** Records one committed staff write: who, what, when and on what (ids only). */
		async record(e: {
			eventId: string;
			/** The staff link that acted: the event's own, or a host's. */
			credential: { id: string; role: StaffRole | 'host'; label: string };
			command: CommandName | typeof AUDIT_IMPORT;
			payload: object;
			data: unknown;
		}) {
			const payload = e.payload as Record<string, unknown>;
			const target: AuditTarget = {};
			for (const field of TARGET_FIELDS) {
				const v = payload[field];
				if (typeof v === 'string' || typeof v === 'number') Object.assign(target, { [field]: v });
			}
			if (Array.isArray(payload.questionIds)) target.questionIds = payload.questionIds.map(String);
			if (typeof payload.archived === 'boolean') target.archived = payload.archived;
			if (typeof payload.cancelled === 'boolean') target.cancelled = payload.cancelled;
			// What a poll's change or a pin did, not only which poll or question: "opened, 60 s", "taken off screen".
			if (e.command === 'poll:transition') {
				if (isOneOf(payload.action, TRANSITIONS)) target.transition = payload.action;
				if (typeof payload.countdownSeconds === 'number') target.countdownSeconds = payload.countdownSeconds;
			}
			if (e.command === 'poll:reveal' && isOneOf(payload.visibility, RESULTS_VISIBILITY))
				target.visibility = payload.visibility;
			if (e.command === 'question:pin') target.pinned = typeof payload.questionId === 'string';
			// A session's or the event's edit: the names of the fields it changed.
			if (
				(e.command === 'session:update' || e.command === 'event:details') &&
				payload.fields &&
				typeof payload.fields === 'object'
			)
				target.fields = Object.keys(payload.fields).sort();
			await store.insert({
				eventId: e.eventId,
				at: clock.now().toISOString(),
				credentialId: e.credential.id,
				role: e.credential.role,
				label: e.credential.label,
				command: e.command,
				sessionId: await sessionOf(e.eventId, target, payload, e.data),
				target
			});
		},

		list,

		/** The whole log as far as a scope reaches, newest first (for the export). */
		async all(scope: Scope): Promise<AuditEntry[]> {
			const out: AuditEntry[] = [];
			let before: number | null = null;
			for (;;) {
				const { entries, next }: { entries: AuditEntry[]; next: number | null } = await list(scope, {
					sessionId: null,
					before
				});
				out.push(...entries);
				if (next === null) return out;
				before = next;
			}
		}
	};
}
export type AuditService = ReturnType<typeof createAuditService>;
