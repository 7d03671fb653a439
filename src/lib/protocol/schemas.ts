import { z } from 'zod';
import type { Ack } from './ack';
import { JOIN_ALSO } from './join-also';
import { ShortText, UserText } from './text';

/** What an id is written in (named so an import's problem can say which rule a value broke). */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-_]*$/;
export const EVENT_CODE_PATTERN = /^[A-Za-z0-9-]+$/;
/** Identifiers we mint or accept from imported files: short, URL-safe, lowercase. */
export const Slug = z.string().min(1).max(64).regex(SLUG_PATTERN, 'use lowercase letters, digits, - and _');
export const EventCode = z
	.string()
	.trim()
	.min(3)
	.max(16)
	.regex(EVENT_CODE_PATTERN, 'letters, digits and - only')
	.transform((s) => s.toUpperCase());
/** A client-generated id that makes a retried write apply once. */
export const ClientId = z
	.string()
	.min(8)
	.max(64)
	.regex(/^[A-Za-z0-9_-]+$/);
export const IsoInstant = z.iso.datetime({ offset: true });

export const STAFF_ROLES = ['organiser', 'moderator', 'chair', 'screen'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export const SESSION_KINDS = ['plenary', 'working', 'break', 'side'] as const;
export const SessionKind = z.enum(SESSION_KINDS);

export const Speaker = z.strictObject({
	name: ShortText(120),
	role: UserText(160, { min: 0 }).optional()
});
export type Speaker = z.infer<typeof Speaker>;

/** Fields an organiser may set on a session. Create fills in defaults; edit sends only what changes. */
const sessionShape = {
	title: ShortText(200),
	description: UserText(2000, { min: 0, multiline: true }),
	kind: SessionKind,
	roomId: Slug,
	startsAt: IsoInstant,
	endsAt: IsoInstant,
	speakers: z.array(Speaker).max(20),
	objectives: z.array(Slug).max(8)
};
export const SessionFields = z.strictObject({
	...sessionShape,
	description: sessionShape.description.default(''),
	kind: sessionShape.kind.default('working'),
	speakers: sessionShape.speakers.default([]),
	objectives: sessionShape.objectives.default([])
});
// No defaults here: zod fills defaults in even inside .partial(), which would wipe fields an edit did not send.
const SessionPatch = z
	.strictObject(sessionShape)
	.partial()
	.refine((f) => Object.keys(f).length > 0, 'nothing to change');
export type SessionFields = z.infer<typeof SessionFields>;

// ---- commands (client -> hub), each answered with an Ack ----

export const EventJoin = z.strictObject({
	code: EventCode,
	protocol: z.number().int(),
	/**
	 * The event and programme version the page holds already (the one its HTML came with, or the one it kept): when it
	 * is the hub's, the answer leaves the snapshot out.
	 */
	have: z.strictObject({ eventId: Slug, version: z.number().int().nonnegative() }).optional(),
	/** Reads answered with the join, after it (each payload is checked as its own command's). */
	also: z
		.array(z.strictObject({ name: z.enum(JOIN_ALSO), payload: z.unknown() }))
		.max(JOIN_ALSO.length)
		.optional()
});

export const PresenceSet = z.strictObject({
	eventId: Slug,
	roomId: Slug.nullable()
});

const Write = { clientId: ClientId, eventId: Slug };

export const SessionCreate = z.strictObject({
	...Write,
	sessionId: Slug.optional(),
	fields: SessionFields
});
export const SessionUpdate = z.strictObject({
	...Write,
	sessionId: Slug,
	fields: SessionPatch
});
export const SessionDelay = z.strictObject({
	...Write,
	sessionId: Slug,
	/** Total delay from the planned start, in minutes (0 puts it back on time). */
	minutes: z
		.number()
		.int()
		.min(0)
		.max(24 * 60)
});
export const SessionMove = z.strictObject({
	...Write,
	sessionId: Slug,
	roomId: Slug
});
export const SessionCancel = z.strictObject({
	...Write,
	sessionId: Slug,
	cancelled: z.boolean()
});
export const AnnouncementPost = z.strictObject({
	...Write,
	text: UserText(500, { multiline: true }),
	roomId: Slug.nullable().default(null),
	/** Shown for this many minutes, then no longer on phones and hall screens; null: until withdrawn. */
	minutes: z
		.number()
		.int()
		.min(5)
		.max(24 * 60)
		.nullable()
		.default(null)
});
export const AnnouncementWithdraw = z.strictObject({
	...Write,
	announcementId: z.number().int().positive()
});
/** How long each of the event's own texts may be, in the console's form and in an imported file alike. */
export const EVENT_TEXT_MAX = {
	title: 200,
	subtitle: 300,
	city: 100,
	venue: 200,
	description: 4000,
	/** Each organiser's or funder's name, and how many of each. */
	name: 200,
	names: 30,
	/** The event's time as named in one language ("heure de Bruxelles"). */
	timeZoneName: 100
} as const;

/** The event's own words, as an organiser edits them in the console; each left out stays as it is. */
export const EventDetailsPatch = z
	.strictObject({
		title: UserText(EVENT_TEXT_MAX.title, { abort: false }),
		subtitle: UserText(EVENT_TEXT_MAX.subtitle, { min: 0, abort: false }),
		city: UserText(EVENT_TEXT_MAX.city, { min: 0, abort: false }),
		venue: UserText(EVENT_TEXT_MAX.venue, { min: 0, abort: false }),
		description: UserText(EVENT_TEXT_MAX.description, { min: 0, multiline: true, abort: false }),
		organisers: z.array(UserText(EVENT_TEXT_MAX.name, { abort: false })).max(EVENT_TEXT_MAX.names),
		funders: z.array(UserText(EVENT_TEXT_MAX.name, { abort: false })).max(EVENT_TEXT_MAX.names),
		/**
		 * How the event's time is named in a language ({"ar": "توقيت بروكسل"}); an empty name drops that language's
		 * (its pages then name the time from the city). Languages not mentioned keep theirs.
		 */
		timeZoneNames: z
			.record(
				z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'not a language tag, e.g. "ur" or "fr"'),
				UserText(EVENT_TEXT_MAX.timeZoneName, { min: 0, abort: false })
			)
			.refine((names) => Object.keys(names).length <= 30, 'at most 30 languages')
	})
	.partial()
	.refine((f) => Object.keys(f).length > 0, 'nothing to change');
export type EventDetailsPatch = z.infer<typeof EventDetailsPatch>;
export const EventDetails = z.strictObject({ ...Write, fields: EventDetailsPatch });

export const StaffMint = z.strictObject({
	...Write,
	role: StaffRole,
	roomId: Slug.nullable().default(null),
	label: UserText(80, { min: 0 }).default('')
});
export const StaffRevoke = z.strictObject({
	...Write,
	credentialId: Slug
});
export const StaffList = z.strictObject({ eventId: Slug });
/** A sign-in's handle, as the organiser console lists it. */
const SignInId = z.string().regex(/^si-[a-z0-9]{4,16}$/);
export const StaffEndSignIn = z.strictObject({
	...Write,
	signInId: SignInId
});
export const AuditList = z.strictObject({
	eventId: Slug,
	/** Only what was done on or in this session. */
	sessionId: Slug.nullable().default(null),
	/** The page after the one that ended with this entry (its `next`). */
	before: z.number().int().positive().nullable().default(null)
});

// ---- the wire shapes the hub sends ----

export interface EventInfo {
	id: string;
	code: string;
	title: string;
	subtitle: string;
	city: string;
	venue: string;
	timezone: string;
	/** How the event's time is named per language ("Islamabad time"); languages left out are named from the city. */
	timeZoneNames: Record<string, string>;
	startsOn: string;
	endsOn: string;
	sample: boolean;
	organisers: string[];
	funders: string[];
	description: string;
	/** When a host archived it (read-only from then on); null or absent while it is live. */
	archivedAt?: string | null;
}

export interface Objective {
	id: string;
	name: string;
	description: string;
}

export interface Room {
	id: string;
	name: string;
}

export interface AgendaSession {
	id: string;
	title: string;
	description: string;
	kind: (typeof SESSION_KINDS)[number];
	roomId: string;
	/** Planned times; the effective times add `delayMinutes`. */
	startsAt: string;
	endsAt: string;
	delayMinutes: number;
	cancelled: boolean;
	/** Set when an organiser moved the session out of the room it was planned in. */
	movedFromRoomId: string | null;
	speakers: Speaker[];
	objectives: string[];
	/** Under the Chatham House rule: the hub keeps and shows no name, organisation or country with its questions. */
	chathamHouse: boolean;
}

export interface Announcement {
	id: number;
	text: string;
	roomId: string | null;
	postedAt: string;
	/** When phones and hall screens stop showing it (see `isShown` in agenda/time.ts); null: until an organiser withdraws it. */
	expiresAt: string | null;
}

export const CHANGE_KINDS = [
	'created',
	'edited',
	'delayed',
	'moved',
	'cancelled',
	'restored',
	'announced',
	'imported'
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface AgendaChange {
	version: number;
	at: string;
	kind: ChangeKind;
	sessionId: string | null;
	/**
	 * The announcement an 'announced' entry is about: withdrawing it removes the entry, on the hub and on every page
	 * (`announcement-withdrawn`). Absent from an older entry migration 017 could not link to one announcement.
	 */
	announcementId?: number;
	/** What the change was, for the "what changed" list: e.g. the delay in minutes or the new room. */
	detail: {
		title?: string;
		minutes?: number;
		roomId?: string;
		fromRoomId?: string;
		/** An edit that moved the start: the new start and the one before (ISO instants). */
		startsAt?: string;
		fromStartsAt?: string;
		chathamHouse?: boolean;
	};
}

export interface Identity {
	role: 'attendee' | StaffRole;
	/** A staff link may be limited to one room. */
	roomId: string | null;
	label: string;
	/**
	 * The connection brought a staff cookie whose sign-in is over, and why: a staff console that comes back after
	 * its link was revoked (or its sign-in ended) stops there instead of going on as an attendee's page.
	 */
	signInEnded?: SignInEnd;
}

export interface EventSnapshot {
	version: number;
	event: EventInfo;
	objectives: Objective[];
	rooms: Room[];
	sessions: AgendaSession[];
	announcements: Announcement[];
	changes: AgendaChange[];
	/**
	 * Whether the organisers made badge codes for the event: phones offer to verify a badge only then (an event without
	 * badges had every phone asked for one). Absent from a snapshot kept from before it was sent: no badges.
	 */
	badges?: boolean;
}

/** A poll open right now somewhere in the event, so any page can point attendees to it. */
export interface OpenPoll {
	sessionId: string;
	pollId: string;
	question: string;
}

export interface JoinResult {
	/** The programme; null when the join said it holds this version of this event already (`have`). */
	snapshot: EventSnapshot | null;
	identity: Identity;
	openPolls: OpenPoll[];
	/** This device holds a redeemed badge of the event: its ballots count in verified-only polls. */
	verified: boolean;
	/** The hub's clock (ms since epoch) as it answered: every page keeps its offset, so all devices share one time. */
	now: number;
	/** This device's starred sessions (see `star:set`). */
	stars: string[];
	/** The answers to the join's `also` reads, in their order, each an ack of its own command (when it had any). */
	also?: Ack<unknown>[];
}

export interface StaffCredential {
	id: string;
	role: StaffRole;
	roomId: string | null;
	label: string;
	createdAt: string;
	/** When its sign-in link was used; a link signs in once. */
	usedAt: string | null;
	revokedAt: string | null;
}

/** One browser signed in with a staff link: when it began, was last seen, and will end (no address, no browser). */
export interface StaffSignIn {
	id: string;
	credentialId: string;
	createdAt: string;
	lastSeenAt: string;
	/** The sooner of its idle and absolute expiry, as of now. */
	expiresAt: string;
	/** This is the asking console's own sign-in. */
	current: boolean;
}

/** The ids a staff command named, as the audit log keeps them: ids and a minted link's role, never text. */
export interface AuditTarget {
	pollId?: string;
	questionId?: string;
	questionIds?: string[];
	intoId?: string;
	credentialId?: string;
	signInId?: string;
	announcementId?: number;
	roomId?: string;
	role?: StaffRole;
	/** A host's `event:archive`: archived (true) or brought back (false). */
	archived?: boolean;
	/** A delay set (`session:delay`), or how long an announcement is shown. */
	minutes?: number;
	/** `session:cancel`: cancelled (true) or restored (false). */
	cancelled?: boolean;
	/** Which of a session's fields an edit changed (their names, never their text). */
	fields?: string[];
	/** `poll:transition`: which way the poll went (opened, closed, reopened, a countdown set or stopped). */
	transition?: 'open' | 'close' | 'reopen' | 'countdown';
	/** `poll:transition`: the countdown it set, in seconds (absent: none, or one stopped). */
	countdownSeconds?: number;
	/** `poll:reveal`: who sees the poll's results from then on. */
	visibility?: 'hidden' | 'chair' | 'everyone';
	/** `question:pin`: a question put on the hall screen (true) or taken off it (false). */
	pinned?: boolean;
}

/**
 * What the audit log records besides the socket commands: a programme file imported over HTTP (the organiser's
 * console or the host's).
 */
export const AUDIT_IMPORT = 'programme:import';

/** One staff action: who (the link's label and role), which command, when, and on which session and things. */
export interface AuditEntry {
	id: number;
	at: string;
	credentialId: string;
	/** A host's actions on an event (create, import, clear, archive, restore, mint its organiser link) are in its log too. */
	role: StaffRole | 'host';
	label: string;
	command: string;
	sessionId: string | null;
	target: AuditTarget;
}

/** Why a staff page's sign-in stopped working (sent to its sockets as they are disconnected). */
export const SIGNIN_ENDS = ['revoked', 'ended', 'signed-out', 'expired', 'event-deleted'] as const;
export type SignInEnd = (typeof SIGNIN_ENDS)[number];

export interface MintResult {
	credential: StaffCredential;
	/** Shown once; only its hash is stored. Null when a retried mint is answered from the ledger. */
	signInPath: string | null;
}

export interface PresenceCounts {
	eventId: string;
	total: number;
	byRoom: Record<string, number>;
}

/** One fact per agenda mutation, carrying the event version it produced. */
export type AgendaFact =
	| { type: 'session'; version: number; session: AgendaSession; change: AgendaChange }
	| { type: 'announcement'; version: number; announcement: Announcement; change: AgendaChange | null }
	/** The announcement and its "what changed" entry (the one whose `announcementId` it is) are gone. */
	| { type: 'announcement-withdrawn'; version: number; announcementId: number }
	| { type: 'replaced'; version: number }
	/** The event's own words changed (its title, venue, description, organisers, funders): the page takes them. */
	| { type: 'event'; version: number; event: EventInfo };
