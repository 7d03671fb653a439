import type { Sql } from './db/sql';
import { sqliteHandle } from './db/sqlite';
import type { Config } from './config';
import { systemClock, type Clock } from './clock';
import { DomainError } from './errors';
import { randomToken, createAccessService } from './access/access.service';
import { createAccessStore } from './access/access.store';
import { createSignIns } from './access/signins.service';
import { createSignInStore } from './access/signins.store';
import { createRequireAccess, eventScope } from './access/scope';
import { createAgendaService } from './agenda/agenda.service';
import { createAuditService } from './audit/audit.service';
import { createAuditStore } from './audit/audit.store';
import { createAgendaStore } from './agenda/agenda.store';
import { createBadgesService } from './badges/badges.service';
import { createBadgesStore } from './badges/badges.store';
import { createDevicesService } from './devices/devices.service';
import { createDevicesStore } from './devices/devices.store';
import { createClientWritesStore } from './db/client-writes.store';
import { createGroupCommit } from './db/group-commit';
import { createEventService, ImportError } from './event/event.service';
import { createEventStore } from './event/event.store';
import { createHostService } from './event/host.service';
import { createQaService } from './qa/qa.service';
import { createPollsService } from './polls/polls.service';
import { createPollsStore } from './polls/polls.store';
import { createQaStore } from './qa/qa.store';
import { createPersonalStore } from './calendar/personal.store';
import { createPersonalService } from './calendar/personal.service';
import { createCalendarService } from './calendar/calendar.service';
import { createAttendanceStore } from './report/attendance.store';
import { STAFF_ROLES } from '../src/lib/protocol';

/** Builds every domain service over one database. The hub, the dev server and the CLI scripts share this. */
export function createServices(
	sql: Sql,
	config: Pick<Config, 'seedSample' | 'sampleDates'> & Partial<Pick<Config, 'deviceIssuance' | 'signIn'>>,
	clock: Clock = systemClock
) {
	// Stores not yet written against `Sql` still use the SQLite connection directly.
	const db = sqliteHandle(sql);
	const stores = {
		events: createEventStore(db),
		agenda: createAgendaStore(db),
		qa: createQaStore(db),
		polls: createPollsStore(db),
		credentials: createAccessStore(db),
		signIns: createSignInStore(db)
	};
	// Every domain asks this one module whether a staff link's scope reaches what a command touches.
	const requireAccess = createRequireAccess(stores);
	const secret = process.env.DAIS_SECRET || stores.events.setting('secret', () => randomToken(32));
	const access = createAccessService({
		db,
		store: stores.credentials,
		signIns: stores.signIns,
		clock,
		requireAccess
	});
	const signIns = createSignIns({
		db,
		store: stores.signIns,
		credentials: stores.credentials,
		eventEndsOn: (eventId) => stores.events.get(eventId)?.event.endsOn,
		clock,
		requireAccess,
		settings: config.signIn
	});
	const writes = createGroupCommit(sql);
	const devices = createDevicesService({
		store: createDevicesStore(db),
		secret,
		clock,
		issuance: config.deviceIssuance,
		// "First seen" is a signal for the chair, not a promise to anyone: it rides along with the next group commit.
		record: (write) => writes.run(write, () => {})
	});
	const badges = createBadgesService({ store: createBadgesStore(db), secret, clock });
	const polls = createPollsService({
		polls: stores.polls,
		events: stores.events,
		clock,
		requireAccess,
		voters: { badgeVoter: badges.voterFor, firstSeen: (hash) => devices.firstSeen(hash) }
	});
	const events = createEventService({
		db,
		events: stores.events,
		agenda: stores.agenda,
		clock,
		onImport: (file) => {
			file.polls.forEach(({ id, sessionId, ...def }, n) => {
				try {
					polls.definePreset(eventScope(file.event.id), sessionId, id, def);
				} catch (e) {
					// A refused preset (e.g. a rating poll in an event without objectives) is a problem in the file.
					if (!(e instanceof DomainError)) throw e;
					throw new ImportError([{ line: 1, column: 1, path: `polls.${n}`, message: e.message }]);
				}
			});
		}
	});
	const agenda = createAgendaService({ events: stores.events, agenda: stores.agenda, clock, requireAccess });
	const clientWrites = createClientWritesStore(db);
	const personal = createPersonalService({
		personal: createPersonalStore(db),
		events: stores.events,
		clock,
		requireAccess
	});
	const calendar = createCalendarService({ snapshot: events.snapshot, agenda: stores.agenda, personal });
	const qa = createQaService({
		qa: stores.qa,
		events: stores.events,
		clock,
		requireAccess,
		isVerified: badges.isVerified
	});
	const audit = createAuditService({
		store: createAuditStore(db),
		qa: stores.qa,
		polls: stores.polls,
		clock,
		requireAccess
	});

	/** On an empty database: the sample conference and one sign-in link per staff role (shown once). */
	function seedIfEmpty(): { code: string; links: { role: string; path: string }[] } | null {
		if (!config.seedSample || events.count() > 0) return null;
		// Looked at again under the write lock: hubs started together on one database seed it once.
		return db
			.transaction(() => {
				if (events.count() > 0) return null;
				const file = events.sampleFile(config.sampleDates);
				events.importFile(file, 'replace');
				const links = STAFF_ROLES.map((role) => {
					const minted = access.mint({
						eventId: file.event.id,
						role,
						roomId: null,
						label: `First ${role} link`
					});
					return { role, path: minted.signInPath };
				});
				return { code: file.event.code, links };
			})
			.immediate();
	}

	const host = createHostService({
		db,
		events,
		eventStore: stores.events,
		agenda: stores.agenda,
		access,
		polls,
		clock
	});

	return {
		sql,
		db,
		clock,
		requireAccess,
		events,
		agenda,
		access,
		devices,
		badges,
		signIns,
		audit,
		qa,
		polls,
		personal,
		calendar,
		attendance: createAttendanceStore(db),
		clientWrites,
		writes,
		host,
		seedIfEmpty
	};
}
export type Services = ReturnType<typeof createServices>;
