/**
 * Several real relay processes serving one city: one PostgreSQL database (the relay-cluster
 * project's server, tests/relay/pg/) and one Redis, each instance on its own port and data
 * directory, as behind a load balancer. Phones pick an instance by URL and move by changing it.
 */
import { SYNC_PATH } from '../../../src/lib/sync/protocol';
import type { SyncClient } from '../clients';
import { databaseFor } from '../pg/database-for';
import { startRelayProcess, tempDir, type RelayProcess } from '../relay-process';
import { startRedis, type RedisServer } from './redis-server';

export interface Cluster {
	relays: RelayProcess[];
	redis: RedisServer;
	/** The environment every instance runs with (shared database and Redis). */
	env: Record<string, string>;
	/** Starts instance `i` again (after a kill -9) on a new port; returns it. */
	restart(i: number): Promise<RelayProcess>;
}

export async function startCluster(
	count: number,
	extraEnv: Record<string, string> = {}
): Promise<Cluster> {
	const url = databaseFor(tempDir('cluster'));
	if (url === undefined) throw new Error('run under the relay-cluster project');
	const redis = await startRedis();
	const env = {
		QUARTIER_DATABASE_URL: await url,
		QUARTIER_REDIS_URL: redis.url,
		...extraEnv
	};
	const start = (i: number) =>
		startRelayProcess({ direct: true, env: { ...env, QUARTIER_INSTANCE_ID: `instance-${i}` } });
	const relays = await Promise.all(Array.from({ length: count }, (_, i) => start(i)));
	return {
		relays,
		redis,
		env,
		async restart(i) {
			relays[i] = await start(i);
			return relays[i];
		}
	};
}

/** Sends the phone to another instance: it reconnects there (a load balancer's choice). */
export function moveTo(client: SyncClient, relay: RelayProcess): void {
	client.provider.serverUrl = relay.wsUrl + SYNC_PATH;
	if (client.provider.wsconnected || client.provider.wsconnecting) {
		client.provider.disconnect();
		client.provider.connect();
	}
}
