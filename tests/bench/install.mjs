#!/usr/bin/env node
/**
 * `npm run bench` runs this first. The peers the bench measures Quartier against (Hocuspocus with
 * sqlite3, @y/websocket-server with LevelDB, Lighthouse) are the bench's own package, so someone who
 * only runs the app and its tests never downloads or compiles them. This installs that package with
 * `npm ci` when tests/bench/node_modules is missing or was installed from another lockfile, and
 * does nothing otherwise.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BENCH_DIR = import.meta.dirname;
/** Written after a successful install: the hash of the manifest and lockfile it installed. */
const STAMP = join(BENCH_DIR, 'node_modules', '.quartier-bench-installed');

function manifestHash() {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
		hash.update(readFileSync(join(BENCH_DIR, file)));
	}
	return hash.digest('hex');
}

const wanted = manifestHash();
const installed = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : undefined;
if (installed !== wanted) {
	console.log(
		'bench: installing the peers into tests/bench/node_modules (npm ci; the first time takes' +
			' minutes: sqlite3 and leveldown compile from source)'
	);
	// cwd, not --prefix: npm then reads tests/bench/.npmrc (omit=peer keeps yjs out, see there).
	const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
		cwd: BENCH_DIR,
		stdio: 'inherit',
		shell: process.platform === 'win32'
	});
	if (npm.status !== 0) {
		console.error('bench: npm ci in tests/bench failed');
		process.exit(npm.status ?? 1);
	}
	writeFileSync(STAMP, `${wanted}\n`);
}
