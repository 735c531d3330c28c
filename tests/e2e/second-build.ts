/**
 * A second production build of the current sources under another build id, for the update test.
 * It is made in a temp copy of the app (node_modules linked), so the tree's build/ and
 * .svelte-kit/, which the relay of the other specs serves, are never touched.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../relay/relay-process';

/** What `vite build` reads: config, sources, static assets and the messages Paraglide compiles. */
const APP_FILES = [
	'package.json',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'scripts/paraglide-options.js',
	'scripts/chunk-modules-plugin.js',
	'project.inlang/settings.json',
	'messages',
	'src',
	'static'
];
/** A cold build takes 30–60 s on a busy 2-core machine. */
const BUILD_TIMEOUT_MS = 180_000;

/** Builds into `<workDir>/app/build` and returns that directory. */
export function buildWithId(workDir: string, buildId: string): string {
	const app = path.join(workDir, 'app');
	fs.mkdirSync(app, { recursive: true });
	for (const file of APP_FILES) {
		fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
		fs.cpSync(path.join(REPO_ROOT, file), path.join(app, file), { recursive: true });
	}
	fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
	execFileSync(path.join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], {
		cwd: app,
		env: { ...process.env, QUARTIER_BUILD_ID: buildId },
		stdio: ['ignore', 'ignore', 'pipe'],
		timeout: BUILD_TIMEOUT_MS
	});
	const out = path.join(app, 'build');
	if (!fs.existsSync(path.join(out, 'sw.js'))) throw new Error(`no service worker in ${out}`);
	return out;
}

/** The tree's own build (what `npm run test:e2e` built), copied so a test may replace it. */
export function copyOfCurrentBuild(into: string): string {
	const build = path.join(REPO_ROOT, 'build');
	if (!fs.existsSync(path.join(build, 'sw.js'))) throw new Error('run `npm run build` first');
	fs.cpSync(build, into, { recursive: true });
	return into;
}
