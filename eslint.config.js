import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'build.partial-*/',
			'build.old-*/',
			'.svelte-kit/',
			'src/lib/paraglide/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'.scratch/',
			'bench/results/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// Destructuring a field away to drop it is the idiom here; the leading underscore says so.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ varsIgnorePattern: '^_', argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
			],
			'no-undef': 'off',
			// Dais is served at the site root (no `paths.base`), so plain hrefs are already resolved.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['tests/**'],
		rules: {
			// Playwright and Vitest read a fixture's dependencies from its destructured first parameter: `{}` means none.
			'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }]
		}
	},
	{
		// The storage is asynchronous (SQLite and PostgreSQL behind one interface): a forgotten await is a write that
		// may not have happened yet, or a promise tested for truth. These rules read the types to catch both.
		files: [
			'server/**/*.ts',
			'scripts/**/*.ts',
			'tests/**/*.ts',
			'bench/**/*.ts',
			'src/**/*.server.ts',
			'src/lib/**/*.test.ts',
			'src/lib/testing/*.ts',
			'src/lib/server/*.ts',
			'src/routes/**/+server.ts'
		],
		languageOptions: { parserOptions: { projectService: true } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
			'@typescript-eslint/await-thenable': 'error'
		}
	},
	{
		// Tests await hub helpers whether or not they are synchronous today; awaiting a plain value is harmless there.
		files: ['tests/**/*.ts', '**/*.test.ts'],
		rules: { '@typescript-eslint/await-thenable': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);
