import type { Sql } from './db/sql';
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
import { createPrivacyStore } from './privacy/privacy.store';
import { STAFF_ROLES } from '../src/lib/protocol';
import { addressKey, clusterAddressKey } from './realtime/address';
import { createSharedSignals, type Redis } from './realtime/cluster';
import { createIssuanceLimit } from './realtime/rate-limits';
import { DEFAULT_DEVICE_ISSUANCE } from './devices/devices.service';

/** Builds every domain service over one database. The hub, the dev server and the CLI scripts share this. */
export async function createServices(
	sql: Sql,
	config: Pick<Config, 'seedSample' | 'sampleDates'> & Partial<Pick<Config, 'deviceIssuance' | 'signIn'>>,
	clock: Clock = systemClock,
	/** Cluster mode: the Redis the hubs share, for what must be counted across them (see realtime/cluster.ts). */
	cluster?: { redis: Redis }
) {
	const stores = {
		events: createEventStore(sql),
		agenda: createAgendaStore(sql),
		qa: createQaStore(sql),
		polls: createPollsStore(sql),
		credentials: createAccessStore(sql),
		signIns: createSignInStore(sql)
	};
	// Every domain asks this one module whether a staff link's scope reaches what a command touches.
	const requireAccess = createRequireAccess({ ...stores, shared: sql.shared });
	const secret = process.env.DAIS_SECRET || (await stores.events.setting('secret', () => randomToken(32)));
	const access = createAccessService({
		sql,
		store: stores.credentials,
		signIns: stores.signIns,
		clock,
		requireAccess
	});
	const signIns = createSignIns({
		sql,
		store: stores.signIns,
		credentials: stores.credentials,
		eventEndsOn: async (eventId) => (await stores.events.get(eventId))?.event.endsOn,
		clock,
		requireAccess,
		settings: config.signIn
	});
	const writes = createGroupCommit(sql);
	// One hub keys addresses with a key of its own process; hubs that count together in Redis need one key.
	const keyAddress = cluster ? clusterAddressKey(secret) : addressKey;
	const devices = createDevicesService({
		store: createDevicesStore(sql),
		secret,
		clock,
		issuance: config.deviceIssuance,
		// "First seen" is a signal for the chair, not a promise to anyone: it rides along with the next group commit.
		record: (write) => writes.run(write, () => {}),
		perAddress: cluster && {
			limit: createIssuanceLimit(config.deviceIssuance ?? DEFAULT_DEVICE_ISSUANCE, cluster.redis),
			key: keyAddress
		}
	});
	const badges = createBadgesService({ store: createBadgesStore(sql), secret, clock });
	const polls = createPollsService({
		polls: stores.polls,
		events: stores.events,
		clock,
		requireAccess,
		voters: { badgeVoter: badges.voterFor, firstSeen: (hash) => devices.firstSeen(hash) },
		shared: cluster && createSharedSignals(cluster.redis),
		sharedRead: sql.shared
	});
	const events = createEventService({
		sql,
		events: stores.events,
		agenda: stores.agenda,
		clock,
		hasBadges: badges.hasBadges,
		onImport: async (file) => {
			for (const [n, { id, sessionId, ...def }] of file.polls.entries()) {
				try {
					await polls.definePreset(eventScope(file.event.id), sessionId, id, def);
				} catch (e) {
					// A refused preset (e.g. a rating poll in an event without objectives) is a problem in the file.
					if (!(e instanceof DomainError)) throw e;
					const { reason, params } = e;
					throw new ImportError([
						{ line: 1, column: 1, path: `polls.${n}`, message: e.message, ...(reason && { reason, params }) }
					]);
				}
			}
		}
	});
	const clientWrites = createClientWritesStore(sql);
	const agenda = createAgendaService({
		events: stores.events,
		agenda: stores.agenda,
		clock,
		requireAccess,
		ledger: clientWrites
	});
	const personal = createPersonalService({
		personal: createPersonalStore(sql),
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
		isVerified: badges.isVerified,
		sharedRead: sql.shared,
		ledger: clientWrites
	});
	const audit = createAuditService({
		store: createAuditStore(sql),
		qa: stores.qa,
		polls: stores.polls,
		clock,
		requireAccess
	});

	/** On an empty database: the sample conference and one sign-in link per staff role (shown once). */
	async function seedIfEmpty(): Promise<{ code: string; links: { role: string; path: string }[] } | null> {
		if (!config.seedSample || (await events.count()) > 0) return null;
		// Looked at again under the write lock: hubs started together on one database seed it once.
		return sql.tx(async () => {
			if (sql.dialect === 'postgres') await sql.run('LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE');
			if ((await events.count()) > 0) return null;
			const file = events.sampleFile(config.sampleDates);
			await events.importFile(file, 'replace');
			const links: { role: string; path: string }[] = [];
			for (const role of STAFF_ROLES) {
				const minted = await access.mint({
					eventId: file.event.id,
					role,
					roomId: null,
					label: `First ${role} link`
				});
				links.push({ role, path: minted.signInPath });
			}
			return { code: file.event.code, links };
		});
	}

	const host = createHostService({
		sql,
		events,
		eventStore: stores.events,
		agenda: stores.agenda,
		access,
		polls,
		clock
	});

	return {
		sql,
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
		attendance: createAttendanceStore(sql),
		privacy: createPrivacyStore(sql),
		clientWrites,
		writes,
		host,
		/** A source address as this hub's limits and counts key it (shared by every hub in cluster mode). */
		addressKey: keyAddress,
		seedIfEmpty
	};
}
export type Services = Awaited<ReturnType<typeof createServices>>;
