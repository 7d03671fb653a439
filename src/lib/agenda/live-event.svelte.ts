import { failureText } from '$lib/i18n/failure-text';
import {
	JOIN_ALSO,
	PROTOCOL_VERSION,
	type AgendaFact,
	type CommandInput,
	type EventSnapshot,
	type Identity,
	type JoinAlsoName,
	type OpenPoll
} from '$lib/protocol';
import { news, pageAnnouncer } from '$lib/ui/news';
import { saveSnapshot } from './saved-snapshot';
import { Connection, isOver, type CallResult } from '$lib/realtime/connection.svelte';
import { Outbox } from '$lib/outbox/outbox.svelte';
import { m } from '$lib/paraglide/messages';
import { Tabs } from '$lib/realtime/tabs.svelte';
import { signInEndedText, type StaffEnd } from '$lib/realtime/signin-ended';

/** A read sent with a join, as `event:join`'s `also` holds it. */
type JoinAlso = { [C in JoinAlsoName]: { name: C; payload: CommandInput<C> } }[JoinAlsoName];

/** A page load whose read goes with each join: what to send, and where the join's answer to it goes. */
interface JoinRider {
	read(): JoinAlso;
	begin(answer: Promise<CallResult<JoinAlsoName>>, join: number): void;
}

/**
 * The event as this page knows it: a versioned snapshot kept current by facts from the hub. A fact that does not
 * follow the local version (a missed one) triggers a fresh snapshot, so the page always ends in the hub's state.
 *
 * After a drop, Socket.IO's connection-state recovery restores the hub's side of this connection (its rooms and
 * data) and replays, before `connect` fires, every fact it missed; a recovered connection is therefore trusted as it
 * stands and joins nothing. Only a connection that starts afresh (recovery refused or expired, a hub restart, or a
 * join that never completed) asks for the snapshot again.
 */
export class LiveEvent {
	snapshot = $state<EventSnapshot>() as EventSnapshot;
	identity = $state<Identity>({ role: 'attendee', roomId: null, label: '' });
	/** Set when the hub refused the join (e.g. an outdated page); shown instead of stale data. */
	problem = $state<string | null>(null);
	/** A staff page whose sign-in is over, and why: it stays off, and says so instead of showing stale data. */
	staffEnded = $state<StaffEnd | null>(null);
	/** Polls open anywhere in the event right now. */
	openPolls = $state<OpenPoll[]>([]);
	/** True once the hub has answered this connection's join; false again while disconnected. */
	joined = $state(false);
	/** This phone holds a redeemed badge of the event: its ballots count in verified-only polls. */
	verified = $state(false);
	/** This device's starred sessions as the hub answered the last join (`Stars` takes them from here). */
	joinedStars: string[] = [];
	/** Set while this browser has no device id and the hub will not issue one yet (e.g. too many from this network). */
	deviceProblem = $state<string | null>(null);
	readonly connection: Connection;
	/** Attendee writes waiting on this device until the hub acknowledges them. */
	readonly outbox: Outbox;
	/** The other tabs of this browser on this event: what the hub acknowledged here shows there too. */
	readonly tabs: Tabs;
	/** The page's live region: what changed, said to a screen reader without flooding it. */
	readonly announcer = pageAnnouncer();
	#hall: string | null = null;
	/** Whether this page keeps what it shows on the device (attendee pages), so it opens offline. */
	readonly keepOffline: boolean;
	/** A staff console (or hall screen): its connection must be its staff sign-in's, never an attendee's. */
	readonly #staff: boolean;
	/** What the live region was told of each poll opened while this page was open: taken back when it closes. */
	// Bookkeeping, not state: nothing renders from it.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #pollsSaidOpen = new Map<string, string>();
	#everJoined = false;
	/** This connection's session (as Socket.IO recovers it) has a completed join: a recovery keeps it. */
	#sessionJoined = false;
	/** How many joins this page has completed: a page's state loaded at an older join is out of date. */
	#joins = 0;
	// Callbacks, not state: nothing renders from these sets.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #joinListeners = new Set<() => void>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #liveListeners = new Set<() => void>();
	/** Page loads whose read goes with the join (see `keepLoaded`). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #riders = new Set<JoinRider>();

	/**
	 * `keepOffline`: keep the programme on this device as it changes (attendee pages, so they open without a network);
	 * staff consoles keep nothing on the device. `staff`: a staff page, which stops if a join finds it no longer is.
	 */
	constructor(
		initial: EventSnapshot,
		connection = new Connection(),
		opts: { keepOffline?: boolean; staff?: boolean } = {}
	) {
		this.keepOffline = opts.keepOffline ?? false;
		this.#staff = opts.staff ?? false;
		this.snapshot = initial;
		this.connection = connection;
		this.tabs = new Tabs(initial.event.id);
		this.outbox = new Outbox(
			connection,
			initial.event.id,
			() => connection.socket.connected && this.joined,
			() => void this.recoverDevice(),
			this.tabs
		);
		// A console's writes wait for each join: one whose sign-in ended while it was away must not send what waited.
		if (this.#staff) connection.holdWrites();
		this.onLive(() => void this.outbox.flush());
		connection.socket.on('connect', () => {
			if (connection.socket.recovered && this.#sessionJoined) return this.#live();
			this.#sessionJoined = false;
			void this.resync();
		});
		// The connection badge shows the state; a screen reader hears of a loss and a return through the announcer,
		// so a flapping network is merged with other news instead of read out at every change.
		connection.socket.on('disconnect', () => {
			// A staff page whose sign-in is over is not "waiting to send": its banner (an alert) says what happened.
			if (this.joined && !isOver(connection.status)) this.announcer.announce(news.connectionLost());
			this.joined = false;
		});
		connection.socket.on('agenda:changed', (fact) => this.apply(fact));
		// `event:joined`, which the hub sends after each join, needs no listener: it tells nothing the join's answer
		// did not, and socket.io-client keeps the recovery offset it carries whether or not anything listens.
		// The hub disconnects the sockets of a sign-in that is over; say why instead of "reconnecting" forever.
		connection.socket.on('credential:revoked', ({ reason }) => this.#signInEnded(reason));
		// The host deleted the event: this page's programme is all that is left of it.
		connection.socket.on('event:removed', () => (this.problem = m.event_removed()));
		// A rehearsal moved the hub's clock: a join's answer carries its time, and a fresh reading replaces the old one.
		connection.socket.on('clock:moved', () => {
			connection.clock.reconnected();
			void this.resync();
		});
		// This device's clock was set while the page was open: ask the hub's time again (a connection that is down
		// asks when it comes back).
		connection.clock.onJump(() => {
			if (connection.socket.connected) void this.resync();
		});
		connection.socket.on('poll:opened', (p) => {
			this.openPolls = [...this.openPolls.filter((x) => x.pollId !== p.pollId), p];
			const session = this.snapshot.sessions.find((s) => s.id === p.sessionId)?.title ?? '';
			const said = news.pollOpened(session, p.question);
			this.#pollsSaidOpen.set(p.pollId, said);
			this.announcer.announce(said);
		});
		// A closed poll takes its "Poll open in …" out of the live region (a countdown's close left it there, to be
		// found by a screen reader's reading of the page long after), and its close is said on every page, as its
		// opening was.
		connection.socket.on('poll:closed', ({ pollId }) => {
			const poll = this.openPolls.find((x) => x.pollId === pollId);
			this.openPolls = this.openPolls.filter((x) => x.pollId !== pollId);
			const said = this.#pollsSaidOpen.get(pollId);
			this.#pollsSaidOpen.delete(pollId);
			if (said) this.announcer.retract(said);
			if (poll) this.announcer.announce(news.pollClosed(poll.question));
		});
	}

	/** Beside a staff page's ended sign-in: what was pressed while it waited for the connection was not sent. */
	get unsentNote(): string | null {
		return this.staffEnded && this.connection.unsent > 0 ? m.staff_unsent() : null;
	}

	get eventId() {
		return this.snapshot.event.id;
	}

	start() {
		this.#save();
		this.connection.connect();
		return () => {
			this.connection.close();
			this.outbox.close();
			this.tabs.close();
			this.announcer.destroy();
		};
	}

	/** Applies a fact once, in order; returns what happened so tests and callers can tell. */
	apply(fact: AgendaFact): 'applied' | 'duplicate' | 'gap' {
		const s = this.snapshot;
		if (fact.version <= s.version) return 'duplicate';
		if (fact.version !== s.version + 1 || fact.type === 'replaced') {
			void this.resync();
			return 'gap';
		}
		if (fact.type === 'session') {
			const i = s.sessions.findIndex((x) => x.id === fact.session.id);
			if (i >= 0) s.sessions[i] = fact.session;
			else s.sessions.push(fact.session);
			s.changes.unshift(fact.change);
		} else if (fact.type === 'announcement') {
			s.announcements.unshift(fact.announcement);
			if (fact.change) s.changes.unshift(fact.change);
		} else if (fact.type === 'announcement-withdrawn') {
			s.announcements = s.announcements.filter((a) => a.id !== fact.announcementId);
			// Its words leave "what changed" too, as the hub dropped its entry.
			s.changes = s.changes.filter((c) => c.announcementId !== fact.announcementId);
		} else if (fact.type === 'event') {
			s.event = fact.event;
		}
		s.version = fact.version;
		this.#save();
		if (fact.type === 'session')
			this.announcer.announce(news.change(fact.change, (id) => this.roomName(id), s.event.timezone));
		else if (fact.type === 'announcement') this.announcer.announce(news.announcement(fact.announcement.text));
		return 'applied';
	}

	/**
	 * Joins (or re-joins after a reconnect) and replaces local state with the hub's snapshot. The page's hall and the
	 * reads its panels load after every join go with the join (`also`), answered in its answer: one round trip.
	 */
	async resync() {
		const also: JoinAlso[] = [];
		if (this.#hall)
			also.push({ name: 'presence:set', payload: { eventId: this.eventId, roomId: this.#hall } });
		const join = this.#joins + 1;
		/** Each rider's place in `also`, and where its answer goes. */
		const riders: { at: number; answer: (res: CallResult<JoinAlsoName>) => void }[] = [];
		for (const rider of this.#riders) {
			if (also.length === JOIN_ALSO.length) break;
			const at = also.push(rider.read()) - 1;
			rider.begin(new Promise((answer) => riders.push({ at, answer })), join);
		}
		const res = await this.connection.call('event:join', {
			code: this.snapshot.event.code,
			protocol: PROTOCOL_VERSION,
			have: { eventId: this.eventId, version: this.snapshot.version },
			...(also.length ? { also } : {})
		});
		// Each rider has its answer only once the join is in place (a failed join fails them too: they load again
		// with the next join).
		const answerRiders = () => {
			for (const { at, answer } of riders)
				answer(
					(res.ok && (res.data.also?.[at] as CallResult<JoinAlsoName>)) || { ok: false, error: 'timeout' }
				);
		};
		if (!res.ok) {
			answerRiders();
			if (res.error !== 'timeout') this.problem = failureText(res);
			// A join lost to a slow link is retried rather than leaving the page silently stale.
			else if (this.connection.socket.connected) setTimeout(() => void this.resync(), 2000);
			return;
		}
		if (this.#staff && res.data.identity.role === 'attendee') {
			// A staff page that came back as an attendee's: its sign-in ended while it was away (told only when that
			// was minutes ago), or the browser dropped its cookie. It stops here rather than look signed in and stale.
			answerRiders();
			const reason = res.data.identity.signInEnded ?? 'missing';
			this.#signInEnded(reason);
			this.connection.end(reason === 'event-deleted' ? 'gone' : 'ended');
			return;
		}
		this.problem = null;
		// No snapshot: the hub's version is the one this page holds.
		const fresh = res.data.snapshot;
		if (fresh && (fresh.version >= this.snapshot.version || fresh.event.id !== this.eventId)) {
			this.snapshot = fresh;
			this.#save();
		}
		this.identity = res.data.identity;
		this.openPolls = res.data.openPolls;
		this.verified = res.data.verified;
		this.joinedStars = res.data.stars;
		this.#sessionJoined = true;
		// `join` unless another join completed meanwhile: the riders' loads then count as older, and run again.
		this.#joins++;
		answerRiders();
		this.#live(this.#joinListeners);
	}

	/**
	 * A staff page's sign-in is over: its banner (an alert) says why, and the live region no longer says that what is
	 * sent waits on this device (it will never be sent).
	 */
	#signInEnded(reason: StaffEnd) {
		this.staffEnded = reason;
		this.problem = signInEndedText(reason);
		this.announcer.clear();
	}

	/** Joined, or back on a recovered connection: the page is in the hub's state and may send what waited. */
	#live(joinListeners: Iterable<() => void> = []) {
		this.connection.admit();
		if (this.#everJoined && !this.joined) this.announcer.announce(news.connectionBack());
		this.#everJoined = true;
		this.joined = true;
		// What waited on the device goes first, as it was written before anything the page asks for now.
		for (const listener of this.#liveListeners) listener();
		for (const listener of joinListeners) listener();
	}

	#recovering: Promise<boolean> | null = null;

	/**
	 * The hub refused a write for want of a device id (the cookie was cleared mid-session): gets one, reconnects and
	 * re-joins, after which the outbox sends what waited. Resolves with whether the page has an id again.
	 */
	recoverDevice(): Promise<boolean> {
		this.#recovering ??= (async () => {
			let off = () => {};
			const joined = new Promise<void>((resolve) => {
				let first = this.joined;
				off = this.onJoin(() => {
					// onJoin calls back at once when already joined: wait for the join after the reconnect.
					if (first) return void (first = false);
					off();
					resolve();
				});
			});
			const res = await this.connection.renewDevice();
			if (res.ok) {
				this.deviceProblem = null;
				await joined;
				return true;
			}
			off();
			if (res.error === 'rate-limited') {
				const seconds = res.retryAfterSeconds ?? 60;
				this.deviceProblem = m.device_wait({ seconds });
				setTimeout(() => void this.recoverDevice(), seconds * 1000);
			} else this.deviceProblem = m.device_unavailable();
			return false;
		})().finally(() => (this.#recovering = null));
		return this.#recovering;
	}

	/**
	 * Runs `fn` after every successful join (and now, if already joined): where per-page subscriptions start and
	 * per-page state loads. A recovered connection keeps both (its rooms, and the facts it missed replayed), so it
	 * runs nothing here.
	 */
	onJoin(fn: () => void): () => void {
		this.#joinListeners.add(fn);
		if (this.joined) fn();
		return () => this.#joinListeners.delete(fn);
	}

	/**
	 * Keeps per-page state loaded: runs `load` after every join (and now, if joined), like `onJoin`. A load whose answer
	 * was lost (`load` resolves false: the connection dropped or the hub was slow) runs again when the page is live
	 * again, even on a recovered connection (which sends no join), and every 2 s meanwhile while the page stays live.
	 * Without this a panel whose request went out just before a drop stayed empty until the page was reloaded.
	 * Returns `stop`, with `reload()` for a page that now wants other state (a console switching session): it loads
	 * now if live, and is retried the same way.
	 */
	keepLoaded<C extends JoinAlsoName>(
		load: (answer?: Promise<CallResult<C>>) => Promise<boolean>,
		/**
		 * The load's read, when it is one the hub answers with a join (JOIN_ALSO): it then goes with each join, and
		 * `load` is given the join's answer to it instead of asking itself.
		 */
		read?: () => { name: C; payload: CommandInput<C> }
	): (() => void) & { reload(): void } {
		let loadedAt = -1;
		/** The join whose answer this load is waiting for, as one of its riders. */
		let riding = -1;
		let runs = 0;
		let timer: ReturnType<typeof setTimeout> | undefined;
		let stopped = false;
		const run = async (answer?: Promise<CallResult<C>>, join = this.#joins) => {
			clearTimeout(timer);
			const mine = ++runs;
			const ok = await load(answer);
			// Only the newest load's answer says whether the page holds what it wants now.
			if (mine !== runs) return;
			if (ok) loadedAt = join;
			else if (!stopped && this.joined)
				timer = setTimeout(() => {
					if (!stopped && this.joined && loadedAt !== this.#joins) void run();
				}, 2000);
		};
		const rider: JoinRider | null = read
			? {
					// A read of one of JOIN_ALSO's commands, whichever C is (TypeScript cannot narrow the union for it).
					read: read as () => JoinAlso,
					begin: (answer, join) => {
						riding = join;
						void run(answer as Promise<CallResult<C>>, join).finally(() => {
							if (riding === join) riding = -1;
						});
					}
				}
			: null;
		if (rider) this.#riders.add(rider);
		const off = this.onLive(() => {
			if (loadedAt !== this.#joins && riding !== this.#joins) void run();
		});
		const stop = () => {
			stopped = true;
			off();
			if (rider) this.#riders.delete(rider);
			clearTimeout(timer);
		};
		return Object.assign(stop, {
			reload: () => {
				loadedAt = -1;
				if (!stopped && this.joined) void run();
			}
		});
	}

	/** Runs `fn` whenever the page is live again (after a join or a recovered reconnect), and now if it is. */
	onLive(fn: () => void): () => void {
		this.#liveListeners.add(fn);
		if (this.joined) fn();
		return () => this.#liveListeners.delete(fn);
	}

	/** Tells the hub which hall this attendee is following (for the organiser's head count). */
	async setHall(roomId: string | null) {
		this.#hall = roomId;
		if (this.connection.socket.connected)
			await this.connection.call('presence:set', { eventId: this.eventId, roomId });
	}

	roomName(roomId: string | null) {
		return this.snapshot.rooms.find((r) => r.id === roomId)?.name ?? roomId ?? '';
	}

	objective(id: string) {
		return this.snapshot.objectives.find((o) => o.id === id);
	}

	/** Keeps the programme on this device (attendee pages), so it and every session page open offline. */
	#save() {
		if (this.keepOffline) void saveSnapshot($state.snapshot(this.snapshot));
	}
}
