import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 4173);
// A fresh database per run, seeded with the sample conference on its fixed dates so tests can set the clock.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'dais-e2e-'));
process.env.E2E_DATA_DIR = dataDir;
const reportDir = process.env.DAIS_REPORT_DIR;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 30_000,
	expect: { timeout: 5_000 },
	reporter: reportDir ? [['list'], ['json', { outputFile: `${reportDir}/playwright.json` }]] : [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
		launchOptions: { executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS }
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		command: 'node --import tsx server/index.ts',
		url: `http://localhost:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DAIS_DB: join(dataDir, 'e2e.db'),
			DAIS_SAMPLE_DATES: 'fixed',
			DAIS_SECRET: 'e2e-secret-not-for-production',
			// The browsers' clocks are set to the conference days; the hub's runs from the same morning.
			DAIS_CLOCK_START: '2026-12-08T06:00:00Z',
			// Pages follow the hub's clock, so a test moves it (with the browsers') to the moment it plays.
			DAIS_CLOCK_CONTROL: '1',
			LOG_LEVEL: 'warn',
			// Test only: 3 questions per device per 8 s, so a rate-limited question's own resend fits in a test.
			DAIS_TEST_QUESTION_LIMIT: '3/8'
		}
	}
});
