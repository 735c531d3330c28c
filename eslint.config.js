import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The layers of DESIGN.md §4: imports go downward only,
 * routes → components / state → domain | persistence | sync.
 * Type-only imports are allowed across layers (they vanish at build time).
 */
const storageLibs = [
	{ name: 'dexie', message: 'Only src/lib/persistence talks to Dexie.' },
	{ name: 'y-indexeddb', message: 'Only src/lib/persistence talks to y-indexeddb.' }
];
const yjsLibs = [
	{ name: 'yjs', message: 'Pages and components read snapshots from src/lib/state, never Yjs.' },
	{ name: 'y-websocket', message: 'Only src/lib/sync talks to the relay.' }
];
const layer = (patterns, paths = []) => ({
	'@typescript-eslint/no-restricted-imports': [
		'error',
		{
			paths: paths.map((p) => ({ ...p, allowTypeImports: true })),
			patterns: patterns.map((p) => ({ ...p, allowTypeImports: true }))
		}
	]
});
const lib = (name, why) => ({ group: [`$lib/${name}/*`, `$lib/${name}`], message: why });

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'data/',
			'tests/bench/results/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		},
		plugins: { 'import-x': importX },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })]
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { attributes: false } }
			],
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'import-x/no-cycle': 'error',
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
	},
	{ files: ['**/*.js', '**/*.mjs'], ...ts.configs.disableTypeChecked },
	{
		// State classes expose $state.raw snapshots replaced whole; their private Maps and Sets are
		// bookkeeping (caches, dirty flags) that must not be reactive.
		files: ['src/lib/state/**/*.svelte.ts'],
		rules: { 'svelte/prefer-svelte-reactivity': 'off' }
	},
	{
		files: ['src/routes/**'],
		rules: layer(
			[
				lib('persistence', 'Pages go through src/lib/state.'),
				lib('sync', 'Pages go through src/lib/state.')
			],
			[...storageLibs, ...yjsLibs]
		)
	},
	{
		files: ['src/lib/components/**'],
		rules: layer(
			[
				lib('persistence', 'Components get props, not storage.'),
				lib('sync', 'Components get props, not connections.'),
				lib('state', 'Components get props and call callbacks; pages own state.')
			],
			[...storageLibs, ...yjsLibs]
		)
	},
	{
		files: ['src/lib/domain/**'],
		rules: layer(
			[
				lib('persistence', 'Domain is pure.'),
				lib('sync', 'Domain is pure.'),
				lib('state', 'Domain is pure.'),
				lib('components', 'Domain is pure.'),
				{ group: ['svelte', 'svelte/*', '$app/*'], message: 'Domain has no Svelte.' }
			],
			storageLibs
		)
	},
	{
		files: ['src/lib/persistence/**'],
		rules: layer([
			lib('state', 'Persistence sits below state.'),
			lib('sync', 'Persistence and sync are siblings.'),
			lib('components', 'Persistence has no UI.'),
			{ group: ['svelte', 'svelte/*', '$app/*'], message: 'Persistence has no Svelte.' }
		])
	},
	{
		files: ['src/lib/sync/**'],
		rules: layer(
			[
				lib('state', 'Sync sits below state.'),
				lib('persistence', 'Sync and persistence are siblings; state wires them.'),
				lib('components', 'Sync has no UI.'),
				{ group: ['svelte', 'svelte/*', '$app/*'], message: 'Sync has no Svelte.' }
			],
			storageLibs
		)
	},
	{
		files: ['sync-server/**'],
		rules: layer(
			[
				{
					group: [
						'$lib/*',
						'**/src/lib/state/**',
						'**/src/lib/persistence/**',
						'**/src/lib/components/**'
					],
					message: 'The relay shares only src/lib/sync protocol code and pure domain code.'
				}
			],
			storageLibs
		)
	}
);
