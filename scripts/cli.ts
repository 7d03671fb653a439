import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../server/config';
import type { Sql } from '../server/db/sql';
import { openStorage } from '../server/db/storage';
import { clockFrom, systemClock } from '../server/clock';
import { DomainError } from '../server/errors';
import { createServices, type Services } from '../server/services';

/** A mistake in how a script was called or what it was asked to do: one line on stderr, exit code 1. */
export class CliError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv strictly (unknown flags are errors), adding --help. */
export function parseCli<O extends Options>(usage: string, options: O, args = process.argv.slice(2)) {
	try {
		const parsed = parseArgs({
			args,
			options: { ...options, help: { type: 'boolean', short: 'h' } },
			allowPositionals: true
		});
		if ((parsed.values as { help?: boolean }).help) {
			console.log(usage);
			process.exit(0);
		}
		return parsed;
	} catch (e) {
		// node:util reports unknown or malformed flags as TypeErrors with an ERR_PARSE_ARGS_* code.
		if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
			throw new CliError(`${e.message}\n${usage}`);
		}
		throw e;
	}
}

/** Runs a script body; expected failures print their message and exit 1, anything else prints its stack. */
export async function runCli(main: () => void | Promise<void>) {
	try {
		await main();
	} catch (e) {
		if (e instanceof CliError || e instanceof DomainError) {
			console.error(`error: ${e.message}`);
		} else {
			console.error(e);
		}
		process.exitCode = 1;
	}
}

/** Opens the hub's storage (DATABASE_URL, or the SQLite file DAIS_DB) with its migrations and services, as the hub does. */
export async function openServices(opts: {
	mustExist: boolean;
}): Promise<{ config: Config; sql: Sql; services: Services }> {
	const config = loadConfig();
	if (opts.mustExist && !config.databaseUrl && !existsSync(config.dbFile)) {
		throw new CliError(`no database at ${config.dbFile} (set DAIS_DB, or start the hub once to create it)`);
	}
	const sql = await openStorage(config);
	const clock = config.clockStart ? clockFrom(config.clockStart) : systemClock;
	const services = await createServices(sql, config, clock);
	return { config, sql, services };
}
