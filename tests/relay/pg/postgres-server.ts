/**
 * A real PostgreSQL server for the relay's tests: Debian's binaries, a cluster in a temp dir,
 * loopback only, trust authentication, stopped by `stop()`. PostgreSQL refuses to run as root:
 * as root, the cluster belongs to the `postgres` user and its commands run through `runuser`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN_DIRS = [
	'/usr/lib/postgresql/17/bin',
	'/usr/lib/postgresql/16/bin',
	'/usr/lib/postgresql/15/bin'
];
const USER = 'quartier';

/** Where `initdb` and `pg_ctl` are, or null when PostgreSQL is not installed. */
export function postgresBinDir(): string | null {
	return BIN_DIRS.find((dir) => fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}

export interface PostgresServer {
	/** postgres://quartier@127.0.0.1:PORT/<database> */
	url(database: string): string;
	port: number;
	/** The postmaster's pid (its backends are its children). */
	pid(): number;
	stop(): void;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export async function startPostgres(): Promise<PostgresServer> {
	const bin = postgresBinDir();
	if (bin === null) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartier-pg-'));
	fs.chmodSync(dir, 0o755);
	const asRoot = process.getuid?.() === 0;
	if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
	const run = (command: string, args: string[]) => {
		const [file, argv] = asRoot
			? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]]
			: [path.join(bin, command), args];
		const result = spawnSync(file, argv, { encoding: 'utf8' });
		if (result.status !== 0) {
			throw new Error(`${command} failed (${result.status}): ${result.stderr}${result.stdout}`);
		}
	};
	const data = path.join(dir, 'data');
	run('initdb', ['-D', data, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--no-sync']);
	const port = await freePort();
	// fsync stays on: the tests check what survives a kill -9 of the relay, not of PostgreSQL, but
	// an ack must still mean what it means in production.
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=400`;
	run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
	return {
		port,
		url: (database) => `postgres://${USER}@127.0.0.1:${port}/${database}`,
		pid: () => Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
		stop() {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}
