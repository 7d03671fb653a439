import { readFileSync } from 'node:fs';
import { EventChangesError, ImportError, type ImportMode } from '../server/event/event.service';
import type { EventChange } from '../src/lib/organiser/import';
import { CliError, openServices, parseCli, runCli } from './cli';

const USAGE = `Imports an event file (schema dais.event/1) into the hub's database (DAIS_DB).

Usage: npm run import -- FILE [--mode replace|merge] [--allow-event-changes]

  --mode replace          the file is the whole programme: sessions and rooms it lacks are removed (default)
  --mode merge            add and update what the file has; keep everything else
  --allow-event-changes   let a merge change the event itself: dates, time zone, details (refused otherwise)`;

const describeChange = (c: EventChange) => `${c.field} ${c.from} -> ${c.to}`;

await runCli(async () => {
	const { values, positionals } = parseCli(USAGE, {
		mode: { type: 'string', default: 'replace' },
		'allow-event-changes': { type: 'boolean', default: false }
	});
	if (positionals.length !== 1) throw new CliError(`give exactly one event file\n${USAGE}`);
	const [file] = positionals;
	const mode = values.mode;
	if (mode !== 'replace' && mode !== 'merge')
		throw new CliError(`--mode must be "replace" or "merge", got "${mode}"`);

	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (e) {
		throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
	}

	const { sql, services } = await openServices({ mustExist: false });
	try {
		const result = await services.events.importText(text, mode satisfies ImportMode, {
			allowEventChanges: values['allow-event-changes']
		});
		console.log(
			`Imported ${result.sessions} sessions into ${result.code} (${result.eventId}), ${mode} mode; agenda version ${result.version}.`
		);
		if (result.eventChanges.length)
			console.log(`The event changed: ${result.eventChanges.map(describeChange).join(', ')}.`);
		if ((await services.access.list(result.eventId)).length === 0) {
			console.error(
				`note: ${result.code} has no staff links yet: mint one with npm run staff -- --role organiser`
			);
		}
		// The hub is another process: nothing tells its open pages, but every page re-reads the agenda when it reconnects.
		console.error('note: pages open on a running hub show the new programme when they reload or reconnect.');
	} catch (e) {
		if (e instanceof EventChangesError) {
			throw new CliError(
				`${file} would change the event: ${e.changes.map(describeChange).join(', ')}. Nothing was imported; ` +
					`run again with --allow-event-changes to apply it.`
			);
		}
		if (!(e instanceof ImportError)) throw e;
		// One line per problem, in the file:line:column form editors and terminals link to.
		for (const p of e.problems)
			console.error(`${file}:${p.line}:${p.column}${p.path ? ` ${p.path}` : ''}: ${p.message}`);
		throw new CliError(
			`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in ${file}; nothing was imported`
		);
	} finally {
		await sql.close();
	}
});
