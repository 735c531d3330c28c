/**
 * Runs the real relay (`tsx sync-server/main.ts`) as a child process on an ephemeral port, the way
 * production runs it. tsx runs the script in a grandchild process, so the relay gets its own
 * process group and kill -9 hits the whole group; otherwise the real relay would outlive the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { databaseFor } from './pg/database-for';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const LISTENING = /Quartier relay listening on http:\/\/(\S+):(\d+)/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface RelayProcess {
	/** http://127.0.0.1:PORT */
	url: string;
	/** ws://127.0.0.1:PORT */
	wsUrl: string;
	port: number;
	dataDir: string;
	staticDir: string;
	/** Everything the relay wrote to stderr so far (its JSON logs). */
	logs(): string;
	/** The node process running the relay (tsx's child), once it runs. */
	relayPid(): number | undefined;
	/** Resident memory of that process, in KiB (VmRSS), or undefined once it is gone. */
	rssKb(): number | undefined;
	/** Sends the signal to the relay and resolves with its exit code. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
	kill9(): Promise<void>;
}

export interface RelayOptions {
	/** Reuse a data directory, e.g. to restart on the same data. A fresh temp dir otherwise. */
	dataDir?: string;
	/** A temp dir holding a `200.html` otherwise. */
	staticDir?: string;
	env?: Record<string, string>;
	/**
	 * Run `node --import tsx sync-server/main.ts` instead of the tsx command: the same relay in one
	 * process instead of two, which starts about half a second sooner (tests that restart it often).
	 */
	direct?: boolean;
}

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Removed by cleanUpRelays. */
export function tempDir(prefix: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `quartier-${prefix}-`));
	tempDirs.add(dir);
	return dir;
}

export function staticDirWithFallback(): string {
	const dir = tempDir('static');
	fs.writeFileSync(
		path.join(dir, '200.html'),
		'<!doctype html><title>Quartier</title>spa-fallback'
	);
	return dir;
}

export async function startRelayProcess(options: RelayOptions = {}): Promise<RelayProcess> {
	const dataDir = options.dataDir ?? tempDir('data');
	const staticDir = options.staticDir ?? staticDirWithFallback();
	// Under the relay-pg project, PostgreSQL instead of the SQLite file (one database per dataDir).
	const databaseUrl = await databaseFor(dataDir);
	const [command, args] = options.direct
		? [process.execPath, ['--import', 'tsx', 'sync-server/main.ts']]
		: [TSX, ['sync-server/main.ts']];
	const child = spawn(command, args, {
		cwd: REPO_ROOT,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: '0',
			QUARTIER_DATA: dataDir,
			QUARTIER_STATIC: staticDir,
			QUARTIER_LOG_LEVEL: 'warn',
			...(databaseUrl === undefined ? {} : { QUARTIER_DATABASE_URL: databaseUrl }),
			...options.env
		}
	});
	running.add(child);
	const exited = new Promise<number | null>((resolve) => {
		child.once('exit', (code) => {
			running.delete(child);
			resolve(code);
		});
	});
	let stderr = '';
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

	const port = await new Promise<number>((resolve, reject) => {
		let stdout = '';
		const timer = setTimeout(() => {
			killGroup(child);
			reject(new Error(`relay did not start within ${START_TIMEOUT_MS} ms:\n${stderr}`));
		}, START_TIMEOUT_MS);
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
			const match = LISTENING.exec(stdout);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[2]));
			}
		});
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`relay exited with ${code} before listening:\n${stderr}`));
		});
	});

	const relayPid = () =>
		child.pid === undefined || options.direct ? child.pid : findRelayPid(child.pid);
	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}`,
		port,
		dataDir,
		staticDir,
		logs: () => stderr,
		relayPid,
		rssKb: () => {
			const pid = relayPid();
			return pid === undefined ? undefined : readRssKb(pid);
		},
		async stop(signal = 'SIGTERM') {
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			// tsx forwards SIGTERM/SIGINT to the relay and exits with its code.
			child.kill(signal);
			const timeout = setTimeout(() => killGroup(child), STOP_TIMEOUT_MS);
			const code = await exited;
			clearTimeout(timeout);
			return code;
		},
		async kill9() {
			killGroup(child);
			await exited;
		}
	};
}

/**
 * For afterEach/afterAll: no relay may outlive its test, whatever happened in it; their temp
 * directories go too.
 */
export async function cleanUpRelays(): Promise<void> {
	const children = [...running];
	await Promise.all(
		children.map(
			(child) =>
				new Promise<void>((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve();
					child.once('exit', () => resolve());
					killGroup(child);
				})
		)
	);
	for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
	tempDirs.clear();
}

function killGroup(child: ChildProcess): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

/**
 * tsx runs the script in a child node process: that child, found through /proc (its threads'
 * `children` lists, or else every process's parent pid).
 */
function findRelayPid(tsxPid: number): number | undefined {
	const children = childrenOf(tsxPid);
	return children.find((pid) => readProc(pid, 'cmdline').includes('sync-server/main.ts'));
}

function childrenOf(pid: number): number[] {
	try {
		const tasks = fs.readdirSync(`/proc/${pid}/task`);
		const found = tasks.flatMap((task) =>
			fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)
		);
		if (found.length > 0) return found.map(Number);
	} catch {
		// No children files (older kernels): scan every process below.
	}
	return fs
		.readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number)
		.filter((candidate) => {
			// stat is "pid (comm) state ppid ...", and comm may hold spaces: read after the ')'.
			const stat = readProc(candidate, 'stat');
			return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
		});
}

function readProc(pid: number, file: string): string {
	try {
		return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
	} catch {
		return '';
	}
}

function readRssKb(pid: number): number | undefined {
	const match = /^VmRSS:\s+(\d+) kB/m.exec(readProc(pid, 'status'));
	return match ? Number(match[1]) : undefined;
}
