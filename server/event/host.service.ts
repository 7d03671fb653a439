import type { Clock } from '../clock';
import type { Sql } from '../db/sql';
import { DomainError } from '../errors';
import type { Effect, WithEffects } from '../effects';
import type { AccessService } from '../access/access.service';
import type { AgendaStore } from '../agenda/agenda.store';
import type { PollsService } from '../polls/polls.service';
import type { CommandPayload, EventInfo, EventState, HostEventRow, MintResult } from '../../src/lib/protocol';
import { EVENT_FILE_SCHEMA, type EventFile } from './event-file';
import type { EventService } from './event.service';
import type { EventStore } from './event.store';

/** A lowercase id made from a name ("Hall A" -> "hall-a"); names with no Latin letters get `fallback`. */
export function slugOf(name: string, fallback: string): string {
	const slug = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40);
	return slug || fallback;
}

/** Ids for a list of names: slugs, made unique by a number where two names give the same one. */
function idsFor(names: string[], prefix: string): { id: string; name: string }[] {
	const used = new Set<string>();
	return names.map((name, n) => {
		let id = slugOf(name, `${prefix}-${n + 1}`);
		for (let k = 2; used.has(id); k++) id = `${slugOf(name, prefix)}-${k}`;
		used.add(id);
		return { id, name };
	});
}

/** Whether an event is on, to come or over, on the calendar of its own time zone. */
export function eventState(event: EventInfo, archivedAt: string | null, now: Date): EventState {
	if (archivedAt) return 'archived';
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: event.timezone }).format(now);
	if (today < event.startsOn) return 'upcoming';
	if (today > event.endsOn) return 'ended';
	return 'live';
}

/**
 * What a host does to the events of one installation: create one, clear its programme, archive it (read-only),
 * mint its first organiser link, delete it (with its code typed again), and list them all with their state.
 */
export function createHostService(deps: {
	sql: Sql;
	events: EventService;
	eventStore: EventStore;
	agenda: AgendaStore;
	access: AccessService;
	polls: PollsService;
	clock: Clock;
}) {
	const { sql, events, eventStore, agenda, access, polls, clock } = deps;

	async function existing(eventId: string): Promise<EventInfo> {
		const event = await events.byId(eventId);
		if (!event) throw DomainError.because('not-found', 'event-not-found', 'no such event');
		return event;
	}

	/** Creates an event with its halls and objectives and no sessions yet; a taken code or id changes nothing. */
	async function create(input: CommandPayload<'event:create'>): Promise<{ event: EventInfo }> {
		const taken = (await events.byCode(input.code)) ?? (await events.byId(input.eventId));
		if (taken) {
			throw DomainError.because(
				'conflict',
				'code-taken',
				`the code ${input.code} is already used by another event`,
				{ code: input.code },
				[{ path: 'code', message: `already used by “${taken.title}”` }]
			);
		}
		const file: EventFile = {
			schema: EVENT_FILE_SCHEMA,
			event: {
				id: input.eventId,
				code: input.code,
				title: input.title,
				subtitle: '',
				city: input.city,
				venue: '',
				timezone: input.timezone,
				timeZoneNames: {},
				startsOn: input.startsOn,
				endsOn: input.endsOn,
				sample: false,
				organisers: [],
				funders: [],
				description: ''
			},
			objectives: idsFor(input.objectives, 'objective').map((o) => ({ ...o, description: '' })),
			rooms: idsFor(input.rooms, 'hall'),
			sessions: [],
			polls: []
		};
		await events.importFile(file, 'replace');
		return { event: await existing(input.eventId) };
	}

	/** Removes every session (with its questions and polls); the halls and objectives stay for the next import. */
	async function clear(eventId: string): Promise<WithEffects<{ eventId: string; version: number }>> {
		await existing(eventId);
		const removed = await sql.tx(async () => {
			const count = await eventStore.clearSessions(eventId);
			return agenda.recordChange(
				eventId,
				'imported',
				null,
				{ title: `${count} sessions removed (cleared)` },
				clock.now().toISOString()
			);
		});
		polls.resetTallies();
		return {
			data: { eventId, version: removed.version },
			// Every page on the event resyncs from a fresh (empty) programme.
			effects: [{ type: 'agenda', eventId, fact: { type: 'replaced', version: removed.version } }]
		};
	}

	/**
	 * Archives an event (read-only) or brings it back. Its open polls close as it is archived, so no phone or hall
	 * screen goes on offering a ballot the hub would refuse; they stay closed when it is brought back. Open pages are
	 * told through a new version of the event, which now says it is archived.
	 */
	async function archive(
		eventId: string,
		archived: boolean
	): Promise<WithEffects<{ eventId: string; archivedAt: string | null }>> {
		await existing(eventId);
		const at = archived ? clock.now().toISOString() : null;
		return sql.tx(async () => {
			const effects: Effect[] = [];
			if (archived)
				for (const open of await polls.openPolls(eventId)) {
					const closed = await polls.transition({ eventId, roomId: null }, open.pollId, 'close', null);
					effects.push(...closed.effects);
				}
			await eventStore.setArchived(eventId, at);
			// A new version of the event: every open page resyncs and learns it is read-only (or writable again).
			effects.push(await events.replaced(eventId));
			return { data: { eventId, archivedAt: at }, effects };
		});
	}

	/** The event's first organiser link (the host mints no other roles: organisers do that for their event). */
	async function mintOrganiser(eventId: string, label: string): Promise<MintResult> {
		await existing(eventId);
		const { credential, signInPath } = await access.mint({
			eventId,
			role: 'organiser',
			roomId: null,
			label
		});
		const { eventId: _e, ...shown } = credential;
		return { credential: shown, signInPath };
	}

	/** Deletes the event and all it holds, only when its code is typed again exactly. */
	async function remove(eventId: string, confirmCode: string) {
		const event = await existing(eventId);
		if (confirmCode.trim().toUpperCase() !== event.code) {
			throw DomainError.because(
				'invalid-payload',
				'confirm-code',
				`type the event's code ${event.code} to delete it`,
				{ code: event.code },
				[{ path: 'confirmCode', message: `does not match ${event.code}` }]
			);
		}
		// Its links, read before they go with it: their open pages are told and let go once the delete stands.
		const credentialIds = (await access.list(eventId)).map((c) => c.id);
		await sql.tx(() => eventStore.deleteEvent(eventId));
		polls.resetTallies();
		return {
			data: { eventId },
			effects: [{ type: 'event-removed', eventId, credentialIds }]
		} satisfies WithEffects<{ eventId: string }>;
	}

	/** Every event with its state and figures; `connected` counts the attendees connected to this hub. */
	async function list(connected: (eventId: string) => number): Promise<HostEventRow[]> {
		const now = clock.now();
		const rows: HostEventRow[] = [];
		for (const event of await events.list()) {
			const snapshot = await events.snapshot(event.id);
			const archivedAt = (await eventStore.archivedAt(event.id)) ?? null;
			rows.push({
				event,
				state: eventState(event, archivedAt, now),
				archivedAt,
				sessions: snapshot.sessions.length,
				halls: snapshot.rooms.length,
				connected: connected(event.id),
				openPolls: (await polls.openPolls(event.id)).length
			});
		}
		return rows;
	}

	return { create, clear, archive, mintOrganiser, remove, list };
}
export type HostService = ReturnType<typeof createHostService>;
