/**
 * Child processes of the bench: each peer server runs alone in its own process group, pinned to
 * core 0 when `taskset` exists. Every child is killed by its pid when the bench ends, however it
 * ends; nothing is ever killed by name (other relays may run on this machine).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
/** The bench's own package: the peers live in its node_modules, out of the app's install. */
export const BENCH_DIR = path.resolve(import.meta.dirname, '..');
/**
 * Where Quartier itself (relay and app) is run and built from: this checkout, or another one given
 * in BENCH_QUARTIER_DIR (e.g. `git archive HEAD | tar -x -C dir` with node_modules linked), so a
 * run can measure a commit while the working tree is mid-change.
 */
export const QUARTIER_DIR = path.resolve(process.env.BENCH_QUARTIER_DIR ?? REPO_ROOT);
export const SERVER_CORE = 0;
export const GENERATOR_CORE = 1;

export const HAS_TASKSET = commandExists('taskset');

function commandExists(name: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Pins this process (every thread: the generator) to the generator core. */
export function pinSelf(): void {
	if (!HAS_TASKSET) return;
	execFileSync('taskset', ['-a', '-pc', String(GENERATOR_CORE), String(process.pid)], {
		stdio: 'ignore'
	});
}

export interface ServerProcess {
	pid: number;
	port: number;
	/** Several instances behind one address in production: clients are spread over these ports. */
	ports?: number[];
	/** Every process the server's CPU and memory are the sum of, when it is more than `pid`. */
	pids?: () => number[];
	/** SIGTERM, then SIGKILL to the group after `graceMs`. Resolves once the process is gone. */
	stop(graceMs?: number): Promise<void>;
	logs(): string;
}

export interface StartOptions {
	command: string;
	args: string[];
	env: Record<string, string>;
	/** Working directory; the repository root by default. */
	cwd?: string;
	/** Matches the line that says the server listens; group 1 is the port when `port` is unset. */
	ready: RegExp;
	port?: number;
	timeoutMs?: number;
}

const running = new Set<ChildProcess>();

export async function startServer(options: StartOptions): Promise<ServerProcess> {
	const [command, args] = HAS_TASKSET
		? ['taskset', ['-c', String(SERVER_CORE), options.command, ...options.args]]
		: [options.command, options.args];
	// taskset execs the command, so the child's pid is the server's own pid.
	const child = spawn(command, args, {
		cwd: options.cwd ?? REPO_ROOT,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ...options.env }
	});
	running.add(child);
	const exited = new Promise<void>((resolve) =>
		child.once('exit', () => {
			running.delete(child);
			resolve();
		})
	);
	let output = '';
	const onData = (chunk: Buffer) => {
		// Keep the tail only: a chatty server must not grow the bench's memory.
		output = (output + chunk.toString('utf8')).slice(-20_000);
	};
	child.stderr?.on('data', onData);
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => {
			killGroup(child);
			reject(new Error(`${options.command} did not start:\n${output}`));
		}, options.timeoutMs ?? 30_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			onData(chunk);
			const match = options.ready.exec(output);
			if (!match) return;
			clearTimeout(timer);
			resolve(options.port ?? Number(match[1]));
		});
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`${options.command} exited before listening:\n${output}`));
		});
	});
	const pid = child.pid;
	if (pid === undefined) throw new Error('no pid');
	return {
		pid,
		port,
		logs: () => output,
		async stop(graceMs = 10_000) {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => killGroup(child), graceMs);
			await exited;
			clearTimeout(timer);
			// Anything the server itself spawned goes with it.
			killGroup(child);
		}
	};
}

function killGroup(child: ChildProcess): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

/** Last resort: called on exit and on signals, so no server outlives the bench. */
export function killAllServers(): void {
	for (const child of running) killGroup(child);
}

/** A free TCP port on loopback, for servers that cannot report the one they got. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
