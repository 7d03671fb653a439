// Prints one "name: N passed, N failed" line for the check gate and for each test runner, from the JSON reports in
// the report folder; exits 1 if any failed or a report is missing (a step that crashed before reporting is a
// failure, not a silent pass).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.ci/out';
let bad = false;

function report(name, file, count) {
	const path = join(dir, file);
	if (!existsSync(path)) {
		console.log(`${name}: 0 passed, 1 failed`);
		console.error(`(${name} wrote no report at ${path})`);
		bad = true;
		return;
	}
	const { passed, failed, skipped } = count(JSON.parse(readFileSync(path, 'utf8')));
	if (failed > 0 || passed === 0) bad = true;
	console.log(`${name}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
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
report('vitest', 'vitest.json', vitest);
report('vitest-pg', 'vitest-pg.json', vitest);

// The cluster tier (three hubs, PostgreSQL, Redis, HAProxy) has its own vitest run and report.
report('cluster', 'cluster.json', vitest);

report('playwright', 'playwright.json', (r) => ({
	passed: r.stats?.expected ?? 0,
	failed: (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0) + (r.errors?.length ?? 0),
	skipped: r.stats?.skipped ?? 0
}));

process.exit(bad ? 1 : 0);
