/**
 * Convergence through the real relay: members on several devices edit their records (plain
 * values, nested lists, texts and maps; the same member's devices concurrently), devices drop off
 * the network and come back at random, the relay restarts at random (SIGTERM or kill -9). Once
 * everyone is back online, every device and the relay hold the same content.
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
} from './clients';
import { deviceState, edit } from './convergence-edits';
import { cleanUpRelays, startRelayProcess, type RelayProcess } from './relay-process';

/** Fixed so runs are reproducible; set QUARTIER_TEST_SEED to explore others. */
const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_122);
const RUNS = 3;
const ROUNDS = 40;
/** Devices per member: two phones for the first two members, one for the third. */
const DEVICES = [2, 2, 1];

describe('convergence', () => {
	afterEach(() => destroyAllClients());
	afterAll(cleanUpRelays);

	it(`brings ${RUNS} runs of partitioned devices and restarting relays to identical content`, async () => {
		const totals = { ops: 0, partitions: 0, restarts: 0, kills: 0 };
		for (let run = 0; run < RUNS; run++) {
			const seed = SEED + run;
			try {
				const stats = await convergenceRun(seed);
				for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += stats[k];
			} catch (error) {
				console.error(
					`convergence run failed with QUARTIER_TEST_SEED=${SEED} (run ${run}, seed ${seed})`
				);
				throw error;
			} finally {
				destroyAllClients();
				await cleanUpRelays();
			}
		}
		// Not vacuous: devices were cut off and the relay went down, in every run on average.
		expect(totals.partitions).toBeGreaterThan(RUNS * 5);
		expect(totals.restarts).toBeGreaterThanOrEqual(RUNS);
		console.log(
			`convergence: ${RUNS} runs, ${totals.ops} edits, ${totals.partitions} partitions, ${totals.restarts} relay restarts (${totals.kills} by kill -9), identical content on every device`
		);
	}, 120_000);
});

async function convergenceRun(seed: number) {
	const g = prng.create(seed);
	const stats = { ops: 0, partitions: 0, restarts: 0, kills: 0 };
	const board = randomBoardId();
	const token = randomToken();
	let relay: RelayProcess = await startRelayProcess({ direct: true });
	const again = { direct: true, dataDir: relay.dataDir, env: { PORT: String(relay.port) } };
	const devices: SyncClient[] = DEVICES.flatMap((count) => {
		const member = testMember(g);
		return Array.from({ length: count }, () =>
			connectClient(relay, board, token, { member, doc: seededDoc(g), maxBackoffTime: 100 })
		);
	});
	await waitFor(() => devices.every((d) => d.provider.synced), 'devices synced');
	const online = new Set(devices);

	for (let round = 0; round < ROUNDS; round++) {
		for (let i = prng.int32(g, 1, 4); i > 0; i--) {
			edit(g, prng.oneOf(g, devices));
			stats.ops++;
		}
		if (prng.int32(g, 0, 3) === 0) {
			const device = prng.oneOf(g, devices);
			if (online.delete(device)) {
				device.provider.disconnect();
				stats.partitions++;
			} else {
				online.add(device);
				device.provider.connect();
			}
		}
		if (prng.int32(g, 0, 9) === 0) {
			if (prng.bool(g)) {
				await relay.kill9();
				stats.kills++;
			} else {
				await relay.stop('SIGTERM');
			}
			stats.restarts++;
			// Devices keep editing while the relay is down.
			for (let i = prng.int32(g, 0, 5); i > 0; i--) edit(g, prng.oneOf(g, devices));
			relay = await startRelayProcess(again);
		}
		await new Promise((resolve) => setTimeout(resolve, prng.int32(g, 0, 80)));
	}
	if (stats.restarts === 0) {
		// Every run goes through at least one crash.
		await relay.kill9();
		stats.kills++;
		stats.restarts++;
		relay = await startRelayProcess(again);
	}

	for (const device of devices) if (!online.has(device)) device.provider.connect();
	await waitFor(
		() => devices.every((d) => d.provider.synced && d.isAcked()),
		() =>
			`every device back and acknowledged:\n${devices.map(deviceState).join('\n')}\n${relay.logs()}`,
		20_000
	);
	const contents = () => devices.map((d) => canonicalRecords(d.doc));
	await waitFor(
		() => new Set(contents()).size === 1,
		() => `identical content:\n${contents().join('\n')}`,
		20_000
	);
	const expected = contents()[0];
	const stored = await fetchDoc(relay, board, token);
	expect(canonicalRecords(stored)).toBe(expected);
	const sv = Y.encodeStateVector(stored);
	for (const device of devices) {
		expect(Y.decodeStateVector(Y.encodeStateVector(device.doc))).toEqual(Y.decodeStateVector(sv));
		expect(device.refusals).toEqual([]);
	}
	return stats;
}
