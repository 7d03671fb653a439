import { CliError, openServices, parseCli, runCli } from './cli';

const USAGE = `Usage: npm run purge -- [--days N] [--event CODE] [--dry-run]

Deletes what attendees wrote (questions, upvotes, poll ballots, and the write log) for every event that ended more
than N days ago (default: DAIS_RETENTION_DAYS, 90), overwriting it in place, then compacts the database file and
empties its write-ahead log so the deleted text is in none of its files. The programme, polls' definitions, staff
links and the staff audit log stay.
  --event CODE  only this event (still only once it is past the retention period)
  --dry-run     say what would be deleted, delete nothing`;

await runCli(async () => {
	const { values } = parseCli(USAGE, {
		days: { type: 'string' },
		event: { type: 'string' },
		'dry-run': { type: 'boolean' }
	});
	const { config, sql, services } = await openServices({ mustExist: true });
	try {
		const days = values.days === undefined ? config.retentionDays : Number(values.days);
		if (!Number.isInteger(days) || days < 0)
			throw new CliError(`--days must be a whole number, got "${values.days}"`);
		const cutoff = new Date(services.clock.now().getTime() - days * 86_400_000).toISOString().slice(0, 10);
		const store = services.privacy;
		let events = await store.eventsEndedBefore(cutoff);
		if (values.event) {
			const code = values.event.toUpperCase();
			events = events.filter((e) => e.code === code);
			if (events.length === 0)
				throw new CliError(`event ${code} does not exist or ended less than ${days} days ago`);
		}
		if (events.length === 0) {
			console.log(`No event ended before ${cutoff} (${days} days ago): nothing to purge.`);
			return;
		}
		for (const e of events) {
			const n = values['dry-run'] ? await store.counts(e.id) : await store.purge(e.id);
			const verb = values['dry-run'] ? 'would delete' : 'deleted';
			console.log(
				`${e.code} (ended ${e.ends_on}): ${verb} ${n.questions} questions, ${n.questionVotes} upvotes, ${n.ballots} ballots, ${n.clientWrites} write records, ${n.stars} starred sessions, ${n.feedTokens} calendar feed addresses`
			);
		}
		if (values['dry-run']) return;
		// Deleted rows would otherwise stay readable in free pages and in the write-ahead log until overwritten.
		if (await store.compact())
			console.log('Compacted the database: the deleted text is gone from its files.');
		else
			console.error(
				'warning: the write-ahead log is in use by another process and was not emptied; run purge again later.'
			);
	} finally {
		await sql.close();
	}
});
