import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chunkModules } from './scripts/chunk-modules-plugin.js';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './scripts/paraglide-options.js';

/** The relay `npm run dev` proxies to for websockets; `npm start` serves everything from it. */
const RELAY = process.env.QUARTIER_RELAY_URL ?? 'http://127.0.0.1:8787';
// As tests/relay/pg/postgres-server.ts looks for it (not imported: the e2e update test builds a
// copy of the app that has no tests/ folder).
const POSTGRES_INSTALLED = ['17', '16', '15'].some((v) =>
	existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`)
);
/** Several relay instances on PostgreSQL and Redis (tests/relay/cluster/) need both installed. */
const REDIS_INSTALLED = existsSync('/usr/bin/redis-server');
/** Relay tests that open the SQLite storage in their own process, or read its file. */
const SQLITE_ONLY_TESTS = [
	'tests/relay/ack-gap.test.ts',
	'tests/relay/catch-up.test.ts',
	'tests/relay/compaction-turns.test.ts',
	'tests/relay/compaction.test.ts',
	'tests/relay/reload-race.test.ts',
	'tests/relay/storage-pipeline.test.ts'
];

/**
 * What the page shows as its version: package.json's version and a build id, QUARTIER_BUILD_ID when
 * set (the update e2e builds a second version with one), else the git commit. Not a timestamp: two
 * builds of the same sources stay byte-identical, so installed apps are not offered a "new version"
 * that changes nothing.
 */
function appVersion(): string {
	const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
	return `${version}+${process.env.QUARTIER_BUILD_ID?.trim() || gitCommit()}`;
}

function gitCommit(): string {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore']
		}).trim();
	} catch {
		return 'local';
	}
}

/** Narrow screenshots (the phone install sheet); their sizes are the PNGs' real pixel sizes. */
const SCREENSHOT_SIZES = '1082x2202';

export default defineConfig({
	define: { __QUARTIER_VERSION__: JSON.stringify(appVersion()) },
	plugins: [
		// Compiles messages/*.json into src/lib/paraglide for dev and build. Not under vitest: when
		// it compiles, the inlang SDK leaves handles open and vitest waits 10 s to exit; `test:unit`,
		// `check` and `lint` run scripts/compile-messages.mjs (same options) first instead.
		...(process.env.VITEST ? [] : [paraglideVitePlugin(paraglideOptions)]),
		sveltekit(),
		// Which modules each client chunk holds, for scripts/initial-chunks.mjs.
		chunkModules(),
		SvelteKitPWA({
			registerType: 'prompt',
			injectRegister: false,
			// Kit's relative base ('./') would make the page register `./sw.js` with scope `./`: from a
			// deep link such as /b/<id> that is /b/sw.js, a 404, and that page never sees updates.
			base: '/',
			scope: '/',
			manifest: {
				id: '/',
				name: 'Quartier — entraide et coworking entre voisins',
				short_name: 'Quartier',
				description: 'Entraide entre voisins et coworking à domicile, qui marche même sans réseau.',
				lang: 'fr',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: '#1f5f4a',
				background_color: '#fbf8f2',
				icons: [
					{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
					{
						src: '/icon-maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				],
				screenshots: [
					{
						src: '/screenshots/board.png',
						sizes: SCREENSHOT_SIZES,
						type: 'image/png',
						form_factor: 'narrow',
						label: 'Un tableau de quartier avec ses offres et ses demandes d’entraide'
					},
					{
						src: '/screenshots/invite.png',
						sizes: SCREENSHOT_SIZES,
						type: 'image/png',
						form_factor: 'narrow',
						label: 'Inviter ses voisins par un lien ou un QR code'
					}
				]
			},
			workbox: {
				// Without clientsClaim the first visit's page is not controlled, so an offline reload only
				// works from the second load (STACK-NOTES).
				clientsClaim: true,
				// Web Push (issue 17): show a notification per push, open its page on a tap.
				importScripts: ['/push-handler.js'],
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,woff2}'],
				// Screenshots are for the README and the install sheet (shown while online, before
				// installing), not part of the app shell: ~290 KB nobody needs offline.
				globIgnores: ['client/screenshots/**'],
				navigateFallbackDenylist: [/^\/sync\//, /^\/healthz/]
			},
			kit: { spa: true, adapterFallback: '200.html' }
		})
	],
	server: {
		// The relay also answers the directory, places and join requests under /api (issue 16).
		proxy: { '/sync': { target: RELAY, ws: true }, '/api': { target: RELAY } }
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'relay',
					include: ['tests/relay/**/*.test.ts'],
					exclude: ['tests/relay/pg/**', 'tests/relay/cluster/**'],
					environment: 'node',
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			// The same relay tests on a real PostgreSQL (tests/relay/pg/), where its binaries are
			// installed (.ci/run installs them), except those that run the SQLite storage in-process.
			...(POSTGRES_INSTALLED
				? [
						{
							extends: true as const,
							test: {
								name: 'relay-pg',
								include: ['tests/relay/**/*.test.ts'],
								exclude: [...SQLITE_ONLY_TESTS, 'tests/relay/cluster/**'],
								globalSetup: ['tests/relay/pg/global-setup.ts'],
								env: { QUARTIER_TEST_STORAGE: 'pg' },
								environment: 'node',
								testTimeout: 30_000,
								hookTimeout: 60_000
							}
						}
					]
				: []),
			// Two or three relay instances sharing one PostgreSQL database and one Redis.
			...(POSTGRES_INSTALLED && REDIS_INSTALLED
				? [
						{
							extends: true as const,
							test: {
								name: 'relay-cluster',
								include: ['tests/relay/cluster/**/*.test.ts'],
								globalSetup: ['tests/relay/pg/global-setup.ts'],
								env: { QUARTIER_TEST_STORAGE: 'pg' },
								environment: 'node',
								testTimeout: 60_000,
								hookTimeout: 60_000
							}
						}
					]
				: [])
		]
	}
});
