import { defineConfig } from 'vitest/config';

// The cluster tier (`npm run test:cluster`): PostgreSQL, Redis, HAProxy and three hub processes started per run.
// One file at a time, with long timeouts: the services take seconds to start and the storm waits on reconnects.
const reportDir = process.env.DAIS_REPORT_DIR;

export default defineConfig({
	test: {
		name: 'cluster',
		environment: 'node',
		include: ['tests/cluster/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 120_000,
		hookTimeout: 240_000,
		reporters: reportDir ? ['default', ['json', { outputFile: `${reportDir}/cluster.json` }]] : ['default']
	}
});
