// Prints one "name: N passed, N failed" line for the check gate and for each test runner, from the JSON reports in
// the report folder; exits 1 if any failed or a report is missing (a step that crashed before reporting is a
// failure, not a silent pass). Above those lines, the failed tests by name with the first line of their error (the
// first 15 of each runner): a CI log is often read from its end only, far below the runner's own account.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const dir = process.argv[2] ?? '.ci/out';
let bad = false;
const lines = [];
const MAX_NAMED = 15;

/** Names a runner's failed tests, and the first line of each one's error. */
function nameFailures(name, failures) {
	if (!failures.length) return;
	console.log(`${name}: ${failures.length} failed:`);
	for (const { title, message } of failures.slice(0, MAX_NAMED)) {
		const first = stripVTControlCharacters(message)
			.split('\n')
			.find((l) => l.trim());
		console.log(`  ✗ ${title}${first ? `\n      ${first.trim().slice(0, 200)}` : ''}`);
	}
	if (failures.length > MAX_NAMED) console.log(`  … and ${failures.length - MAX_NAMED} more`);
}

function report(name, file, count, failures = () => []) {
	const path = join(dir, file);
	if (!existsSync(path)) {
		lines.push(`${name}: 0 passed, 1 failed`);
		console.error(`(${name} wrote no report at ${path})`);
		bad = true;
		return;
	}
	const json = JSON.parse(readFileSync(path, 'utf8'));
	const { passed, failed, skipped } = count(json);
	if (failed > 0 || passed === 0) bad = true;
	if (failed > 0) nameFailures(name, failures(json));
	lines.push(`${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

// Written by .ci/run from `npm run check`'s exit code.
report('check', 'check.json', (r) => ({ passed: r.passed ?? 0, failed: r.failed ?? 1, skipped: 0 }));

// The unit and integration tests, on SQLite and again on PostgreSQL.
const vitest = (r) => ({
	passed: r.numPassedTests ?? 0,
	// A suite that fails to load has no failed tests but fails the run: count it.
	failed: (r.numFailedTests ?? 0) || (r.success === false ? Math.max(1, r.numFailedTestSuites ?? 0) : 0),
	skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
});
/** Vitest's failed tests, and its files that failed to load (named by the file, with the error that stopped them). */
const vitestFailures = (r) =>
	(r.testResults ?? []).flatMap((file) => {
		const path = relative(process.cwd(), file.name ?? '');
		const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
		if (!failedTests.length && file.status === 'failed')
			return [{ title: path, message: file.message ?? '' }];
		return failedTests.map((t) => ({
			title: `${path} › ${t.fullName ?? t.title}`,
			message: (t.failureMessages ?? [])[0] ?? ''
		}));
	});
report('vitest', 'vitest.json', vitest, vitestFailures);
report('vitest-pg', 'vitest-pg.json', vitest, vitestFailures);

// The cluster tier (three hubs, PostgreSQL, Redis, HAProxy) has its own vitest run and report.
report('cluster', 'cluster.json', vitest, vitestFailures);

report(
	'playwright',
	'playwright.json',
	(r) => ({
		passed: r.stats?.expected ?? 0,
		failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0) + (r.errors?.length ?? 0),
		skipped: r.stats?.skipped ?? 0
	}),
	playwrightFailures
);

/** Playwright's tests whose last try did not pass as expected, and the errors outside any test. */
function playwrightFailures(r) {
	const out = (r.errors ?? []).map((e) => ({ title: '(outside a test)', message: e.message ?? '' }));
	const walk = (suite, path) => {
		for (const spec of suite.specs ?? [])
			for (const test of spec.tests ?? []) {
				if (test.status === 'expected' || test.status === 'skipped') continue;
				const failedTry = test.results?.find((result) => result.error) ?? test.results?.at(-1);
				out.push({
					title: `${[...path, spec.title].filter(Boolean).join(' › ')}${test.status === 'flaky' ? ' (flaky)' : ''}`,
					message: failedTry?.error?.message ?? ''
				});
			}
		for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
	};
	for (const suite of r.suites ?? []) walk(suite, [suite.title]);
	return out;
}

for (const line of lines) console.log(line);

process.exit(bad ? 1 : 0);
