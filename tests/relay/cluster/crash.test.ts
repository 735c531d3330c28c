/**
 * kill -9 of one of three relay instances at random moments while phones on all three keep
 * writing: every acknowledged update is in PostgreSQL after each crash (read from the database
 * itself, not through an instance), the phones of the dead instance move to the survivors and
 * every write they held arrives, and the phones converge through Redis. The room folds every few
 * dozen rows and is unloaded and loaded again on the instances as they die and come back.
 *
 * QUARTIER_CRASH_CYCLES sets the cycles (50 by default).
 */
import * as prng from 'lib0/prng';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	connectClient,
	destroyAllClients,
	fetchDoc,
	randomBoardId,
	randomToken,
	records,
	seededDoc,
	testMember,
	waitFor,
	type SyncClient
} from '../clients';
import { cleanUpRelays, type RelayProcess } from '../relay-process';
import { keepWriting, sameRecords, sleep, WriteLog } from '../write-log';
import { moveTo, startCluster } from './cluster';
import { stopAllRedis } from './redis-server';

const SEED = Number(process.env.QUARTIER_TEST_SEED ?? 20_261_203);
const CYCLES = Number(process.env.QUARTIER_CRASH_CYCLES ?? 50);
const TIMEOUT_MS = 60_000 + CYCLES * 15_000;
const INSTANCES = 3;
const WRITERS = 3;
const WRITE_EVERY_MS = 20;
const MAX_BACKOFF_MS = 50;
const RELAY_ENV = { QUARTIER_ROOM_IDLE_MS: '30', QUARTIER_COMPACT_AFTER_ROWS: '20' };

/** The board's records as PostgreSQL holds them: every stored row applied to a fresh doc. */
async function storedRecords(databaseUrl: string, board: string): Promise<Record<string, unknown>> {
	const db = new pg.Client({ connectionString: databaseUrl });
	await db.connect();
	try {
		const { rows } = await db.query<{ data: Buffer }>(
			'SELECT data FROM updates WHERE room = $1 ORDER BY seq',
			[board]
		);
		const doc = new Y.Doc();
		for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
		return records(doc);
	} finally {
		await db.end();
	}
}

describe('several relay instances, one killed at a time', { timeout: TIMEOUT_MS }, () => {
	afterEach(() => destroyAllClients());
	afterAll(async () => {
		await cleanUpRelays();
		await stopAllRedis();
	});

	it(`loses no acknowledged update across ${CYCLES} kill -9 of one instance out of ${INSTANCES}`, async () => {
		const gen = prng.create(SEED);
		const cluster = await startCluster(INSTANCES, RELAY_ENV);
		const databaseUrl = cluster.env.QUARTIER_DATABASE_URL!;
		const board = randomBoardId();
		const token = randomToken();
		const log = new WriteLog();
		/** Which instance each writer is on. */
		const on = new Map<SyncClient, number>();
		const writers = Array.from({ length: WRITERS }, (_, i) => {
			const writer = connectClient(cluster.relays[i % INSTANCES]!, board, token, {
				member: testMember(gen),
				doc: seededDoc(gen),
				maxBackoffTime: MAX_BACKOFF_MS
			});
			on.set(writer, i % INSTANCES);
			return writer;
		});
		await waitFor(() => writers.every((w) => w.provider.synced), 'writers synced');
		const stopWriting = keepWriting(writers, gen, log, WRITE_EVERY_MS);

		let ackedChecked = 0;
		let moved = 0;
		try {
			for (let cycle = 0; cycle < CYCLES; cycle++) {
				await sleep(prng.int32(gen, 0, 400));
				const victim = prng.int32(gen, 0, INSTANCES - 1);
				await cluster.relays[victim]!.kill9();
				log.learnAcks(writers);
				const acked = log.lastAcked();
				ackedChecked += acked.size;
				// Acknowledged means committed in PostgreSQL, whichever instance said it.
				const stored = await storedRecords(databaseUrl, board);
				for (const [key, value] of acked) {
					if (!log.valuesSince(key, value).includes(stored[key] as number)) {
						throw new Error(
							`cycle ${cycle}: ${key} is ${String(stored[key])} in the database, acknowledged ${value}`
						);
					}
				}
				// The dead instance's phones go to a survivor, as a load balancer would send them.
				const survivors = [...cluster.relays.keys()].filter((i) => i !== victim);
				for (const writer of writers) {
					if (on.get(writer) !== victim) continue;
					const to = survivors[prng.int32(gen, 0, survivors.length - 1)]!;
					moveTo(writer, cluster.relays[to]!);
					on.set(writer, to);
					moved++;
				}
				await cluster.restart(victim);
				// Sometimes a phone moves to the instance that came back (the room loads there again).
				if (prng.int32(gen, 0, 2) === 0) {
					const writer = writers[prng.int32(gen, 0, WRITERS - 1)]!;
					moveTo(writer, cluster.relays[victim]!);
					on.set(writer, victim);
				}
			}
			stopWriting();

			await waitFor(
				() => writers.every((w) => w.isAcked()),
				() =>
					`every write acknowledged: ${writers
						.map(
							(w) =>
								`[on ${on.get(w)} connected ${w.provider.wsconnected} acked ${w.isAcked()} closes ${JSON.stringify(w.closes.slice(-3))} refusals ${JSON.stringify(w.refusals.slice(-3))}]`
						)
						.join(' ')}`,
				30_000
			);
			const expected = log.latest();
			expect(await storedRecords(databaseUrl, board)).toEqual(expected);
			await waitFor(
				() => writers.every((w) => sameRecords(records(w.doc), expected)),
				'writers converged through the instances',
				30_000
			);
			for (const relay of cluster.relays) {
				expect(records(await fetchDoc(relay as RelayProcess, board, token))).toEqual(expected);
			}
			for (const writer of writers) expect(writer.refusals).toEqual([]);
			expect(ackedChecked).toBeGreaterThan(CYCLES * WRITERS);
			expect(moved).toBeGreaterThan(0);
			console.log(
				`kill -9 of one of ${INSTANCES} instances: ${CYCLES} cycles, ${log.size} writes, ${ackedChecked} acknowledged records checked in the database, ${moved} phones moved to a survivor, all converged`
			);
		} catch (error) {
			console.error(`cluster crash test failed with QUARTIER_TEST_SEED=${SEED}`);
			for (const relay of cluster.relays) {
				const problems = relay
					.logs()
					.split('\n')
					.filter((line) => /"level":(40|50)/.test(line));
				console.error(`instance on ${relay.port}:\n${problems.slice(-10).join('\n')}`);
			}
			throw error;
		} finally {
			stopWriting();
		}
	});
});
