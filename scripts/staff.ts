import { STAFF_ROLES, type EventInfo, type StaffRole } from '../src/lib/protocol';
import type { Services } from '../server/services';
import { CliError, openServices, parseCli, runCli } from './cli';

const USAGE = `Mints, lists and revokes staff sign-in links in the hub's database (DAIS_DB).

Usage:
  npm run staff -- --role ROLE [--label TEXT] [--room ROOM] [--event CODE]
  npm run staff -- --list [--event CODE]
  npm run staff -- --revoke ID [--event CODE]

  --role    one of ${STAFF_ROLES.join(', ')}, or host (every event: creates and archives events at /host)
  --room    limit the link to one room (its id, e.g. hall-a)
  --event   the event's code or id; needed only when the database holds more than one event (not for host)

Printed links start with PUBLIC_URL (default http://localhost:PORT).`;

const isRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);

/** The event named by --event (code or id), or the only event there is. */
async function pickEvent(services: Services, wanted: string | undefined): Promise<EventInfo> {
	const events = await services.events.list();
	const names = events.map((e) => e.code).join(', ');
	if (wanted) {
		const found = (await services.events.byCode(wanted)) ?? (await services.events.byId(wanted));
		if (!found) throw new CliError(`no event "${wanted}"${events.length ? `; events: ${names}` : ''}`);
		return found;
	}
	if (events.length === 0) {
		throw new CliError(
			'the database has no events yet: start the hub once (it seeds the sample) or run npm run import'
		);
	}
	if (events.length > 1)
		throw new CliError(`the database holds several events: pass --event with one of ${names}`);
	return events[0];
}

await runCli(async () => {
	const { values, positionals } = parseCli(USAGE, {
		role: { type: 'string' },
		label: { type: 'string', default: '' },
		room: { type: 'string' },
		event: { type: 'string' },
		list: { type: 'boolean', default: false },
		revoke: { type: 'string' }
	});
	const actions = [values.role !== undefined, values.list, values.revoke !== undefined].filter(
		Boolean
	).length;
	if (actions !== 1 || positionals.length > 0)
		throw new CliError(`give exactly one of --role, --list or --revoke\n${USAGE}`);

	const { config, sql, services } = await openServices({ mustExist: true });
	try {
		// A host's link belongs to no event, so it needs none to exist yet.
		if (values.role === 'host') {
			if (values.room !== undefined || values.event !== undefined)
				throw new CliError('a host link covers every event: give no --room or --event');
			const label = values.label.trim();
			if (label.length > 80) throw new CliError('--label is limited to 80 characters');
			const { credential, signInPath } = await services.access.mintHost(label);
			console.log(`Minted ${credential.id}: a host link for every event${label ? `, "${label}"` : ''}.`);
			console.log(
				'Sign-in link, shown only this once (only its hash is stored); it signs in once, on one device:'
			);
			console.log(`  ${config.publicUrl}${signInPath}`);
			return;
		}
		const host = values.revoke
			? (await services.access.listHosts()).find((c) => c.id === values.revoke)
			: undefined;
		if (host) {
			await services.access.revokeHost(host.id);
			console.log(`Revoked ${host.id} (host${host.label ? `, ${host.label}` : ''}).`);
			console.error('note: pages signed in with it on a running hub are disconnected within a few seconds.');
			return;
		}
		const event = await pickEvent(services, values.event);

		if (values.list) {
			for (const h of await services.access.listHosts())
				console.log(
					`host link ${h.id}${h.label ? ` (${h.label})` : ''}: ${h.revokedAt ? 'revoked' : 'live'}`
				);
			const credentials = await services.access.list(event.id);
			if (credentials.length === 0) {
				console.log(`No staff links for ${event.code}.`);
				return;
			}
			const rows = credentials.map((c) => [
				c.id,
				c.role,
				c.roomId ?? 'all rooms',
				c.label || '-',
				c.createdAt.slice(0, 16).replace('T', ' '),
				c.revokedAt ? `revoked ${c.revokedAt.slice(0, 16).replace('T', ' ')}` : 'live'
			]);
			const header = ['ID', 'ROLE', 'ROOM', 'LABEL', 'CREATED (UTC)', 'STATUS'];
			const widths = header.map((h, n) => Math.max(h.length, ...rows.map((r) => r[n].length)));
			for (const r of [header, ...rows])
				console.log(
					r
						.map((cell, n) => cell.padEnd(widths[n]))
						.join('  ')
						.trimEnd()
				);
			return;
		}

		if (values.revoke !== undefined) {
			const credential = await services.access.revoke(event.id, values.revoke);
			console.log(
				`Revoked ${credential.id} (${credential.role}${credential.label ? `, ${credential.label}` : ''}) for ${event.code}.`
			);
			// A running hub checks its connected staff sign-ins against the database every 1.5 s.
			console.error('note: pages signed in with it on a running hub are disconnected within a few seconds.');
			return;
		}

		const role = values.role!;
		if (!isRole(role)) throw new CliError(`unknown role "${role}": use one of ${STAFF_ROLES.join(', ')}`);
		const label = values.label.trim();
		if (label.length > 80) throw new CliError('--label is limited to 80 characters');
		const roomId = values.room ?? null;
		if (roomId !== null && !(await services.events.room(event.id, roomId))) {
			const rooms = (await services.events.snapshot(event.id)).rooms.map((r) => r.id);
			throw new CliError(`no room "${roomId}" in ${event.code}; rooms: ${rooms.join(', ')}`);
		}
		const { credential, signInPath } = await services.access.mint({ eventId: event.id, role, roomId, label });
		const scope = roomId ? `room ${roomId}` : 'all rooms';
		console.log(
			`Minted ${credential.id}: a ${role} link for ${event.code} (${scope})${label ? `, "${label}"` : ''}.`
		);
		console.log(
			'Sign-in link, shown only this once (only its hash is stored); it signs in once, on one device:'
		);
		console.log(`  ${config.publicUrl}${signInPath}`);
	} finally {
		await sql.close();
	}
});
