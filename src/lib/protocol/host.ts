import { z } from 'zod';
import { ClientId, EventCode, Slug } from './schemas';
import { UserText } from './text';

/** A create form hears of every problem at once: an empty title does not hide the dates' or halls' problems. */
const FormText = (max: number) => UserText(max, { abort: false });
import type { EventInfo, MintResult } from './schemas';

/** A host's staff link covers no single event: it creates, lists, archives and deletes events. */
export const HOST_ROLE = 'host' as const;

/** An IANA time zone the runtime knows, e.g. "Asia/Karachi". */
export const TimeZoneName = z
	.string()
	.min(1)
	.max(64)
	.refine((tz) => {
		try {
			new Intl.DateTimeFormat('en', { timeZone: tz });
			return true;
		} catch {
			return false;
		}
	}, 'not a known IANA time zone, e.g. "Europe/Brussels"');

const IsoDate = z.iso.date();

/** What a host fills in to create an event; its id is its code in lower case. */
export const EventCreate = z
	.strictObject({
		clientId: ClientId,
		/** The new event's id: its code in lower case (the hub checks), so a retried create is applied once. */
		eventId: Slug,
		code: EventCode,
		title: FormText(200),
		timezone: TimeZoneName,
		/** Names "Islamabad time" on the pages; empty leaves it out. */
		city: UserText(100, { min: 0, abort: false }).default(''),
		startsOn: IsoDate,
		endsOn: IsoDate,
		rooms: z.array(FormText(120)).min(1).max(50),
		objectives: z.array(FormText(120)).max(20).default([])
	})
	.superRefine(
		(f, ctx) => {
			if (f.endsOn < f.startsOn)
				ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'ends before it starts' });
			if (f.eventId !== f.code.toLowerCase())
				ctx.addIssue({ code: 'custom', path: ['eventId'], message: 'must be the code in lower case' });
			const seen = new Set<string>();
			f.rooms.forEach((name, n) => {
				const key = name.toLowerCase();
				if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rooms', n], message: 'duplicate hall' });
				seen.add(key);
			});
		},
		{
			// Checked even when another field failed (an empty title, say), so the form hears of every problem at once.
			when: ({ value }) => {
				const v = value as Record<string, unknown> | null;
				return (
					typeof v === 'object' &&
					v !== null &&
					typeof v.startsOn === 'string' &&
					typeof v.endsOn === 'string' &&
					typeof v.eventId === 'string' &&
					typeof v.code === 'string' &&
					Array.isArray(v.rooms) &&
					v.rooms.every((r) => typeof r === 'string')
				);
			}
		}
	);

/** The host's list of events; archived ones are left out unless asked for. */
export const EventList = z.strictObject({ archived: z.boolean().default(true) });
export const EventArchive = z.strictObject({
	clientId: ClientId,
	eventId: Slug,
	archived: z.boolean()
});
export const ProgrammeClear = z.strictObject({ clientId: ClientId, eventId: Slug });
export const OrganiserMint = z.strictObject({
	clientId: ClientId,
	eventId: Slug,
	label: UserText(80, { min: 0 }).default('')
});
/** Deleting takes the event's code typed out again; nothing else deletes an event. */
export const EventDelete = z.strictObject({ eventId: Slug, confirmCode: z.string().trim().max(16) });

export const EVENT_STATES = ['upcoming', 'live', 'ended', 'archived'] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** One event as the host's list shows it. */
export interface HostEventRow {
	event: EventInfo;
	state: EventState;
	archivedAt: string | null;
	sessions: number;
	halls: number;
	/** Attendees connected to this hub now. */
	connected: number;
	openPolls: number;
}

export interface HostResults {
	'event:list': { events: HostEventRow[] };
	'event:create': { event: EventInfo };
	'event:archive': { eventId: string; archivedAt: string | null };
	'programme:clear': { eventId: string; version: number };
	'organiser:mint': MintResult;
	'event:delete': { eventId: string };
}
