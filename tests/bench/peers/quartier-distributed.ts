/**
 * Quartier's relay on PostgreSQL, alone and as two instances sharing rooms through Redis: the
 * cost of going distributed, side by side with the SQLite relay in R1/R2. PostgreSQL and Redis
 * are Debian's binaries, started fresh for each run on loopback, pinned to the server core with
 * the relays; their CPU and memory count in the server's (summed over every process).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { postgresBinDir, startPostgres } from '../../relay/pg/postgres-server';
import { startRedis } from '../../relay/cluster/redis-server';
import { HAS_TASKSET, SERVER_CORE, type ServerProcess } from '../lib/proc';
import { quartier } from './index';
import type { Peer, StartOptions } from './types';

/** True when this machine can run them (.ci/run installs both packages). */
export function distributedPeersAvailable(): boolean {
	return postgresBinDir() !== null && fs.existsSync('/usr/bin/redis-server');
}

/** The process and every descendant (PostgreSQL forks a backend per connection). */
function withDescendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {
			// Gone meanwhile.
		}
	}
	const all: number[] = [];
	const visit = (pid: number) => {
		all.push(pid);
		for (const child of children.get(pid) ?? []) visit(child);
	};
	visit(root);
	return all;
}

/** Onto the server core, with the threads of every process (later backends inherit it). */
function pin(pids: number[]): void {
	if (!HAS_TASKSET) return;
	for (const pid of pids) {
		execFileSync('taskset', ['-a', '-pc', String(SERVER_CORE), String(pid)], { stdio: 'ignore' });
	}
}

async function startDistributed(instances: number, o: StartOptions): Promise<ServerProcess> {
	const postgres = await startPostgres();
	const redis = instances > 1 ? await startRedis() : null;
	const services = () => [...withDescendants(postgres.pid()), ...(redis ? [redis.pid()] : [])];
	pin(services());
	const env: Record<string, string> = {
		QUARTIER_DATABASE_URL: postgres.url('postgres'),
		...(redis ? { QUARTIER_REDIS_URL: redis.url } : {})
	};
	const relays: ServerProcess[] = [];
	try {
		for (let i = 0; i < instances; i++) {
			relays.push(
				await quartier.start({
					dataDir: `${o.dataDir}/instance-${i}`,
					port: i === 0 ? o.port : undefined,
					env: { ...env, QUARTIER_INSTANCE_ID: `bench-${i}`, ...o.env }
				})
			);
		}
	} catch (error) {
		await Promise.all(relays.map((relay) => relay.stop()));
		await redis?.crash();
		postgres.stop();
		throw error;
	}
	const first = relays[0]!;
	return {
		pid: first.pid,
		port: first.port,
		ports: relays.map((relay) => relay.port),
		pids: () => [...relays.map((relay) => relay.pid), ...services()],
		logs: () => relays.map((relay) => relay.logs()).join('\n---\n'),
		async stop(graceMs) {
			await Promise.all(relays.map((relay) => relay.stop(graceMs)));
			await redis?.crash();
			postgres.stop();
		}
	};
}

export const quartierPostgres: Peer = {
	...quartier,
	name: 'quartier PostgreSQL',
	persistence: 'PostgreSQL (one relay), every update committed before forward and ack',
	start: (o) => startDistributed(1, o)
};

export const quartierTwoInstances: Peer = {
	...quartier,
	name: 'quartier 2×PostgreSQL+Redis',
	persistence:
		'PostgreSQL shared by two relays, rows announced over Redis pub/sub after commit; each room has clients on both',
	start: (o) => startDistributed(2, o)
};
