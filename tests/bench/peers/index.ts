/** The peers, each started unmodified in its own process, and their clients' retry policies. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reconnectDelay } from '../../../src/lib/sync/backoff';
import { BENCH_DIR, freePort, QUARTIER_DIR, REPO_ROOT, startServer } from '../lib/proc';
import { floorWire } from './floor-wire';
import { hocuspocusWire } from './hocuspocus-wire';
import { QUARTIER_BENCH_ENV, quartierWire } from './quartier';
import type { Peer } from './types';
import { yWebsocketWire } from './y-websocket-wire';

const NODE = process.execPath;
/** One process, no tsx wrapper: the pid we measure is the server itself. */
const TS = ['--import', 'tsx'];

/**
 * The version of `pkg` that code under tests/bench loads: Node looks in the bench's node_modules
 * (the peers, and what they depend on, such as `ws`) before the app's.
 */
function versionOf(pkg: string): string {
	const file = [BENCH_DIR, REPO_ROOT]
		.map((dir) => path.join(dir, 'node_modules', pkg, 'package.json'))
		.find((candidate) => fs.existsSync(candidate));
	if (!file) throw new Error(`${pkg} is not installed: run \`npm run bench\`, which installs it`);
	return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

function repoVersion(): string {
	return (
		JSON.parse(fs.readFileSync(path.join(QUARTIER_DIR, 'package.json'), 'utf8')) as {
			version: string;
		}
	).version;
}

/**
 * QUARTIER_BENCH_CPU_PROF=<dir>: the Quartier relay writes a V8 CPU profile there when it stops
 * (`--cpu-prof` is not allowed in NODE_OPTIONS). For finding where its time goes, not for figures:
 * profiling slows it down.
 */
function cpuProfileFlags(): string[] {
	const dir = process.env.QUARTIER_BENCH_CPU_PROF;
	return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export const quartier: Peer = {
	name: 'quartier',
	version: repoVersion(),
	persistence: 'SQLite (WAL, synchronous=FULL), every update committed before forward and ack',
	stateful: true,
	wire: quartierWire,
	start: (o) =>
		startServer({
			command: NODE,
			args: [...TS, ...cpuProfileFlags(), 'sync-server/main.ts'],
			cwd: QUARTIER_DIR,
			env: {
				HOST: '127.0.0.1',
				PORT: String(o.port ?? 0),
				QUARTIER_DATA: o.dataDir,
				QUARTIER_STATIC: path.join(QUARTIER_DIR, 'build'),
				QUARTIER_LOG_LEVEL: 'warn',
				...QUARTIER_BENCH_ENV,
				...o.env
			},
			ready: /listening on http:\/\/\S+:(\d+)/,
			port: o.port
		}),
	reconnectDelay: (attempt) => reconnectDelay(attempt),
	clientPolicy: "the app's reconnectDelay (src/lib/sync/backoff.ts)",
	async loadedRooms(port) {
		const res = await fetch(`http://127.0.0.1:${port}/healthz`);
		return ((await res.json()) as { rooms: number }).rooms;
	}
};

/** y-websocket 3.1 client: every close counts, 100 ms × 2^n from 200 ms, capped at 2.5 s. */
const yWebsocketDelay = (attempt: number) => Math.min(2 ** (attempt + 1) * 100, 2500);

export const yWebsocketServer: Peer = {
	name: '@y/websocket-server',
	version: versionOf('@y/websocket-server'),
	persistence: 'LevelDB (y-leveldb): every update appended, unsynced writes, not awaited',
	stateful: true,
	wire: yWebsocketWire,
	async start(o) {
		const port = o.port ?? (await freePort());
		return startServer({
			command: NODE,
			args: [path.join(BENCH_DIR, 'node_modules/@y/websocket-server/src/server.js')],
			env: { HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: o.dataDir, ...o.env },
			ready: /running at/,
			port
		});
	},
	reconnectDelay: yWebsocketDelay,
	clientPolicy: 'y-websocket 3.1: 200 ms doubling, capped at 2.5 s, no jitter'
};

export const hocuspocus: Peer = {
	name: '@hocuspocus/server',
	version: versionOf('@hocuspocus/server'),
	persistence: 'SQLite extension: whole document, debounced 2 s (max 10 s), not awaited',
	stateful: true,
	wire: hocuspocusWire,
	start: (o) =>
		startServer({
			command: NODE,
			args: [...TS, 'tests/bench/servers/hocuspocus.ts'],
			env: {
				PORT: String(o.port ?? 0),
				HOCUSPOCUS_DB: path.join(o.dataDir, 'hocuspocus.sqlite'),
				...o.env
			},
			ready: /Hocuspocus listening on (\d+)/,
			port: o.port
		}),
	/** @hocuspocus/provider 3.4.4 defaults (delay 1 s, factor 2, jitter, min 1 s, max 30 s). */
	reconnectDelay: (attempt) =>
		attempt === 0 ? 0 : Math.min(30_000, Math.max(1000, Math.random() * 1000 * 2 ** (attempt - 1))),
	clientPolicy: 'hocuspocus provider 3.4: at once, then jitter within 1 s × 2^n, at least 1 s'
};

export const floor: Peer = {
	name: 'ws floor',
	version: versionOf('ws'),
	persistence: 'none (forwards frames, keeps no document)',
	stateful: false,
	wire: floorWire,
	start: (o) =>
		startServer({
			command: NODE,
			args: [...TS, 'tests/bench/servers/ws-floor.ts'],
			env: { PORT: String(o.port ?? 0), ...o.env },
			ready: /Floor listening on (\d+)/,
			port: o.port
		}),
	reconnectDelay: yWebsocketDelay,
	clientPolicy: 'same as y-websocket (the floor has no client of its own)'
};

export const PEERS: Peer[] = [quartier, yWebsocketServer, hocuspocus, floor];
