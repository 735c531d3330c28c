/** What every workload gets from the runner. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Peer } from '../peers/types';
import type { ServerProcess } from './proc';

export interface BenchContext {
	quick: boolean;
	peers: Peer[];
	/** R1/R2's peers: `peers`, with Quartier on PostgreSQL alone and as two instances beside it. */
	fanoutPeers: Peer[];
	/** A fresh directory under the run's scratch space (removed at the end). */
	tempDir(name: string): string;
	log(message: string): void;
}

export function createContext(
	quick: boolean,
	peers: Peer[],
	fanoutPeers: Peer[],
	scratch: string
): BenchContext {
	let n = 0;
	return {
		quick,
		peers,
		fanoutPeers,
		tempDir(name) {
			const dir = path.join(scratch, `${++n}-${name.replace(/[^a-z0-9-]/gi, '_')}`);
			fs.mkdirSync(dir, { recursive: true });
			return dir;
		},
		log: (message) => process.stderr.write(`[bench] ${message}\n`)
	};
}

/** Starts a peer on fresh data, runs `body`, and always stops it. */
export async function withServer<T>(
	ctx: BenchContext,
	peer: Peer,
	label: string,
	body: (server: ServerProcess, base: string, dataDir: string) => Promise<T>,
	env?: Record<string, string>
): Promise<T> {
	const dataDir = ctx.tempDir(`${label}-${peer.name}`);
	const server = await peer.start({ dataDir, env });
	try {
		return await body(server, `ws://127.0.0.1:${server.port}`, dataDir);
	} finally {
		await server.stop();
	}
}
