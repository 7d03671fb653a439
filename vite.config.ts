import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { daisDevHub } from './server/dev/vite-plugin.ts';
import { localePacks } from './scripts/locale-packs.ts';

const LOAD_TESTS = ['tests/integration/flood.test.ts', 'tests/integration/devices.test.ts'];

// .ci/run asks for a JSON report it can count; a developer's run prints the usual summary only.
const reportDir = process.env.DAIS_REPORT_DIR;
// `npm run test:pg` runs the same tests on PostgreSQL, and reports them apart.
const onPostgres = process.env.DAIS_TEST_DATABASE === 'postgres';

export default defineConfig({
	plugins: [
		// Under Vitest the messages are already compiled (npm's prepare step), and the compiler's open file handles
		// would keep the test run from exiting.
		!process.env.VITEST &&
			paraglideVitePlugin({
				project: './project.inlang',
				outdir: './src/lib/paraglide',
				// The same strategy as package.json's prepare step, which compiles the messages before Vite runs.
				strategy: ['cookie', 'preferredLanguage', 'baseLocale']
			}),
		localePacks(),
		sveltekit(),
		daisDevHub()
	],
	build: {
		rollupOptions: {
			// The bundler's note on which plugins took its time (the i18n compiler, SvelteKit's own steps) is printed in
			// yellow on a newcomer's first `npm start` and asks nothing of them.
			checks: { bundlerTimings: false },
			treeshake: {
				// The protocol modules only declare schemas and constants: a page that uses a constant or a type need not
				// ship zod and every schema with it.
				moduleSideEffects: (id: string) => !id.includes('/src/lib/protocol/')
			},
			output: {
				codeSplitting: {
					// What every attendee page runs (both layouts and all they import: Svelte, SvelteKit's client, the live
					// connection, the messages) in one file rather than some forty, each compressed alone: a phone on
					// weak Wi-Fi downloads fewer bytes in fewer round trips.
					// The programme page (where every phone lands) and what it imports come in a second file: its components
					// were eight files of 0.1 to 2 KB, each a round trip.
					groups: [
						{ name: 'attendee', test: /\/src\/routes\/(e\/\[code\]\/)?\+layout\.(svelte|ts)$/ },
						{ name: 'programme', test: /\/src\/routes\/e\/\[code\]\/\+page\.svelte$/ }
					]
				}
			}
		}
	},
	test: {
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 30_000,
		reporters: reportDir
			? ['default', ['json', { outputFile: `${reportDir}/${onPostgres ? 'vitest-pg' : 'vitest'}.json` }]]
			: ['default'],
		// A throwaway PostgreSQL cluster under DAIS_TEST_DATABASE=postgres; nothing otherwise.
		globalSetup: ['tests/support/postgres.global.ts'],
		projects: [
			{
				extends: true,
				test: {
					name: 'dais',
					include: [
						'server/**/*.test.ts',
						'src/**/*.test.ts',
						'tests/integration/**/*.test.ts',
						'bench/**/*.test.ts'
					],
					exclude: LOAD_TESTS
				}
			},
			// Tests that load the machine on purpose (floods, thousands of requests) run after the others, one file at
			// a time, so the timing other tests rely on is not theirs to pay for.
			{
				extends: true,
				test: {
					name: 'load',
					include: LOAD_TESTS,
					sequence: { groupOrder: 1 },
					fileParallelism: false,
					// thousands of requests take seconds on a quiet machine and several times that on a shared one
					testTimeout: 120_000
				}
			}
		]
	}
});
