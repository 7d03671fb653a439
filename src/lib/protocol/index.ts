import type { z } from 'zod';
import * as S from './schemas';
import * as Q from './qa';
import * as P from './polls';
import * as B from './badges';
import * as M from './personal';
import * as H from './host';
import type { Ack } from './ack';

export * from './ack';
export * from './schemas';
export * from './join-also';
export * from './qa';
export * from './polls';
export * from './badges';
export * from './device';
export * from './text';
export * from './personal';
export * from './host';
export * from './recovery';

/** Bumped on every breaking change to events or payloads; a test pins it. */
export const PROTOCOL_VERSION = 1;

/** Largest command payload the hub accepts from a client, in characters of its JSON (an error ack above it). */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/**
 * Largest frame the transport reads, in bytes (the connection is closed above it): the largest payload the schemas
 * accept, a session with every text field full in a three-byte script, is about 25 KB, so this leaves room for
 * that and nothing like the megabytes a flooder would like to send.
 */
export const MAX_FRAME_BYTES = 32 * 1024;

/** Commands: client -> hub, each answered with an Ack. Schemas validate the payload on the hub. */
export const commands = {
	'event:join': S.EventJoin,
	'presence:set': S.PresenceSet,
	'session:create': S.SessionCreate,
	'session:update': S.SessionUpdate,
	'session:delay': S.SessionDelay,
	'session:move': S.SessionMove,
	'session:cancel': S.SessionCancel,
	'event:details': S.EventDetails,
	'announcement:post': S.AnnouncementPost,
	'announcement:withdraw': S.AnnouncementWithdraw,
	'staff:mint': S.StaffMint,
	'staff:revoke': S.StaffRevoke,
	'staff:list': S.StaffList,
	'staff:end-signin': S.StaffEndSignIn,
	'audit:list': S.AuditList,
	'qa:open': Q.QaOpen,
	'question:ask': Q.QuestionAsk,
	'question:vote': Q.QuestionVote,
	'question:withdraw': Q.QuestionWithdraw,
	'qa:moderate': Q.QaModerate,
	'qa:waiting': Q.QaWaiting,
	'question:approve': Q.QuestionApprove,
	'question:decline': Q.QuestionDecline,
	'question:edit': Q.QuestionEdit,
	'question:merge': Q.QuestionMerge,
	'question:label': Q.QuestionLabel,
	'question:pin': Q.QuestionPin,
	'question:answer': Q.QuestionAnswer,
	'question:archive': Q.QuestionArchive,
	'question:restore': Q.QuestionRestore,
	'question:unmerge': Q.QuestionUnmerge,
	'question:reply': Q.QuestionReply,
	'qa:settings': Q.QaSettings,
	'qa:restrict': Q.QaRestrict,
	'poll:list': P.PollList,
	'poll:vote': P.PollVote,
	'poll:manage': P.PollManage,
	'poll:create': P.PollCreate,
	'poll:edit': P.PollEdit,
	'poll:delete': P.PollDelete,
	'poll:transition': P.PollTransition,
	'poll:reveal': P.PollReveal,
	'poll:publish-text': P.PollPublishText,
	'badge:redeem': B.BadgeRedeem,
	'badge:generate': B.BadgeGenerate,
	'badge:release': B.BadgeRelease,
	'badge:summary': B.BadgeSummary,
	'session:chatham': M.SessionChatham,
	'star:set': M.StarSet,
	'star:list': M.StarList,
	'feed:link': M.FeedLink,
	'feed:status': M.FeedStatus,
	'feed:revoke': M.FeedRevoke,
	'event:list': H.EventList,
	'event:create': H.EventCreate,
	'event:archive': H.EventArchive,
	'programme:clear': H.ProgrammeClear,
	'organiser:mint': H.OrganiserMint,
	'event:delete': H.EventDelete
} as const;

export type CommandName = keyof typeof commands;
export type CommandInput<C extends CommandName> = z.input<(typeof commands)[C]>;
export type CommandPayload<C extends CommandName> = z.output<(typeof commands)[C]>;

export interface CommandResults extends H.HostResults {
	'event:join': S.JoinResult;
	'presence:set': { roomId: string | null };
	'session:create': { version: number; session: S.AgendaSession };
	'session:update': { version: number; session: S.AgendaSession };
	'session:delay': { version: number; session: S.AgendaSession };
	'session:move': { version: number; session: S.AgendaSession };
	'session:cancel': { version: number; session: S.AgendaSession };
	'event:details': { version: number; event: S.EventInfo };
	'announcement:post': { version: number; announcement: S.Announcement };
	'announcement:withdraw': { version: number };
	'staff:mint': S.MintResult;
	'staff:revoke': { credential: S.StaffCredential };
	'staff:list': { credentials: S.StaffCredential[]; signIns: S.StaffSignIn[] };
	'staff:end-signin': { signInId: string };
	'audit:list': { entries: S.AuditEntry[]; next: number | null };
	'qa:open': Q.QaRoomState;
	'question:ask': { question: Q.MyQuestion };
	'question:vote': { questionId: string; votes: number; voted: boolean };
	/** The question as its asker's devices now see it: `state: 'withdrawn'`, no text. */
	'question:withdraw': { question: Q.MyQuestion };
	'qa:moderate': Q.QaModState;
	'qa:waiting': Q.QaWaitingResult;
	'question:approve': { questions: Q.ModQuestion[] };
	'question:decline': { question: Q.ModQuestion };
	'question:edit': { question: Q.ModQuestion };
	'question:merge': { question: Q.ModQuestion };
	'question:label': { question: Q.ModQuestion };
	'question:pin': { questionId: string | null };
	'question:answer': { question: Q.ModQuestion };
	'question:archive': { question: Q.ModQuestion };
	'question:restore': { question: Q.ModQuestion };
	'question:unmerge': { question: Q.ModQuestion };
	'question:reply': { question: Q.ModQuestion };
	'qa:settings': { premoderated: boolean };
	'qa:restrict': { verifiedOnly: boolean };
	'poll:list': P.PollListResult;
	'poll:vote': { pollId: string; answer: P.BallotAnswer };
	'poll:manage': { sessionId: string; polls: P.PollView[] };
	'poll:create': { poll: P.PollView };
	'poll:edit': { poll: P.PollView };
	'poll:delete': { pollId: string };
	'poll:transition': { poll: P.PollView };
	'poll:reveal': { poll: P.PollView };
	'poll:publish-text': { poll: P.PollView };
	'badge:redeem': { verified: true };
	'badge:generate': B.BadgeGenerateResult;
	'badge:release': { serial: number; released: boolean };
	'badge:summary': B.BadgeSummaryResult;
	'session:chatham': { version: number; session: S.AgendaSession };
	'star:set': M.StarSetResult;
	'star:list': M.StarsResult;
	'feed:link': M.FeedLinkResult;
	'feed:status': M.FeedStatusResult;
	'feed:revoke': M.FeedStatusResult;
}

/** Commands only staff may send, with the roles allowed. The rest are open to anyone who joined the event. */
export const STAFF_COMMANDS: Partial<Record<CommandName, readonly S.StaffRole[]>> = {
	'session:create': ['organiser'],
	'session:update': ['organiser'],
	'session:delay': ['organiser'],
	'session:move': ['organiser'],
	'session:cancel': ['organiser'],
	'event:details': ['organiser'],
	'announcement:post': ['organiser'],
	'announcement:withdraw': ['organiser'],
	'staff:mint': ['organiser'],
	'staff:revoke': ['organiser'],
	'staff:list': ['organiser'],
	'staff:end-signin': ['organiser'],
	'audit:list': ['organiser'],
	'qa:moderate': ['moderator', 'organiser', 'chair'],
	'qa:waiting': ['moderator', 'organiser'],
	'question:approve': ['moderator', 'organiser'],
	'question:decline': ['moderator', 'organiser'],
	'question:edit': ['moderator', 'organiser'],
	'question:merge': ['moderator', 'organiser'],
	'question:label': ['moderator', 'organiser'],
	'question:pin': ['moderator', 'organiser', 'chair'],
	'question:answer': ['moderator', 'organiser', 'chair'],
	'question:archive': ['moderator', 'organiser'],
	'question:restore': ['moderator', 'organiser'],
	'question:unmerge': ['moderator', 'organiser'],
	'question:reply': ['moderator', 'organiser'],
	'qa:settings': ['moderator', 'organiser'],
	'qa:restrict': ['chair', 'moderator', 'organiser'],
	'poll:manage': ['chair', 'organiser', 'moderator'],
	'poll:create': ['chair', 'organiser'],
	'poll:edit': ['chair', 'organiser'],
	'poll:delete': ['chair', 'organiser'],
	'poll:transition': ['chair', 'organiser'],
	'poll:reveal': ['chair', 'organiser'],
	'poll:publish-text': ['chair', 'organiser', 'moderator'],
	'badge:generate': ['organiser'],
	'badge:release': ['organiser'],
	'badge:summary': ['organiser'],
	'session:chatham': ['organiser', 'moderator']
};

/**
 * Commands only an attendee's page may send: a socket signed in with a staff link of the event is refused them
 * (`role-forbidden`). Staff act on questions through the moderation commands, which keep the question and are audited.
 */
export const ATTENDEE_COMMANDS = ['question:withdraw'] as const satisfies readonly CommandName[];

/** Commands only a host may send: they act on any event (or create one), and on nothing else. */
export const HOST_COMMANDS = [
	'event:list',
	'event:create',
	'event:archive',
	'programme:clear',
	'organiser:mint',
	'event:delete'
] as const satisfies readonly CommandName[];
export type HostCommand = (typeof HOST_COMMANDS)[number];

/**
 * Commands that act within an event the socket has joined (`event:join` first, else `not-joined`). Together with
 * STAFF_COMMANDS (which check the link's event instead) and `event:join` itself, they cover every command.
 */
export const JOINED_COMMANDS: readonly CommandName[] = [
	'presence:set',
	'qa:open',
	'question:ask',
	'question:vote',
	'question:withdraw',
	'poll:list',
	'poll:vote',
	'badge:redeem',
	'star:set',
	'star:list',
	'feed:link',
	'feed:status',
	'feed:revoke'
];

/**
 * Commands made as the device itself (one question, upvote, ballot or badge per device; its stars and calendar feed): they need a device id
 * the hub issued (else `device-required`), and their limits are keyed by it.
 */
export const DEVICE_COMMANDS = [
	'question:ask',
	'question:vote',
	'question:withdraw',
	'poll:vote',
	'badge:redeem',
	'star:set',
	'feed:link',
	'feed:revoke'
] as const satisfies readonly CommandName[];
export type DeviceCommand = (typeof DEVICE_COMMANDS)[number];

/** Facts: hub -> clients in a room. Past tense. */
export interface ServerToClient {
	'agenda:changed': (fact: S.AgendaFact) => void;
	'presence:updated': (counts: S.PresenceCounts) => void;
	'credential:revoked': (info: { reason: S.SignInEnd }) => void;
	/**
	 * The host deleted the event: every page on it is told, then disconnected (staff pages hear `credential:revoked`
	 * with `event-deleted` instead). Nothing it holds is on the hub any more.
	 */
	'event:removed': (info: { eventId: string }) => void;
	/** Rehearsal only: the hub's clock was moved (`POST /rehearsal/clock`); pages take its time afresh. */
	'clock:moved': (info: { now: string }) => void;
	'qa:changed': (fact: Q.QaFact) => void;
	'qa:votes': (update: Q.QaVotes) => void;
	'qa:mod-changed': (fact: Q.QaModFact) => void;
	'qa:mine-changed': (question: Q.MyQuestion) => void;
	'poll:changed': (fact: P.PollFact) => void;
	'poll:staff-changed': (fact: P.PollFact) => void;
	'poll:opened': (poll: S.OpenPoll) => void;
	'poll:closed': (poll: { pollId: string }) => void;
	/**
	 * Cluster mode: to one socket, right after its join is answered, the event and version it joined at. Sent as a
	 * room broadcast, so it carries a recovery offset: a phone that hears nothing else before its Wi-Fi drops is still
	 * recovered. (One hub resumes such a phone from its join without it: `RESUME_FROM_JOIN`.) A page needs no
	 * listener (it says nothing the join's answer did not; socket.io-client keeps the offset).
	 */
	'event:joined': (info: { eventId: string; version: number }) => void;
}

export type ClientToServer = {
	[C in CommandName]: (payload: CommandInput<C>, ack: (res: Ack<CommandResults[C]>) => void) => void;
};
