/**
 * The convergence test through several instances: members' devices spread over three relay
 * instances edit their records while devices drop off the network and come back, move between
 * instances, an instance dies (kill -9 or SIGTERM) and comes back, and Redis itself crashes (the
 * instances are cut off from each other until it returns). Once everyone is back, every device
 * and every instance hold the same content, and PostgreSQL holds it too.
 */
import * as prng from 'lib0/prng';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	canonicalRecords,
	connectClient,
	destroyAllClients,
	fetchDoc,
	randomBoardId,
	randomToken,
	seededDoc,
	testMember,
	waitFor,
	type SyncClient
} from '../clients';
import { deviceState, edit } from '../convergence-edits';
import { cleanUpRelays } from '../relay-process';
import { moveTo, startCluster, type Cluster } from './cluster';
import { stopAllRedis } from './redis-server';

const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_203);
const RUNS = 2;
const ROUNDS = 40;
const INSTANCES = 3;
/** Devices per member: two phones for the first two members, one for the third. */
const DEVICES = [2, 2, 1];
const RELAY_ENV = { QUARTIER_ROOM_IDLE_MS: '50', QUARTIER_COMPACT_AFTER_ROWS: '15' };

describe('convergence through several instances', () => {
	afterEach(() => destroyAllClients());
	afterAll(async () => {
		await cleanUpRelays();
		await stopAllRedis();
	});

	it(`brings ${RUNS} runs of moving devices, dying instances and a crashing Redis to identical content`, async () => {
		const totals = { ops: 0, partitions: 0, moves: 0, instanceDeaths: 0, redisCrashes: 0 };
		for (let run = 0; run < RUNS; run++) {
			const seed = SEED + run;
			try {
				const stats = await convergenceRun(seed);
				for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += stats[k];
			} catch (error) {
				console.error(
					`cluster convergence run failed with QUARTIER_TEST_SEED=${SEED} (run ${run}, seed ${seed})`
				);
				throw error;
			} finally {
				destroyAllClients();
				await cleanUpRelays();
				await stopAllRedis();
			}
		}
		// Not vacuous: every kind of fault happened, in every run.
		expect(totals.partitions).toBeGreaterThan(RUNS * 5);
		expect(totals.moves).toBeGreaterThan(RUNS * 3);
		expect(totals.instanceDeaths).toBeGreaterThanOrEqual(RUNS);
		expect(totals.redisCrashes).toBeGreaterThanOrEqual(RUNS);
		console.log(
			`cluster convergence: ${RUNS} runs, ${totals.ops} edits, ${totals.partitions} partitions, ${totals.moves} moves between instances, ${totals.instanceDeaths} instance deaths, ${totals.redisCrashes} Redis crashes, identical content everywhere`
		);
	}, 240_000);
});

async function convergenceRun(seed: number) {
	const g = prng.create(seed);
	const stats = { ops: 0, partitions: 0, moves: 0, instanceDeaths: 0, redisCrashes: 0 };
	const board = randomBoardId();
	const token = randomToken();
	const cluster = await startCluster(INSTANCES, RELAY_ENV);
	const on = new Map<SyncClient, number>();
	const devices: SyncClient[] = DEVICES.flatMap((count) => {
		const member = testMember(g);
		return Array.from({ length: count }, () => {
			const at = prng.int32(g, 0, INSTANCES - 1);
			const device = connectClient(cluster.relays[at]!, board, token, {
				member,
				doc: seededDoc(g),
				maxBackoffTime: 100
			});
			on.set(device, at);
			return device;
		});
	});
	await waitFor(() => devices.every((d) => d.provider.synced), 'devices synced');
	const online = new Set(devices);
	const move = (device: SyncClient, to: number) => {
		moveTo(device, cluster.relays[to]!);
		on.set(device, to);
		stats.moves++;
	};

	for (let round = 0; round < ROUNDS; round++) {
		for (let i = prng.int32(g, 1, 4); i > 0; i--) {
			edit(g, prng.oneOf(g, devices));
			stats.ops++;
		}
		const fault = prng.int32(g, 0, 19);
		if (fault < 5) {
			const device = prng.oneOf(g, devices);
			if (online.delete(device)) {
				device.provider.disconnect();
				stats.partitions++;
			} else {
				online.add(device);
				device.provider.connect();
			}
		} else if (fault < 8) {
			move(prng.oneOf(g, devices), prng.int32(g, 0, INSTANCES - 1));
		} else if (fault === 8 || (round === ROUNDS / 2 && stats.instanceDeaths === 0)) {
			await killOne(g, cluster, devices, on, move);
			stats.instanceDeaths++;
		} else if (fault === 9 || (round === ROUNDS - 5 && stats.redisCrashes === 0)) {
			// Instances cannot hear each other while Redis is down; phones keep editing.
			await cluster.redis.crash();
			for (let i = prng.int32(g, 1, 6); i > 0; i--) edit(g, prng.oneOf(g, devices));
			await new Promise((resolve) => setTimeout(resolve, prng.int32(g, 0, 500)));
			await cluster.redis.start();
			stats.redisCrashes++;
		}
		await new Promise((resolve) => setTimeout(resolve, prng.int32(g, 0, 80)));
	}

	for (const device of devices) if (!online.has(device)) device.provider.connect();
	const logs = () => cluster.relays.map((r) => r.logs().split('\n').slice(-15).join('\n'));
	await waitFor(
		() => devices.every((d) => d.provider.synced && d.isAcked()),
		() =>
			`every device back and acknowledged:\n${devices.map((d) => `on ${on.get(d)} ${deviceState(d)}`).join('\n')}\n${logs().join('\n---\n')}`,
		30_000
	);
	const contents = () => devices.map((d) => canonicalRecords(d.doc));
	await waitFor(
		() => new Set(contents()).size === 1,
		() => `identical content:\n${contents().join('\n')}`,
		30_000
	);
	const expected = contents()[0];
	for (const relay of cluster.relays) {
		const stored = await fetchDoc(relay, board, token);
		expect(canonicalRecords(stored)).toBe(expected);
		const sv = Y.decodeStateVector(Y.encodeStateVector(stored));
		for (const device of devices) {
			expect(Y.decodeStateVector(Y.encodeStateVector(device.doc))).toEqual(sv);
		}
	}
	for (const device of devices) expect(device.refusals).toEqual([]);
	return stats;
}

/** An instance dies; its phones go to survivors, as a load balancer would send them; it restarts. */
async function killOne(
	g: prng.PRNG,
	cluster: Cluster,
	devices: SyncClient[],
	on: Map<SyncClient, number>,
	move: (device: SyncClient, to: number) => void
): Promise<void> {
	const victim = prng.int32(g, 0, INSTANCES - 1);
	if (prng.bool(g)) await cluster.relays[victim]!.kill9();
	else await cluster.relays[victim]!.stop('SIGTERM');
	// Devices keep editing while their instance is down, before the balancer notices.
	for (let i = prng.int32(g, 0, 4); i > 0; i--) edit(g, prng.oneOf(g, devices));
	const survivors = [...cluster.relays.keys()].filter((i) => i !== victim);
	for (const device of devices) {
		if (on.get(device) === victim) move(device, prng.oneOf(g, survivors));
	}
	await cluster.restart(victim);
}
