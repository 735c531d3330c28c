/**
 * The storage worker holds the batch committing and the next one (storage.ts, PIPELINE_DEPTH):
 * batches still commit in order, one transaction each, and answer in order. A batch that fails
 * rejects every write in it, none of which reaches the disk, and the batches around it are not
 * its to fail.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../sync-server/storage';
import { cleanUpRelays, tempDir } from './relay-process';

const bytes = (n: number) => new Uint8Array([n]);
const BAD_WRITE = [{ sql: 'INSERT INTO no_such_table VALUES (1)', params: [] }];

describe('pipelined group commit', () => {
	let storage: Storage | undefined;
	afterAll(cleanUpRelays);
	afterEach(async () => {
		await storage?.close();
		storage = undefined;
	});

	async function stored(s: Storage, room: string): Promise<number[]> {
		return (await s.loadUpdates(room)).updates.map((u) => u[0]!);
	}

	it('answers in order, and a failed batch takes only its own writes', async () => {
		const dir = tempDir('pipeline');
		const s = (storage = openStorage(dir));
		const outcomes: string[] = [];
		const note = (name: string, p: Promise<unknown>) =>
			p.then(
				() => outcomes.push(`${name} ok`),
				() => outcomes.push(`${name} failed`)
			);
		// The first two are sent to the worker at once, alone; the rest gather into one batch.
		const all = [
			note('a1', s.append('room', bytes(1), [], 'm')),
			note('a2', s.append('room', bytes(2), [], 'm')),
			note('a3', s.append('room', bytes(3), [], 'm')),
			note('bad', s.sql.write(BAD_WRITE)),
			note('a4', s.append('room', bytes(4), [], 'm'))
		];
		await Promise.all(all);
		expect(outcomes).toEqual(['a1 ok', 'a2 ok', 'a3 failed', 'bad failed', 'a4 failed']);
		expect(await stored(s, 'room')).toEqual([1, 2]);

		// The queue goes on after a failure, in order.
		const seqs = await Promise.all([5, 6, 7].map((n) => s.append('room', bytes(n), [], 'm')));
		expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
		await s.close();
		storage = openStorage(dir);
		expect(await stored(storage, 'room')).toEqual([1, 2, 5, 6, 7]);
	});
});
