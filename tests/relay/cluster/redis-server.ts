/**
 * A real Redis for the cluster tests: Debian's redis-server on a free loopback port, nothing
 * saved to disk (the relays keep nothing in it that matters), a child process this test started
 * and stops by its pid. `crash()` kills it with SIGKILL and `start()` brings it back on the same
 * port, empty, as after a restart in production.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../pg/postgres-server';

const READY = /Ready to accept connections/;
const START_TIMEOUT_MS = 10_000;

export interface RedisServer {
	/** redis://127.0.0.1:PORT */
	url: string;
	/** The running server's pid (NaN while it is down). */
	pid(): number;
	start(): Promise<void>;
	crash(): Promise<void>;
}

const running = new Set<ChildProcess>();

export async function startRedis(): Promise<RedisServer> {
	const port = await freePort();
	let child: ChildProcess | null = null;
	const server: RedisServer = {
		url: `redis://127.0.0.1:${port}`,
		pid: () => child?.pid ?? NaN,
		async start() {
			const started = spawn(
				'redis-server',
				['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
				{ stdio: ['ignore', 'pipe', 'pipe'] }
			);
			child = started;
			running.add(started);
			started.once('exit', () => running.delete(started));
			await new Promise<void>((resolve, reject) => {
				let out = '';
				const timer = setTimeout(
					() => reject(new Error(`redis-server did not start:\n${out}`)),
					START_TIMEOUT_MS
				);
				started.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
					out += chunk;
					if (READY.test(out)) {
						clearTimeout(timer);
						resolve();
					}
				});
				started.once('exit', (code) => {
					clearTimeout(timer);
					reject(new Error(`redis-server exited with ${code}:\n${out}`));
				});
			});
		},
		async crash() {
			const stopping = child;
			child = null;
			if (stopping === null || stopping.exitCode !== null) return;
			const exited = new Promise((resolve) => stopping.once('exit', resolve));
			stopping.kill('SIGKILL');
			await exited;
		}
	};
	await server.start();
	return server;
}

export async function stopAllRedis(): Promise<void> {
	await Promise.all(
		[...running].map((child) => {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGKILL');
			return exited;
		})
	);
}
